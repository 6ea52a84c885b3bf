"""Reads of training needs: the list (own, a head's subtree, HR's agency), HR's aggregation per
competency and unit, the programmes that can answer a need, and what the coaching page shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from core.access import Actor
from core.models import Instansi, UnitKerja
from core.sorting import SortSpec
from employees.models import Employee
from performance.models import CoachingPlan
from performance.selectors.coaching import TrainingOutcome

from .. import access
from ..choices import EnrolmentState, NeedStatus, ProgrammeState
from ..models import Competency, Programme, TrainingNeed
from ..rules.needs import ENDED_WITHOUT_TRAINING
from .catalogue import candidate, eligible_to

NEED_SORT = SortSpec(
    {
        "dibuat": ("created_at",),
        "tahun": ("year", "created_at"),
        "pegawai": ("employee__name", "created_at"),
        "kompetensi": ("competency__code", "description", "created_at"),
        "prioritas": ("priority", "created_at"),
    },
    default="-dibuat",
)
JOINS = ("employee__unit", "competency", "enrolment__programme")


def status_filter(status: str) -> Q:
    """A filter on TrainingNeed for a derived status (rules.needs.need_status, in SQL)."""
    ended = Q(enrolment__isnull=True) | Q(enrolment__state__in=sorted(ENDED_WITHOUT_TRAINING))
    if status == NeedStatus.OPEN:
        return ended
    if status == NeedStatus.MET:
        return Q(enrolment__state=EnrolmentState.COMPLETED)
    if status == NeedStatus.NOMINATED:
        return ~ended & ~Q(enrolment__state=EnrolmentState.COMPLETED)
    return Q()


def need_list(
    *,
    actor: Actor,
    search: str = "",
    year: int | None = None,
    status: str = "",
    source: str = "",
    priority: str = "",
    sort: str = NEED_SORT.default,
) -> QuerySet[TrainingNeed]:
    qs = access.needs_visible_to(actor)
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status_filter(status))
    if source:
        qs = qs.filter(source=source)
    if priority:
        qs = qs.filter(priority=priority)
    for word in search.split()[:5]:
        qs = qs.filter(
            Q(employee__name__icontains=word)
            | Q(employee__nip=word)
            | Q(competency__name__icontains=word)
            | Q(competency__code__iexact=word)
            | Q(description__icontains=word)
        )
    return qs.select_related(*JOINS).order_by(*NEED_SORT.parse(sort).ordering())


def need_years(actor: Actor) -> list[int]:
    return sorted(set(access.needs_visible_to(actor).values_list("year", flat=True).distinct()), reverse=True)


# --- HR's aggregation --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NeedFilters:
    instansi: Instansi
    year: int
    unit: UnitKerja | None = None
    competency: Competency | None = None
    source: str = ""


def filtered_needs(actor: Actor, f: NeedFilters) -> QuerySet[TrainingNeed]:
    """The needs of an agency-year HR plans with, narrowed by unit subtree, competency and source."""
    qs = access.needs_visible_to(actor).filter(instansi=f.instansi, year=f.year)
    if f.unit is not None:
        qs = qs.filter(employee__unit__path__startswith=f.unit.path)
    if f.competency is not None:
        qs = qs.filter(competency=f.competency)
    if f.source:
        qs = qs.filter(source=f.source)
    return qs


def _counts() -> dict[str, Any]:
    return {
        "needs": Count("pk"),
        "people": Count("employee", distinct=True),
        "high": Count("pk", filter=Q(priority="tinggi")),
        "met": Count("pk", filter=Q(enrolment__state=EnrolmentState.COMPLETED)),
    }


def per_competency(actor: Actor, f: NeedFilters) -> list[dict[str, Any]]:
    """Counts per competency (needs without one together, last): one query."""
    rows = (
        filtered_needs(actor, f)
        .order_by()
        .values("competency_id", "competency__code", "competency__name")
        .annotate(**_counts())
    )
    return sorted(rows, key=lambda r: (r["competency_id"] is None, -r["needs"], r["competency__code"] or ""))


def per_competency_and_unit(actor: Actor, f: NeedFilters) -> list[dict[str, Any]]:
    """Counts per competency and the employee's unit: one query."""
    rows = (
        filtered_needs(actor, f)
        .order_by()
        .values(
            "competency_id",
            "competency__code",
            "competency__name",
            "employee__unit_id",
            "employee__unit__name",
        )
        .annotate(**_counts())
    )
    return sorted(
        rows,
        key=lambda r: (
            r["competency_id"] is None,
            r["competency__code"] or "",
            -r["needs"],
            r["employee__unit__name"],
        ),
    )


def planning_units(instansi: Instansi) -> QuerySet[UnitKerja]:
    return UnitKerja.objects.filter(instansi=instansi, is_active=True).order_by("path")


def planning_competencies(instansi: Instansi) -> QuerySet[Competency]:
    return Competency.objects.filter(instansi=instansi).order_by("code", "pk")


def planning_years(instansi: Instansi) -> list[int]:
    return list(
        TrainingNeed.objects.filter(instansi=instansi)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


# --- Answering a need ---------------------------------------------------------------------------------------
def matching_programmes(actor: Actor, need: TrainingNeed) -> QuerySet[Programme]:
    """Open programmes of the need's agency that have not started, address its competency and admit
    its employee (the catalogue's eligibility, in SQL), and that the actor may nominate for."""
    if need.competency_id is None:
        return Programme.objects.none()
    employee = Employee.objects.select_related("unit", "current_rank", "current_position").get(
        pk=need.employee_id
    )
    qs = eligible_to(
        access.programmes_visible_to(actor).filter(
            state=ProgrammeState.OPEN, competencies=need.competency_id, start_date__gt=timezone.localdate()
        ),
        candidate(employee),
    )
    return qs.order_by("start_date", "pk")


def competencies_for(need: TrainingNeed) -> QuerySet[Competency]:
    return Competency.objects.filter(instansi_id=need.instansi_id).order_by("code", "pk")


# --- The coaching page (performance) ------------------------------------------------------------------------
def coaching_outcomes(plan: CoachingPlan) -> list[TrainingOutcome]:
    """The programmes HR nominated for the training needs taken from a coaching plan (registered as
    the performance app's provider in training.apps)."""
    needs = TrainingNeed.objects.filter(coaching_plan=plan, enrolment__isnull=False).select_related(
        "enrolment__programme"
    )
    outcomes = []
    for need in needs:
        enrolment = need.enrolment
        assert enrolment is not None
        completed = enrolment.state == EnrolmentState.COMPLETED
        outcomes.append(
            TrainingOutcome(
                title=enrolment.programme.title,
                state_label=str(enrolment.get_state_display()),
                completed=completed,
                completed_on=enrolment.completed_at.date() if completed and enrolment.completed_at else None,
                url=reverse("training:programme_detail", args=[enrolment.programme_id]),
            )
        )
    return outcomes
