"""The IKM job (issue 12 item 6): the totals of a survey period's responses, per service and for the
whole period, written into IkmResult with the konversi and mutu cached for lists.

Set-based: ONE aggregate over the period's responses, grouped by service (SUM(u1) … SUM(u9),
COUNT(*); the index response_period_service_idx serves it). The whole-period row (service NULL) is
the sum of the groups, added up in Python (rules.pool), so the responses are read once; responses
without a service count in it only. NRR, IKM, konversi and mutu come from rules.compute_ikm with the
period's weighting and the band table fixed on the period (or, when none is fixed, the one in force
on the period's first day).

The writes go in the same transaction as the aggregate and the run's finish: the existing rows of
the period (one per service, one for the period: a handful) are updated where a value changed,
missing ones inserted, rows of services without responses any more deleted. Idempotent: a second
run over the same responses leaves the same rows with the same ids and values (only computed_at,
"when this was last computed", moves on).

The run (IkmRun, a core.models.JobRun) is the lock: one RUNNING run per period (core.runs claims it;
a run whose worker died is taken over after core.runs.stale_limit(), a FAILED one resumed). The work
is one step, so the run's cursor stays 0; `processed` and `total` are the respondents counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from core.access import Actor
from core.choices import RunState
from core.runs import Runs, enqueue_on_commit

from .. import access, rules
from ..choices import PeriodState
from ..models import IkmResult, IkmRun, MutuBand, Response, SurveyPeriod
from ..selectors.results import bands_of

RUNS = Runs(IkmRun, subject="period")

SUM_COLUMNS = tuple(f"sum_u{n}" for n in range(1, 10))
ANSWER_COLUMNS = tuple(f"u{n}" for n in range(1, 10))


@dataclass(frozen=True)
class Totals:
    """The respondents and the sum of each unsur's answers of a group of responses."""

    respondents: int
    sums: tuple[int, ...]  # U1 … U9

    def unsur(self) -> list[rules.UnsurTotal]:
        # Every response answers all nine (the form requires them; the columns are NOT NULL).
        return [
            rules.UnsurTotal(code, total, self.respondents)
            for code, total in zip(rules.UNSUR_CODES, self.sums, strict=True)
        ]

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.respondents + other.respondents,
            tuple(a + b for a, b in zip(self.sums, other.sums, strict=True)),
        )


NO_RESPONSES = Totals(0, (0,) * 9)


def aggregate_sql() -> str:
    """The one aggregate: per service (NULL: responses without one), over the period's responses."""
    table = connection.ops.quote_name(Response._meta.db_table)
    sums = ", ".join(f"SUM({column})" for column in ANSWER_COLUMNS)
    return f"SELECT service_id, COUNT(*), {sums} FROM {table} WHERE period_id = %s GROUP BY service_id"


def totals_by_service(period_id: int) -> dict[int | None, Totals]:
    """{service id or None: its totals} of the period's responses: one statement."""
    with connection.cursor() as cursor:
        cursor.execute(aggregate_sql(), [period_id])
        rows = cursor.fetchall()
    return {row[0]: Totals(int(row[1]), tuple(int(v) for v in row[2:])) for row in rows}


# --- Grading ------------------------------------------------------------------------------------------
def graded(totals: Totals, weighting: str, bands: list[MutuBand]) -> tuple[Decimal | None, str]:
    """(konversi rounded half-up to 2 decimals, mutu) of a group; (None, "") without responses."""
    ikm = rules.compute_ikm(totals.unsur(), weighting, bands)
    if ikm is None:
        return None, ""
    return ikm.konversi_display, ikm.mutu


