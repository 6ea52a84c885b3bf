"""Thin Celery tasks of the leave app: they load ids and call leave.services.balances."""

from __future__ import annotations

from celery import shared_task

from core.access import ANONYMOUS

from .services import balances, working


@shared_task(name="leave.tasks.open_year", acks_late=True, soft_time_limit=20 * 60, time_limit=25 * 60)
def open_year(*, instansi_id: int, year: int) -> dict[str, object]:
    """Open a year's cuti tahunan for an agency (grants and carry-over; idempotent)."""
    run = balances.year_opening_run(instansi_id=instansi_id, year=year)
    return {"run": run.pk, "state": run.state, "processed": run.processed, "total": run.total}


@shared_task(name="leave.tasks.open_due_years", acks_late=True, soft_time_limit=5 * 60, time_limit=6 * 60)
def open_due_years() -> dict[str, int]:
    """Daily (beat): queue the opening of the current year for every agency that has none finished,
    and write this year's summary row of any active employee who has none (idempotent)."""
    due = balances.due_openings()
    for instansi_id, year in due:
        open_year.delay(instansi_id=instansi_id, year=year)
    return {"queued": len(due), "rows_filled": balances.fill_missing_rows()}


@shared_task(name="leave.tasks.sync_cltn", acks_late=True, soft_time_limit=5 * 60, time_limit=6 * 60)
def sync_cltn() -> dict[str, int]:
    """Daily (beat): the working state of those whose approved CLTN starts or ended (set-based)."""
    return working.cltn_sync(actor=ANONYMOUS)  # the job: no person to name
