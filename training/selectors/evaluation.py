"""Reads of evaluation: what the participant and their atasan have to evaluate (the list and the
home page's counts), and the results per programme and per organiser for HR (averages, counts and
the distribution of the ratings), each in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf

from core.access import Actor
from core.sorting import SortSpec
from employees.models import Employee

from .. import access
from ..choices import EnrolmentState, ProgrammeState
from ..models import AppliedEvaluation, Enrolment, Programme, ReactionFeedback
from ..rules.evaluation import ASPECTS, FEEDBACK_DAYS, RATINGS, applied_latest_end, average

ROLE_PARTICIPANT, ROLE_HEAD = "peserta", "atasan"
STATUS_PENDING, STATUS_DONE = "belum", "sudah"

MINE_SORT = SortSpec(
    {
        "selesai": ("programme__end_date", "pk"),
        "program": ("programme__title", "pk"),
        "pegawai": ("employee__name", "pk"),
    },
    default="-selesai",
)
RESULT_SORT = SortSpec(
    {
        "selesai": ("end_date", "pk"),
        "judul": ("title", "pk"),
        "umpan_balik": ("feedback_count", "pk"),
        "penerapan": ("applied_count", "pk"),
    },
    default="-selesai",
)


# --- The participant's and the atasan's list ----------------------------------------------------------
def my_evaluations(
    *,
    actor: Actor,
    role: str = "",
    status: str = "",
    search: str = "",
    sort: str = MINE_SORT.default,
) -> QuerySet[Enrolment]:
    """Completed enrolments the actor evaluates: their own (the reaction) and those they approved as
    atasan (applied learning), with whether each is done."""
    me = actor.employee_id
    if me is None:
        return Enrolment.objects.none()
    mine, theirs = Q(employee_id=me), Q(approver_id=me) & ~Q(employee_id=me)
    qs = Enrolment.objects.filter(mine | theirs, state=EnrolmentState.COMPLETED).annotate(
        role=Case(
            When(mine, then=Value(ROLE_PARTICIPANT)), default=Value(ROLE_HEAD), output_field=CharField()
        ),
        feedback_done=Exists(ReactionFeedback.objects.filter(enrolment_id=OuterRef("pk"))),
        applied_done=Exists(AppliedEvaluation.objects.filter(enrolment_id=OuterRef("pk"))),
    )
    if role == ROLE_PARTICIPANT:
        qs = qs.filter(mine)
    elif role == ROLE_HEAD:
        qs = qs.filter(theirs)
    done = (mine & Q(feedback_done=True)) | (theirs & Q(applied_done=True))
    if status == STATUS_PENDING:
        qs = qs.exclude(done)
    elif status == STATUS_DONE:
        qs = qs.filter(done)
    for word in search.split()[:5]:
        qs = qs.filter(Q(programme__title__icontains=word) | Q(employee__name__icontains=word))
    return qs.select_related("programme", "employee__unit").order_by(*MINE_SORT.parse(sort).ordering())


@dataclass(frozen=True)
class Pending:
    feedback: int  # reactions the participant may still give
    applied: int  # applied-learning evaluations open to the atasan


def _count(qs: QuerySet[Enrolment]) -> Coalesce:
    counted = qs.order_by().values("state").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def pending_annotations(today: date) -> dict[str, Coalesce]:
    """Annotations of an Employee query (so that the home page reads them with the employee's JP in
    one query): `pending_feedback`, their own reactions still open (not given, not closed), and
    `pending_applied`, the applied-learning evaluations open to them as atasan."""
    completed = Enrolment.objects.filter(state=EnrolmentState.COMPLETED)
    feedback = completed.filter(
        employee_id=OuterRef("pk"),
        programme__end_date__gte=today - timedelta(days=FEEDBACK_DAYS),
        programme__end_date__lte=today,
    ).exclude(Exists(ReactionFeedback.objects.filter(enrolment_id=OuterRef("pk"))))
    applied = (
        completed.filter(approver_id=OuterRef("pk"), programme__end_date__lte=applied_latest_end(today))
        .exclude(employee_id=OuterRef("pk"))
        .exclude(Exists(AppliedEvaluation.objects.filter(enrolment_id=OuterRef("pk"))))
    )
    return {"pending_feedback": _count(feedback), "pending_applied": _count(applied)}


def pending_counts(employee_id: int, today: date) -> Pending:
    """What waits for an employee (pending_annotations), in one query."""
    found = (
        Employee.objects.filter(pk=employee_id)  # type: ignore[misc]  # annotated names
        .annotate(**pending_annotations(today))
        .values("pending_feedback", "pending_applied")
        .first()
    ) or {"pending_feedback": 0, "pending_applied": 0}
    return Pending(feedback=found["pending_feedback"], applied=found["pending_applied"])


def feedback_of(enrolment: Enrolment) -> ReactionFeedback | None:
    return ReactionFeedback.objects.filter(enrolment=enrolment).first()


def applied_of(enrolment: Enrolment) -> AppliedEvaluation | None:
    return AppliedEvaluation.objects.filter(enrolment=enrolment).select_related("evaluator").first()


# --- HR's results -------------------------------------------------------------------------------------------
def _evaluated() -> Q:
    """Programmes with results to read: finished, or with a completed participant."""
    return Q(state=ProgrammeState.FINISHED) | Q(
        Exists(Enrolment.objects.filter(programme_id=OuterRef("pk"), state=EnrolmentState.COMPLETED))
    )


def _aggregates() -> dict[str, object]:
    """Counts and averages over a programme's (or a group's) enrolments: one LEFT JOIN each to the
    reaction and the applied evaluation, both one per enrolment (no row is counted twice)."""
    return {
        "feedback_count": Count("enrolments__feedback"),
        **{f"avg_{a}": Avg(f"enrolments__feedback__{a}") for a in ASPECTS},
        "applied_count": Count("enrolments__applied_evaluation"),
        "avg_applied": Avg("enrolments__applied_evaluation__rating"),
        "completed": Count("enrolments", filter=Q(enrolments__state=EnrolmentState.COMPLETED)),
    }


def _result_filters(
    qs: QuerySet[Programme], *, search: str, year: int | None, kind: str, partner_id: int | None
) -> QuerySet[Programme]:
    qs = qs.filter(_evaluated())
    if year is not None:
        qs = qs.filter(end_date__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if partner_id is not None:
        qs = qs.filter(partner_id=partner_id)
    for word in search.split()[:5]:
        qs = qs.filter(
            Q(title__icontains=word) | Q(organiser_name__icontains=word) | Q(partner__name__icontains=word)
        )
    return qs


def programme_results(
    *,
    actor: Actor,
    search: str = "",
    year: int | None = None,
    kind: str = "",
    partner_id: int | None = None,
    sort: str = RESULT_SORT.default,
) -> QuerySet[Programme]:
    """The programmes of the actor's agencies with their evaluation figures (one query a page)."""
    qs = _result_filters(
        access.evaluation_programmes(actor), search=search, year=year, kind=kind, partner_id=partner_id
    )
    return (
        qs.select_related("instansi", "partner", "organiser_unit")
        .annotate(**_aggregates())
        .order_by(*RESULT_SORT.parse(sort).ordering())
    )


