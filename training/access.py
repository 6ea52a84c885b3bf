"""Who may see or change training objects. Built only from core.access."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.access import (
    Actor,
    agencies,
    deny,
    get_instansi,
    has_employee_record,
    has_hr_or_head_role,
    head_start_unit_id,
    heads_over,
    is_hr_of,
    people_in_scope,
    require,
    require_in_agency,
    units_in_scope,
)
from core.access import get_unit as core_get_unit
from core.models import Instansi, UnitKerja

__all__ = ["Actor", "require"]

# --- JP compliance ---------------------------------------------------------------------------------------
# The dashboard of the 20 JP duty: HR of an instansi sees every unit and employee of it; a head sees
# their unit's subtree (themself included, as in the unit totals);
# an employee sees their own JP ("JP saya"). Only HR starts a recompute.


def can_view_compliance(actor: Actor) -> bool:
    """The dashboard is for HR and heads; employees see their own JP on "JP saya"."""
    return has_hr_or_head_role(actor)


def compliance_agencies(actor: Actor) -> QuerySet[Instansi]:
    """The agencies whose dashboard the actor sees: HR's agencies and those of the units they head."""
    return agencies(actor, heads=True)


def get_compliance_instansi(actor: Actor, pk: int) -> Instansi:
    """An agency the actor works in (else 404) whose dashboard they see (else 403)."""
    instansi = get_instansi(actor, pk)
    require_in_agency(actor, compliance_agencies(actor).filter(pk=pk).exists(), instansi.pk)
    return instansi


def sees_whole_agency(actor: Actor, instansi_id: int) -> bool:
    return is_hr_of(actor, instansi_id)


def compliance_unit_scope(actor: Actor, instansi_id: int) -> Q:
    """A filter on UnitKerja: the units of the agency the actor's dashboard covers."""
    return units_in_scope(actor, instansi_id=instansi_id)


def compliance_people_scope(actor: Actor, instansi_id: int, *, via: str = "employee__") -> Q:
    """A filter on anything with a path to an employee: the people of the agency in the actor's
    dashboard (HR: all; a head: their subtree, themself included, as in the unit totals)."""
    return people_in_scope(actor, via=via, own=False, instansi_id=instansi_id)


def get_compliance_unit(actor: Actor, pk: int) -> UnitKerja:
    """A unit of an agency the actor works in (else 404) that their dashboard covers (else 403)."""
    unit = core_get_unit(actor, pk)
    allowed = is_hr_of(actor, unit.instansi_id) or heads_over(actor, unit.path, unit.instansi_id)
    if not allowed:
        deny(actor, unit.instansi_id)
    return unit


def compliance_start_unit_id(actor: Actor, instansi_id: int) -> int | None:
    """Where a head's dashboard starts: the unit they head (None for HR: the whole agency)."""
    if sees_whole_agency(actor, instansi_id):
        return None
    start = head_start_unit_id(actor, instansi_id)
    require(start is not None)
    return start


def can_recompute_compliance(actor: Actor, instansi_id: int) -> bool:
    """Starting a recompute on demand: HR of the agency."""
    return is_hr_of(actor, instansi_id)


def can_view_own_jp(actor: Actor) -> bool:
    return has_employee_record(actor)


def compliance_in_menu(actor: Actor) -> bool:
    return can_view_compliance(actor)
