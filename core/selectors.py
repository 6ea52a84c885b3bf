"""Reads of the organisation, scoped through core.access."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

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
