"""Jobs of the attendance app: the nightly build of daily statuses (attendance.services.daily),
set-based, idempotent, one run at a time per agency through core.runs; then the discipline check
(PP 94/2021 thresholds, attendance.services.discipline); and on PostgreSQL the monthly partitions of
the two big tables (attendance.services.partitions)."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from core.models import Instansi

from .services import daily, discipline, partitions


@shared_task(
    name="attendance.tasks.build_agency_days", acks_late=True, soft_time_limit=20 * 60, time_limit=25 * 60
)
def build_agency_days(
    *,
    instansi_id: int,
    start: str | None = None,
    end: str | None = None,
    requested_by_id: int | None = None,
    run_id: int | None = None,
) -> dict[str, object]:
    """Build an agency's daily statuses between two ISO dates (default: yesterday and the month so
    far, plus the previous month during the first five days of a month)."""
    run = daily.daily_run(
        instansi_id=instansi_id,
        start=date.fromisoformat(start) if start else None,
        end=date.fromisoformat(end) if end else None,
        requested_by_id=requested_by_id,
        run_id=run_id,
    )
    return {"run": run.pk, "state": run.state, "processed": run.processed, "total": run.total}


@shared_task(
    name="attendance.tasks.build_daily_statuses", acks_late=True, soft_time_limit=5 * 60, time_limit=6 * 60
)
def build_daily_statuses() -> dict[str, int]:
    """Nightly (beat): queue the build of every agency's recent days (each in its own zone)."""
    ids = list(Instansi.objects.order_by("pk").values_list("pk", flat=True))
    for instansi_id in ids:
        build_agency_days.delay(instansi_id=instansi_id)
    return {"queued": len(ids)}


@shared_task(
    name="attendance.tasks.check_discipline", acks_late=True, soft_time_limit=20 * 60, time_limit=25 * 60
)
def check_discipline() -> dict[str, int]:
    """Nightly (beat, after the daily statuses are built): flag the PP 94/2021 thresholds newly
    reached in each agency's year (attendance.services.discipline; idempotent)."""
    flagged = 0
    due = discipline.due_checks()
    for instansi_id, year in due:
        flagged += discipline.check_thresholds(year=year, instansi_id=instansi_id)
    return {"checked": len(due), "flagged": flagged}


@shared_task(
    name="attendance.tasks.maintain_partitions", acks_late=True, soft_time_limit=20 * 60, time_limit=25 * 60
)
def maintain_partitions() -> dict[str, object]:
    """Daily (beat): make the monthly partitions ahead and move stray rows out of the DEFAULT
    partitions (PostgreSQL; idempotent, a no-op on SQLite)."""
    done = partitions.ensure_partitions()
    return {"created": done.created, "moved": done.moved}
