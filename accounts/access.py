"""Who may manage accounts: HR officers the accounts of their agency's employees (never their own),
the superuser every account and the HR officer posts. Built only from core.access.

The convention of core.access: an employee of another agency does not exist for the actor (404); one
of their own agency they may not manage is a 403.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from core.access import (
    Actor,
    agencies,
    get_or_404,
    has_hr_role,
    has_superuser_role,
    is_hr_of,
    is_self,
    require,
    require_in_agency,
)
from core.models import HrAssignment, Instansi, UnitKerja
from employees.models import Employee

__all__ = ["Actor", "require"]


# --- Accounts of employees (HR of the agency) -------------------------------------------------------
def can_manage_accounts(actor: Actor) -> bool:
    """The account pages: HR officers and the superuser."""
    return has_hr_role(actor)


def can_manage_accounts_of(actor: Actor, instansi_id: int) -> bool:
    return is_hr_of(actor, instansi_id)


def account_agencies(actor: Actor) -> QuerySet[Instansi]:
    """The agencies whose accounts the actor manages (the superuser: all)."""
    return agencies(actor)


def account_units(actor: Actor, instansi_id: int) -> QuerySet[UnitKerja]:
    """Units offered as a filter of the account list of one agency."""
    if not is_hr_of(actor, instansi_id):
        return UnitKerja.objects.none()
    return UnitKerja.objects.filter(instansi_id=instansi_id)


def manageable_accounts(actor: Actor, instansi_id: int) -> Q:
    """A filter on Employee: the records of one agency whose accounts the actor manages (never their
    own: nobody grants or revokes their own access)."""
    if not is_hr_of(actor, instansi_id):
        return Q(pk__in=[])
    q = Q(unit__instansi_id=instansi_id)
    if actor.employee_id is not None and not has_superuser_role(actor):
        q &= ~Q(pk=actor.employee_id)
    return q


def can_manage_account(actor: Actor, employee: Employee) -> bool:
    if has_superuser_role(actor):
        return True
    return is_hr_of(actor, employee.unit.instansi_id) and not is_self(actor, employee.pk)


def get_account_employee(actor: Actor, pk: int) -> Employee:
    """An employee whose account the actor manages: 404 outside their agencies, 403 inside."""
    employee = get_or_404(Employee.objects.select_related("unit__instansi", "user"), pk=pk)
    require_in_agency(actor, can_manage_account(actor, employee), employee.unit.instansi_id)
    return employee


def can_link_user(actor: Actor, user: Any, hr_instansi_ids: set[int]) -> bool:
    """An existing account may be linked to an employee only when it cannot reach further than the
    actor: not a superuser or staff account, HR of no agency the actor does not keep."""
    if has_superuser_role(actor):
        return True
    if user.is_superuser or user.is_staff:
        return False
    return all(is_hr_of(actor, instansi_id) for instansi_id in hr_instansi_ids)


# --- HR officer posts (the superuser) -----------------------------------------------------------------
def can_manage_hr_assignments(actor: Actor) -> bool:
    return has_superuser_role(actor)


def hr_assignments_visible_to(actor: Actor) -> QuerySet[HrAssignment]:
    require(can_manage_hr_assignments(actor))
    return HrAssignment.objects.all()


def get_hr_assignment(actor: Actor, pk: int) -> HrAssignment:
    return get_or_404(hr_assignments_visible_to(actor).select_related("user", "instansi"), pk=pk)


def accounts_in_menu(actor: Actor) -> bool:
    return can_manage_accounts(actor)


def hr_assignments_in_menu(actor: Actor) -> bool:
    return can_manage_hr_assignments(actor)
