"""Reads of the head's unit pages (Presensi unit): today's state of everyone in the head's subtree
(from the day's presensi records, schedule, holidays and approved leave: today has no daily status
until the night), and a month as a grid of employees × days (the daily statuses of the past days,
today computed live). Each a constant number of queries whatever the number of people."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.access import Actor
from core.models import Instansi, UnitKerja, ids_from_path
from employees.models import Employee
from leave import selectors as leave_selectors
from leave.choices import LeaveKind

from .. import access, rules
from ..choices import DayStatus, PresenceKind
from ..models import DailyStatus, DinasLuar, FlexibleWork, Presence, Schedule, ScheduleDay
from . import schedules
from . import shifts as shifts_selectors

# Today's groups, in the order of the counts at the top of the page.
PENDING = "belum"
TODAY_GROUPS = [
    (DayStatus.HADIR.value, _("Hadir tepat waktu")),
    (DayStatus.TERLAMBAT.value, pgettext_lazy("presensi", "Terlambat")),
    (DayStatus.PULANG_CEPAT.value, _("Pulang cepat")),
    (DayStatus.CUTI.value, _("Cuti")),
    (DayStatus.SAKIT.value, _("Sakit")),
    (DayStatus.DINAS_LUAR.value, _("Dinas luar")),
    (DayStatus.PELATIHAN.value, _("Pelatihan")),
    (DayStatus.WFA.value, _("WFA/fleksibel")),
    (PENDING, _("Belum presensi")),
    (DayStatus.TANPA_KETERANGAN.value, _("Tanpa keterangan")),
    (DayStatus.LIBUR.value, _("Libur")),
]
# The month grid's letters and their colour (a CSS class of static/css: att-<status>).
LETTERS = {
    DayStatus.HADIR: "H",
    DayStatus.TERLAMBAT: "T",
    DayStatus.PULANG_CEPAT: "P",
    DayStatus.TANPA_KETERANGAN: "TK",
    DayStatus.CUTI: "C",
    DayStatus.SAKIT: "S",
    DayStatus.DINAS_LUAR: "DL",
    DayStatus.PELATIHAN: "DK",
    DayStatus.LIBUR: "L",
    DayStatus.WFA: "W",
    PENDING: "?",
}


def head_agency(actor: Actor) -> Instansi:
    """The agency of the first unit the head heads (a head heads units of one agency)."""
    units = access.unit_attendance_units(actor).select_related("instansi").order_by("depth", "pk")
    first = units.first()
    access.require(first is not None)
    assert first is not None
    return first.instansi


def people(
    *, actor: Actor, instansi_id: int, unit: UnitKerja | None = None, q: str = ""
) -> QuerySet[Employee]:
    """The active employees of the head's subtree in the agency (a unit of it, a name or NIP)."""
    rows = Employee.objects.filter(
        access.unit_attendance_people(actor), unit__instansi_id=instansi_id, is_active=True
    ).select_related("unit")
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(nip__startswith=q))
    return rows.order_by("unit__path", "name", "pk")


# --- Today ---------------------------------------------------------------------------------------------------
@dataclass
class PersonToday:
    employee: Employee
    result: rules.DayResult
    check_in: datetime | None = None
    check_out: datetime | None = None
    flexible: str = ""  # the mode of a flexible-work arrangement covering today (FlexibleMode)

    @property
    def group(self) -> str:
        return self.result.status or PENDING

    @property
    def letter(self) -> str:
        return LETTERS.get(self.group, "")

    @property
    def label(self) -> str:
        return str(dict(TODAY_GROUPS).get(self.group, ""))


@dataclass
class UnitToday:
    date: date
    now: datetime
    rows: list[PersonToday]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def groups(self) -> list[tuple[str, str, int]]:
        return [(key, str(label), self.counts.get(key, 0)) for key, label in TODAY_GROUPS]


def _specs_for(path: str, found: list[Schedule]) -> list[rules.ScheduleSpec]:
    """The specs that may apply to someone in the unit at `path` among the agency's schedules: the
    agency-wide ones and those of the unit and its ancestors (the depth as schedule_specs has it)."""
    specs = []
    for s in found:
        if s.unit is None:
            depth = None
        elif path.startswith(s.unit.path):
            depth = len(ids_from_path(s.unit.path)) - 1
        else:
            continue
        specs.append(
            rules.ScheduleSpec(
                key=s.pk,
                kind=s.kind,
                valid_from=s.valid_from,
                valid_to=s.valid_to,
                days={
                    d.weekday: rules.DayHours(d.start, d.end, d.break_start, d.break_end)
                    for d in s.days.all()
                },
                unit_depth=depth,
            )
        )
    return specs