def organiser_results(
    *, actor: Actor, search: str = "", year: int | None = None, kind: str = "", partner_id: int | None = None
) -> list[dict[str, object]]:
    """The same figures per organiser: a partner institution, else the organiser's name (one query)."""
    qs = _result_filters(
        access.evaluation_programmes(actor), search=search, year=year, kind=kind, partner_id=partner_id
    )
    rows = (
        qs.annotate(
            organiser=Coalesce("partner__name", NullIf("organiser_name", Value("")), output_field=CharField())
        )
        .values("organiser", "partner_id")
        .annotate(programmes=Count("pk", distinct=True), **_aggregates())
        .order_by("organiser", "partner_id")
    )
    return list(rows)


@dataclass(frozen=True)
class Distribution:
    """How many gave each rating 1–5 for one aspect, and its mean."""

    aspect: str
    counts: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def average(self) -> Decimal | None:
        return average(self.counts)


def distributions(programme: Programme) -> tuple[list[Distribution], Distribution]:
    """The distribution of each reaction aspect and of the applied-learning rating (two queries)."""
    found = ReactionFeedback.objects.filter(enrolment__programme=programme).aggregate(
        **{f"{a}_{r}": Count("pk", filter=Q(**{a: r})) for a in ASPECTS for r in RATINGS}
    )
    reaction = [Distribution(a, {r: found[f"{a}_{r}"] for r in RATINGS}) for a in ASPECTS]
    applied = AppliedEvaluation.objects.filter(enrolment__programme=programme).aggregate(
        **{f"r_{r}": Count("pk", filter=Q(rating=r)) for r in RATINGS}
    )
    return reaction, Distribution("applied", {r: applied[f"r_{r}"] for r in RATINGS})


COMMENTS_SHOWN = 50


def feedback_comments(programme: Programme) -> QuerySet[ReactionFeedback]:
    """The latest comments of the participants (anonymous on the page)."""
    return (
        ReactionFeedback.objects.filter(enrolment__programme=programme)
        .exclude(comment="")
        .order_by("-submitted_at", "-pk")[:COMMENTS_SHOWN]
    )


def applied_comments(programme: Programme) -> QuerySet[AppliedEvaluation]:
    return (
        AppliedEvaluation.objects.filter(enrolment__programme=programme)
        .select_related("enrolment__employee", "evaluator")
        .order_by("-submitted_at", "-pk")[:COMMENTS_SHOWN]
    )


def result_years(actor: Actor) -> list[int]:
    """The years with evaluated programmes, newest first (the year filter's choices)."""
    return sorted(
        {d.year for d in access.evaluation_programmes(actor).filter(_evaluated()).dates("end_date", "year")},
        reverse=True,
    )
