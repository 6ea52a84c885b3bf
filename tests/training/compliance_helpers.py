"""Helpers of the JP compliance tests: riwayat diklat rows and running the recompute."""

from __future__ import annotations

from datetime import date

from employees.models import Employee, TrainingHistory
from training.models import JpYear
from training.services import compliance

YEAR = 2026


def add_training(
    employee: Employee, hours: int, *, end: date = date(YEAR, 3, 10), category: str = "teknis", name: str = ""
) -> TrainingHistory:
    start = min(end, date(end.year, end.month, 1))
    return TrainingHistory.objects.create(
        employee=employee,
        name=name or f"Pelatihan {hours} JP",
        category=category,
        start_date=start,
        end_date=end,
        hours=hours,
    )


def jp_year(instansi, year: int = YEAR) -> JpYear:
    return compliance.jp_year_of(instansi.pk, year)


def recompute(instansi, year: int = YEAR, **kwargs) -> JpYear:
    """Run the recompute of the agency-year to the end (as the task does) and return the year."""
    found = jp_year(instansi, year)
    run = compliance.recompute(jp_year_id=found.pk, **kwargs)
    assert run.state == "done", (run.state, run.error)
    found.refresh_from_db()
    return found
