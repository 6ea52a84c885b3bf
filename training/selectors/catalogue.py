"""Reads of the catalogue: partners and their agreements, the competency list, HR's programme list,
and the programmes open to an employee (eligibility applied in the query, never row by row)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.access import Actor
from core.models import Instansi, ids_from_path
from core.sorting import SortSpec
from employees.models import Employee

from .. import access
from ..choices import EnrolmentState
from ..models import Competency, Enrolment, PartnerAgreement, PartnerInstitution, Programme, Session
from ..querysets import golongan_rank
from ..rules import ACTIVE_STATES, SEAT_STATES, golongan_order

PROGRAMME_SORT = SortSpec(
    {
        "mulai": ("start_date",),
        "judul": ("title",),
        "jp": ("jp",),
        "kuota": ("quota",),
        "status": ("state", "start_date"),
    },
    default="mulai",
)
WAITING = [EnrolmentState.REQUESTED, EnrolmentState.APPROVED, EnrolmentState.WAITLISTED]
PARTNER_SORT = SortSpec({"nama": ("name",), "jenis": ("kind", "name")}, default="nama")


def count_of(queryset: QuerySet, link: str) -> Coalesce:
    """A correlated COUNT(*) of `queryset` rows whose `link` is the outer row (0 when none)."""
    counted = (
        queryset.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def seats_taken() -> Coalesce:
    return count_of(Enrolment.objects.filter(state__in=sorted(SEAT_STATES)), "programme")


def _search(qs: QuerySet[Programme], search: str) -> QuerySet[Programme]:
    """Every word is somewhere in the title, description, organiser (name, partner, unit) or a
    competency addressed (code, name or the free notes); the competencies in an EXISTS, so a
    programme is listed once and the page stays one query."""
    for word in search.split()[:5]:
        competency = Programme.competencies.through.objects.filter(programme_id=OuterRef("pk")).filter(
            Q(competency__name__icontains=word) | Q(competency__code__iexact=word)
        )
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(competency_notes__icontains=word)
            | Q(organiser_name__icontains=word)
            | Q(partner__name__icontains=word)
            | Q(organiser_unit__name__icontains=word)
            | Exists(competency)
        )
    return qs


# --- Partners and competencies -----------------------------------------------------------------------
def partner_list(
    *, actor: Actor, search: str = "", sort: str = PARTNER_SORT.default
) -> QuerySet[PartnerInstitution]:
    qs = access.partners_visible_to(actor)
    for word in search.split()[:5]:
        qs = qs.filter(name__icontains=word)
    return (
        qs.select_related("instansi")
        .annotate(
            agreement_count=count_of(PartnerAgreement.objects.all(), "partner"),
            programme_count=count_of(Programme.objects.all(), "partner"),
        )
        .order_by(*PARTNER_SORT.parse(sort).ordering())
    )


def competency_list(*, actor: Actor, instansi: Instansi | None = None) -> QuerySet[Competency]:
    qs = access.competencies_visible_to(actor).select_related("instansi")
    if instansi is not None:
        qs = qs.filter(instansi=instansi)
    return qs.annotate(programme_count=Count("programmes")).order_by("instansi__name", "code", "pk")


# --- HR's programme list ---------------------------------------------------------------------------------
def programme_list(
    *,
    actor: Actor,
    instansi: Instansi | None = None,
    search: str = "",
    state: str = "",
    kind: str = "",
    form: str = "",
    sort: str = PROGRAMME_SORT.default,
) -> QuerySet[Programme]:
    """The programmes of the agencies the actor keeps, filtered, with places taken and requests
    waiting (one query for the page)."""
    qs = Programme.objects.filter(instansi__in=access.catalogue_agencies(actor))
    if instansi is not None:
        qs = qs.filter(instansi=instansi)
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if form:
        qs = qs.filter(form=form)
    return (
        _search(qs, search)
        .select_related("instansi", "partner", "organiser_unit")
        .annotate(
            taken=seats_taken(),
            waiting=count_of(Enrolment.objects.filter(state__in=WAITING), "programme"),
        )
        .order_by(*PROGRAMME_SORT.parse(sort).ordering())
    )


# --- What is open to an employee ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """What eligibility looks at in an employee: agency, golongan, position, unit ancestry."""

    employee_id: int
    instansi_id: int
    golongan: str
    position_kind: str
    position_level: str
    unit_ids: tuple[int, ...]


def candidate(employee: Employee) -> Candidate:
    """The eligibility facts of an employee loaded with unit, current_rank and current_position."""
    rank, position = employee.current_rank, employee.current_position
    return Candidate(
        employee_id=employee.pk,
        instansi_id=employee.unit.instansi_id,
        golongan=rank.golongan if rank else "",
        position_kind=position.kind if position else "",
        position_level=position.level if position else "",
        unit_ids=tuple(ids_from_path(employee.unit.path)),
    )


def own_candidate(actor: Actor) -> Candidate | None:
    """The actor's own eligibility facts (one query), or None without an employee record."""
    if actor.employee_id is None:
        return None
    employee = (
        Employee.objects.select_related("unit", "current_rank", "current_position")
        .filter(pk=actor.employee_id)
        .first()
    )
    return candidate(employee) if employee is not None else None


