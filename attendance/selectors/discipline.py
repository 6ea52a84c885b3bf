"""Reads of the PP 94/2021 thresholds: HR's list of an agency's flags (filters, search, sorting) and
one employee's year (their flags and the days of unexcused absence and lateness)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from core.access import Actor
from core.models import UnitKerja
from core.sorting import SortSpec

from .. import access
from ..choices import DayStatus
from ..models import AttendanceSettings, DailyStatus, DisciplineFlag

FLAG_SORT = SortSpec(
    {
        "tanggal": ("-reached_on", "employee__name"),
        "nama": ("employee__name", "days"),
        "ambang": ("-days", "employee__name"),
    },
    default="tanggal",
)
# The state filter: in force, no longer in force (reconsidered), or both.
IN_FORCE, RECONSIDERED = "berlaku", "tidak_berlaku"


@dataclass(frozen=True)
class FlagFilters:
    year: int
    q: str = ""
    unit: UnitKerja | None = None
    sanction: str = ""
    state: str = ""


def agency_flags(*, actor: Actor, instansi_id: int, filters: FlagFilters) -> QuerySet[DisciplineFlag]:
    """An agency's flags of a year as HR reads them (one query with the employee and unit)."""
    rows = DisciplineFlag.objects.filter(
        access.discipline_of_agency(actor, instansi_id), instansi_id=instansi_id, year=filters.year
    ).select_related("employee__unit")
    if filters.unit is not None:
        rows = rows.filter(employee__unit__path__startswith=filters.unit.path)
    if filters.sanction:
        rows = rows.filter(sanction=filters.sanction)
    if filters.state == IN_FORCE:
        rows = rows.filter(reconsidered_at__isnull=True)
    elif filters.state == RECONSIDERED:
        rows = rows.filter(reconsidered_at__isnull=False)
    if filters.q:
        rows = rows.filter(Q(employee__name__icontains=filters.q) | Q(employee__nip__startswith=filters.q))
    return rows


@dataclass(frozen=True)
class EmployeeYear:
    flags: list[DisciplineFlag]
    absent_days: list[date]
    late_days: int
    late_minutes: int
    convert: bool
    minutes_per_day: int


def employee_year(employee_id: int, instansi_id: int, year: int) -> EmployeeYear:
    """One employee's year: their flags, the unexcused days, the late days and minutes, and the
    agency's switch (four queries)."""
    flags = list(DisciplineFlag.objects.filter(employee_id=employee_id, year=year).order_by("kind", "days"))
    days = DailyStatus.objects.filter(
        employee_id=employee_id, date__gte=date(year, 1, 1), date__lte=date(year, 12, 31)
    )
    absent = list(
        days.filter(status=DayStatus.TANPA_KETERANGAN).order_by("date").values_list("date", flat=True)
    )
    late = days.filter(minutes_late__gt=0).aggregate(n=Count("pk"), minutes=Sum("minutes_late"))
    settings = AttendanceSettings.objects.filter(instansi_id=instansi_id).first() or AttendanceSettings()
    return EmployeeYear(
        flags=flags,
        absent_days=absent,
        late_days=late["n"] or 0,
        late_minutes=late["minutes"] or 0,
        convert=settings.convert_late_minutes,
        minutes_per_day=settings.minutes_per_day,
    )
