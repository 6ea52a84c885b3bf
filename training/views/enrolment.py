"""Pages of enrolment: a request for a place, a nomination, the actor's own enrolments, the approval
queue (atasan and HR), an enrolment's page and its decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.http import ActorRequest, add_service_errors, message_service_errors
from core.paging import paginate, querystring_without_page
from employees.models import Employee

from .. import access
from ..choices import EnrolmentAction, EnrolmentState
from ..forms.enrolment import (
    CommentForm,
    EnrolmentFilterForm,
    NominateManyForm,
    NomineeFilterForm,
    ReasonForm,
)
from ..rules import cancel_deadline
from ..selectors import enrolment as selectors
from ..services import enrolment as services
from .catalogue import GET_POST, flash_errors


@login_required
@require_POST
def enrol_request(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    programme = access.get_programme(actor, pk)
    access.check(actor, access.can_request_place(actor, programme), programme)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect(programme)
    try:
        enrolment = services.enrolment_request(
            actor=actor, programme=programme, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        message_service_errors(request, exc)
        return redirect(programme)
    messages.success(
        request, _("Permintaan Anda terkirim: %(state)s.") % {"state": enrolment.get_state_display()}
    )
    return redirect(enrolment)


@login_required
@require_http_methods(GET_POST)
def nominate(request: ActorRequest, pk: int) -> HttpResponse:
    """Find employees (name or NIP, unit) and nominate the ones ticked at once; each refused one is
    reported with its reason, the others are nominated."""
    actor = request.actor
    programme = access.get_programme(actor, pk)
    access.check(actor, access.can_nominate(actor, programme), programme)
    form = NominateManyForm(request.POST or None, employees=access.nominees_for(actor, programme))
    refused: list[tuple[Employee, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            made, refused = services.enrolment_nominate_many(
                actor=actor,
                programme=programme,
                employees=list(form.cleaned_data["employee"]),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if made:
                messages.success(
                    request,
                    ngettext("%(count)d pegawai diusulkan.", "%(count)d pegawai diusulkan.", len(made))
                    % {"count": len(made)},
                )
            if not refused:
                return redirect(programme)
    filters = NomineeFilterForm(request.GET)
    units = list(selectors.nominee_units(programme))
    unit_pk = filters.valid("unit")
    unit = next((u for u in units if u.pk == unit_pk), None)
    sorting = selectors.NOMINEE_SORT.parse(filters.valid("sort") or selectors.NOMINEE_SORT.default)
    search = filters.valid("q") or ""
    rows = selectors.nominees(actor=actor, programme=programme, search=search, unit=unit, sort=sorting.value)
    return render(
        request,
        "training/nominate.html",
        {
            "form": form,
            "programme": programme,
            "page": paginate(request, rows),
            "sorting": sorting,
            "q": search,
            "units": units,
            "unit": unit,
            "refused": refused,
            "querystring": querystring_without_page(request),
        },
    )


def _list(
    request: ActorRequest, template: str, rows_of: object, default_sort: str, **extra: object
) -> HttpResponse:
    form = EnrolmentFilterForm(request.GET)
    kwargs = form.selector_kwargs(default_sort)
    rows = rows_of(actor=request.actor, **kwargs)  # type: ignore[operator]
    return render(
        request,
        template,
        {
            "page": paginate(request, rows),
            "sorting": selectors.ENROLMENT_SORT.parse(kwargs["sort"]),
            "q": kwargs["search"],
            "state": kwargs["state"],
            "states": EnrolmentState.choices,
            "querystring": querystring_without_page(request),
            **extra,
        },
    )


@login_required
@require_safe
def my_enrolments(request: ActorRequest) -> HttpResponse:
    access.require(access.can_browse_catalogue(request.actor))
    return _list(
        request, "training/my_enrolments.html", selectors.my_enrolments, selectors.ENROLMENT_SORT.default
    )


@login_required
@require_safe
def queue(request: ActorRequest) -> HttpResponse:
    access.require(access.training_in_menu(request.actor))
    return _list(request, "training/queue.html", selectors.queue, "diajukan")


@login_required
@require_safe
def enrolment_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    enrolment = access.get_enrolment(actor, pk)
    programme = enrolment.programme
    steps = list(selectors.steps_of(enrolment))
    cancelled = enrolment.state == EnrolmentState.CANCELLED
    return render(
        request,
        "training/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "programme": programme,
            "steps": steps,
            # Why it was withdrawn, for the participant first of all (the last cancelling step).
            "cancel_step": next((s for s in reversed(steps) if s.action == EnrolmentAction.CANCEL), None)
            if cancelled
            else None,
            "cancel_needs_reason": not access.is_enrolee(actor, enrolment),
            "deadline": cancel_deadline(programme.start_date, programme.cancel_days_before),
            "can_approve": access.can_approve(actor, enrolment),
            "can_reject": access.can_reject(actor, enrolment),
            "can_confirm": access.can_confirm(actor, enrolment),
            "can_cancel": access.can_cancel(actor, enrolment),
            "can_download": access.can_download_certificate(actor, enrolment),
            "comment_form": CommentForm(),
        },
    )


def _decide(request: ActorRequest, pk: int, allowed: object, act: object, done: str) -> HttpResponse:
    actor = request.actor
    enrolment = access.get_enrolment(actor, pk)
    access.require(allowed(actor, enrolment))  # type: ignore[operator]
    form = CommentForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect(enrolment)
    try:
        enrolment = act(actor=actor, enrolment=enrolment, comment=form.cleaned_data["comment"])  # type: ignore[operator]
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(request, done % {"state": enrolment.get_state_display()})
    return redirect(enrolment)


@login_required
@require_POST
def enrolment_approve(request: ActorRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, access.can_approve, services.enrolment_approve, _("Disetujui: %(state)s."))


@login_required
@require_POST
def enrolment_reject(request: ActorRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, access.can_reject, services.enrolment_reject, _("Ditolak: %(state)s."))


@login_required
@require_POST
def enrolment_confirm(request: ActorRequest, pk: int) -> HttpResponse:
    def confirm(*, actor: object, enrolment: object, comment: str) -> object:
        return services.enrolment_confirm(actor=actor, enrolment=enrolment)  # type: ignore[arg-type]

    return _decide(request, pk, access.can_confirm, confirm, _("Dikonfirmasi: %(state)s."))


@login_required
@require_POST
def enrolment_cancel(request: ActorRequest, pk: int) -> HttpResponse:
    def cancel(*, actor: object, enrolment: object, comment: str) -> object:
        return services.enrolment_cancel(actor=actor, enrolment=enrolment, reason=comment)  # type: ignore[arg-type]

    return _decide(request, pk, access.can_cancel, cancel, _("Pendaftaran dibatalkan: %(state)s."))
