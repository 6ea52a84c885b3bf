"""Thin Celery tasks of the surveys app: they load ids and call surveys.services.ikm."""

from __future__ import annotations

from celery import shared_task

from .services import ikm

# One aggregate over a period's responses: a million responses take about a second
# (bench/ikm_compute.py, docs/benchmarks.md). The limits only stop a run that hangs; the soft limit
# marks the run FAILED and the next claim resumes it.
COMPUTE_SOFT_LIMIT = 5 * 60
COMPUTE_HARD_LIMIT = 6 * 60


@shared_task(
    name="surveys.tasks.compute_period_ikm",
    acks_late=True,
    soft_time_limit=COMPUTE_SOFT_LIMIT,
    time_limit=COMPUTE_HARD_LIMIT,
)
def compute_period_ikm(*, period_id: int, run_id: int | None = None) -> dict[str, object]:
    """Compute one period's IKM (continuing the run `run_id` when it was claimed on the page)."""
    run = ikm.compute_period(period_id, run_id=run_id)
    return {"run": run.pk, "state": run.state, "respondents": run.processed}


@shared_task(
    name="surveys.tasks.compute_due_ikm",
    acks_late=True,
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
)
def compute_due_ikm() -> dict[str, int]:
    """Nightly (beat): queue the computation of every due period (see ikm.due_periods)."""
    due = ikm.due_periods()
    for period_id in due:
        compute_period_ikm.delay(period_id=period_id)
    return {"queued": len(due)}
