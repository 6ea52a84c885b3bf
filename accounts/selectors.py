"""Reads of the account pages: the account list of an agency, an account's trail, the HR officer posts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, CharField, F, OuterRef, Q, QuerySet, Subquery, Value, When

from core.access import Actor
from core.models import HrAssignment, Instansi, UnitKerja
from core.sorting import SortSpec, nulls_last
from employees.models import Employee

from . import access
from .choices import AccountEventKind, AccountState
from .models import AccountEvent

ACCOUNT_SORT = SortSpec(
    {
        "nama": ("name", "nip"),
        "nip": ("nip",),
        "unit": ("unit__path", "name"),
        "status": ("account_state", "name"),
        "login": (nulls_last("user__last_login"), "name"),
    },
    default="nama",
)


def account_state() -> Case:
    """The AccountState of an employee row, in SQL: no account, deactivated, waiting for its first
    password (an unusable password starts with "!"), or active."""
    return Case(
        When(user__isnull=True, then=Value(AccountState.NONE.value)),
        When(user__is_active=False, then=Value(AccountState.DEACTIVATED.value)),
        When(user__password__startswith="!", then=Value(AccountState.INVITED.value)),
        default=Value(AccountState.ACTIVE.value),
        output_field=CharField(),
    )


def last_invited_at() -> Subquery:
    return Subquery(
        AccountEvent.objects.filter(user_id=OuterRef("user_id"), kind=AccountEventKind.INVITED)
        .order_by("-created_at")
        .values("created_at")[:1]
    )


@dataclass(frozen=True)
class AccountFilters:
    q: str = ""
    state: str = ""
    unit: UnitKerja | None = None


def accounts_of(*, actor: Actor, instansi: Instansi, filters: AccountFilters) -> QuerySet[Employee]:
    """The employees of one agency whose accounts the actor manages, with their account state, the
    account's last login and last invitation: one query per page, whatever the rows."""
    qs = (
        Employee.objects.filter(access.manageable_accounts(actor, instansi.pk))
        .annotate(account_state=account_state(), invited_at=last_invited_at())
        .select_related("unit", "user")
        .only(
            "pk", "nip", "name", "front_title", "back_title", "email", "working_state", "is_active",
            "unit__id", "unit__name", "unit__path", "user__id", "user__username", "user__email",
            "user__is_active", "user__last_login",
        )
    )  # fmt: skip
    if filters.q:
        term = filters.q.strip()
        digits = term.replace(" ", "").replace(".", "")
        match = Q(name__icontains=term) | Q(user__username__iexact=term)
        if digits.isdigit():
            match |= Q(nip__startswith=digits)
        qs = qs.filter(match)
    if filters.state in AccountState.values:
        qs = qs.filter(account_state=filters.state)
    if filters.unit is not None:
        qs = qs.filter(unit__path__startswith=filters.unit.path)
    return qs


def account_events(*, user_id: int | None, limit: int = 50) -> list[AccountEvent]:
    if user_id is None:
        return []
    return list(AccountEvent.objects.filter(user_id=user_id).select_related("actor")[:limit])


def hr_assignments(*, actor: Actor) -> QuerySet[HrAssignment]:
    return (
        access.hr_assignments_visible_to(actor)
        .select_related("user", "instansi")
        .annotate(employee_name=F("user__employee__name"))
        .order_by("instansi__name", "user__username", "pk")
    )
