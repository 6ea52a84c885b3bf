"""Jobs of the attendance app. The nightly build of daily statuses and the month's recap (set-based,
idempotent, one run at a time through core.runs) is the next step of issue 16. The discipline check (PP 94/2021 thresholds) runs nightly after it."""

from celery import shared_task

from .services import discipline


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
