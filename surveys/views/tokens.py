"""Tokens and poster of a service unit (staff pages): one-time tokens a counter prints, each tied to one
service visit (HR of the instansi), and the QR poster of the public form as SVG, PNG and PDF (HR or the
head of the unit)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import ActorRequest, add_service_errors
from core.paging import paginate, querystring_without_page

from .. import access
from .. import poster as posters
from ..forms.tokens import TokenGenerateForm
from ..models import ServiceUnit
from ..selectors import tokens as selectors
from ..services import tokens as services
from .public import public_form_url

SHEET_PAGE = 48  # token cards per printed page (4 per row on A4)


def _unit_for_tokens(request: ActorRequest, pk: int) -> ServiceUnit:
    access.require(access.can_view_surveys(request.actor))  # as every staff survey page: 403 first
    service_unit = access.get_service_unit(request.actor, pk)
    access.check(request.actor, access.can_manage_tokens(request.actor, service_unit), service_unit)
    return service_unit


def _unit_for_poster(request: ActorRequest, pk: int) -> ServiceUnit:
    access.require(access.can_view_surveys(request.actor))
    service_unit = access.get_service_unit(request.actor, pk)
    access.check(request.actor, access.can_print_poster(request.actor, service_unit), service_unit)
    return service_unit


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: ActorRequest, pk: int) -> HttpResponse:
    service_unit = _unit_for_tokens(request, pk)
    form = TokenGenerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.tokens_generate(
                actor=request.actor, service_unit=service_unit, count=form.cleaned_data["count"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(count)s token baru dibuat, siap dicetak.") % {"count": len(made)})
            return redirect("surveys:token_sheet", pk=service_unit.pk)
    return render(
        request,
        "surveys/tokens/token_list.html",
        {
            "service_unit": service_unit,
            "form": form,
            "counts": selectors.token_counts(service_unit),
            "can_print_poster": access.can_print_poster(request.actor, service_unit),
        },
    )


@login_required
@require_http_methods(["GET"])
def token_sheet(request: ActorRequest, pk: int) -> HttpResponse:
    """The unused tokens as cards to cut out: each with its QR code (the form with the token) and code."""
    service_unit = _unit_for_tokens(request, pk)
    page = paginate(request, selectors.unused_tokens(service_unit), SHEET_PAGE)
    cards = [
        {"code": token.code, "qr": posters.qr_data_uri(url), "url": url}
        for token in page
        for url in [public_form_url(request, service_unit.code, token.code)]
    ]
    return render(
        request,
        "surveys/tokens/token_sheet.html",
        {
            "service_unit": service_unit,
            "page": page,
            "cards": cards,
            "querystring": querystring_without_page(request),
            "form_url": public_form_url(request, service_unit.code),
        },
    )


@login_required
@require_http_methods(["GET"])
def poster(request: ActorRequest, pk: int) -> HttpResponse:
    service_unit = _unit_for_poster(request, pk)
    return render(
        request,
        "surveys/tokens/poster.html",
        {
            "service_unit": service_unit,
            "form_url": public_form_url(request, service_unit.code),
            "can_manage_tokens": access.can_manage_tokens(request.actor, service_unit),
        },
    )


def _download(content: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET"])
def poster_svg(request: ActorRequest, pk: int) -> HttpResponse:
    service_unit = _unit_for_poster(request, pk)
    content = posters.qr_svg(public_form_url(request, service_unit.code))
    return _download(content, "image/svg+xml", f"qr-{slugify(service_unit.code)}.svg", inline=True)


@login_required
@require_http_methods(["GET"])
def poster_png(request: ActorRequest, pk: int) -> HttpResponse:
    service_unit = _unit_for_poster(request, pk)
    content = posters.qr_png(public_form_url(request, service_unit.code))
    return _download(content, "image/png", f"qr-{slugify(service_unit.code)}.png", inline=True)


@login_required
@require_http_methods(["GET"])
def poster_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    service_unit = _unit_for_poster(request, pk)
    content = posters.poster_pdf(
        url=public_form_url(request, service_unit.code),
        unit_name=service_unit.name,
        instansi_name=service_unit.unit.instansi.name,
    )
    return _download(content, "application/pdf", f"poster-survei-{slugify(service_unit.code)}.pdf")
