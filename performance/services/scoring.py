"""The scoring job (issue 4 item 6): per period, a PeriodScore for every active employee of the
agency and a UnitScore for every unit over its whole subtree.

PeriodScore (employee in scope = active, in a unit of the period's agency):
- unit: the employee's unit at the time of the run;
- iki_total: the IKI (numeric and qualitative) of the approved SKP version of the year; 0 without;
- iki_reported: distinct IKI with a realisation in the period (the annual evaluation: in any of the
  year's periodic periods), on any version of the employee's SKP of the year;
- indeks: the weighted mean of capaian over the reports with a numeric target and a value (the
  annual evaluation: every (IKI, period) report with its IKI's weight); None when there is none;
- skp_state: the state of the version in the works if any, else "approved", else "";
- appraisal_state of Appraisal(employee, period), and its predikat only when it is final.
UnitScore (the unit and every unit below it): employees, skp_approved (an approved version exists,
also while a revision is open), reported (at least one IKI reported), appraised (final), avg_indeks
(mean over the employees with an indeks), and the count of each predikat. The distribution warning
of domain §7 is rules.distribution_warnings(UnitPredikat, UnitScore.predikat_counts, the limits of the
version in force on the period's last day), at display (selectors.monitoring.distribution_rules_on).

Set-based: the employees are taken in id order, in batches; each batch is ONE statement that
aggregates the realisations, the SKP and the appraisal of its employees and upserts their rows
(INSERT … SELECT … ON CONFLICT DO UPDATE, on SQLite and PostgreSQL alike). The numbers follow
rules.capaian / rules.indeks / rules.ANNUAL_POLICY; the SQL below repeats their formula, keep the
two in step (tests/performance/test_scoring.py compares them on random data).

The run (ScoringRun, a core.models.JobRun) is the lock and the progress; core.runs does the claim,
the advance, the takeover and the failure, generically (RUNS below):
- start_run claims a period: a new RUNNING row (the partial unique constraint allows one per
  period), the resumption of the period's last run when it FAILED, or the takeover of a RUNNING
  run whose heartbeat is older than core.runs.stale_limit() (its worker died). Otherwise another run is active
  and nothing starts.
- Each batch runs in its own transaction with the advance of the run's cursor (the last employee
  id written), `processed` and the heartbeat. An interruption loses at most the batch in flight;
  the next start resumes from the cursor. The cursor only moves if it is where this worker left it,
  so two workers never both write the same run.
- The finish (rows of employees no longer in scope deleted, UnitScore, state DONE) is one more
  transaction. Any error marks the run FAILED with its message.

Idempotent: the same input gives the same rows; an upsert leaves a row untouched when nothing in
it changed, so a second run changes nothing at all.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from core.access import Actor
from core.models import Instansi, UnitKerja
from core.runs import Remaining, Runs, enqueue_on_commit
from employees.models import Employee

from .. import access
from ..choices import AppraisalState, Direction, PeriodKind, Predikat, ScoringState, SkpState
from ..models import Appraisal, Iki, Period, PeriodScore, Realisation, Rhk, ScoringRun, Skp, UnitScore

# The scoring runs: one RUNNING run per period is the lock; the cursor is the last employee id
# written. A RUNNING run whose heartbeat is older than core.runs.stale_limit() has lost its worker.
RUNS = Runs(ScoringRun, subject="period")

PREDIKAT_COLUMNS = tuple(Predikat.values)  # UnitScore has one count column per predikat


@dataclass(frozen=True)
class Scope:
    """What the statements of one period need: the agency, the year and the periods reported in."""

    period_id: int
    instansi_id: int
    year_id: int
    # The periods whose realisations count: the period itself, or for the annual evaluation the
    # year's periodic periods (rules.ANNUAL_POLICY: every (IKI, period) report counts).
    report_period_ids: tuple[int, ...]

    @classmethod
    def of(cls, period: Period) -> Scope:
        if period.kind == PeriodKind.ANNUAL:
            ids = tuple(
                Period.objects.filter(year_id=period.year_id, kind=PeriodKind.PERIODIC)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        else:
            ids = (period.pk,)
        return cls(
            period_id=period.pk,
            instansi_id=period.year.instansi_id,
            year_id=period.year_id,
            report_period_ids=ids,
        )


# --- SQL --------------------------------------------------------------------------------------------


# Memory for one batch's sorts and hash tables on PostgreSQL (SET LOCAL: this transaction only).
BATCH_WORK_MEM = "64MB"


def _tables() -> dict[str, str]:
    q = connection.ops.quote_name
    models = {
        "employee": Employee,
        "unit": UnitKerja,
        "skp": Skp,
        "rhk": Rhk,
        "iki": Iki,
        "realisation": Realisation,
        "appraisal": Appraisal,
        "score": PeriodScore,
        "unit_score": UnitScore,
    }
    return {name: q(model._meta.db_table) for name, model in models.items()}


def _distinct() -> str:
    """Null-safe "differs from" (SQLite spells it IS NOT)."""
    return "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"


def _changed(table: str, columns: tuple[str, ...]) -> str:
    op = _distinct()
    return " OR ".join(f"{table}.{c} {op} excluded.{c}" for c in columns)


# The employees in scope: active, in a unit of the agency.
SCOPE_SQL = """
    SELECT e.id AS employee_id, e.unit_id AS unit_id
    FROM {employee} e JOIN {unit} u ON u.id = e.unit_id
    WHERE u.instansi_id = %(instansi)s AND e.is_active
