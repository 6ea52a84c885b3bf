"""Reads of the personnel record, always scoped through core.access first."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from core import access
from core.access import Actor
from core.models import UnitKerja, ids_from_path

from .models import Employee

SORTS = {
    "nama": ("name", "nip"),
    "-nama": ("-name", "-nip"),
    "nip": ("nip",),
    "-nip": ("-nip",),
    "unit": ("unit__path", "name"),
    "golongan": ("golongan", "name"),
    "-golongan": ("-golongan", "name"),
}


def employee_list(
    *,
    actor: Actor,
    search: str = "",
    unit: UnitKerja | None = None,
    kind: str = "",
    active: bool | None = True,
    sort: str = "nama",
) -> QuerySet[Employee]:
    qs = access.employees_visible_to(actor).with_unit()
    if active is not None:
        qs = qs.filter(is_active=active)
    if unit is not None:
        qs = qs.in_subtree(unit.path)
    if kind:
        qs = qs.filter(kind=kind)
    qs = qs.search(search)
    return qs.order_by(*SORTS.get(sort, SORTS["nama"]))


def atasan_langsung(employee: Employee) -> Employee | None:
    """The head of the employee's unit, or of the parent unit when they are that head.

    Where that unit's head position is vacant we go on up to the nearest unit that has a head
    (our reading of common practice, noted in docs/domain-notes.md). One query.
    """
    ancestry = ids_from_path(employee.unit.path)
    if employee.is_unit_head:
        ancestry = ancestry[:-1]
    if not ancestry:
        return None
    depth_rank = Case(
        *[When(unit_id=uid, then=Value(i)) for i, uid in enumerate(ancestry)],
        output_field=IntegerField(),
    )
    return (
        Employee.objects.filter(unit_id__in=ancestry, is_unit_head=True, is_active=True)
        .exclude(pk=employee.pk)
        .select_related("unit")
        .annotate(depth_rank=depth_rank)
        .order_by("-depth_rank")
        .first()
    )
