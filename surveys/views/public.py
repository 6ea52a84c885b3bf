"""The citizens' pages, no login: the survey form of a service unit (/s/<code>/), its thank-you page, a
ticket's status (/tiket/) and the published IKM of an instansi (/ikm/<code>/).

They take no actor and show nothing personal. They use their own lean base template (a few KB of CSS,
no JavaScript: the form works on a slow phone connection) and their own friendly pages for a code that
leads nowhere (404) or a survey that is closed (410), never the staff pages' error pages.
"""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import add_service_errors

from ..forms.public import SurveyForm, TicketLookupForm
from ..selectors import public as selectors
from ..selectors.public import PublicSurvey, SurveyUnavailable
from ..services import public as services

FORM = "surveys/public/form.html"


def public_form_url(request: HttpRequest, code: str, token: str = "") -> str:
    """The absolute address of a unit's form (for QR codes): under PORTAL_BASE_URL when it is set (the
    public name of the portal), else under the host this request came to."""
    path = reverse("surveys:public_form", args=[code]) + (f"?t={token}" if token else "")
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def client_address(request: HttpRequest) -> str:
    """The citizen's address as the login lockout finds it (django-axes: REMOTE_ADDR, or the proxies'
    header only when AXES_PROXY_COUNT says proxies are in front)."""
    return get_client_ip_address(request) or ""


@require_http_methods(["GET", "POST"])
def survey_form(request: HttpRequest, code: str) -> HttpResponse:
    try:
        survey = selectors.open_survey(code)
    except SurveyUnavailable as exc:
        return unavailable(request, exc.reason, exc.service_unit, typed=_typed_suggestion(request))
    if request.method != "POST":
        initial = {"submission_key": uuid.uuid4(), "token": request.GET.get("t", "")[:16]}
        form = _form(survey, initial=initial)
        return _form_page(request, survey, form)

    form = _form(survey, request.POST)
    if services.submission_over_limit(client_address(request)):
        form.is_valid()  # show the citizen's own answers again, with their messages
        form.add_error(
            None,
            _(
                "Terlalu banyak pengiriman dari jaringan Anda dalam beberapa menit terakhir. Isian Anda "
                "masih ada di halaman ini: tunggu sekitar 10 menit, lalu kirim lagi."
            ),
        )
        return _form_page(request, survey, form, status=429)
    if form.is_spam:
        # A bot filled in the hidden field: it is told "thank you" and nothing is saved.
        return render(
            request, "surveys/public/thanks.html", {"service_unit": survey.service_unit, "ticket": ""}
        )
    if form.is_valid():
        try:
            submitted = services.survey_submit(survey=survey, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except SurveyUnavailable as exc:  # closed since this worker read it
            selectors.forget_open_survey(code)
            return unavailable(request, exc.reason, exc.service_unit, typed=_typed_suggestion(request))
        else:
            return redirect(
                "surveys:public_thanks", code=survey.service_unit.code, key=submitted.submission_key
            )
    return _form_page(request, survey, form)


def _form(survey: PublicSurvey, data: Any = None, initial: dict[str, Any] | None = None) -> SurveyForm:
    return SurveyForm(
        data,
        unsur=survey.unsur,
        extra_questions=survey.extra_questions,
        services=survey.services,
        initial=initial,
        fields_key=survey.fingerprint,
    )


def _form_page(
    request: HttpRequest, survey: PublicSurvey, form: SurveyForm, status: int = 200
) -> HttpResponse:
    with timezone.override(survey.zone):
        response = render(
            request,
            FORM,
            {"survey": survey, "form": form, "keep": settings.SURVEY_FORM_CACHE_SECONDS},
            status=status,
        )
    # Kept in the browser's history (no `no-store`): going back after sending shows the same form with
    # the same key, and sending it again shows the thank-you page instead of saving twice.
    patch_cache_control(response, private=True, max_age=0)
    return response


@require_http_methods(["GET"])
def survey_thanks(request: HttpRequest, code: str, key: UUID) -> HttpResponse:
    receipt = selectors.receipt(code, key)
    if receipt is None:
        return unavailable(request, SurveyUnavailable.UNKNOWN, None)
    return render(
        request,
        "surveys/public/thanks.html",
        {"service_unit": receipt.service_unit, "ticket": receipt.ticket},
    )


def _typed_suggestion(request: HttpRequest) -> str:
    """The suggestion of a form sent to a survey that is no longer open: shown back so that the citizen
    can keep it (nothing was saved). Bounded like the form's field; NUL characters dropped."""
    if request.method != "POST":
        return ""
    limit = getattr(SurveyForm.base_fields["suggestion"], "max_length", None) or 0
    return request.POST.get("suggestion", "")[:limit].replace("\x00", "").strip()


def unavailable(
    request: HttpRequest, reason: str, service_unit: object | None, typed: str = ""
) -> HttpResponse:
    """The friendly page of a form that cannot be filled in: 404 for a code that leads nowhere, 410 for
    a survey that is not (or no longer) open. `typed`: the suggestion of a form sent to it, shown back."""
    status = 404 if reason == SurveyUnavailable.UNKNOWN else 410
    return render(
        request,
        "surveys/public/unavailable.html",
        {"reason": reason, "service_unit": service_unit, "typed": typed, "sent": request.method == "POST"},
        status=status,
    )


# --- Tickets -------------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def ticket_lookup(request: HttpRequest) -> HttpResponse:
    form = TicketLookupForm(request.GET if "kode" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("surveys:ticket_status", ticket=form.cleaned_data["kode"])
    return render(request, "surveys/public/ticket_lookup.html", {"form": form})


@require_http_methods(["GET"])
def ticket_status(request: HttpRequest, ticket: str) -> HttpResponse:
    if services.lookup_over_limit(client_address(request)):
        form = TicketLookupForm()
        return render(
            request,
            "surveys/public/ticket_lookup.html",
            {"form": form, "too_many": True},
            status=429,
        )
    follow_up = selectors.follow_up_by_ticket(ticket)
    if follow_up is None:
        form = TicketLookupForm({"kode": ticket[:20]})
        return render(
            request, "surveys/public/ticket_lookup.html", {"form": form, "not_found": True}, status=404
        )
    if ticket != follow_up.ticket:  # typed in lower case or without its dash: one address per ticket
        return redirect("surveys:ticket_status", ticket=follow_up.ticket)
    instansi = follow_up.service_unit.unit.instansi
    with timezone.override(ZoneInfo(instansi.time_zone)):
        return render(request, "surveys/public/ticket.html", {"follow_up": follow_up, "instansi": instansi})


# --- Transparency --------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def transparency(request: HttpRequest, code: str) -> HttpResponse:
    instansi = selectors.instansi_by_code(code)
    if instansi is None:
        return render(request, "surveys/public/unavailable.html", {"reason": "no_instansi"}, status=404)
    rows = selectors.published_ikm(instansi)
    with timezone.override(ZoneInfo(instansi.time_zone)):
        return render(
            request,
            "surveys/public/transparency.html",
            {"instansi": instansi, "rows": rows},
        )
