"""Fixtures of the training-needs and budget tests: a competency, needs, a coaching plan with a
training need, budget lines and spending."""

from __future__ import annotations

from datetime import date

from performance.choices import AppraisalState
from performance.models import CoachingPlan
from training.choices import NeedSource
from training.models import BudgetLine, Competency, Spending, TrainingNeed

YEAR = 2027


def competency(instansi, code: str = "T.01", name: str = "Pelayanan publik") -> Competency:
    row, _ = Competency.objects.get_or_create(
        instansi=instansi, code=code, defaults={"name": name, "kind": "teknis"}
    )
    return row


def make_need(employee, **overrides) -> TrainingNeed:
    instansi = employee.unit.instansi
    fields = dict(
        instansi=instansi,
        employee=employee,
        competency=competency(instansi),
        reason="Pelayanan loket sering dikeluhkan",
        priority="sedang",
        year=YEAR,
        source=NeedSource.EMPLOYEE,
    )
    fields.update(overrides)
    return TrainingNeed.objects.create(**fields)


def coaching_plan(org, employee=None, training_need: str = "Pelatihan komunikasi pelayanan") -> CoachingPlan:
    """A final Kurang appraisal of the nurse (or `employee`) with its coaching plan naming a need."""
    from tests.performance.factories import make_appraisal, make_skp, make_year, period

    employee = employee or org.employee_dinkes_sorong
    year = make_year(org.sorong)
    skp = make_skp(employee, year, appraiser=org.head_dinkes_sorong)
    weak = make_appraisal(skp, period(year, 1), state=AppraisalState.FINAL, predikat="kurang")
    plan, _ = CoachingPlan.objects.get_or_create(
        appraisal=weak,
        defaults=dict(
            employee=employee,
            head=org.head_dinkes_sorong,
            problem="Target layanan tidak tercapai",
            training_need=training_need,
            due_date=date(YEAR, 3, 31),
        ),
    )
    return plan


def budget_line(
    instansi, code: str = "5.2.1.02", allocated: int = 10_000_000, year: int = 2026
) -> BudgetLine:
    row, _ = BudgetLine.objects.get_or_create(
        instansi=instansi, year=year, code=code, defaults={"allocated": allocated, "name": "Diklat teknis"}
    )
    return row


def spend(programme, amount: int, on: date = date(2026, 8, 20), note: str = "Honor narasumber") -> Spending:
    return Spending.objects.create(programme=programme, date=on, amount=amount, note=note)
