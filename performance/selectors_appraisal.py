"""Reads of the appraisal area: realisations with their capaian, the indeks of a period, the dialog
threads, an appraisal with its basis, and the head's queue (set-based, constant query count)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from core.access import Actor

from . import rules
from .choices import AppraisalState, BehaviourValue, CoachingState, PeriodKind, SkpState
from .models import Appraisal, CoachingPlan, Feedback, Iki, Period, Realisation, Skp


@dataclass
class IkiLine:
    """One IKI of an SKP in a period: what was reported and its capaian (annual: every periodic
    report of the year, ANNUAL_POLICY)."""

    iki: Iki
    realisation: Realisation | None = None  # periodic: the period's report
    capaian: Decimal | None = None  # annual: the mean of the reports' capaian
    late: bool = False
    reports: int = 0  # annual: how many periods reported this IKI
    rows: list[Realisation] = field(default_factory=list)
    capaians: list[tuple[Decimal, Decimal]] = field(default_factory=list)

    @property
    def capaian_display(self) -> str:
        return rules.display(self.capaian)

    @property
    def values(self) -> list[Decimal]:
        return [r.value for r in self.rows if r.value is not None]


@dataclass
class Basis:
    """What an appraisal rests on: the lines per IKI, the indeks and the suggested rating."""

    lines: list[IkiLine]
    indeks: Decimal | None
    suggested: str | None
    reported: int = 0

    @property
    def indeks_display(self) -> str:
        return rules.display(self.indeks)

    @property
    def suggested_label(self) -> str:
        return str(rules.Rating(self.suggested).label) if self.suggested else ""


def skp_ikis(skp: Skp) -> list[Iki]:
    return list(
        Iki.objects.filter(rhk__skp=skp).select_related("rhk").order_by("rhk__order", "rhk_id", "order", "pk")
    )


def periodic_periods(skp: Skp) -> list[Period]:
    return list(Period.objects.filter(year_id=skp.year_id, kind=PeriodKind.PERIODIC).order_by("number"))


def _capaian(iki: Iki, value: Decimal | None) -> Decimal | None:
    if not iki.is_numeric or value is None:
        return None
    return rules.capaian(iki.target, value, iki.direction)  # type: ignore[arg-type]


def period_basis(skp: Skp, period: Period) -> Basis:
    """The lines of a periodic period (capaian per IKI) or of the annual evaluation (every periodic
    report of the year, ANNUAL_POLICY), with the indeks and the rating it suggests.

    The indeks counts every report of the employee in the period(s), as the scoring job does; a
    report on the IKI a revision was copied from shows on the copy's line, and one on an IKI the
    revision dropped counts without a line. Two queries."""
    from .services.realisation import is_late

    lines = [IkiLine(iki=iki) for iki in skp_ikis(skp)]
    line_of = {line.iki.pk: line for line in lines}
    line_of |= {
        line.iki.origin_id: line for line in lines if line.iki.origin_id and line.iki.origin_id not in line_of
    }
    reports = Realisation.objects.filter(employee_id=skp.employee_id).select_related("iki", "evidence")
    if period.is_annual:
        reports = reports.filter(period__year_id=skp.year_id, period__kind=PeriodKind.PERIODIC)
    else:
        reports = reports.filter(period=period)
    time_zone = skp.year.instansi.time_zone
    pairs: list[tuple[Decimal, Decimal]] = []
    for r in reports.order_by("period__end", "pk"):
        c = _capaian(r.iki, r.value)
        if c is not None:
            pairs.append((c, r.iki.weight))
        line = line_of.get(r.iki_id)
        if line is None:
            continue
        line.rows.append(r)
        line.reports += 1
        if c is not None:
            line.capaians.append((c, r.iki.weight))
        if not period.is_annual:
            line.realisation = r
            line.late = is_late(r, period, time_zone)
    for line in lines:
        line.capaian = rules.indeks(line.capaians)
    value = rules.annual_indeks(pairs) if period.is_annual else rules.indeks(pairs)
    year = skp.year
    suggested = rules.suggested_rating(value, above=year.threshold_above, meets=year.threshold_meets)
    return Basis(
        lines=lines, indeks=value, suggested=suggested, reported=sum(1 for line in lines if line.reports)
    )


# --- Dialog kinerja --------------------------------------------------------------------------------
GENERAL = "umum"


@dataclass
class Thread:
    key: str  # "iki-<pk>", "perilaku-<value>" or "umum"
    title: str
    subtitle: str = ""
    messages: list[Feedback] = field(default_factory=list)


def topic_key(message: Feedback) -> str:
    if message.iki_id:
        return f"iki-{message.iki_id}"
    if message.behaviour:
        return f"perilaku-{message.behaviour}"
    return GENERAL


def dialog_threads(skp: Skp, period: Period) -> list[Thread]:
    """One thread per IKI, per BerAKHLAK value and a general one, each in time order: 2 queries."""
    threads = [
        Thread(key=f"iki-{iki.pk}", title=iki.indicator, subtitle=iki.rhk.text) for iki in skp_ikis(skp)
    ]
    threads += [Thread(key=f"perilaku-{value}", title=str(label)) for value, label in BehaviourValue.choices]
    threads.append(Thread(key=GENERAL, title=_("Umum")))
    by_key = {t.key: t for t in threads}
    messages = Feedback.objects.filter(skp=skp, period=period).select_related("author_employee", "author")
    for message in messages.order_by("created_at", "pk"):
        thread = by_key.get(topic_key(message))
        if thread is not None:  # an IKI removed by a revision keeps its messages on the old version
            thread.messages.append(message)
    return threads


# --- Appraisal -------------------------------------------------------------------------------------
def appraisal_of(skp: Skp, period: Period) -> Appraisal | None:
    return (
        Appraisal.objects.filter(employee_id=skp.employee_id, period=period)
        .select_related("appraiser", "employee__unit")
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
        .select_related("employee__unit", "year")
        .order_by("submitted_at", "pk")
    )


def queue_to_appraise(actor: Actor, today: Any) -> QuerySet[Skp]:
    """Approved SKPs the actor appraises whose latest ended period (the annual one once the year is
    over) has realisations but no final appraisal. Annotated with `due_period_id`."""
    me = actor.employee_id
    if me is None:
        return Skp.objects.none()
    latest = Period.objects.filter(year_id=OuterRef("year_id"), end__lt=today).order_by("-end", "kind", "-pk")
    final = Appraisal.objects.filter(
        employee_id=OuterRef("employee_id"), period_id=OuterRef("due_period_id"), state=AppraisalState.FINAL
    )
    reported_in_period = Realisation.objects.filter(
        employee_id=OuterRef("employee_id"), period_id=OuterRef("due_period_id")
    )
    reported_in_year = Realisation.objects.filter(
        employee_id=OuterRef("employee_id"), period__year_id=OuterRef("year_id")
    )
    return (
        Skp.objects.filter(appraiser_id=me, state=SkpState.APPROVED)
        .exclude(employee_id=me)
        .annotate(
            due_period_id=Subquery(latest.values("pk")[:1]),
            due_period_kind=Subquery(latest.values("kind")[:1]),
        )
        .filter(due_period_id__isnull=False)
        .filter(
            (Q(due_period_kind=PeriodKind.PERIODIC) & Exists(reported_in_period))
            | (Q(due_period_kind=PeriodKind.ANNUAL) & Exists(reported_in_year))
        )
        .exclude(Exists(final))
        .select_related("employee__unit", "year")
        .order_by("employee__name", "pk")
    )


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
        .select_related("employee__unit", "appraisal__period")
        .order_by("-state", "created_at", "pk")
    )


def periods_by_id(ids: list[int]) -> dict[int, Period]:
    return Period.objects.in_bulk([i for i in ids if i])
