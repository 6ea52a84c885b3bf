"""Reads of Profil saya (the employee's own record) and Pegawai bawahan (a head's subordinates)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from core.access import Actor
from core.models import UnitKerja

from .. import access
from ..models import Employee
from . import career
from .career import EVENT_LABELS, CareerEvent, first_rank_subquery, upcoming_events
from .records import sorted_by


def own_profile(*, actor: Actor) -> Employee | None:
    """The actor's own record with all histories and documents, or None without a record."""
    if actor.employee_id is None:
        return None
    own = access.employees_visible_to(actor).with_unit().filter(pk=actor.employee_id)
    return own.prefetch_related(Prefetch("documents", to_attr="document_list")).first()


# --- Subordinates ----------------------------------------------------------------------------------
EVENT_KINDS = ("kgb", "pangkat", "pensiun", "satyalancana")


def subordinate_list(
    *, actor: Actor, unit: UnitKerja | None = None, search: str = "", sort: str = "nama"
) -> QuerySet[Employee]:
    """Active employees below the actor (heads: their subtree; HR: their agency), with the first
    rank row's golongan for the KGB rule."""
    qs = Employee.objects.filter(access.subordinate_scope(actor)).active().with_unit()
    if unit is not None:
        qs = qs.in_subtree(unit.path)
    return sorted_by(qs.search(search).annotate(first_golongan=first_rank_subquery()), sort)


@dataclass
class Upcoming:
    """Career events of a set of employees, from employees.selectors.career."""

    today: date
    by_employee: dict[int, list[CareerEvent]] = field(default_factory=dict)

    def ids_with(self, kind: str) -> list[int]:
        return [pk for pk, events in self.by_employee.items() if any(e.kind == kind for e in events)]

    def counts(self) -> dict[str, int]:
        return {kind: len(self.ids_with(kind)) for kind in EVENT_KINDS}


def upcoming(queryset: QuerySet[Employee], today: date) -> Upcoming:
    """KGB within 2 months, the next promotion period, retirement within 12 months, Satyalancana
    this year, for the whole queryset: a fixed number of queries (upcoming_events)."""
    # A plain queryset over the same ids: career annotates its own columns.
    plain = Employee.objects.filter(pk__in=queryset.order_by().values("pk"))
    return Upcoming(today=today, by_employee=upcoming_events(plain, today))


def next_kgb(employee: Employee, today: date) -> date | None:
    """The next KGB date of an active PNS of the list, from its current rank row (with_unit) and the
    first rank annotation; the same rule as the KGB report (career.next_kgb)."""
    if employee.kind != "PNS" or employee.working_state != "aktif":
        return None
    return career.next_kgb(employee, today)


def event_labels() -> list[tuple[str, str]]:
    return [(kind, str(EVENT_LABELS[kind])) for kind in EVENT_KINDS]
