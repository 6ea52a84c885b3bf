"""Reads of the head's team calendar (a selectors module of its own): who of the head's subtree is away
each day of a month (granted and waiting requests), the days where more than
settings.LEAVE_CLASH_THRESHOLD people of one unit are away (clashes), and, for the requests of the
head's queue, how many other people of the same unit are away on their dates. Each a constant number
of queries whatever the number of people and requests."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.access import Actor
from core.bounds import date_in_bounds
from core.models import UnitKerja, ids_from_path

from . import access, rules, selectors
from .choices import RequestState
from .models import LeaveRequest

AWAY_STATES = (RequestState.ATASAN, RequestState.PYB, RequestState.DISETUJUI)


def threshold() -> int:
    return max(settings.LEAVE_CLASH_THRESHOLD, 1)


@dataclass
class Away:
    request: LeaveRequest
    pending: bool
    # Not a working day of this person's unit (a Saturday of a 5-day unit, a Sunday, a day off): the
    # request takes no day here, so it is drawn apart and counts in no clash.
    off: bool = False


@dataclass
class Day:
    day: date
    in_month: bool
    is_off: bool
    away: list[Away] = field(default_factory=list)
    # A day nobody works (a Sunday, a holiday, cuti bersama, the agency's day off): leave over it is
    # drawn apart, it takes no working day (found by the trial: it looked like leave taken).
    no_work: bool = False
    clash_units: set[str] = field(default_factory=set)

    @property
    def clash(self) -> bool:
        return bool(self.clash_units)


@dataclass
class Month:
    first: date
    weeks: list[list[Day]]
    previous: date
    next: date
    threshold: int
    has_previous: bool = True  # the previous and next months lie in CALENDAR_YEARS
    has_next: bool = True

    @property
    def days_with_people(self) -> list[Day]:
        """The days someone is away on a working day of theirs (the phone's list)."""
        return [d for week in self.weeks for d in week if d.in_month and any(not a.off for a in d.away)]

    @property
    def clash_count(self) -> int:
        return sum(1 for week in self.weeks for d in week if d.in_month and d.clash)


def month_start(value: str, today: date) -> date:
    """`?bulan=2026-08` as its first day; anything else (a year outside the record's bounds too, whose
    calendar weeks would leave the date range): this month."""
    return month_choice(value, today)[0]


# The years the calendar pages show (the holiday calendar and the team calendar; Policy): a month or
# year outside them, or a value that is not one, shows this month or year with a message saying so
# (found by the review: 1999 or 2100 showed this month without a word).
CALENDAR_YEARS = range(2020, 2041)


def clamp_year(year: int) -> int:
    return min(max(year, CALENDAR_YEARS.start), CALENDAR_YEARS.stop - 1)


def out_of_range_text(value: str, shown: str) -> str:
    return _(
        "Kalender tersedia untuk tahun %(first)s sampai %(last)s; %(value)s di luar rentang itu. Yang ditampilkan: %(shown)s."
    ) % {"first": CALENDAR_YEARS.start, "last": CALENDAR_YEARS.stop - 1, "value": value, "shown": shown}


def month_choice(value: str, today: date) -> tuple[date, str]:
    """`?bulan=2026-08` as its first day, and what to tell the reader when the value was not used: a
    month outside CALENDAR_YEARS, or anything that is not a month, is this month with a message. No
    value: this month, nothing to tell."""
    this_month = today.replace(day=1)
    value = value.strip()[:20]
    if not value:
        return this_month, ""
    try:
        year, month = (int(part) for part in value.split("-", 1))
        first = date(year, month, 1)
    except (ValueError, TypeError, OverflowError):
        return this_month, _(
            "Bulan %(value)s tidak dikenali (tulis seperti 2026-08); yang ditampilkan bulan ini, %(shown)s."
        ) % {"value": value, "shown": date_format(this_month, "F Y")}
    if year in CALENDAR_YEARS and date_in_bounds(first):
        return first, ""
    return this_month, out_of_range_text(value, date_format(this_month, "F Y"))


def team_month(actor: Actor, first: date, instansi_id: int | None) -> Month:
    """The month of `first` as weeks (Monday first) with who is away each day: two queries (the
    requests overlapping the month, the agency's days off)."""
    cal = calendar.Calendar(firstweekday=0)
    days = [d for d in cal.itermonthdates(first.year, first.month)]
    start, end = days[0], days[-1]
    rows = list(
        LeaveRequest.objects.filter(
            access.team_scope(actor), state__in=AWAY_STATES, start__lte=end, end__gte=start
        )
        .select_related("employee__unit", "leave_type")
        .order_by("employee__unit__path", "employee__name", "start")
    )
    off = selectors.days_off(instansi_id, start, end) if instansi_id else set()
    weekends = _unit_weekends({r.employee.unit for r in rows}, instansi_id)
    limit = threshold()
    grid: list[Day] = []
    for day in days:
        cell = Day(day, day.month == first.month, day in off or day.weekday() >= 5)
        cell.no_work = day in off or day.weekday() == 6
        per_unit: dict[int, list[str]] = defaultdict(list)
        for r in rows:
            if r.start <= day <= r.end:
                not_worked = day in off or day.weekday() in weekends[r.employee.unit_id]
                cell.away.append(Away(r, pending=r.state != RequestState.DISETUJUI, off=not_worked))
                if not not_worked:
                    per_unit[r.employee.unit_id].append(r.employee.unit.name)
        cell.clash_units = {names[0] for names in per_unit.values() if len(names) > limit}
        grid.append(cell)
    weeks = [grid[i : i + 7] for i in range(0, len(grid), 7)]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Month(
        first,
        weeks,
        previous,
        following,
        limit,
        has_previous=previous.year in CALENDAR_YEARS,
        has_next=following.year in CALENDAR_YEARS,
    )


def _unit_weekends(units: Iterable[UnitKerja], instansi_id: int | None) -> dict[int, frozenset[int]]:
    """The weekend of each unit as its request's length counts it (its own work week, else the
    nearest unit above with one, else 5 days), from the agency's work weeks: one query."""
    units = list(units)
    if not units:
        return {}
    weeks = dict(selectors.work_weeks(instansi_id).values_list("unit_id", "days")) if instansi_id else {}
    result = {}
    for unit in units:
        days = next((weeks[i] for i in reversed(ids_from_path(unit.path)) if i in weeks), 5)
        result[unit.pk] = rules.weekend_of(days)
    return result


def clash_counts(requests: Iterable[LeaveRequest]) -> dict[int, int]:
    """For each request, how many other people of its unit are away (granted or waiting) on at least
    one of its days: one query for all of them."""
    wanted = list(requests)
    if not wanted:
        return {}
    units = {r.employee.unit_id for r in wanted}
    others = list(
        LeaveRequest.objects.filter(
            state__in=AWAY_STATES,
            employee__unit_id__in=units,
            start__lte=max(r.end for r in wanted),
            end__gte=min(r.start for r in wanted),
        ).values_list("employee_id", "employee__unit_id", "start", "end")
    )
    result = {}
    for r in wanted:
        result[r.pk] = len(
            {
                employee_id
                for employee_id, unit_id, start, end in others
                if unit_id == r.employee.unit_id
                and employee_id != r.employee_id
                and start <= r.end
                and end >= r.start
            }
        )
    return result


@dataclass
class RequestClash:
    """Who else of a request's unit is away on its dates, and the days that are clashes as the team
    calendar counts them (more than the threshold of the unit away, this one included)."""

    others: list[LeaveRequest]
    days: list[date]
    threshold: int


def request_clash(request: LeaveRequest) -> RequestClash:
    """The clash of one request, for the atasan and the PyB before they decide (one query; found by
    the trial: the request page did not say that others were away)."""
    others = list(
        LeaveRequest.objects.filter(
            state__in=AWAY_STATES,
            employee__unit_id=request.employee.unit_id,
            start__lte=request.end,
            end__gte=request.start,
        )
        .exclude(employee_id=request.employee_id)
        .select_related("employee", "leave_type")
        .order_by("start", "employee__name", "pk")
    )
    limit = threshold()
    days = []
    day = request.start
    while day <= request.end:
        people = {r.employee_id for r in others if r.start <= day <= r.end}
        if len(people) + 1 > limit:
            days.append(day)
        day += timedelta(days=1)
    return RequestClash(others, days, limit)
