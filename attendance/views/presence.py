"""The employee's Presensi page (phone first): today's status and one big button that records the
check-in, then the check-out, with the device's position; below it the month's calendar coloured by
the daily statuses and the employee's corrections with the form to ask for one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import ActorRequest, message_service_errors
from core.models import UnitKerja

from .. import access
from ..forms.corrections import CorrectionForm
from ..forms.presence import PresenceForm
from ..selectors import corrections as correction_selectors
from ..selectors import presence as selectors
from ..services import presence as services


@login_required
@require_GET
def presence(request: ActorRequest) -> HttpResponse:
    access.require(access.can_record_presence(request.actor))
    return presence_page(request)


def presence_page(request: ActorRequest, correction_form: CorrectionForm | None = None) -> HttpResponse:
    """The page (also shown again by a correction sent with errors, with its form)."""
    actor = request.actor
    assert actor.employee_id is not None
    unit = UnitKerja.objects.select_related("instansi").get(pk=actor.employee_unit_id)
    today = selectors.today_of(employee_id=actor.employee_id, unit=unit, now=timezone.now())
    first = correction_selectors.month_start(request.GET.get("bulan", ""), today.date)
    month = correction_selectors.month_calendar(
        employee_id=actor.employee_id, unit=unit, first=first, today=today.date
    )
    if correction_form is None:
        initial_day = correction_selectors.day_param(request.GET.get("tanggal", ""), today.date)
        correction_form = CorrectionForm(initial={"date": initial_day})
    return render(
        request,
        "attendance/presence.html",
        {
            "today": today,
            "form": PresenceForm(initial={"kind": today.next_kind}),
            "month": month,
            "legend": correction_selectors.LEGEND,
            "corrections": correction_selectors.own_corrections(actor.employee_id)[:50],
            "correction_form": correction_form,
            "correction_open": "tanggal" in request.GET or correction_form.is_bound,
        },
        status=200,
    )


@login_required
@require_POST
def presence_record(request: ActorRequest) -> HttpResponse:
    """The tap: kept to a few queries (the check-in peak); the answer is a message on the page."""
    access.require(access.can_record_presence(request.actor))
    form = PresenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Data presensi dari perangkat tidak dapat dibaca. Coba lagi."))
        return redirect("attendance:presence")
    data = form.cleaned_data
    accuracy = data.get("accuracy")
    try:
        recorded = services.presence_record(
            actor=request.actor,
            kind=data["kind"],
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            accuracy_m=round(accuracy) if accuracy is not None else None,
        )
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        level = messages.SUCCESS if recorded.created else messages.INFO
        messages.add_message(request, level, services.describe(recorded))
    return redirect("attendance:presence")
