"""The access core: who is asking (the Actor) and the primitives every app's access module is built from.

Roles (a user may hold several at once):
- superuser: everything;
- HR officer of an instansi (HrAssignment): every unit and employee of that instansi, may change them;
- head of a unit (the employee holding the unit's head position): sees the unit's subtree;
- employee: sees their own record.

Each app states the rules for its own objects in its own `access.py` (employees/access.py,
performance/access.py, ...), using only what is here; views, selectors, services, exports and tasks
ask that module, and nothing else reads the role fields of an Actor (tests/core/test_access_core.py
holds this). This module imports no app: the import contracts in pyproject.toml hold that.

The convention: visibility answers "does this object exist for you?" (no -> 404); permission answers
"may you do this?" (visible but not allowed -> 403). Where an object belongs to an agency, a refusal
inside the actor's own agency is a 403 and anywhere else a 404 (`deny`), so ids of other agencies
reveal nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NoReturn, TypeVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.module_loading import import_string

from core.models import ExportFile, Instansi, UnitKerja

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class HeadOf:
    unit_id: int
    path: str
    instansi_id: int


@dataclass(frozen=True)
class Actor:
    """What the access rules need to know about the person asking, loaded once per request."""

    user_id: int | None
    is_superuser: bool = False
    employee_id: int | None = None
    employee_unit_id: int | None = None
    employee_instansi_id: int | None = None
    hr_instansi_ids: frozenset[int] = field(default_factory=frozenset)
    head_of: tuple[HeadOf, ...] = ()

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_hr(self) -> bool:
        return bool(self.hr_instansi_ids)

    @property
    def is_head(self) -> bool:
        return bool(self.head_of)

    @property
    def is_employee(self) -> bool:
        return self.employee_id is not None

    @property
    def member_instansi_ids(self) -> frozenset[int]:
        """Agencies the actor belongs to, as HR or as an employee."""
        ids = set(self.hr_instansi_ids)
        if self.employee_instansi_id is not None:
            ids.add(self.employee_instansi_id)
        return frozenset(ids)

    @property
    def roles(self) -> list[str]:
        found = []
        if self.is_superuser:
            found.append("superuser")
        if self.is_hr:
            found.append("hr")
        if self.is_head:
            found.append("head")
        if self.is_employee:
            found.append("employee")
        return found


ANONYMOUS = Actor(user_id=None)


# --- Loading the actor ----------------------------------------------------------------------------
# The actor's own employee record lives in the employees app, which core does not import: the
# setting ACTOR_LOADER names the function that builds an Actor (as AUTH_USER_MODEL names the user model).
@cache
def _loader() -> Any:
    return import_string(settings.ACTOR_LOADER)


def actor_for(user: Any) -> Actor:
    """The actor of a user (settings.ACTOR_LOADER; at most two queries)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    actor: Actor = _loader()(user)
    return actor


def build_actor(
    *,
    user: Any,
    employee_id: int | None,
    unit_id: int | None,
    unit_path: str | None,
    instansi_id: int | None,
    is_unit_head: bool,
    hr_instansi_ids: Iterable[int],
) -> Actor:
    """An Actor from the facts the loader read: the user, their active employee record, their HR posts."""
    head_of: tuple[HeadOf, ...] = ()
    if is_unit_head and unit_id is not None and unit_path is not None and instansi_id is not None:
        head_of = (HeadOf(unit_id=unit_id, path=unit_path, instansi_id=instansi_id),)
    return Actor(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        employee_id=employee_id,
        employee_unit_id=unit_id,
        employee_instansi_id=instansi_id,
        hr_instansi_ids=frozenset(hr_instansi_ids),
        head_of=head_of,
    )


# --- Role predicates ------------------------------------------------------------------------------
def has_superuser_role(actor: Actor) -> bool:
    return actor.is_superuser


def has_hr_role(actor: Actor) -> bool:
    """An HR officer of some agency (or the superuser)."""
    return actor.is_superuser or actor.is_hr


def has_head_role(actor: Actor) -> bool:
    """The head of some unit (superusers are not heads by being superusers)."""
    return actor.is_head


def has_hr_or_head_role(actor: Actor) -> bool:
    return actor.is_superuser or actor.is_hr or actor.is_head


def has_employee_record(actor: Actor) -> bool:
    return actor.employee_id is not None


