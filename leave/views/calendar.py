"""HR's calendar page: the agency's days off of a year (national list with HR's additions and
corrections) and the units that work six days a week."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.http import ActorRequest, add_service_errors, message_service_errors, query_int

from .. import access, selectors, team
from ..forms import CalendarDayForm, WorkWeekForm
from ..services import calendar as services
from .requests import chosen_agency

YEARS = team.CALENDAR_YEARS


def _year(request: ActorRequest) -> int:
    """?tahun= within YEARS; a year outside them or anything else: this year, with a message saying
    so (found by the review: 1999 showed this year without a word)."""
    raw = request.GET.get("tahun", "").strip()[:20]
    year = query_int(request, "tahun")
    this_year = team.clamp_year(access.today().year)
    if year is not None and year in YEARS:
        return year
    if year is not None:
        messages.warning(request, team.out_of_range_text(raw, str(this_year)))
    elif raw:
        messages.warning(
            request,
            _("Tahun %(value)s tidak dikenali; yang ditampilkan tahun %(year)s.")
            % {"value": raw, "year": this_year},
        )
    return this_year


def _url(instansi_id: int, year: int) -> str:
    return f"{reverse('leave:calendar')}?instansi={instansi_id}&tahun={year}"


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request: ActorRequest) -> HttpResponse:
    instansi, agencies = chosen_agency(request)
    year = _year(request)
    units = access.leave_units(request.actor, instansi.pk).order_by("path")
    day_form = CalendarDayForm(request.POST if request.POST.get("form") == "day" else None)
    week_form = WorkWeekForm(request.POST if request.POST.get("form") == "week" else None, unit_qs=units)
    if request.method == "POST" and request.POST.get("form") not in ("day", "week"):
        # Neither form was sent (found by the probe: an unknown value rendered the page silently).
        messages.error(request, _("Formulir yang dikirim tidak dikenal; muat ulang halaman lalu coba lagi."))
        return redirect(_url(instansi.pk, year))
    if request.method == "POST":
        form = day_form if request.POST.get("form") == "day" else week_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is day_form:
                    row = services.calendar_day_set(
                        actor=request.actor,
                        instansi=instansi,
                        day=data["day"],
                        name=data["name"],
                        is_off=data["is_off"],
                        kind=data["kind"],
                    )
                    year = row.day.year
                else:
                    services.work_week_set(actor=request.actor, unit=data["unit"], days=data["days"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Kalender tersimpan."))
                return redirect(_url(instansi.pk, year))
    return render(
        request,
        "leave/calendar.html",
        {
            "instansi": instansi,
            "agencies": agencies,
            "year": year,
            "years": [y for y in (year - 1, year, year + 1) if y in YEARS],
            "rows": selectors.calendar_of(instansi.pk, year),
            "page": None,  # the layout's items are `rows`
            "weeks": selectors.work_weeks(instansi.pk),
            "day_form": day_form,
            "week_form": week_form,
        },
    )


@login_required
@require_POST
def calendar_day_delete(request: ActorRequest, pk: int) -> HttpResponse:
    row = access.get_calendar_day(request.actor, pk)
    try:
        services.calendar_day_delete(actor=request.actor, row=row)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:  # named, so HR sees what went (found by the review: the row vanished without a word)
        messages.success(
            request,
            _("%(day)s (%(name)s) dihapus dari kalender %(instansi)s.")
            % {"day": date_format(row.day, "l, j F Y"), "name": row.name, "instansi": row.instansi.name},
        )
    return redirect(_url(row.instansi_id, row.day.year))