def eligible_to(qs: QuerySet[Programme], who: Candidate) -> QuerySet[Programme]:
    """`qs` narrowed to the programmes whose eligibility admits `who`, in SQL: golongan range (a
    bounded range admits PNS golongan only, rules.golongan_in_range), position kind and level, and
    target units (a unit admits its subtree)."""
    qs = qs.filter(instansi_id=who.instansi_id)
    order = golongan_order(who.golongan)
    open_range = Q(golongan_min="", golongan_max="")
    if order is None:
        qs = qs.filter(open_range)
    else:
        qs = qs.annotate(_gmin=golongan_rank("golongan_min"), _gmax=golongan_rank("golongan_max")).filter(
            open_range
            | ((Q(golongan_min="") | Q(_gmin__lte=order)) & (Q(golongan_max="") | Q(_gmax__gte=order)))
        )
    qs = qs.filter(Q(position_kind="") | Q(position_kind=who.position_kind))
    qs = qs.filter(Q(position_level="") | Q(position_level=who.position_level))
    targets = Programme.units.through.objects.filter(programme_id=OuterRef("pk"))
    return qs.filter(~Exists(targets) | Exists(targets.filter(unitkerja_id__in=who.unit_ids)))


def is_eligible(programme: Programme, who: Candidate) -> bool:
    """The same rule for one programme (one query): the service asks it before taking a request."""
    return eligible_to(Programme.objects.filter(pk=programme.pk), who).exists()


def own_state(employee_id: int) -> Subquery:
    """The state of the employee's active enrolment in the outer programme (or None)."""
    return Subquery(
        Enrolment.objects.filter(
            programme_id=OuterRef("pk"), employee_id=employee_id, state__in=sorted(ACTIVE_STATES)
        ).values("state")[:1]
    )


def catalogue(
    *,
    who: Candidate,
    search: str = "",
    kind: str = "",
    form: str = "",
    sort: str = PROGRAMME_SORT.default,
) -> QuerySet[Programme]:
    """The programmes open for enrolment that have not started and that the employee is eligible
    for, with places taken and their own enrolment's state (one query for the page)."""
    qs = eligible_to(Programme.objects.open().filter(start_date__gt=timezone.localdate()), who)
    if kind:
        qs = qs.filter(kind=kind)
    if form:
        qs = qs.filter(form=form)
    return (
        _search(qs, search)
        .select_related("partner", "organiser_unit")
        .annotate(taken=seats_taken(), my_state=own_state(who.employee_id))
        .order_by(*PROGRAMME_SORT.parse(sort).ordering())
    )


# --- One programme -------------------------------------------------------------------------------------------
def sessions_of(programme: Programme) -> QuerySet[Session]:
    return programme.sessions.order_by("date", "start_time", "pk")


def taken_places(programme: Programme) -> int:
    return programme.enrolments.filter(state__in=sorted(SEAT_STATES)).count()


def own_enrolment(programme: Programme, employee_id: int | None) -> Enrolment | None:
    if employee_id is None:
        return None
    return (
        programme.enrolments.filter(employee_id=employee_id, state__in=sorted(ACTIVE_STATES))
        .select_related("approver")
        .first()
    )