"""

# The next batch: its last employee id and its size.
NEXT_BATCH_SQL = """
    SELECT MAX(b.employee_id), COUNT(*) FROM (
        SELECT e.id AS employee_id
        FROM {employee} e JOIN {unit} u ON u.id = e.unit_id
        WHERE u.instansi_id = %(instansi)s AND e.is_active AND e.id > %(after)s
        ORDER BY e.id
        LIMIT %(limit)s
    ) b
"""

# rules.capaian in SQL: min(R / T, 1.2) × 100 (higher is better), min(T / R, 1.2) × 100 (lower is
# better; R = 0 gives 120). Written with CASE (LEAST is MIN on SQLite) and with decimal literals
# so that SQLite never divides integers.
CAPAIAN_SQL = """
    CASE WHEN i.direction = %(lower)s THEN
        CASE WHEN re.value = 0 OR i.target >= 1.2 * re.value THEN 120.0
             ELSE 100.0 * i.target / re.value END
    ELSE
        CASE WHEN re.value >= 1.2 * i.target THEN 120.0
             ELSE 100.0 * re.value / i.target END
    END
"""
NUMERIC_SQL = "i.target IS NOT NULL AND re.value IS NOT NULL"

SCORE_COLUMNS = (
    "unit_id",
    "iki_total",
    "iki_reported",
    "indeks",
    "skp_state",
    "appraisal_state",
    "predikat",
)

# One batch (employees with lo < id <= hi): aggregate and upsert in one statement.
# - reports: the batch's slice of realisation_scoring_idx joined to its IKI by primary key (target,
#   direction, weight); what was reported on a version superseded since still counts.
# - plans: the state of the version in force (the open one, else the approved one) and the approved
#   version's IKI count (Skp.iki_count, stored on approval), so RHK and IKI are never scanned whole.
# - The upsert leaves a row untouched when no value changed (a re-run writes nothing).
BATCH_SQL = """
WITH scope AS (
    {scope} AND e.id > %(lo)s AND e.id <= %(hi)s
),
reports AS (
    SELECT re.employee_id AS employee_id,
           {reported} AS reported,
           SUM(CASE WHEN {numeric} THEN ({capaian}) * i.weight END) AS weighted,
           SUM(CASE WHEN {numeric} THEN i.weight END) AS weights
    FROM {realisation} re JOIN {iki} i ON i.id = re.iki_id
    WHERE re.period_id IN ({periods}) AND re.employee_id > %(lo)s AND re.employee_id <= %(hi)s
    GROUP BY re.employee_id
),
plans AS (
    SELECT s.employee_id AS employee_id,
           MAX(CASE WHEN s.state IN (%(draft)s, %(submitted)s, %(returned)s) THEN s.state END) AS open_state,
           MAX(CASE WHEN s.state = %(approved)s THEN 1 ELSE 0 END) AS has_approved,
           MAX(CASE WHEN s.state = %(approved)s THEN s.iki_count END) AS iki_total
    FROM {skp} s
    WHERE s.year_id = %(year)s AND s.state <> %(superseded)s
      AND s.employee_id > %(lo)s AND s.employee_id <= %(hi)s
    GROUP BY s.employee_id
)
INSERT INTO {score} (period_id, employee_id, {columns})
SELECT %(period)s, sc.employee_id, sc.unit_id,
       COALESCE(p.iki_total, 0),
       COALESCE(rp.reported, 0),
       rp.weighted / rp.weights,
       COALESCE(p.open_state, CASE WHEN p.has_approved = 1 THEN %(approved)s END, ''),
       COALESCE(a.state, ''),
       CASE WHEN a.state = %(final)s THEN a.predikat ELSE '' END
