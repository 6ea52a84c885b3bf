"""Reads of enrolments: the actor's own, the approval queue (atasan and HR), a programme's
participants and waitlist, an enrolment's steps."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from core.access import Actor
from core.models import UnitKerja
from core.sorting import SortSpec
from employees.models import Employee

from .. import access
from ..choices import EnrolmentState
from ..models import Enrolment, EnrolmentStep, Programme
from ..rules import ACTIVE_STATES

ENROLMENT_SORT = SortSpec(
    {
        "diajukan": ("requested_at",),
        "program": ("programme__title", "requested_at"),
        "mulai": ("programme__start_date", "requested_at"),
        "pegawai": ("employee__name", "requested_at"),
        "status": ("state", "requested_at"),
    },
    default="-diajukan",
)

JOINS = ("programme__instansi", "employee__unit", "approver")


def my_enrolments(
    *, actor: Actor, search: str = "", state: str = "", sort: str = ENROLMENT_SORT.default
) -> QuerySet[Enrolment]:
    """The actor's own enrolments (any state), newest first."""
    if actor.employee_id is None:
        return Enrolment.objects.none()
    qs = Enrolment.objects.filter(employee_id=actor.employee_id)
    return _filtered(qs, search=search, state=state, sort=sort)


def queue(*, actor: Actor, search: str = "", state: str = "", sort: str = "diajukan") -> QuerySet[Enrolment]:
    """What waits for the actor (access.approval_queue), oldest first."""
    return _filtered(access.approval_queue(actor), search=search, state=state, sort=sort)


def _filtered(qs: QuerySet[Enrolment], *, search: str, state: str, sort: str) -> QuerySet[Enrolment]:
    if state:
        qs = qs.filter(state=state)
    for word in search.split()[:5]:
        qs = qs.filter(
            Q(programme__title__icontains=word) | Q(employee__name__icontains=word) | Q(employee__nip=word)
        )
    return qs.select_related(*JOINS).order_by(*ENROLMENT_SORT.parse(sort).ordering())


def participants(programme: Programme) -> QuerySet[Enrolment]:
    """Everyone enrolled in a programme, by state then name (HR's list on the programme page)."""
    return programme.enrolments.select_related("employee__unit", "approver").order_by(
        "state", "waitlisted_at", "employee__name", "pk"
    )


def waitlist(programme: Programme) -> QuerySet[Enrolment]:
    """The waitlist in its order: who waited first is promoted first."""
    return programme.enrolments.filter(state=EnrolmentState.WAITLISTED).order_by("waitlisted_at", "pk")


def steps_of(enrolment: Enrolment) -> QuerySet[EnrolmentStep]:
    return enrolment.steps.select_related("actor").order_by("at", "pk")


# --- Whom to nominate ------------------------------------------------------------------------------------------
NOMINEE_SORT = SortSpec({"nama": ("name", "pk"), "unit": ("unit__path", "name", "pk")}, default="nama")


def nominees(
    *,
    actor: Actor,
    programme: Programme,
    search: str = "",
    unit: UnitKerja | None = None,
    sort: str = NOMINEE_SORT.default,
) -> QuerySet[Employee]:
    """The employees the actor may nominate for the programme (access.nominees_for), found by name or
    NIP and narrowed to a unit's subtree, with whether each is enrolled already (one query a page).
    Eligibility is the service's: a refused nomination is reported with its reason."""
    qs = access.nominees_for(actor, programme)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    for word in search.split()[:5]:
        qs = qs.filter(Q(name__icontains=word) | Q(nip__startswith=word))
    enrolled = Enrolment.objects.filter(
        programme=programme, employee_id=OuterRef("pk"), state__in=sorted(ACTIVE_STATES)
    )
    return (
        qs.select_related("unit", "current_rank", "current_position")
        .annotate(enrolled=Exists(enrolled))
        .order_by(*NOMINEE_SORT.parse(sort).ordering())
    )


def nominee_units(programme: Programme) -> QuerySet[UnitKerja]:
    """The units offered as the nomination page's filter: the programme's agency's."""
    return UnitKerja.objects.filter(instansi_id=programme.instansi_id).order_by("path")