def is_hr_of(actor: Actor, instansi_id: int) -> bool:
    """HR of that agency, or the superuser."""
    return actor.is_superuser or instansi_id in actor.hr_instansi_ids


def is_member_of(actor: Actor, instansi_id: int) -> bool:
    """Works in that agency (as HR or as an employee), or is the superuser."""
    return actor.is_superuser or instansi_id in actor.member_instansi_ids


def is_self(actor: Actor, employee_id: int | None) -> bool:
    """The actor's own employee record."""
    return actor.employee_id is not None and employee_id == actor.employee_id


def heads_over(actor: Actor, unit_path: str, instansi_id: int | None = None) -> bool:
    """The actor heads `unit_path` or a unit above it (in `instansi_id`, when given)."""
    return any(
        unit_path.startswith(head.path) and (instansi_id is None or head.instansi_id == instansi_id)
        for head in actor.head_of
    )


def head_start_unit_id(actor: Actor, instansi_id: int) -> int | None:
    """Where a head's scoped pages (monitoring, reports) start when no unit is named: the unit they
    head in that agency, or None."""
    heads = headed_units(actor, instansi_id)
    return heads[0].unit_id if heads else None


def headed_units(actor: Actor, instansi_id: int | None = None) -> list[HeadOf]:
    """The units the actor heads (in `instansi_id`, when given): where a head's pages start."""
    return [h for h in actor.head_of if instansi_id is None or h.instansi_id == instansi_id]


# --- Scope builders ---------------------------------------------------------------------------------
NOTHING = Q(pk__in=[])


def people_in_scope(
    actor: Actor,
    *,
    via: str = "",
    hr: bool = True,
    heads: bool = True,
    own: bool = True,
    also: Iterable[str] = (),
    instansi_id: int | None = None,
    not_self: bool = False,
) -> Q:
    """A filter for "the people the actor may see", on Employee (`via=""`) or on anything with a path
    to one (`via="employee__"`).

    hr: everyone in the actor's HR agencies; heads: everyone in the subtrees the actor heads;
    own: the actor's own record, plus the employee fields in `also` that point at the actor (an SKP's
    `appraiser_id`); instansi_id: only that agency (HR of it, or the superuser: all of it);
    not_self: never the actor's own record. The superuser sees everyone.
    """
    if instansi_id is not None:
        if actor.is_superuser or (hr and instansi_id in actor.hr_instansi_ids):
            q = Q(**{f"{via}unit__instansi_id": instansi_id})
        else:
            q = NOTHING
            if heads:
                for head in headed_units(actor, instansi_id):
                    q |= Q(**{f"{via}unit__path__startswith": head.path})
            if own and actor.employee_instansi_id == instansi_id:
                q |= _own(actor, via, also)
    elif actor.is_superuser:
        q = Q()
    else:
        q = NOTHING
        if hr and actor.hr_instansi_ids:
            q |= Q(**{f"{via}unit__instansi_id__in": actor.hr_instansi_ids})
        if heads:
            for head in actor.head_of:
                q |= Q(**{f"{via}unit__path__startswith": head.path})
        if own:
            q |= _own(actor, via, also)
    if not_self and actor.employee_id is not None:
        q &= ~Q(**{f"{via}pk": actor.employee_id})
    return q


def _own(actor: Actor, via: str, also: Iterable[str]) -> Q:
    if actor.employee_id is None:
        return NOTHING
    q = Q(**{f"{via}pk": actor.employee_id})
    for lookup in also:
        q |= Q(**{lookup: actor.employee_id})
    return q


def units_in_scope(actor: Actor, *, hr: bool = True, heads: bool = True, instansi_id: int | None = None) -> Q:
    """A filter on UnitKerja: the units of the actor's HR agencies and the subtrees they head."""
    if instansi_id is not None:
        if actor.is_superuser or (hr and instansi_id in actor.hr_instansi_ids):
            return Q(instansi_id=instansi_id)
        q = NOTHING
        if heads:
            for head in headed_units(actor, instansi_id):
                q |= Q(path__startswith=head.path)
        return q
    if actor.is_superuser:
        return Q()
    q = NOTHING
    if hr and actor.hr_instansi_ids:
        q |= Q(instansi_id__in=actor.hr_instansi_ids)
    if heads:
        for head in actor.head_of:
            q |= Q(path__startswith=head.path)
    return q


