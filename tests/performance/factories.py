"""Factories of the performance app: a year with its periods, SKPs in any state, realisations.

They write rows directly (no services, no permission checks) so that a test sets up exactly the
state it needs; every function is idempotent where a permission-matrix row may call it twice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from core.models import Instansi
from employees.models import Employee
from employees.selectors.records import atasan_langsung
from performance.choices import AppraisalState, BehaviourValue, Frequency, PeriodKind, SkpState
from performance.models import (
    Appraisal,
    BehaviourExpectation,
    Iki,
    PerformanceYear,
    Period,
    Realisation,
    Rhk,
    Skp,
)
from performance.services.planning import count_ikis
from performance.services.years import period_rows

YEAR = 2026
# A test whose story needs part of YEAR behind it (an ended period to rate) happens during YEAR:
# its last evening of July in UTC, already 1 August in WIT but still 31 July in WIB. It overrides
# TEST_CLOCK; use it as `pytestmark = DURING_YEAR` or `@DURING_YEAR`.
DURING_YEAR = pytest.mark.clock(f"{YEAR}-07-31T16:30:00Z")


def make_year(
    instansi: Instansi, *, year: int = YEAR, frequency: str = Frequency.MONTHLY, **overrides
) -> PerformanceYear:
    """The performance year of an agency with its periods (get-or-create)."""
    record = PerformanceYear.objects.filter(instansi=instansi, year=year).first()
    if record is not None:
        return record
    fields = dict(frequency=frequency, skp_deadline=date(year, 1, 31))
    fields.update(overrides)
    record = PerformanceYear.objects.create(instansi=instansi, year=year, **fields)
    Period.objects.bulk_create(period_rows(record))
    return record


def period(year: PerformanceYear, number: int = 1) -> Period:
    """A periodic period of the year (number 1 = January for a monthly year)."""
    return year.periods.get(kind=PeriodKind.PERIODIC, number=number)


def annual(year: PerformanceYear) -> Period:
    return year.periods.get(kind=PeriodKind.ANNUAL)


DEFAULT_PLAN = [
    (
        "Meningkatnya cakupan pelayanan kesehatan",
        [("Jumlah pasien terlayani", Decimal(100), "orang", "higher")],
    ),
    ("Tertibnya administrasi layanan", [("Waktu penyelesaian laporan", Decimal(5), "hari", "lower")]),
]


def make_skp(
    employee: Employee,
    year: PerformanceYear,
    *,
    state: str = SkpState.APPROVED,
    plan: list | None = None,
    version: int = 1,
    appraiser: Employee | None = None,
) -> Skp:
    """An SKP in `state` with RHK and IKI (get-or-create by employee, year and version)."""
    skp = Skp.objects.filter(employee=employee, year=year, version=version).first()
    if skp is not None:
        return skp
    now = timezone.now()
    skp = Skp.objects.create(
        employee=employee,
        year=year,
        version=version,
        state=state,
        appraiser=appraiser or atasan_langsung(employee),
        submitted_at=now if state in (SkpState.SUBMITTED, SkpState.APPROVED) else None,
        approved_at=now if state == SkpState.APPROVED else None,
    )
    BehaviourExpectation.objects.bulk_create(
        [BehaviourExpectation(skp=skp, value=v, expectation=f"Harapan {v}") for v in BehaviourValue.values]
    )
    for order, (text, ikis) in enumerate(plan if plan is not None else DEFAULT_PLAN, start=1):
        rhk = Rhk.objects.create(skp=skp, order=order, text=text)
        for i, (indicator, target, unit, direction) in enumerate(ikis, start=1):
            Iki.objects.create(
                rhk=rhk,
                order=i,
                indicator=indicator,
                target=target,
                unit=unit,
                direction=direction,
                target_text="" if target is not None else "Kualitatif",
            )
    count_ikis([skp.pk])
    skp.refresh_from_db(fields=["iki_count"])
    return skp


def ikis_of(skp: Skp) -> list[Iki]:
    return list(Iki.objects.filter(rhk__skp=skp).order_by("rhk__order", "order"))


def make_realisation(iki: Iki, period: Period, value: Decimal | int | None, **overrides) -> Realisation:
    row, _ = Realisation.objects.update_or_create(
        iki=iki,
        period=period,
        defaults=dict(
            employee_id=iki.rhk.skp.employee_id, value=None if value is None else Decimal(value), **overrides
        ),
    )
    return row


def make_appraisal(skp: Skp, period: Period, **overrides) -> Appraisal:
    row, _ = Appraisal.objects.get_or_create(
        employee=skp.employee,
        period=period,
        defaults=dict(
            skp=skp,
            appraiser=skp.appraiser,
            state=overrides.pop("state", AppraisalState.DRAFT),
            **overrides,
        ),
    )
    return row
