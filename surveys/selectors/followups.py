"""Reads of follow-ups (tindak lanjut) for HR and heads: the list with its filters, one follow-up, and
whom it may be assigned to."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from core.access import Actor
from core.sorting import SortSpec
from employees.models import Employee

from .. import access
from ..choices import FollowUpState
from ..models import FollowUp, ServiceUnit

# Open states first in the order they are worked through.
STATE_ORDER = Case(
    *(When(state=state, then=Value(i)) for i, state in enumerate(FollowUpState.values)),
    default=Value(99),
    output_field=IntegerField(),
)

# The sortable columns of the follow-up list (core.sorting); newest first by default.
FOLLOW_UP_SORT = SortSpec(
    {
        "dibuat": ("created_at",),
        "tiket": ("ticket",),
        "unit": ("service_unit__name", "-created_at"),
        "status": (STATE_ORDER, "-created_at"),
    },
    default="-dibuat",
    tiebreak=("-pk",),
)

OPEN = "terbuka"
ALL = "semua"


def follow_up_list(
    *,
    actor: Actor,
    state: str = OPEN,
    service_unit: ServiceUnit | None = None,
    search: str = "",
    sort: str = FOLLOW_UP_SORT.default,
) -> QuerySet[FollowUp]:
    """The follow-ups of the service units the actor sees: open ones by default (`state` "terbuka"),
    all ("semua") or one state; of one service unit; by ticket code or words of the suggestion."""
    qs = access.follow_ups_visible_to(actor)
    if state == OPEN:
        qs = qs.exclude(state=FollowUpState.CLOSED)
    elif state in FollowUpState.values:
        qs = qs.filter(state=state)
    if service_unit is not None:
        qs = qs.filter(service_unit=service_unit)
    search = search.strip()
    if search:
        qs = qs.filter(Q(ticket__iexact=search) | Q(response__suggestion__icontains=search))
    return qs.select_related("service_unit", "response__service", "assigned_to").order_by(
        *FOLLOW_UP_SORT.parse(sort).ordering()
    )


def filter_service_units(actor: Actor) -> QuerySet[ServiceUnit]:
    """The service units the list's filter offers."""
    return access.service_units_visible_to(actor).only("pk", "name").order_by("name", "pk")


def assignees(actor: Actor, follow_up: FollowUp) -> QuerySet[Employee]:
    """Whom the actor may assign the follow-up to (surveys.access.employees_for_follow_up)."""
    return access.employees_for_follow_up(actor, follow_up).select_related("unit").order_by("name", "pk")
