"""Reads of the organisation, scoped through core.access."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from employees.models import Employee, EmployeeKind

from . import access
from .access import Actor
from .models import Instansi, UnitKerja


def unit_tree(*, actor: Actor, instansi: Instansi) -> QuerySet[UnitKerja]:
    """All units of an agency in tree order, each with its active employee count: one query."""
    return (
        access.units_visible_to(actor)
        .filter(instansi=instansi)
        .annotate(employee_count=Count("employees", filter=Q(employees__is_active=True)))
        .order_by("path")
    )


def instansi_overview(*, actor: Actor) -> QuerySet[Instansi]:
    return access.instansi_visible_to(actor).annotate(
        unit_count=Count("units", distinct=True),
    )


def employee_counts(queryset: QuerySet[Employee]) -> dict[str, int]:
    """Totals by kind for a scoped queryset: one aggregate query."""
    return queryset.aggregate(
        total=Count("pk"),
        pns=Count("pk", filter=Q(kind=EmployeeKind.PNS)),
        pppk=Count("pk", filter=Q(kind=EmployeeKind.PPPK)),
    )


def dashboard(*, actor: Actor) -> dict[str, Any]:
    """What each of the actor's roles shows on the home page."""
    data: dict[str, Any] = {"roles": actor.roles}
    if actor.is_superuser or actor.is_hr:
        instansi = access.instansi_managed_by(actor)
        data["agencies"] = list(
            instansi.annotate(
                employee_total=Count("units__employees", filter=Q(units__employees__is_active=True)),
            ).order_by("name")
        )
        data["unit_total"] = UnitKerja.objects.filter(instansi__in=instansi).count()
        scope = Employee.objects.filter(unit__instansi__in=instansi, is_active=True)
        data["hr_counts"] = employee_counts(scope)
        data["recent_changes"] = list(
            Employee.history.filter(unit__instansi__in=instansi)
            .select_related("history_user")
            .order_by("-history_date")[:8]
        )
    if actor.is_head:
        head = actor.head_of[0]
        subtree = Employee.objects.active().in_subtree(head.path).exclude(pk=actor.employee_id)
        data["head_unit"] = UnitKerja.objects.get(pk=head.unit_id)
        data["head_counts"] = employee_counts(subtree)
        data["subordinates"] = list(
            subtree.select_related("unit", "current_position").order_by("unit__path", "name")[:10]
        )
    if actor.is_employee:
        from employees.selectors import atasan_langsung

        me = Employee.objects.with_unit().get(pk=actor.employee_id)
        data["me"] = me
        data["atasan"] = atasan_langsung(me)
    return data
