"""Shifts (HR) and the roster (HR or the unit's head): who works which shift on which day."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.http import ActorRequest, add_service_errors, message_service_errors, query_int
from core.paging import paginate

from .. import access
from ..forms.shifts import ShiftForm, WeekForm
from ..selectors import shifts as selectors
from ..services import shifts as services
from .locations import chosen_agency

ROSTER_PAGE_SIZE = 40


def _shifts_url(instansi_id: int) -> str:
    return f"{reverse('attendance:shifts')}?instansi={instansi_id}"


@login_required
@require_http_methods(["GET", "POST"])
def shifts(request: ActorRequest) -> HttpResponse:
    instansi, agencies = chosen_agency(request)
    form = ShiftForm(request.POST or None, instansi_id=instansi.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.shift_save(actor=request.actor, instansi=instansi, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Shift tersimpan."))
            return redirect(_shifts_url(instansi.pk))
    return render(
        request,
        "attendance/shifts.html",
        {
            "instansi": instansi,
            "agencies": agencies,
            "form": form,
            "page": paginate(request, selectors.agency_shifts(instansi.pk), 50),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def shift_edit(request: ActorRequest, pk: int) -> HttpResponse:
    shift = access.get_shift(request.actor, pk)
    initial = {
        "code": shift.code,
        "name": shift.name,
        "start": shift.start,
        "end": shift.end,
        "break_start": shift.break_start,
        "break_end": shift.break_end,
        "unit": shift.unit_id,
        "is_active": shift.is_active,
    }
    form = ShiftForm(request.POST or None, initial=initial, instansi_id=shift.instansi_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.shift_save(
                actor=request.actor, instansi=shift.instansi, shift=shift, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Shift tersimpan."))
            return redirect(_shifts_url(shift.instansi_id))
    return render(request, "attendance/shift_form.html", {"shift": shift, "form": form})


@login_required
@require_POST
def shift_delete(request: ActorRequest, pk: int) -> HttpResponse:
    shift = access.get_shift(request.actor, pk)
    try:
        services.shift_delete(actor=request.actor, shift=shift)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(request, _("Shift dihapus."))
    return redirect(_shifts_url(shift.instansi_id))


def _week(request: ActorRequest) -> date:
    form = WeekForm(request.GET)
    chosen = form.cleaned_data.get("minggu") if form.is_valid() else None
    return selectors.week_start(chosen or timezone.localdate())


def _roster_url(unit_id: int, start: date) -> str:
    return f"{reverse('attendance:roster')}?unit={unit_id}&minggu={start.isoformat()}"


@login_required
@require_http_methods(["GET", "POST"])
def roster(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.roster_in_menu(actor))
    units = list(
        access.roster_units(actor).select_related("instansi").order_by("instansi__name", "path")[:500]
    )
    access.require(bool(units))
    chosen = query_int(request, "unit")
    if chosen:
        unit = access.get_roster_unit(actor, chosen)
    else:
        own = selectors.units_with_own_shifts(u.pk for u in units)
        unit = next((u for u in units if u.pk in own), units[0])
    start = _week(request)
    if request.method == "POST":
        try:
            if request.POST.get("aksi") == "salin":
                count = services.roster_copy_week(actor=actor, unit=unit, start=start)
                messages.success(request, _("Jadwal pekan sebelumnya disalin (%(n)s entri).") % {"n": count})
            else:
                cells: dict[tuple[int, date], str] = {}
                for name, value in request.POST.items():
                    if not name.startswith("c-"):
                        continue
                    try:
                        _c, employee_id, day = name.split("-", 2)
                        cells[(int(employee_id), date.fromisoformat(day))] = str(value)
                    except ValueError:
                        raise ValidationError(_("Isian jadwal tidak dikenali. Muat ulang halaman.")) from None
                services.roster_save(actor=actor, unit=unit, start=start, days=7, cells=cells)
                messages.success(request, _("Jadwal shift tersimpan."))
        except ValidationError as exc:
            message_service_errors(request, exc)
        return redirect(_roster_url(unit.pk, start))
    page = paginate(request, selectors.roster_people(actor=actor, unit=unit), ROSTER_PAGE_SIZE)
    page.object_list = selectors.roster_rows(page.object_list, start)
    return render(
        request,
        "attendance/roster.html",
        {
            "units": units,
            "unit": unit,
            "start": start,
            "days": [start + timedelta(days=i) for i in range(7)],
            "previous": start - timedelta(days=7),
            "next": start + timedelta(days=7),
            "shifts": selectors.shifts_for_unit(unit),
            "page": page,
            "off": services.OFF,
        },
    )
