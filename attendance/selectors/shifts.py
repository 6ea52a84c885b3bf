"""Reads of shifts and the roster: an agency's shifts, the roster grid of a unit's week, and the
roster entries the rules resolve a day with (one query for any number of employees)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from core.access import Actor, people_in_scope
from core.models import UnitKerja, ids_from_path
from employees.models import Employee

from .. import rules
from ..models import Shift, ShiftAssignment


def hours_of(shift: Shift | None) -> rules.DayHours | None:
    if shift is None:
        return None
    return rules.DayHours(shift.start, shift.end, shift.break_start, shift.break_end)


def agency_shifts(instansi_id: int, *, active_only: bool = False) -> QuerySet[Shift]:
    rows = Shift.objects.filter(instansi_id=instansi_id).select_related("unit")
    if active_only:
        rows = rows.filter(is_active=True)
    return rows.order_by("start", "code")


def shifts_for_unit(unit: UnitKerja) -> list[Shift]:
    """The active shifts a unit's roster may use: the agency's and those of the unit and its ancestors."""
    return list(
        Shift.objects.filter(
            Q(unit__isnull=True) | Q(unit_id__in=ids_from_path(unit.path)),
            instansi_id=unit.instansi_id,
            is_active=True,
        ).order_by("start", "code")
    )


def roster_days(
    employee_ids: Iterable[int], start: date, end: date
) -> dict[int, dict[date, rules.RosterDay]]:
    """The roster entries of employees between two dates (inclusive): {employee: {date: RosterDay}}.
    A day absent from the map follows the schedule. One query."""
    ids = list(employee_ids)
    result: dict[int, dict[date, rules.RosterDay]] = {}
    if not ids:
        return result
    rows = (
        ShiftAssignment.objects.filter(employee_id__in=ids, date__gte=start, date__lte=end)
        .select_related("shift")
        .only("employee_id", "date", "shift__start", "shift__end", "shift__break_start", "shift__break_end")
    )
    for row in rows:
        result.setdefault(row.employee_id, {})[row.date] = rules.RosterDay(hours_of(row.shift))
    return result


def week_start(on: date) -> date:
    return on - timedelta(days=on.weekday())


@dataclass(frozen=True)
class RosterRow:
    employee: Employee
    cells: list[tuple[date, int | None, bool]]  # (day, shift id or None, whether the roster names the day)


def roster_people(*, actor: Actor, unit: UnitKerja) -> QuerySet[Employee]:
    """The active employees of a unit's subtree in the actor's scope: the roster's rows."""
    return (
        Employee.objects.filter(people_in_scope(actor, own=False), unit__path__startswith=unit.path)
        .active()
        .select_related("unit")
        .order_by("unit__path", "name", "pk")
    )


def roster_rows(people: Iterable[Employee], start: date, days: int = 7) -> list[RosterRow]:
    """The roster cells of some employees (a page of them) for `days` days from `start` (one query)."""
    people = list(people)
    end = start + timedelta(days=days - 1)
    entries: dict[tuple[int, date], int | None] = {
        (employee_id, on): shift_id
        for employee_id, on, shift_id in ShiftAssignment.objects.filter(
            employee_id__in=[p.pk for p in people], date__gte=start, date__lte=end
        ).values_list("employee_id", "date", "shift_id")
    }
    dates = [start + timedelta(days=i) for i in range(days)]
    return [RosterRow(p, [(d, entries.get((p.pk, d)), (p.pk, d) in entries) for d in dates]) for p in people]


def units_with_own_shifts(unit_ids: Iterable[int]) -> set[int]:
    """Which of these units have an active shift of their own (one query): the roster opens on the first
    of them rather than on the agency's first unit, which seldom works in shifts."""
    return set(
        Shift.objects.filter(unit_id__in=list(unit_ids), is_active=True).values_list("unit_id", flat=True)
    )