FROM scope sc
LEFT JOIN reports rp ON rp.employee_id = sc.employee_id
LEFT JOIN plans p ON p.employee_id = sc.employee_id
LEFT JOIN {appraisal} a ON a.employee_id = sc.employee_id AND a.period_id = %(period)s
    AND a.employee_id > %(lo)s AND a.employee_id <= %(hi)s
WHERE TRUE
ON CONFLICT (period_id, employee_id) DO UPDATE SET {updates}
WHERE {changed}
"""

# Rows of employees no longer in scope (left the agency, inactive).
DELETE_OUT_OF_SCOPE_SQL = """
DELETE FROM {score}
WHERE period_id = %(period)s AND employee_id NOT IN (
    SELECT e.id FROM {employee} e JOIN {unit} u ON u.id = e.unit_id
    WHERE u.instansi_id = %(instansi)s AND e.is_active
)
"""

UNIT_COLUMNS = (
    "employees",
    "skp_approved",
    "reported",
    "appraised",
    "avg_indeks",
    *PREDIKAT_COLUMNS,
)

# Every unit of the agency over its subtree: per-unit sums first (one pass over the scores), then
# summed over the descendants (path prefix) of each unit: a join of units × units, not × employees.
# "* 1.0": SQLite stores a whole indeks as an integer and would divide integers.
UNITS_SQL = """
WITH per_unit AS (
    SELECT d.path AS path,
           COUNT(*) AS employees,
           SUM(CASE WHEN EXISTS (
               SELECT 1 FROM {skp} s
               WHERE s.employee_id = ps.employee_id AND s.year_id = %(year)s AND s.state = %(approved)s
           ) THEN 1 ELSE 0 END) AS skp_approved,
           SUM(CASE WHEN ps.iki_reported > 0 THEN 1 ELSE 0 END) AS reported,
           SUM(CASE WHEN ps.appraisal_state = %(final)s THEN 1 ELSE 0 END) AS appraised,
           SUM(ps.indeks) AS indeks_sum,
           COUNT(ps.indeks) AS indeks_count,
           {predikat_sums}
    FROM {score} ps JOIN {unit} d ON d.id = ps.unit_id
    WHERE ps.period_id = %(period)s
    GROUP BY ps.unit_id, d.path
)
INSERT INTO {unit_score} (period_id, unit_id, {columns})
SELECT %(period)s, anc.id,
       COALESCE(SUM(pu.employees), 0),
       COALESCE(SUM(pu.skp_approved), 0),
       COALESCE(SUM(pu.reported), 0),
       COALESCE(SUM(pu.appraised), 0),
       CASE WHEN SUM(pu.indeks_count) > 0 THEN SUM(pu.indeks_sum) * 1.0 / SUM(pu.indeks_count) END,
       {predikat_totals}