def agency_ids(
    actor: Actor, *, hr: bool = True, heads: bool = False, own: bool = False
) -> frozenset[int] | None:
    """Ids of the agencies the actor reaches (None: all of them, for the superuser).

    hr: the agencies they keep as HR; heads: the agencies of the units they head; own: their own
    employee record's agency.
    """
    if actor.is_superuser:
        return None
    ids = set(actor.hr_instansi_ids) if hr else set()
    if heads:
        ids |= {head.instansi_id for head in actor.head_of}
    if own and actor.employee_instansi_id is not None:
        ids.add(actor.employee_instansi_id)
    return frozenset(ids)


def agencies(actor: Actor, *, hr: bool = True, heads: bool = False, own: bool = False) -> QuerySet[Instansi]:
    """The agencies the actor reaches (see agency_ids)."""
    ids = agency_ids(actor, hr=hr, heads=heads, own=own)
    return Instansi.objects.all() if ids is None else Instansi.objects.filter(pk__in=ids)


def in_agencies(
    queryset: QuerySet[M], actor: Actor, *, field: str = "instansi_id", hr: bool = True, own: bool = False
) -> QuerySet[M]:
    """`queryset` narrowed to the agencies the actor reaches (see agency_ids)."""
    ids = agency_ids(actor, hr=hr, own=own)
    return queryset if ids is None else queryset.filter(**{f"{field}__in": ids})


# --- Enforcement ------------------------------------------------------------------------------------
def require(allowed: bool) -> None:
    """Visible but not allowed: 403."""
    if not allowed:
        raise PermissionDenied


def get_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    """The one object of a scoped queryset matching `lookup`, or 404."""
    try:
        return queryset.get(**lookup)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def deny(actor: Actor, instansi_id: int | None) -> NoReturn:
    """Refuse: 403 inside the actor's own agency (the page exists for them), 404 anywhere else."""
    if actor.is_authenticated and instansi_id is not None and instansi_id in actor.member_instansi_ids:
        raise PermissionDenied
    raise Http404


def require_in_agency(actor: Actor, allowed: bool, instansi_id: int | None) -> None:
    """`require` with the agency convention of `deny`."""
    if not allowed:
        deny(actor, instansi_id)


# --- The organisation (core's own objects) -----------------------------------------------------------
def instansi_visible_to(actor: Actor) -> QuerySet[Instansi]:
    """Agencies the actor works in."""
    return agencies(actor, own=True)


def instansi_managed_by(actor: Actor) -> QuerySet[Instansi]:
    """Agencies whose HR data the actor keeps."""
    return agencies(actor)


def units_visible_to(actor: Actor) -> QuerySet[UnitKerja]:
    """The organisation chart of an agency is open to everyone who works in it."""
    return in_agencies(UnitKerja.objects.all(), actor, own=True)


def can_manage_units(actor: Actor, instansi_id: int) -> bool:
    return is_hr_of(actor, instansi_id)


def can_view_history(actor: Actor, instansi_id: int) -> bool:
    """The audit trail of HR data is for the HR officers of the agency."""
    return is_hr_of(actor, instansi_id)


def get_instansi(actor: Actor, pk: int) -> Instansi:
    return get_or_404(instansi_visible_to(actor), pk=pk)


def get_unit(actor: Actor, pk: int) -> UnitKerja:
    return get_or_404(units_visible_to(actor).select_related("instansi", "parent"), pk=pk)


def agency_time_zone(actor: Actor) -> str | None:
    """The IANA zone of the actor's agency (own record first, then the HR agency)."""
    instansi_id = actor.employee_instansi_id
    if instansi_id is None and actor.hr_instansi_ids:
        instansi_id = min(actor.hr_instansi_ids)
    if instansi_id is None:
        return None
    return Instansi.objects.filter(pk=instansi_id).values_list("time_zone", flat=True).first()


# --- Exports built by a job (core.exports): only the person who asked sees them ---------------------
def exports_of(actor: Actor) -> QuerySet[ExportFile]:
    return ExportFile.objects.filter(requested_by_id=actor.user_id).order_by("-created_at", "-pk")


def get_export(actor: Actor, pk: int) -> ExportFile:
    """The actor's own export; anyone else's is a 404 (its existence is nobody else's business)."""
    return get_or_404(exports_of(actor), pk=pk)
