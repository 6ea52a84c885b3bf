"""Reads of the appraisal area: the dialog threads, an appraisal, the head's queue (set-based, constant
query count), the promotion condition on final annual appraisals, and the data of the printable
evaluation document."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import Actor

from .. import rules
from ..choices import AppraisalState, BehaviourValue, CoachingState, PeriodKind, Predikat, Rating, SkpState
from ..models import GENERAL_THREAD, Appraisal, CoachingPlan, Feedback, Period, Realisation, Skp
from .planning import appraiser_person, people_by_id, person, plan_of, target_of
from .realisation import period_basis, skp_ikis

# Predikat that meet the performance condition of a regular promotion ("at least baik", domain §5).
GOOD_PREDIKAT = (Predikat.SANGAT_BAIK, Predikat.BAIK)


# --- Dialog kinerja --------------------------------------------------------------------------------
@dataclass
class Thread:
    key: str  # Feedback.thread: "iki-<pk>", "perilaku-<value>" or GENERAL_THREAD
    title: str
    subtitle: str = ""
    messages: list[Feedback] = field(default_factory=list)


def dialog_threads(skp: Skp, period: Period) -> list[Thread]:
    """One thread per IKI, per BerAKHLAK value and a general one, each in time order: 2 queries."""
    threads = [
        Thread(key=f"iki-{iki.pk}", title=iki.indicator, subtitle=iki.rhk.text) for iki in skp_ikis(skp)
    ]
    threads += [Thread(key=f"perilaku-{value}", title=str(label)) for value, label in BehaviourValue.choices]
    threads.append(Thread(key=GENERAL_THREAD, title=_("Umum")))
    by_key = {t.key: t for t in threads}
    messages = Feedback.objects.filter(skp=skp, period=period).select_related("author_employee", "author")
    for message in messages.order_by("created_at", "pk"):
        thread = by_key.get(message.thread)
        if thread is not None:  # an IKI removed by a revision keeps its messages on the old version
            thread.messages.append(message)
    return threads


# --- Appraisal -------------------------------------------------------------------------------------
def appraisal_of(skp: Skp, period: Period) -> Appraisal | None:
    return (
        Appraisal.objects.filter(employee_id=skp.employee_id, period=period)
        .select_related("appraiser", "employee__unit", "skp")
        .prefetch_related("behaviour_ratings")
        .first()
    )


# --- The head's queue (Kinerja bawahan) -------------------------------------------------------------
def queue_submitted(actor: Actor) -> QuerySet[Skp]:
    """SKPs submitted to the actor and waiting for their decision."""
    me = actor.employee_id
    if me is None:  # filtering on a None appraiser would find the SKPs that have none
        return Skp.objects.none()
    return (
        Skp.objects.filter(appraiser_id=me, state=SkpState.SUBMITTED)
        .exclude(employee_id=me)
        .select_related("employee__unit", "year__instansi")
        .order_by("submitted_at", "pk")
    )


def queue_to_appraise(actor: Actor, today: Any) -> QuerySet[Skp]:
    """Approved SKPs the actor appraises with an ended period that has realisations but no final
    appraisal (a periodic period: realisations of that period; the annual one: of its year).
    Annotated with `due_period_id`: the oldest such period, the one to appraise next, so that a
    month left behind is not hidden by a later one without realisations. One query."""
    me = actor.employee_id
    if me is None:
        return Skp.objects.none()
    return (
        with_due_period(Skp.objects.filter(appraiser_id=me, state=SkpState.APPROVED), today)
        .exclude(employee_id=me)
        .filter(due_period_id__isnull=False)  # type: ignore[misc]  # annotated by with_due_period
        .select_related("employee__unit", "year__instansi")
        .order_by("employee__name", "pk")
    )


def with_due_period(skps: QuerySet[Skp], today: Any) -> QuerySet[Skp]:
    """Annotate each SKP with `due_period_id`: its oldest ended period that has realisations but no
    final appraisal (None when there is none)."""
    employee = OuterRef(OuterRef("employee_id"))
    waiting = (
        Period.objects.filter(year_id=OuterRef("year_id"), end__lt=today)
        .filter(
            (
                Q(kind=PeriodKind.PERIODIC)
                & Exists(Realisation.objects.filter(employee_id=employee, period_id=OuterRef("pk")))
            )
            | (
                Q(kind=PeriodKind.ANNUAL)
                & Exists(
                    Realisation.objects.filter(employee_id=employee, period__year_id=OuterRef("year_id"))
                )
            )
        )
        .exclude(
            Exists(
                Appraisal.objects.filter(
                    employee_id=employee, period_id=OuterRef("pk"), state=AppraisalState.FINAL
                )
            )
        )
        .order_by("end", "-kind", "pk")
    )
    return skps.annotate(due_period_id=Subquery(waiting.values("pk")[:1]))


def queue_dialog(actor: Actor) -> QuerySet[Skp]:
    """SKPs the actor appraises whose latest dialog message came from the employee (awaiting an
    answer). Annotated with `last_period_id` and `last_at`."""
    me = actor.employee_id
    if me is None:
        return Skp.objects.none()
    last = Feedback.objects.filter(skp_id=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        Skp.objects.filter(appraiser_id=me)
        .exclude(employee_id=me)
        .exclude(state=SkpState.SUPERSEDED)
        .annotate(
            last_author_id=Subquery(last.values("author_employee_id")[:1]),
            last_period_id=Subquery(last.values("period_id")[:1]),
            last_at=Subquery(last.values("created_at")[:1]),
        )
        .filter(last_author_id=F("employee_id"))
        .select_related("employee__unit", "year")
        .order_by("last_at", "pk")
    )


def queue_coaching(actor: Actor) -> QuerySet[CoachingPlan]:
    """Coaching plans the actor leads that are not done yet (open ones first)."""
    if actor.employee_id is None:
        return CoachingPlan.objects.none()
    return (
        CoachingPlan.objects.filter(head_id=actor.employee_id)
        .exclude(state=CoachingState.DONE)
        .select_related("employee__unit", "appraisal__period__year__instansi")
        .order_by("-state", "created_at", "pk")
    )


def _agency_today(instansi: Any, now: datetime) -> date:
    return now.astimezone(ZoneInfo(instansi.time_zone)).date()


def mark_overdue_skps(skps: Iterable[Skp], now: datetime) -> None:
    """Set `days_overdue` on submitted SKPs: past the year's SKP deadline, or SKP_REVIEW_DAYS after
    the submission when that is later (rules.skp_review_deadline), by the agency's calendar."""
    for skp in skps:
        zone = ZoneInfo(skp.year.instansi.time_zone)
        submitted = skp.submitted_at.astimezone(zone).date() if skp.submitted_at else None
        deadline = rules.skp_review_deadline(skp.year.skp_deadline, submitted) if submitted else None
        skp.days_overdue = rules.days_overdue(deadline, _agency_today(skp.year.instansi, now))  # type: ignore[attr-defined]


