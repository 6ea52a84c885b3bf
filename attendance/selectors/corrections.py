"""Reads for corrections and the employee's month: whether a day is a working day, the month's
calendar coloured by the daily statuses, the employee's corrections and the atasan's queue (each in
a constant number of queries)."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from core.access import Actor
from core.models import UnitKerja
from core.sorting import SortSpec
from employees.models import Employee
from leave import selectors as leave_selectors

from .. import access, rules
from ..choices import CorrectionState, DayStatus
from ..models import Correction, DailyStatus, Presence
from . import schedules

CORRECTION_JOINS = ("employee__unit__instansi", "atasan")


def working_day(instansi_id: int, unit_path: str, on: date) -> bool:
    """The day is a working day for someone in the unit: their schedule has hours that weekday and it
    is no holiday or cuti bersama of the agency (three queries)."""
    specs = schedules.schedule_specs(instansi_id, unit_path, on, on)
    if rules.expected_hours(schedules.schedule_on(specs, on), on) is None:
        return False
    return on not in leave_selectors.days_off(instansi_id, on, on)


def open_correction_exists(employee_id: int, on: date) -> bool:
    return Correction.objects.filter(
        employee_id=employee_id, date=on, state=CorrectionState.DIAJUKAN
    ).exists()


def own_corrections(employee_id: int) -> QuerySet[Correction]:
    return (
        Correction.objects.filter(employee_id=employee_id).select_related("atasan").order_by("-date", "-pk")
    )


# --- The month's calendar ---------------------------------------------------------------------------------
def month_start(value: str, today: date) -> date:
    """`?bulan=2026-08` as its first day; anything else, or a month after this one: this month."""
    this_month = today.replace(day=1)
    try:
        year, month = (int(part) for part in value.split("-", 1))
        first = date(year, month, 1)
    except (ValueError, TypeError):
        return this_month
    return this_month if first > this_month or year < 2000 else first


def day_param(value: str, today: date) -> date:
    """`?tanggal=2026-07-14` (a tapped day of the calendar), else today."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return today


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    status: str  # DayStatus value, "" when not built (yet)
    status_label: str
    working: bool
    is_today: bool
    future: bool
    correction: str  # the state of the day's latest correction, "" when none

    @property
    def css(self) -> str:
        if not self.in_month:
            return "cal-outside"
        if self.status:
            return f"cal-{self.status}"
        if not self.working:
            return "cal-libur"
        return "cal-none"

    @property
    def can_correct(self) -> bool:
        return (
            self.in_month and self.working and not self.future and self.correction != CorrectionState.DIAJUKAN
        )


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    first: date
    weeks: list[list[CalendarDay]]
    previous: date
    next: date | None  # None: no navigation into the future


LEGEND = [(s.value, s.label) for s in DayStatus]


def month_calendar(*, employee_id: int, unit: UnitKerja, first: date, today: date) -> Month:
    """The weeks (Monday first) of the month starting `first`, each day coloured by its daily status
    (five queries whatever the month: statuses, schedules and their days, days off, corrections)."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    statuses = dict(
        DailyStatus.objects.filter(employee_id=employee_id, date__gte=first, date__lte=last).values_list(
            "date", "status"
        )
    )
    specs = schedules.schedule_specs(unit.instansi_id, unit.path, first, last)
    off = leave_selectors.days_off(unit.instansi_id, first, last)
    corrections: dict[date, str] = {}
    for day, state in (
        Correction.objects.filter(employee_id=employee_id, date__gte=first, date__lte=last)
        .order_by("date", "pk")
        .values_list("date", "state")
    ):
        corrections[day] = state  # the latest one of the day wins
    labels = dict(DayStatus.choices)
    weeks: list[list[CalendarDay]] = []
    day = start
    while day <= end:
        week = []
        for _ in range(7):
            in_month = first <= day <= last
            working = (
                in_month
                and day not in off
                and rules.expected_hours(schedules.schedule_on(specs, day), day) is not None
            )
            status = statuses.get(day, "") if in_month else ""
            week.append(
                CalendarDay(
                    day=day,
                    in_month=in_month,
                    status=status,
                    status_label=str(labels.get(status, "")),
                    working=working,
                    is_today=day == today,
                    future=day > today,
                    correction=corrections.get(day, "") if in_month else "",
                )
            )
            day += timedelta(days=1)
        weeks.append(week)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return Month(
        year=first.year,
        month=first.month,
        first=first,
        weeks=weeks,
        previous=previous,
        next=following if following <= today else None,
    )


# --- The atasan's queue -------------------------------------------------------------------------------------
QUEUE_SORT = SortSpec(
    {
        "diajukan": ("created_at",),
        "tanggal": ("date",),
        "nama": ("employee__name", "date"),
    },
    default="diajukan",
)
HISTORY_SORT = SortSpec(
    {
        "diputuskan": ("decided_at",),
        "diajukan": ("created_at",),
        "tanggal": ("date",),
        "nama": ("employee__name", "date"),
    },
    default="-diputuskan",
)
DECIDED = (CorrectionState.DISETUJUI, CorrectionState.DITOLAK)


def queue(actor: Actor) -> list[Correction]:
    """The corrections waiting for the actor, oldest first, each with `day_records`: the employee's
    presensi records of that day in the agency's zone (two queries)."""
    rows = list(queue_rows(actor=actor).order_by("created_at", "pk"))
    attach_day_records(rows)
    return rows


def _filtered(rows: QuerySet[Correction], *, q: str, month: tuple[int, int] | None) -> QuerySet[Correction]:
    if q.strip():
        rows = rows.filter(employee__in=Employee.objects.search(q).values("pk"))
    if month is not None:
        first = date(month[0], month[1], 1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        rows = rows.filter(date__gte=first, date__lte=last)
    return rows


def queue_rows(*, actor: Actor, q: str = "", month: tuple[int, int] | None = None) -> QuerySet[Correction]:
    """Open corrections waiting for the actor's decision, searched by name or NIP and limited to the
    month of the corrected day (one query with the employee, unit, agency and atasan; sort it, page it,
    then attach_day_records on the page)."""
    rows = Correction.objects.filter(access.correction_queue_scope(actor)).select_related(*CORRECTION_JOINS)
    return _filtered(rows, q=q, month=month)


def history_rows(
    *, actor: Actor, q: str = "", month: tuple[int, int] | None = None, state: str = ""
) -> QuerySet[Correction]:
    """Decided corrections (approved or rejected) the actor may read back, with who decided and when:
    those naming them as atasan, their subtree's as a head, their agency's as HR; never their own."""
    rows = Correction.objects.filter(access.correction_history_scope(actor)).select_related(
        *CORRECTION_JOINS, "decided_by"
    )
    if state in DECIDED:
        rows = rows.filter(state=state)
    return _filtered(rows, q=q, month=month)


def attach_day_records(rows: Iterable[Correction]) -> None:
    """Set `day_records` on each correction: [(local time, Presence)] of its employee and date (one query)."""
    rows = list(rows)
    if not rows:
        return
    records: dict[tuple[int, date], list[Presence]] = defaultdict(list)
    for record in Presence.objects.filter(
        employee_id__in={r.employee_id for r in rows}, work_date__in={r.date for r in rows}
    ).order_by("at"):
        records[(record.employee_id, record.work_date)].append(record)
    for row in rows:
        zone = ZoneInfo(row.employee.unit.instansi.time_zone)
        row.day_records = [(p.at.astimezone(zone), p) for p in records.get((row.employee_id, row.date), [])]  # type: ignore[attr-defined]
