"""Reads of the home page (performance/panels.py): HR's open performance work for an agency, the
appraiser's queue with its overdue items, the employee's own SKP and realisations. Each function
reuses the area selectors (monitoring, appraisal, scoring) and runs a fixed number of queries,
whatever the number of employees, SKPs or periods."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When

from core.access import Actor
from core.choices import RunState
from core.models import Instansi

from .. import access
from ..choices import AppraisalState, PeriodKind, SkpState
from ..models import Appraisal, PerformanceYear, Period, Realisation, ScoringRun, Skp
from . import appraisal as appraisal_selectors
from . import monitoring


# --- HR ---------------------------------------------------------------------------------------------
def year_of(instansi: Instansi, year: int) -> PerformanceYear | None:
    """The agency's performance year `year`, or None when HR has not opened it. One query."""
    return PerformanceYear.objects.filter(instansi=instansi, year=year).first()


def last_ended_period(instansi: Instansi, today: date) -> Period | None:
    """The agency's latest periodic period that has ended by `today` (any year): the one whose
    appraisals HR chases. One query."""
    return (
        Period.objects.filter(year__instansi=instansi, kind=PeriodKind.PERIODIC, end__lt=today)
        .select_related("year")
        .order_by("-end", "pk")
        .first()
    )


def without_skp_count(*, actor: Actor, instansi: Instansi, year: PerformanceYear) -> int:
    """How many the monitoring's "belum mengajukan SKP" list holds. One query."""
    return monitoring.without_skp(actor=actor, instansi=instansi, year=year).order_by().count()


def not_appraised_count(*, actor: Actor, instansi: Instansi, period: Period) -> int:
    """How many the monitoring's "belum dinilai" list holds for `period`. One query."""
    return monitoring.not_appraised(actor=actor, instansi=instansi, period=period).order_by().count()


def sekda_skp_waiting(*, actor: Actor, instansi: Instansi, today: date) -> Skp | None:
    """The Sekda's SKP waiting for HR to record a kepala daerah decision, if one does: submitted
    (approval), or approved with an ended, reported period not finally rated (`due_period_id`).
    One query."""
    if not access.can_manage_performance(actor, instansi.pk):
        return None
    skps = Skp.objects.filter(
        kepala_daerah_appraises=True,
        state__in=(SkpState.SUBMITTED, SkpState.APPROVED),
        employee__unit__instansi=instansi,
    )
    return (
        appraisal_selectors.with_due_period(skps, today)
        .filter(Q(state=SkpState.SUBMITTED) | Q(due_period_id__isnull=False))
        .select_related("employee")
        .order_by("-state", "pk")  # "submitted" before "approved"
        .first()
    )


def unscored_periods(*, actor: Actor, instansi: Instansi, today: date) -> int:
    """Ended periods of the agency (periodic and annual) with no finished scoring run started after
    their end: their scores are missing or only provisional. One query."""
    if not access.can_manage_performance(actor, instansi.pk):
        return 0
    scored = ScoringRun.objects.filter(
        period_id=OuterRef("pk"), state=RunState.DONE, started_at__date__gt=OuterRef("end")
    )
    return Period.objects.filter(year__instansi=instansi, end__lt=today).exclude(Exists(scored)).count()


def predikat_distribution(
    *, actor: Actor, instansi: Instansi, today: date | None = None
) -> tuple[Period | None, dict[str, int]]:
    """The final predikat of the agency's latest period that has any (employees the actor
    monitors), by predikat: a period whose rating window has closed (by `today`) before one still
    being rated, so that the first ratings of a new month do not replace a whole month's picture.
    Two queries."""
    finals = Appraisal.objects.filter(
        access.appraisal_scope(actor),
        state=AppraisalState.FINAL,
        period__year__instansi=instansi,
        employee__unit__instansi=instansi,
    ).exclude(predikat="")
    closed = Case(When(period__appraisal_deadline__lt=today, then=1), default=0) if today else Value(0)
    latest = (
        finals.annotate(closed=closed)
        .order_by("-closed", "-period__end", "-period__kind")
        .values_list("period_id", flat=True)
        .first()
    )
    if latest is None:
        return None, {}
    period = Period.objects.select_related("year").get(pk=latest)
    counts = dict(finals.filter(period_id=latest).order_by().values_list("predikat").annotate(n=Count("pk")))
    return period, counts