# --- The computation --------------------------------------------------------------------------------------
def write_results(period: SurveyPeriod, groups: dict[int | None, Totals], *, now: datetime) -> Totals:
    """Bring the period's IkmResult rows to `groups` (update, insert, delete); the whole-period totals."""
    bands = bands_of(period)
    whole = sum(groups.values(), NO_RESPONSES)
    wanted: dict[int | None, Totals] = {sid: t for sid, t in groups.items() if sid is not None}
    wanted[None] = whole
    existing = {row.service_id: row for row in IkmResult.objects.filter(period=period)}
    changed, created = [], []
    for service_id, totals in wanted.items():
        konversi, mutu = graded(totals, period.weighting, bands)
        values = {
            "respondents": totals.respondents,
            **dict(zip(SUM_COLUMNS, totals.sums, strict=True)),
            "konversi": konversi,
            "mutu": mutu,
            "computed_at": now,
        }
        row = existing.pop(service_id, None)
        if row is None:
            created.append(IkmResult(period=period, service_id=service_id, **values))
            continue
        for field, value in values.items():
            setattr(row, field, value)
        changed.append(row)
    if existing:
        IkmResult.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    if changed:
        IkmResult.objects.bulk_update(
            changed, ["respondents", *SUM_COLUMNS, "konversi", "mutu", "computed_at"]
        )
    if created:
        IkmResult.objects.bulk_create(created)
    return whole


def process(run: IkmRun) -> IkmRun:
    """Compute the run's period: the aggregate, the writes and the finish in one transaction."""
    period = SurveyPeriod.objects.get(pk=run.period_id)
    with RUNS.guard(run), transaction.atomic():
        now = timezone.now()
        whole = write_results(period, totals_by_service(period.pk), now=now)
        RUNS.advance(run, cursor=0, count=whole.respondents, now=now)
        RUNS.recount(run, lambda _after: 0)  # total = processed: the respondents counted
        RUNS.finish(run, now=now)
    run.refresh_from_db()
    return run


def start_run(*, period_id: int, requested_by_id: int | None = None) -> tuple[IkmRun, bool]:
    """Claim the period: (the run, True) when this caller owns it now; (the active run, False) when
    another run of the period is RUNNING with a fresh heartbeat."""
    return RUNS.claim(period_id, remaining=lambda _after: 0, requested_by_id=requested_by_id)


def compute_period(
    period_id: int, *, run_id: int | None = None, requested_by_id: int | None = None
) -> IkmRun:
    """Compute the IKM of a period: claim it (or continue the run `run_id` claimed on the page) and
    process it. Returns the run: DONE when this call finished it; another active run untouched."""
    if run_id is None:
        run, owned = start_run(period_id=period_id, requested_by_id=requested_by_id)
    else:
        run, owned = RUNS.claimed(period_id, run_id)
    if not owned:
        return run
    return process(run)


# --- Which periods the nightly job computes ----------------------------------------------------------
def due_periods() -> list[int]:
    """The periods the nightly job computes, oldest first (one query): every open period (responses
    keep coming), and every closed one that has no finished computation since it was closed."""
    periods = (
        SurveyPeriod.objects.exclude(state=PeriodState.DRAFT)
        .annotate(last_done=Max("runs__started_at", filter=Q(runs__state=RunState.DONE)))
        .filter(
            Q(state=PeriodState.OPEN)
            | Q(last_done__isnull=True)
            | Q(closed_at__isnull=False, closed_at__gte=F("last_done"))
        )
        .order_by("start", "pk")
    )
    return list(periods.values_list("pk", flat=True))


# --- HR or the head asks for a recomputation on the results page ----------------------------------
@transaction.atomic
def recompute_request(*, actor: Actor, period: SurveyPeriod) -> tuple[IkmRun, bool]:
    """Claim the period's computation and queue the task after commit: (run, True). When another
    run of the period is active, nothing starts: (that run, False)."""
    from ..tasks import compute_period_ikm  # tasks import this module: looked up at call time

    access.check(actor, access.can_recompute_ikm(actor, period), period.service_unit)
    run, started = start_run(period_id=period.pk, requested_by_id=actor.user_id)
    if started:
        # Redis down: the claimed run stays, marked stalled with the reason; the page says so and the
        # sweep (core.runs.sweep) queues it again once the broker answers.
        enqueue_on_commit(
            lambda: compute_period_ikm.delay(period_id=period.pk, run_id=run.pk),
            on_failure=lambda exc: RUNS.stall(run, IkmRun.QUEUE_UNAVAILABLE),
        )
    return run, started


def requeue(period_id: int) -> None:
    """Queue the computation of a period whose run stalled (core.runs.sweep); the claim takes it over."""
    from ..tasks import compute_period_ikm

    compute_period_ikm.delay(period_id=period_id)