FROM {unit} anc
LEFT JOIN per_unit pu ON pu.path LIKE anc.path || '%%'
WHERE anc.instansi_id = %(instansi)s
GROUP BY anc.id
ON CONFLICT (period_id, unit_id) DO UPDATE SET {updates}
WHERE {changed}
"""

DELETE_OTHER_UNITS_SQL = """
DELETE FROM {unit_score}
WHERE period_id = %(period)s AND unit_id NOT IN (SELECT id FROM {unit} WHERE instansi_id = %(instansi)s)
"""


def _params(scope: Scope, **extra: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "period": scope.period_id,
        "instansi": scope.instansi_id,
        "year": scope.year_id,
        "lower": Direction.LOWER.value,
        "draft": SkpState.DRAFT.value,
        "submitted": SkpState.SUBMITTED.value,
        "returned": SkpState.RETURNED.value,
        "approved": SkpState.APPROVED.value,
        "superseded": SkpState.SUPERSEDED.value,
        "final": AppraisalState.FINAL.value,
    }
    params.update({f"p{n}": pk for n, pk in enumerate(scope.report_period_ids)})
    params.update(extra)
    return params


def _batch_sql(scope: Scope) -> str:
    t = _tables()
    periods = ", ".join(f"%(p{n})s" for n in range(len(scope.report_period_ids))) or "NULL"
    # One period: each IKI has at most one realisation (realisation_unique), so a plain count is the
    # number of distinct IKI reported, and saves the sort a DISTINCT needs.
    reported = "COUNT(*)" if len(scope.report_period_ids) == 1 else "COUNT(DISTINCT re.iki_id)"
    return BATCH_SQL.format(
        scope=SCOPE_SQL.format(**t),
        reported=reported,
        numeric=NUMERIC_SQL,
        capaian=CAPAIAN_SQL,
        periods=periods,
        columns=", ".join(SCORE_COLUMNS),
        updates=", ".join(f"{c} = excluded.{c}" for c in SCORE_COLUMNS),
        changed=_changed(t["score"], SCORE_COLUMNS),
        **t,
    )


def _units_sql() -> str:
    t = _tables()
    return UNITS_SQL.format(
        predikat_sums=",\n           ".join(
            f"SUM(CASE WHEN ps.predikat = %(pk_{p})s THEN 1 ELSE 0 END) AS {p}" for p in PREDIKAT_COLUMNS
        ),
        predikat_totals=",\n       ".join(f"COALESCE(SUM(pu.{p}), 0)" for p in PREDIKAT_COLUMNS),
        columns=", ".join(UNIT_COLUMNS),
        updates=", ".join(f"{c} = excluded.{c}" for c in UNIT_COLUMNS),
        changed=_changed(t["unit_score"], UNIT_COLUMNS),
        **t,
    )


def count_in_scope(scope: Scope, *, after: int = 0) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM ({SCOPE_SQL.format(**_tables())} AND e.id > %(after)s) c",
            {"instansi": scope.instansi_id, "after": after},
        )
        return int(cursor.fetchone()[0])


def next_batch(scope: Scope, *, after: int, size: int) -> tuple[int, int]:
    """(last employee id, number of employees) of the batch after `after`; (after, 0) at the end."""
    with connection.cursor() as cursor:
        cursor.execute(
            NEXT_BATCH_SQL.format(**_tables()),
            {"instansi": scope.instansi_id, "after": after, "limit": size},
        )
        last, count = cursor.fetchone()
    return (int(last), int(count)) if count else (after, 0)


def score_batch(scope: Scope, *, lo: int, hi: int) -> None:
    """Write the PeriodScore of every employee in scope with lo < id <= hi: one statement."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            # The batch's sorts and hashes fit in memory instead of spilling to disk; for this
            # transaction only (the server default of 4 MB stays for every other query).
            cursor.execute(f"SET LOCAL work_mem = '{BATCH_WORK_MEM}'")
        cursor.execute(_batch_sql(scope), _params(scope, lo=lo, hi=hi))