def mark_overdue_appraisals(items: Iterable[tuple[Skp, Period | None]], now: datetime) -> None:
    """Set `days_overdue` on the SKPs waiting for an appraisal: past the period's appraisal deadline."""
    for skp, period in items:
        deadline = period.appraisal_deadline if period is not None else None
        skp.days_overdue = rules.days_overdue(deadline, _agency_today(skp.year.instansi, now))  # type: ignore[attr-defined]


def mark_overdue_plans(plans: Iterable[CoachingPlan], now: datetime) -> None:
    """Set `days_overdue` on open coaching plans: past their own target date."""
    for plan in plans:
        today = _agency_today(plan.appraisal.period.year.instansi, now)
        plan.days_overdue = rules.days_overdue(plan.due_date, today)  # type: ignore[attr-defined]


def periods_by_id(ids: list[int]) -> dict[int, Period]:
    return Period.objects.in_bulk([i for i in ids if i])


# --- Promotion condition ----------------------------------------------------------------------------
def annual_performance_annotations(years: list[int]) -> dict[str, Any]:
    """Annotations on Employee for the promotion condition "predikat at least Baik in `years`":
    `skp_good_years` (final annual appraisals with Baik or Sangat Baik in those years) and
    `skp_poor` (a final annual appraisal below Baik in them). Two correlated subqueries."""
    finals = Appraisal.objects.filter(
        employee=OuterRef("pk"),
        state=AppraisalState.FINAL,
        period__kind=PeriodKind.ANNUAL,
        period__year__year__in=years,
    )
    good = (
        finals.filter(predikat__in=GOOD_PREDIKAT)
        .order_by()
        .values("employee")
        .annotate(n=Count("period__year__year", distinct=True))
        .values("n")
    )
    return {
        "skp_good_years": Coalesce(Subquery(good, output_field=IntegerField()), Value(0)),
        "skp_poor": Exists(finals.exclude(predikat__in=GOOD_PREDIKAT)),
    }


