"""Reads of the account pages: the account list of an agency, an account's trail, the HR officer posts."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.access import Actor, actor_for
from core.models import HrAssignment, Instansi, UnitKerja
from core.sorting import SortSpec, nulls_last
from employees.models import Employee

from . import access
from .choices import AccountEventKind, AccountState, TwoFactorState
from .models import AccountEvent, TwoFactorPolicy

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
        .annotate(employee_name=F("user__employee__name"), two_factor=Exists(_confirmed_totp("user")))
        .order_by("instansi__name", "user__username", "pk")
    )


# --- The second sign-in factor ------------------------------------------------------------------------
def _confirmed_totp(user_ref: str) -> QuerySet[TOTPDevice]:
    return TOTPDevice.objects.filter(user=OuterRef(user_ref), confirmed=True)


def has_two_factor(user_id: int | None) -> bool:
    """The account has a confirmed authenticator (it signs in with a code)."""
    return user_id is not None and TOTPDevice.objects.filter(user_id=user_id, confirmed=True).exists()


def recovery_codes_left(user_id: int | None) -> int:
    return StaticToken.objects.filter(device__user_id=user_id, device__confirmed=True).count()


def two_factor_required(actor: Actor) -> bool:
    """Must this actor sign in with a second factor (accounts.access.two_factor_required)?"""
    agencies = access.two_factor_policy_agencies(actor)
    required = (
        set(
            TwoFactorPolicy.objects.filter(instansi_id__in=agencies, required_for_hr=True).values_list(
                "instansi_id", flat=True
            )
        )
        if agencies
        else set()
    )
    return access.two_factor_required(
        actor,
        required_agency_ids=required,
        superusers_required=settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS,
    )


def two_factor_session_state(user) -> str:
    """What a new session of `user` owes the second factor: a code (VERIFY) when the account has an
    authenticator, an enrolment (ENROL) when it must have one and has none, else nothing (OK)."""
    if has_two_factor(user.pk):
        return TwoFactorState.VERIFY
    if two_factor_required(actor_for(user)):
        return TwoFactorState.ENROL
    return TwoFactorState.OK


def two_factor_required_agencies() -> QuerySet[Instansi]:
    """The agencies whose HR officers must use a second factor (the superuser's officer page)."""
    return Instansi.objects.filter(
        pk__in=TwoFactorPolicy.objects.filter(required_for_hr=True).values("instansi_id")
    ).order_by("name")