def score_units(scope: Scope) -> None:
    """Delete the scores of employees out of scope, then write every unit's UnitScore."""
    t = _tables()
    params = _params(scope, **{f"pk_{p}": p for p in PREDIKAT_COLUMNS})
    with connection.cursor() as cursor:
        cursor.execute(DELETE_OUT_OF_SCOPE_SQL.format(**t), params)
        cursor.execute(_units_sql(), params)
        cursor.execute(DELETE_OTHER_UNITS_SQL.format(**t), params)


# --- The run: claim, batches, finish -----------------------------------------------------------------


def _load_period(period_id: int) -> Period:
    return Period.objects.select_related("year").get(pk=period_id)


def _remaining(scope: Scope) -> Remaining:
    return lambda after: count_in_scope(scope, after=after)


def start_run(
    *, period_id: int, requested_by_id: int | None = None, now: datetime | None = None
) -> tuple[ScoringRun, bool]:
    """Claim the scoring of a period: (the run, True) when this caller now owns it.

    (the active run, False) when another run of the period is RUNNING with a fresh heartbeat.
    A FAILED last run is resumed from its cursor; a RUNNING one whose heartbeat is older than
    core.runs.stale_limit() is taken over (resumed too). Otherwise a new RUNNING run starts.
    """
    scope = Scope.of(_load_period(period_id))
    # Who asked: HR on the page; the scheduled job (None) keeps the name of whoever started the run.
    return RUNS.claim(period_id, remaining=_remaining(scope), requested_by_id=requested_by_id, now=now)


def parallel_workers() -> int:
    """How many batches to score at once: settings.SCORING_WORKERS on PostgreSQL, when the caller
    holds no transaction (each batch commits on its own connection, which could not see rows the
    caller has not committed); one otherwise (SQLite, tests inside a transaction)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return max(1, int(getattr(settings, "SCORING_WORKERS", 1)))


def _score_alone(scope: Scope, lo: int, hi: int) -> None:
    """One batch in its own transaction on this thread's own connection (closed afterwards)."""
    try:
        with transaction.atomic():
            score_batch(scope, lo=lo, hi=hi)
    finally:
        connection.close()


def _parallel_step(run: ScoringRun, scope: Scope, *, batch_size: int, workers: int) -> bool:
    """Score the next `workers` batches at once (one thread and connection each), then move the
    cursor past all of them. An interruption leaves the cursor before them: a resume scores them
    again, which writes the same rows. False when nothing is left."""
    bounds: list[tuple[int, int, int]] = []
    after = run.cursor
    for _ in range(workers):
        last, count = next_batch(scope, after=after, size=batch_size)
        if not count:
            break
        bounds.append((after, last, count))
        after = last
    if not bounds:
        return False
    with ThreadPoolExecutor(max_workers=len(bounds)) as pool:
        for future in [pool.submit(_score_alone, scope, lo, hi) for lo, hi, _count in bounds]:
            future.result()  # re-raises a batch's error here
    with transaction.atomic():
        RUNS.advance(run, cursor=bounds[-1][1], count=sum(c for _lo, _hi, c in bounds))
    return True