# --- The evaluation document (PDF) -----------------------------------------------------------------
def appraisal_document(*, appraisal: Appraisal) -> dict[str, Any]:
    """The data of the evaluation document of an appraisal (periodic or annual).

    A periodic one shows each IKI's realisation of the period. An annual one aggregates every
    periodic report of the year per IKI as rules.ANNUAL_POLICY counts them: the realisation is the
    mean of the reported values, the capaian the mean of the reports' capaian, and the indeks the
    weighted mean over every (IKI, period) report.
    """
    skp = appraisal.skp
    period = appraisal.period
    year = period.year
    people = people_by_id(appraisal.employee_id, appraisal.appraiser_id)
    rhks = plan_of(skp)
    result = period_basis(skp, period)
    basis = {line.iki.pk: line for line in result.lines}
    current_of = {line.iki.origin_id: line.iki for line in basis.values() if line.iki.origin_id}
    feedback = list(
        Feedback.objects.filter(skp__employee_id=appraisal.employee_id, period=period)
        .filter(author_employee_id=appraisal.appraiser_id)
        .order_by("created_at", "pk")
    )
    iki_feedback: dict[int, list[str]] = {}
    behaviour_feedback: dict[str, list[str]] = {}
    general: list[str] = []
    for message in feedback:
        if message.iki_id:
            target = current_of[message.iki_id].pk if message.iki_id in current_of else message.iki_id
            iki_feedback.setdefault(target, []).append(message.text)
        elif message.behaviour:
            behaviour_feedback.setdefault(message.behaviour, []).append(message.text)
        else:
            general.append(message.text)
    plan = []
    for rhk in rhks:
        rows = []
        for iki in rhk.ikis.all():
            line = basis[iki.pk]
            found, values, capaian = line.rows, line.values, line.capaian
            if period.is_annual:
                realisation = (
                    rules.number_display(rules.indeks((v, Decimal(1)) for v in values)) if values else ""
                )
            else:
                realisation = rules.number_display(values[0]) if values else ""
            if not realisation and found:
                realisation = "; ".join(r.text for r in found if r.text)
            rows.append(
                {
                    "indicator": iki.indicator,
                    **target_of(iki),
                    "realisation": realisation or rules.EMPTY_DISPLAY,
                    "reports": len(found),
                    "capaian": rules.display(capaian) if capaian is not None else rules.EMPTY_DISPLAY,
                    "feedback": " ".join(iki_feedback.get(iki.pk, [])),
                }
            )
        plan.append({"parent": rhk.parent.text if rhk.parent else "", "text": rhk.text, "ikis": rows})
    # A final appraisal keeps the indeks it was rated on; a draft shows today's, like its rows.
    final = appraisal.state == AppraisalState.FINAL and appraisal.indeks is not None
    indeks = appraisal.indeks if final else result.indeks
    expectations = dict(skp.behaviours.values_list("value", "expectation"))
    ratings = {r.value: r for r in appraisal.behaviour_ratings.all()}
    behaviours = []
    for value, label in BehaviourValue.choices:
        rating = ratings.get(value)
        behaviours.append(
            {
                "value": str(label),
                "expectation": expectations.get(value, ""),
                "feedback": " ".join(behaviour_feedback.get(value, [])),
                "rating": str(Rating(rating.rating).label) if rating else "",
            }
        )
    zone = ZoneInfo(year.instansi.time_zone)
    signed = timezone.localtime(appraisal.finalised_at, zone).date() if appraisal.finalised_at else period.end
    return {
        "instansi": year.instansi.name,
        "place": year.instansi.seat,
        "year": year.year,
        "period": period.label,
        "is_annual": period.is_annual,
        "start": period.start,
        "end": period.end,
        "final": appraisal.state == AppraisalState.FINAL,
        "state": appraisal.get_state_display(),
        "signed_on": signed,
        "employee": person(people.get(appraisal.employee_id)),
        "appraiser": appraiser_person(
            appraisal.skp, people.get(appraisal.appraiser_id) if appraisal.appraiser_id else None
        ),
        "rhks": plan,
        "indeks": rules.display(indeks),
        "rating_hasil": appraisal.get_rating_hasil_display(),
        "suggested_hasil": appraisal.get_suggested_hasil_display(),
        "override_reason": appraisal.override_reason,
        "behaviours": behaviours,
        "rating_perilaku": appraisal.get_rating_perilaku_display(),
        "predikat": appraisal.get_predikat_display(),
        "note": appraisal.note,
        "feedback": general,
    }
