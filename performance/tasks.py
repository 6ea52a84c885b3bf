"""Thin Celery tasks of the performance app: they load ids and call performance.services.scoring."""

from __future__ import annotations

from celery import shared_task

from .services import scoring

# Scoring 100,000 employees takes well under a minute (bench/skp_scoring.py); the limits only stop
# a run that hangs. The soft limit raises inside the batch in flight: the run is marked FAILED and
# the next start resumes it from its cursor.
SCORE_SOFT_LIMIT = 20 * 60
SCORE_HARD_LIMIT = 25 * 60


@shared_task(
    name="performance.tasks.score_period",
    acks_late=True,
    soft_time_limit=SCORE_SOFT_LIMIT,
    time_limit=SCORE_HARD_LIMIT,
)
def score_period(*, period_id: int, run_id: int | None = None) -> dict[str, object]:
    """Score one period (continuing the run `run_id` when HR claimed it on the page)."""
    run = scoring.score_period_run(period_id=period_id, run_id=run_id)
    return {"run": run.pk, "state": run.state, "processed": run.processed, "total": run.total}


@shared_task(
    name="performance.tasks.score_ended_periods",
    acks_late=True,
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
)
def score_ended_periods() -> dict[str, int]:
    """Daily (beat): queue the scoring of every period that is due (see scoring.due_periods)."""
    due = scoring.due_periods()
    for period_id in due:
        score_period.delay(period_id=period_id)
    return {"queued": len(due)}
