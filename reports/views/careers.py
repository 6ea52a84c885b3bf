"""Career event reports built on employees.rules.career and employees.selectors.career: KGB, promotion, retirement, Satyalancana."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.http import ActorRequest, query_int
from core.paging import KeyPagedRows
from employees.choices import AwardKind, EmployeeKind, PositionKind
from employees.models import Employee, PromotionCalendar
from employees.rules import career

from .. import excel, selectors
from ..rows import (
    KgbRow,
    RetirementRow,
    SatyalancanaRow,
    kgb_row,
    promotion_row,
    retirement_projection,
    retirement_row,
    satyalancana_row,
)
from .base import page_of, render_report, resolve_scope, wants_xlsx, xlsx_filename

KGB_WINDOWS = (1, 2, 3, 6, 12)  # months ahead
RETIREMENT_WINDOWS = (1, 2, 3, 4, 5)  # years ahead
SATYALANCANA_KINDS = (AwardKind.SATYALANCANA_X, AwardKind.SATYALANCANA_XX, AwardKind.SATYALANCANA_XXX)


def _choice(request: HttpRequest, name: str, allowed: tuple[int, ...], default: int) -> int:
    value = query_int(request, name)
    return value if value in allowed else default


def _date_param(request: HttpRequest, name: str) -> date | None:
    try:
        return parse_date(request.GET.get(name, ""))
    except ValueError:  # shaped like a date but not one (2026-13-01)
        return None


def kgb_window(request: HttpRequest) -> tuple[int, date, date]:
    """The KGB list's window (`?bulan=`): months ahead, from today to the end."""
    months = _choice(request, "bulan", KGB_WINDOWS, 3)
    today = timezone.localdate()
    return months, today, career.add_months(today, months)


def promotion_period(
    request: HttpRequest, today: date
) -> tuple[list[PromotionCalendar], list[date], date | None]:
    """The period calendar, the next promotion periods and the one chosen (`?periode=`, else the next)."""
    calendars = selectors.promotion_calendars()
    periods = career.promotion_periods(today, 6, calendars)
    chosen = _date_param(request, "periode")
    return calendars, periods, chosen if chosen in periods else (periods[0] if periods else None)


# The rows of a list (a page, or everything for Excel) from employees annotated by its selector.
def _kgb_rows(employees: Iterable[Employee]) -> list[KgbRow]:
    return [kgb_row(e, selectors.kgb_date(e)) for e in employees]


def _retirement_rows(employees: Iterable[Employee], today: date) -> list[RetirementRow]:
    return [retirement_row(e, selectors.retirement_day(e), today) for e in employees]


def _satyalancana_rows(employees: Iterable[Employee], on: date) -> list[SatyalancanaRow]:
    return [satyalancana_row(e, e.satyalancana_due, on) for e in employees]  # type: ignore[attr-defined]


@login_required
@require_safe
def kgb(request: ActorRequest) -> HttpResponse:
    scope = resolve_scope(request, "kgb")
    if isinstance(scope, HttpResponse):
        return scope
    months, today, end = kgb_window(request)
    title = _("Kenaikan Gaji Berkala (KGB) Mendatang")
    found = selectors.kgb_due(
        actor=request.actor, instansi=scope.instansi, unit=scope.unit, start=today, end=end
    )
    sorting = selectors.KGB_SORT.from_request(request)
    ordered = sorting.apply(found)
    if wants_xlsx(request):
        rows = _kgb_rows(ordered)
        content = excel.kgb_workbook(scope=scope, title=title, rows=rows, start=today, end=end)
        return excel.xlsx_response(xlsx_filename(scope, "kgb"), content)
    page = page_of(request, KeyPagedRows(ordered, rows=found, counted=found))
    page.object_list = _kgb_rows(page.object_list)
    return render_report(
        request,
        "reports/kgb.html",
        scope,
        title,
        {
            "page": page,
            "sorting": sorting,
            "months": months,
            "windows": KGB_WINDOWS,
            "start": today,
            "end": end,
        },
    )


