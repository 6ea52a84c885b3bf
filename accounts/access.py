"""Who may manage accounts: HR officers the accounts of their agency's employees (never their own),
the superuser every account and the HR officer posts. Built only from core.access.

The convention of core.access: an employee of another agency does not exist for the actor (404); one
of their own agency they may not manage is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from core.access import (
    Actor,
    agencies,
    agency_ids,
    get_or_404,
    has_hr_role,
    has_superuser_role,
    is_hr_of,
    is_member_of,
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


# --- The second sign-in factor ------------------------------------------------------------------------
def two_factor_policy_agencies(actor: Actor) -> frozenset[int]:
    """The agencies whose two-factor policy binds the actor: those they keep as HR (a superuser is
    bound by TWO_FACTOR_REQUIRED_FOR_SUPERUSERS instead, see two_factor_required)."""
    if has_superuser_role(actor) or not has_hr_role(actor):
        return frozenset()
    return agency_ids(actor) or frozenset()


def two_factor_required(actor: Actor, *, required_agency_ids: set[int], superusers_required: bool) -> bool:
    """Must the actor sign in with a second factor? A superuser when the setting says so; an HR officer
    of an agency whose policy requires it; nobody else (they may enrol of their own accord)."""
    if has_superuser_role(actor):
        return superusers_required
    return any(is_hr_of(actor, instansi_id) for instansi_id in required_agency_ids)


def can_manage_two_factor_policy(actor: Actor) -> bool:
    """Only a superuser decides an agency's policy: an HR officer must not lift their own requirement."""
    return has_superuser_role(actor)


@dataclass(frozen=True)
class TwoFactorAccount:
    """An account whose second factor someone else resets, with the facts the rule needs."""

    user: Any
    employee: Employee | None
    hr_instansi_ids: frozenset[int]

    @property
    def instansi_ids(self) -> frozenset[int]:
        """The agencies the account belongs to: its employee record's and those it keeps as HR."""
        ids = set(self.hr_instansi_ids)
        if self.employee is not None:
            ids.add(self.employee.unit.instansi_id)
        return frozenset(ids)

    @property
    def instansi_id(self) -> int | None:
        """The agency an audit row of the account names (its employee record's first)."""
        if self.employee is not None:
            return self.employee.unit.instansi_id
        return min(self.hr_instansi_ids) if self.hr_instansi_ids else None


def can_reset_two_factor(actor: Actor, account: TwoFactorAccount) -> bool:
    """A lost device is reset by another HR officer of the account's agency or by a superuser, never by
    its owner through this path (they would need no second factor at all). An account that reaches
    further than the actor (a superuser or staff account, HR of an agency the actor does not keep) is
    reset by a superuser only."""
    if actor.user_id == account.user.pk:
        return False
    if has_superuser_role(actor):
        return True
    return any(is_hr_of(actor, i) for i in account.instansi_ids) and can_link_user(
        actor, account.user, set(account.hr_instansi_ids)
    )


def get_two_factor_account(actor: Actor, user_id: int) -> TwoFactorAccount:
    """The account whose second factor the actor resets: 404 when it belongs to none of the actor's
    agencies (another agency's HR sees nothing), 403 when it does but the actor may not (their own, a
    colleague's without HR rights, a superuser's)."""
    user = get_or_404(get_user_model().objects.all(), pk=user_id)
    employee = Employee.objects.filter(user=user).select_related("unit").first()
    hr_ids = frozenset(HrAssignment.objects.filter(user=user).values_list("instansi_id", flat=True))
    account = TwoFactorAccount(user=user, employee=employee, hr_instansi_ids=hr_ids)
    shared = [i for i in sorted(account.instansi_ids) if is_member_of(actor, i)]
    if actor.user_id == user.pk:
        require(False)  # one's own: visible, never through this path
    require_in_agency(actor, can_reset_two_factor(actor, account), shared[0] if shared else None)
    return account