def process(run: ScoringRun, *, batch_size: int | None = None) -> ScoringRun:
    """Score the run's period from its cursor to the end, batch by batch, then the units
    (`batch_size` None: settings.SCORING_BATCH_SIZE)."""
    batch_size = batch_size or settings.SCORING_BATCH_SIZE
    scope = Scope.of(_load_period(run.period_id))
    workers = parallel_workers()
    # A lost run (another worker took it over) stops quietly; an error (the soft time limit too)
    # marks it FAILED and is re-raised.
    with RUNS.guard(run):
        while True:
            if workers > 1:
                if not _parallel_step(run, scope, batch_size=batch_size, workers=workers):
                    break
                continue
            with transaction.atomic():
                last, count = next_batch(scope, after=run.cursor, size=batch_size)
                if not count:
                    break
                score_batch(scope, lo=run.cursor, hi=last)
                RUNS.advance(run, cursor=last, count=count)
        with transaction.atomic():
            score_units(scope)
            RUNS.finish(run)
    run.refresh_from_db()
    return run


def score_period_run(
    *,
    period_id: int,
    run_id: int | None = None,
    batch_size: int | None = None,
    requested_by_id: int | None = None,
) -> ScoringRun:
    """Score a period: claim it (or continue the claimed run `run_id`) and process it.

    Returns the run: DONE when this call finished it; the other run when one is active; a run that
    is not RUNNING (finished, or failed since it was claimed) is returned untouched.
    """
    if run_id is None:
        run, owned = start_run(period_id=period_id, requested_by_id=requested_by_id)
    else:
        run, owned = RUNS.claimed(period_id, run_id)
    if not owned:
        return run
    return process(run, batch_size=batch_size)


# --- Which periods the daily job scores ----------------------------------------------------------------


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def due_periods(*, now: datetime | None = None) -> list[int]:
    """The periods the daily job scores, oldest first.

    A period is due on an agency's day D (in the agency's own time zone) when
    1. it has ended: its last day is before D;
    2. it has no final scoring yet: no DONE run that started after its appraisal deadline (from
       midnight of the next day on) — until then realisations and appraisals may still change, so
       it is scored again every day; after the final run only HR re-scores it, on demand;
    3. no run of it started on day D (HR may have run it already today).
    Periods that have not ended are never scored by the job.
    """
    now = now or timezone.now()
    periods = (
        Period.objects.filter(end__lt=now.date() + timedelta(days=1))
        .select_related("year__instansi")
        .annotate(
            last_done=Max("scoring_runs__started_at", filter=Q(scoring_runs__state=ScoringState.DONE)),
            last_started=Max("scoring_runs__started_at"),
        )
        .order_by("end", "pk")
    )
    due = []
    for period in periods:
        instansi: Instansi = period.year.instansi
        zone = ZoneInfo(instansi.time_zone)
        today = now.astimezone(zone).date()
        if period.end >= today:
            continue
        final_from = _midnight(period.appraisal_deadline + timedelta(days=1), zone)
        if period.last_done is not None and period.last_done >= final_from:
            continue
        if period.last_started is not None and period.last_started >= _midnight(today, zone):
            continue
        due.append(period.pk)
    return due


# --- HR starts the scoring of a period on demand (the page) ---------------------------------------
@transaction.atomic
def scoring_request(*, actor: Actor, period: Period) -> tuple[ScoringRun, bool]:
    """Claim the period's scoring and queue the task after commit: (run, True).

    When another run of the period is active, nothing starts: (that run, False).
    """
    from ..tasks import score_period  # tasks import this module: the task is looked up at call time

    access.require(access.can_manage_performance(actor, period.year.instansi_id))
    run, started = start_run(period_id=period.pk, requested_by_id=actor.user_id)
    if started:
        # Redis down: the claimed run stays, marked stalled with the reason; the page says so and
        # the sweep (core.runs.sweep) queues it again once the broker answers.
        enqueue_on_commit(
            lambda: score_period.delay(period_id=period.pk, run_id=run.pk),
            on_failure=lambda exc: RUNS.stall(run, ScoringRun.QUEUE_UNAVAILABLE),
        )
    return run, started


def requeue(period_id: int) -> None:
    """Queue the scoring of a period whose run stalled (core.runs.sweep); the claim takes it over."""
    from ..tasks import score_period

    score_period.delay(period_id=period_id)