@login_required
@require_safe
def kenaikan_pangkat(request: ActorRequest) -> HttpResponse:
    scope = resolve_scope(request, "kenaikan_pangkat")
    if isinstance(scope, HttpResponse):
        return scope
    today = timezone.localdate()
    calendars, periods, period = promotion_period(request, today)
    title = _("Kenaikan Pangkat Reguler")
    employees = None
    sorting = selectors.PROMOTION_SORT.from_request(request)
    if period is not None:
        employees = selectors.promotion_eligible(
            actor=request.actor,
            instansi=scope.instansi,
            unit=scope.unit,
            period=period,
            sort=sorting.value,
        )
    if wants_xlsx(request) and period is not None and employees is not None:
        content = excel.promotion_workbook(scope=scope, title=title, employees=employees, period=period)
        return excel.xlsx_response(xlsx_filename(scope, f"kenaikan-pangkat-{period:%Y%m}"), content)
    page = page_of(request, employees if employees is not None else [])
    rows = [promotion_row(e, period) for e in page.object_list] if period is not None else []
    return render_report(
        request,
        "reports/kenaikan_pangkat.html",
        scope,
        title,
        {
            "page": page,
            "rows": rows,
            "sorting": sorting,
            "period": period,
            "periods": periods,
            "calendar": selectors.calendar_for(calendars, period) if period else None,
            "functional": PositionKind.FUNGSIONAL,
        },
    )


@login_required
@require_safe
def pensiun(request: ActorRequest) -> HttpResponse:
    scope = resolve_scope(request, "pensiun")
    if isinstance(scope, HttpResponse):
        return scope
    years = _choice(request, "tahun", RETIREMENT_WINDOWS, 5)
    kind = request.GET.get("kind", "")
    if kind not in EmployeeKind.values:
        kind = ""
    today = timezone.localdate()
    end = career.add_years(today, years) - timedelta(days=1)
    title = _("Proyeksi Pensiun Berdasarkan Batas Usia Pensiun (BUP)")
    found = selectors.retiring(
        actor=request.actor,
        instansi=scope.instansi,
        unit=scope.unit,
        start=today,
        end=end,
        kind=kind,
    )
    sorting = selectors.RETIREMENT_SORT.from_request(request)
    ordered = sorting.apply(found)
    per_year = selectors.retirements_per_year(found)
    projection = retirement_projection(per_year, today.year, end.year)
    if wants_xlsx(request):
        rows = _retirement_rows(ordered, today)
        content = excel.retirement_workbook(
            scope=scope, title=title, rows=rows, projection=projection, start=today, end=end
        )
        return excel.xlsx_response(xlsx_filename(scope, "proyeksi-pensiun"), content)
    # The projection has counted them all: no second count for the paginator.
    page = page_of(request, KeyPagedRows(ordered, rows=found, total=sum(per_year.values())))
    page.object_list = _retirement_rows(page.object_list, today)
    return render_report(
        request,
        "reports/pensiun.html",
        scope,
        title,
        {
            "page": page,
            "sorting": sorting,
            "years": years,
            "windows": RETIREMENT_WINDOWS,
            "kind": kind,
            "kinds": EmployeeKind.choices,
            "start": today,
            "end": end,
            "projection": projection,
        },
    )


@login_required
@require_safe
def satyalancana(request: ActorRequest) -> HttpResponse:
    scope = resolve_scope(request, "satyalancana")
    if isinstance(scope, HttpResponse):
        return scope
    today = timezone.localdate()
    year_choices = (today.year, today.year + 1)
    year = _choice(request, "tahun", year_choices, today.year)
    award = request.GET.get("jenis", "")
    if award not in SATYALANCANA_KINDS:
        award = ""
    on = date(year, 12, 31)
    title = _("Calon Penerima Satyalancana Karya Satya")
    found = selectors.satyalancana(
        actor=request.actor, instansi=scope.instansi, unit=scope.unit, on=on, award=award
    )
    sorting = selectors.SATYALANCANA_SORT.from_request(request)
    ordered = sorting.apply(found)
    if wants_xlsx(request):
        rows = _satyalancana_rows(ordered, on)
        content = excel.satyalancana_workbook(scope=scope, title=title, rows=rows, on=on)
        return excel.xlsx_response(xlsx_filename(scope, f"satyalancana-{year}"), content)
    page = page_of(request, KeyPagedRows(ordered, rows=found, counted=found))
    page.object_list = _satyalancana_rows(page.object_list, on)
    return render_report(
        request,
        "reports/satyalancana.html",
        scope,
        title,
        {
            "page": page,
            "sorting": sorting,
            "year": year,
            "year_choices": year_choices,
            "on": on,
            "award": award,
            "awards": [(k.value, k.label) for k in SATYALANCANA_KINDS],
        },
    )
