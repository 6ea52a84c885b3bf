"""The head's Presensi unit pages: today (who is in, late with the minutes, left early, away on
leave, dinas luar or training, not yet recorded) with the counts at the top, and the month as a grid
of employees × days with a letter per status."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.http import ActorRequest
from core.paging import page_size, paginate, querystring_without_page

from .. import access
from ..forms.discipline import UnitFilterForm
from ..selectors import unit as selectors

PAGE_SIZE = 50
MONTH_PAGE_SIZE = 25


def _filters(request: ActorRequest):
    actor = request.actor
    access.require(access.can_view_unit_attendance(actor))
    instansi = selectors.head_agency(actor)
    form = UnitFilterForm(request.GET, unit_qs=access.unit_attendance_units(actor).order_by("path"))
    if bad := form.invalid_labels():
        messages.warning(
            request, _("Filter yang tidak valid diabaikan: %(fields)s.") % {"fields": ", ".join(bad)}
        )
    return instansi, form


@login_required
@require_GET
def unit_today(request: ActorRequest) -> HttpResponse:
    instansi, form = _filters(request)
    today = selectors.unit_today(
        actor=request.actor,
        instansi=instansi,
        now=timezone.now(),
        unit=form.value("unit"),
        q=form.value("q") or "",
    )
    group = form.value("group") or ""
    rows = [r for r in today.rows if r.group == group] if group else today.rows
    page = Paginator(rows, page_size(request, PAGE_SIZE)).get_page(request.GET.get("page"))
    return render(
        request,
        "attendance/unit_today.html",
        {
            "instansi": instansi,
            "form": form,
            "today": today,
            "group": group,
            "page": page,
            "querystring": querystring_without_page(request),
        },
    )


def _month_href(request: ActorRequest, first: date) -> str:
    """The link to another month of the grid, keeping the page's filters (unit, search, page size);
    back to its first page."""
    params = request.GET.copy()
    params.pop("page", None)
    params["bulan"] = f"{first.year:04d}-{first.month:02d}"
    return f"?{params.urlencode()}"


@login_required
@require_GET
def unit_month(request: ActorRequest) -> HttpResponse:
    instansi, form = _filters(request)
    now = timezone.now()
    local_today = timezone.localtime(now, timezone=ZoneInfo(instansi.time_zone)).date()
    first = selectors.month_start(request.GET.get("bulan", ""), local_today)
    employees = selectors.people(
        actor=request.actor, instansi_id=instansi.pk, unit=form.value("unit"), q=form.value("q") or ""
    )
    page = paginate(request, employees, MONTH_PAGE_SIZE)
    previous, following = selectors.neighbours(first)
    return render(
        request,
        "attendance/unit_month.html",
        {
            "instansi": instansi,
            "form": form,
            "first": first,
            "previous": previous,
            "previous_href": _month_href(request, previous),
            # No month after the current one: its grid is empty (nothing has happened yet).
            "following": following if following <= local_today else None,
            "following_href": _month_href(request, following),
            "days": selectors.month_days(first),
            "grid": selectors.month_rows(list(page.object_list), instansi, first, now),
            "page": page,
            "legend": selectors.legend(),
            "querystring": querystring_without_page(request),
        },
    )
