"""Reads of correction proposals (usulan perubahan data): the values of a proposal as stored and as
shown, the side-by-side rows of a proposal, the HR queue and the employee's own list.

A proposal stores only the fields that change, as {"field": {"old": ..., "new": ...}} with dates
in ISO form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.db import models
from django.db.models import Case, Count, IntegerField, Min, QuerySet, Value, When

from core.access import Actor
from core.models import UnitKerja
from core.sorting import SortSpec

from .. import access
from ..choices import CorrectionStatus
from ..models import SENSITIVE_FIELDS, CorrectionProposal, Employee

# The fields an employee may propose to change, in form order. Everything else (NIP, unit, status,
# TMTs, rank and position) comes from decrees that HR records.
CORRECTABLE_FIELDS = (
    "front_title", "name", "back_title", "birth_place", "birth_date", "gender",
    "nik", "religion", "marital_status", "address", "phone", "email", "education", "nip_lama",
)  # fmt: skip


# --- Values -----------------------------------------------------------------------------------------
def serialize(value: Any) -> str:
    """How a value is stored in `changes`: dates in ISO form, empty as ""."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def current_values(employee: Employee) -> dict[str, str]:
    return {name: serialize(getattr(employee, name)) for name in CORRECTABLE_FIELDS}


def employee_field(name: str) -> models.Field:
    """The Employee field of a correctable name."""
    return cast(models.Field, Employee._meta.get_field(name))


def field_label(name: str) -> str:
    return str(employee_field(name).verbose_name)


def display(name: str, stored: str) -> Any:
    """A stored value for the page: the label of a choice, a date object, or the text."""
    if stored == "":
        return ""
    field = employee_field(name)
    if field.choices:
        return dict(field.flatchoices).get(stored, stored)
    if name == "birth_date":
        return date.fromisoformat(stored)
    return stored


# --- The proposal page, the queue, the employee's own list ------------------------------------
@dataclass(frozen=True)
class ChangeRow:
    name: str
    label: str
    old: Any
    new: Any
    current: Any
    conflict: bool
    hidden: bool  # a sensitive value the viewer may not see


def change_rows(proposal: CorrectionProposal, *, show_sensitive: bool) -> list[ChangeRow]:
    now = current_values(proposal.employee)
    rows = []
    for name, change in proposal.changes.items():
        hidden = name in SENSITIVE_FIELDS and not show_sensitive
        rows.append(
            ChangeRow(
                name=name,
                label=field_label(name),
                old=None if hidden else display(name, change["old"]),
                new=None if hidden else display(name, change["new"]),
                current=None if hidden else display(name, now.get(name, "")),
                conflict=proposal.is_pending and now.get(name) != change["old"],
                hidden=hidden,
            )
        )
    return rows


def pending_first() -> Case:
    return Case(
        When(status=CorrectionStatus.DIAJUKAN, then=Value(0)), default=Value(1), output_field=IntegerField()
    )


# The HR queue's sortable columns (core.sorting); by default pending first, then newest first.
QUEUE_SORT = SortSpec(
    {
        "pegawai": ("employee__name", "-submitted_at"),
        "unit": ("employee__unit__path", "employee__name"),
        "diajukan": ("submitted_at",),
        "status": ("queue_order", "-submitted_at"),
    },
    default="status",
    tiebreak=("-pk",),
)


def correction_queue(
    *,
    actor: Actor,
    status: str = "",
    unit: UnitKerja | None = None,
    search: str = "",
    sort: str = QUEUE_SORT.default,
) -> QuerySet[CorrectionProposal]:
    """Proposals the actor may see, in the order `sort` asks for (QUEUE_SORT; default pending
    first, then newest first)."""
    qs = access.corrections_visible_to(actor).select_related("employee__unit", "decided_by")
    if status in CorrectionStatus.values:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(employee__unit__path__startswith=unit.path)
    if search.strip():
        qs = qs.filter(employee__in=Employee.objects.search(search).values("pk"))
    return qs.annotate(queue_order=pending_first()).order_by(*QUEUE_SORT.parse(sort).ordering())


def own_corrections(*, actor: Actor) -> QuerySet[CorrectionProposal]:
    if actor.employee_id is None:
        return CorrectionProposal.objects.none()
    return (
        access.corrections_visible_to(actor)
        .filter(employee_id=actor.employee_id)
        .select_related("decided_by")
        .annotate(queue_order=pending_first())
        .order_by("queue_order", "-submitted_at", "-pk")
    )


def queue_units(*, actor: Actor) -> QuerySet[UnitKerja]:
    """The units offered as a filter of the HR queue: those of the officer's agencies."""
    return UnitKerja.objects.filter(instansi__in=access.instansi_managed_by(actor)).select_related("instansi")


def pending_summary(queryset: QuerySet[CorrectionProposal]) -> tuple[int, datetime | None]:
    """How many proposals of `queryset` wait for a decision, and when the oldest was sent: one query."""
    found = queryset.filter(status=CorrectionStatus.DIAJUKAN).aggregate(
        n=Count("pk"), oldest=Min("submitted_at")
    )
    return found["n"], found["oldest"]


def pending_for_review(*, actor: Actor) -> tuple[int, datetime | None]:
    """The HR queue's pending proposals (the queue's own scope): count and oldest submission."""
    return pending_summary(access.corrections_visible_to(actor))


def own_pending(*, actor: Actor) -> int:
    """The actor's own proposals still waiting for HR: one query."""
    if actor.employee_id is None:
        return 0
    return pending_summary(access.corrections_visible_to(actor).filter(employee_id=actor.employee_id))[0]
