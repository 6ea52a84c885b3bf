"""Thin Celery tasks of the training app: they load ids and call its services."""

from __future__ import annotations

from celery import shared_task

from core.access import ANONYMOUS

from .services import compliance
from .services import study as study_services

# --- JP compliance ---------------------------------------------------------------------------------------
# 100,000 employees with 1,000,000 riwayat diklat rows take seconds (bench/jp_compliance.py); the limits
# only stop a run that hangs. The soft limit marks the run FAILED and the next claim resumes it.
JP_SOFT_LIMIT = 10 * 60
JP_HARD_LIMIT = 12 * 60


@shared_task(
    name="training.tasks.recompute_jp",
    acks_late=True,
    soft_time_limit=JP_SOFT_LIMIT,
    time_limit=JP_HARD_LIMIT,
)
def recompute_jp(*, jp_year_id: int, run_id: int | None = None) -> dict[str, object]:
    """Recompute one agency-year's JP (continuing the run `run_id` when HR claimed it on the page),
    then send the month's reminders when they are due."""
    run, reminded = compliance.recompute_and_remind(jp_year_id=jp_year_id, run_id=run_id)
    return {"run": run.pk, "state": run.state, "processed": run.processed, "reminded": reminded}


@shared_task(
    name="training.tasks.nightly_jp_compliance",
    acks_late=True,
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
)
def nightly_jp_compliance() -> dict[str, int]:
    """Nightly (beat): queue the recompute of every agency's current year (and last year's in the
    first quarter)."""
    due = compliance.due_years()
    for jp_year_id in due:
        recompute_jp.delay(jp_year_id=jp_year_id)
    return {"queued": len(due)}


@shared_task(
    name="training.tasks.sync_study_states", acks_late=True, soft_time_limit=5 * 60, time_limit=6 * 60
)
def sync_study_states() -> dict[str, int]:
    """Daily (beat): the working state of those whose approved tugas belajar starts (set-based)."""
    return {"moved": study_services.study_states_sync(actor=ANONYMOUS)}  # the job: no person to name