# --- The appraiser's queue ----------------------------------------------------------------------------
@dataclass
class Overdue:
    """A piece of the appraiser's work past its deadline, with its age in days."""

    employee_name: str
    what: str  # "skp" or "nilai"
    period: Period | None
    days: int
    skp_pk: int


@dataclass
class AppraiserWork:
    to_approve: int = 0
    to_rate: int = 0
    dialog: int = 0
    overdue: list[Overdue] = field(default_factory=list)


def appraiser_work(actor: Actor, today: date, now: datetime) -> AppraiserWork:
    """What waits for the actor as an appraiser (the queue page's sections), with every overdue piece
    oldest first. Four queries: the submitted SKPs, the SKPs to rate, their periods, the dialog count.
    The rows of the first two are loaded (an appraiser's direct subordinates) to date each deadline
    by its agency's calendar, as the queue page does."""
    submitted = list(appraisal_selectors.queue_submitted(actor))
    to_rate = list(appraisal_selectors.queue_to_appraise(actor, today))
    ids = [s.due_period_id for s in to_rate]  # type: ignore[attr-defined]
    periods = appraisal_selectors.periods_by_id(ids) if ids else {}
    items = [(skp, periods.get(skp.due_period_id)) for skp in to_rate]  # type: ignore[attr-defined]
    appraisal_selectors.mark_overdue_skps(submitted, now)
    appraisal_selectors.mark_overdue_appraisals(items, now)
    overdue = [
        Overdue(skp.employee.full_name, "skp", None, skp.days_overdue, skp.pk)  # type: ignore[attr-defined]
        for skp in submitted
        if skp.days_overdue  # type: ignore[attr-defined]
    ]
    overdue += [
        Overdue(skp.employee.full_name, "nilai", period, skp.days_overdue, skp.pk)  # type: ignore[attr-defined]
        for skp, period in items
        if skp.days_overdue and period is not None  # type: ignore[attr-defined]
    ]
    overdue.sort(key=lambda o: (-o.days, o.employee_name))
    return AppraiserWork(
        to_approve=len(submitted),
        to_rate=len(to_rate),
        dialog=appraisal_selectors.queue_dialog(actor).order_by().count(),
        overdue=overdue,
    )


# --- The employee's own SKP ---------------------------------------------------------------------------
@dataclass
class OwnPerformance:
    year: PerformanceYear | None
    skp: Skp | None = None  # the current version (not superseded), if any
    approved: Skp | None = None
    unreported: list[Period] = field(default_factory=list)  # ended periods without any realisation
    current: Period | None = None  # the periodic period running today


def own_performance(*, actor: Actor, year: int, today: date) -> OwnPerformance:
    """The actor's SKP of `year` in their agency and the periods of that year they have not reported
    a realisation for. Three queries."""
    me = actor.employee_id
    if not access.has_own_skp_pages(actor) or me is None or actor.employee_instansi_id is None:
        return OwnPerformance(year=None)
    record = PerformanceYear.objects.filter(instansi_id=actor.employee_instansi_id, year=year).first()
    if record is None:
        return OwnPerformance(year=None)
    skps = list(
        Skp.objects.filter(employee_id=me, year=record)
        .exclude(state=SkpState.SUPERSEDED)
        .order_by("-version")
    )
    result = OwnPerformance(year=record, skp=skps[0] if skps else None)
    result.approved = next((s for s in skps if s.state == SkpState.APPROVED), None)
    if result.approved is None:
        return result
    reported = Realisation.objects.filter(employee_id=me, period_id=OuterRef("pk"))
    periods: QuerySet[Period] = (
        Period.objects.filter(year=record, kind=PeriodKind.PERIODIC, start__lte=today)
        .annotate(reported=Exists(reported))
        .order_by("start")
    )
    for period in periods:
        if period.end >= today:
            result.current = period
        elif not period.reported:  # type: ignore[attr-defined]
            result.unreported.append(period)
    return result