def today_of_people(employees: list[Employee], instansi: Instansi, now: datetime) -> list[PersonToday]:
    """Today's result of each employee (eight to ten queries for any number of them). Official travel
    and flexible work recorded for today count at once (the nightly build writes them only after)."""
    zone = ZoneInfo(instansi.time_zone)
    local = now.astimezone(zone)
    day = local.date()
    ids = [e.pk for e in employees]
    found = list(
        Schedule.objects.filter(instansi_id=instansi.pk)
        .in_force(day)
        .select_related("unit")
        .prefetch_related(Prefetch("days", queryset=ScheduleDay.objects.order_by("weekday")))
    )
    holiday = day in leave_selectors.days_off(instansi.pk, day, day)
    leave = leave_selectors.approved_leave_days(ids, day, day) if ids else {}
    _table, bands = schedules.bands_in_force(instansi.pk, day)
    records: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    if ids:
        for employee_id, at, kind in Presence.objects.filter(employee_id__in=ids, work_date=day).values_list(
            "employee_id", "at", "kind"
        ):
            records[employee_id].append((at.astimezone(zone), kind))
    rosters = shifts_selectors.roster_days(ids, day, day)
    travelling: set[int] = set()
    flexible: dict[int, str] = {}
    if ids:
        travelling = set(
            DinasLuar.objects.filter(employee_id__in=ids, start__lte=day, end__gte=day).values_list(
                "employee_id", flat=True
            )
        )
        flexible = dict(
            FlexibleWork.objects.filter(employee_id__in=ids, start__lte=day, end__gte=day).values_list(
                "employee_id", "mode"
            )
        )
    hours_of: dict[str, rules.DayHours | None] = {}
    rows = []
    for e in employees:
        path = e.unit.path
        if path not in hours_of:
            spec = schedules.schedule_on(_specs_for(path, found), day)
            hours_of[path] = rules.expected_hours(spec, day)
        mine = sorted(records.get(e.pk, []))
        # A rostered shift sets the day's hours and its presensi window (as the Presensi page does).
        roster = rosters.get(e.pk, {}).get(day)
        window = rules.window_of(roster)
        first_in, last_out = rules.counted_records([(at.time(), kind) for at, kind in mine], window)
        on_leave = leave.get(e.pk, {})
        facts = rules.DayFacts(
            hours=rules.day_hours(hours_of[path], roster),
            holiday=holiday,
            on_leave=bool(on_leave),
            sick=on_leave.get(day) == LeaveKind.SAKIT,
            dinas_luar=e.pk in travelling,
            flexible=flexible.get(e.pk, ""),
            check_in=first_in,
            check_out=last_out,
            day_over=not rules.in_window(local.time(), *window) and local.hour >= 12,
        )
        check_in = next((at for at, kind in mine if kind == PresenceKind.IN and at.time() == first_in), None)
        check_out = next(
            (at for at, kind in reversed(mine) if kind == PresenceKind.OUT and at.time() == last_out), None
        )
        rows.append(
            PersonToday(e, rules.day_status(facts, bands), check_in, check_out, flexible.get(e.pk, ""))
        )
    return rows


def unit_today(
    *, actor: Actor, instansi: Instansi, now: datetime, unit: UnitKerja | None, q: str
) -> UnitToday:
    """Everyone of the head's subtree (a unit of it, a search) today, with the count of each group."""
    employees = list(people(actor=actor, instansi_id=instansi.pk, unit=unit, q=q))
    rows = today_of_people(employees, instansi, now)
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.group] += 1
    local = now.astimezone(ZoneInfo(instansi.time_zone))
    return UnitToday(local.date(), local, rows, dict(counts))


# --- The month -----------------------------------------------------------------------------------------------
@dataclass
class Cell:
    day: date
    status: str  # a DayStatus, PENDING (today, nothing yet) or "" (no status: future, not built)
    minutes_late: int = 0

    @property
    def letter(self) -> str:
        return LETTERS.get(self.status, "")


@dataclass
class MonthRow:
    employee: Employee
    cells: list[Cell]

    @property
    def absent(self) -> int:
        return sum(1 for c in self.cells if c.status == DayStatus.TANPA_KETERANGAN)

    @property
    def late(self) -> int:
        return sum(1 for c in self.cells if c.status == DayStatus.TERLAMBAT)


def legend() -> list[tuple[str, str, str]]:
    """(status, letter, label) of every letter of the grid, for the legend under it."""
    labels = dict(TODAY_GROUPS)
    return [(status, letter, str(labels[status])) for status, letter in LETTERS.items()]


def month_days(first: date) -> list[date]:
    return [first.replace(day=d) for d in range(1, calendar.monthrange(first.year, first.month)[1] + 1)]


def month_rows(employees: list[Employee], instansi: Instansi, first: date, now: datetime) -> list[MonthRow]:
    """The grid of a page of employees: the daily statuses of the month (one query) and, when the
    month holds today, today's state computed live (today_of_people)."""
    days = month_days(first)
    ids = [e.pk for e in employees]
    stored: dict[tuple[int, date], tuple[str, int]] = {}
    if ids:
        for employee_id, day, status, late in DailyStatus.objects.filter(
            employee_id__in=ids, date__gte=days[0], date__lte=days[-1]
        ).values_list("employee_id", "date", "status", "minutes_late"):
            stored[(employee_id, day)] = (status, late)
    today = now.astimezone(ZoneInfo(instansi.time_zone)).date()
    live: dict[int, PersonToday] = {}
    if days[0] <= today <= days[-1] and employees:
        live = {p.employee.pk: p for p in today_of_people(employees, instansi, now)}
    rows = []
    for e in employees:
        cells = []
        for day in days:
            if day == today and e.pk in live and (e.pk, day) not in stored:
                p = live[e.pk]
                cells.append(Cell(day, p.group, p.result.minutes_late))
            else:
                status, late = stored.get((e.pk, day), ("", 0))
                cells.append(Cell(day, status, late))
        rows.append(MonthRow(e, cells))
    return rows


# The months the page shows (as the recap's month filter): beyond them the neighbours' links would
# leave the calendar (year 1, year 9999) and nothing is recorded anyway.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def month_start(value: str, today: date) -> date:
    """`?bulan=2026-08` as its first day; anything else, or a year outside 2000–2100: this month."""
    try:
        year, month = (int(part) for part in value.split("-", 1))
        first = date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)
    return first if FIRST_YEAR <= year <= LAST_YEAR else today.replace(day=1)


def neighbours(first: date) -> tuple[date, date]:
    return (first - timedelta(days=1)).replace(day=1), (first + timedelta(days=32)).replace(day=1)
