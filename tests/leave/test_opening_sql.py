"""The yearly opening in SQL (balances.OPENING_SQL) equals the pure rule (rules.year_opening) on
constructed ledgers covering every cap: at most 6 days carried, at most 18 in the next year, at most
24 after two unused years, older buckets expiring, a cuti besar cancelling that year's tahunan, the
entitlement (service start, working state); run twice, the ledger is the same. Runs on SQLite and on
PostgreSQL (the database the suite is pointed at)."""

from __future__ import annotations

import random
from datetime import date

import pytest

from leave import rules, selectors
from leave.choices import EntryKind, LeaveKind, LengthUnit
from leave.models import LeaveRequest, LedgerEntry
from leave.services import balances

from ..factories import make_employees_bulk
from .factories import leave_type

pytestmark = pytest.mark.django_db
YEAR = 2026


def python_opening(employee, year: int) -> dict[int, int]:
    """The opening of one employee by the pure rule, from the ledger read row by row."""
    remaining: dict[int, int] = {}
    used: dict[int, int] = {}
    for entry in LedgerEntry.objects.filter(employee=employee).exclude(key__startswith=f"open:{year}:"):
        remaining[entry.bucket] = remaining.get(entry.bucket, 0) + entry.days
        if entry.request_id and entry.kind in (EntryKind.PAKAI, EntryKind.KEMBALI):
            used[entry.year] = used.get(entry.year, 0) + entry.days
    start = employee.tmt_cpns or employee.tmt_pppk
    return rules.year_opening(
        remaining,
        year=year,
        used_in={y for y, d in used.items() if d < 0},
        entitled=balances.entitled(start, employee.working_state, year),
    )


def sql_opening(employee, year: int) -> dict[int, int]:
    return dict(
        LedgerEntry.objects.filter(employee=employee, key__startswith=f"open:{year}:").values_list(
            "bucket", "days"
        )
    )


def ledger_rows():
    return sorted(
        LedgerEntry.objects.values_list("employee_id", "kind", "bucket", "year", "days", "key", "reason")
    )


def add(employee, bucket, days, *, kind=EntryKind.HAK, year=None, request=None, key=""):
    return LedgerEntry(
        employee=employee,
        kind=kind,
        bucket=bucket,
        year=year or bucket,
        days=days,
        reason="uji",
        request=request,
        key=key,
    )


def a_request(employee, tahunan, year):
    return LeaveRequest.objects.create(
        employee=employee,
        leave_type=tahunan,
        start=date(year, 8, 3),
        end=date(year, 8, 4),
        length=2,
        length_unit=LengthUnit.HARI_KERJA,
        working_days=2,
        reason="uji",
        address="Sorong",
        phone="0812",
    )


# (ledger of (bucket, days, kind, year used in or None)), expected opening of 2026
CASES = {
    "nothing: only the 12 new days": ([], {2026: 12}),
    "4 left of 2025: all carried (16)": ([(2025, 12, None), (2025, -8, 2025)], {2026: 12}),
    "10 left of 2025: 6 carried (18)": ([(2025, 12, None), (2025, -2, 2025)], {2026: 12, 2025: -4}),
    "two unused years: 6 + 6 (24)": ([(2024, 12, None), (2025, 12, None)], {2026: 12, 2025: -6, 2024: -6}),
    "leave taken in 2025: 2024 expires": (
        [(2024, 12, None), (2025, 12, None), (2025, -3, 2025)],
        {2026: 12, 2025: -3, 2024: -12},
    ),
    "leave taken in 2024 from bucket 2024: its rest expires": (
        [(2024, 12, None), (2024, -2, 2024), (2025, 12, None)],
        {2026: 12, 2025: -6, 2024: -10},
    ),
    "leave taken then given back in full: still unused": (
        [(2024, 12, None), (2025, 12, None), (2025, 3, "kembali")],
        {2026: 12, 2025: -6, 2024: -6},
    ),
    "older bucket expires in full": ([(2023, 5, None), (2025, 3, None)], {2026: 12, 2023: -5}),
    "cuti besar in 2025 cancelled its tahunan: nothing to carry": (
        [(2025, 12, None), (2025, -12, "besar")],
        {2026: 12},
    ),
    "a negative bucket is left alone": ([(2025, -2, None)], {2026: 12}),
    "not yet a year of service: no grant": ([(2025, 8, None)], {2025: -2}),
    "not aktif: no grant": ([(2025, 4, None)], {}),
}


@pytest.fixture
def constructed(org):
    """One employee per case in one unit, ledgers built as the case says; one employee of another
    agency whose ledger the opening must not touch."""
    tahunan = leave_type(LeaveKind.TAHUNAN)
    names = list(CASES)
    people = make_employees_bulk(org.dishub_sorong, len(names))
    people.sort(key=lambda e: e.pk)
    rows = []
    for employee, name in zip(people, names, strict=True):
        if name.startswith("not yet"):
            employee.tmt_cpns = date(2026, 3, 1)
            employee.save(update_fields=["tmt_cpns"])
        if name.startswith("not aktif"):
            employee.working_state = "cltn"
            employee.save(update_fields=["working_state"])
        for n, (bucket, days, how) in enumerate(CASES[name][0]):
            if how == "besar":
                rows.append(add(employee, bucket, days, kind=EntryKind.CUTI_BESAR, key=f"besar:{n}"))
            elif how == "kembali":
                request = a_request(employee, tahunan, 2025)
                rows.append(add(employee, bucket, -days, kind=EntryKind.PAKAI, year=2025, request=request))
                rows.append(add(employee, bucket, days, kind=EntryKind.KEMBALI, year=2025, request=request))
            elif how:
                rows.append(
                    add(
                        employee,
                        bucket,
                        days,
                        kind=EntryKind.PAKAI,
                        year=how,
                        request=a_request(employee, tahunan, how),
                    )
                )
            else:
                rows.append(add(employee, bucket, days))
    LedgerEntry.objects.bulk_create(rows)
    return dict(zip(names, people, strict=True))


def test_the_sql_opening_equals_the_rule_on_every_cap(org, constructed):
    assert {e.working_state for e in constructed.values()} >= {"aktif"}
    wanted = {name: python_opening(e, YEAR) for name, e in constructed.items()}
    outsider = org.employee_dinkes_sorong  # Sorong too, but outside the employee range of a batch
    run = balances.year_opening_run(instansi_id=org.sorong.pk, year=YEAR, batch_size=5)
    assert run.state == "done"
    for name, employee in constructed.items():
        assert sql_opening(employee, YEAR) == wanted[name] == CASES[name][1], name
        left = selectors.balances(employee.pk)
        assert sum(v for b, v in left.items() if b == YEAR - 1) <= rules.CARRY_OVER_CAP, name
        assert sum(v for v in left.values() if v > 0) <= rules.MAX_AFTER_TWO_UNUSED_YEARS, name
    assert sql_opening(outsider, YEAR) == {YEAR: 12}
    first = ledger_rows()
    reasons = set(LedgerEntry.objects.filter(key=f"open:{YEAR}:2025").values_list("reason", flat=True))
    assert reasons == {"Sisa hak 2025 yang melebihi batas penangguhan hangus pada 2026"}
    again = balances.year_opening_run(instansi_id=org.sorong.pk, year=YEAR, batch_size=3)
    assert again.state == "done" and ledger_rows() == first  # a done run: claimed once
    # A full second run (a new run row) writes nothing either.
    from leave.models import YearOpeningRun

    YearOpeningRun.objects.all().delete()
    balances.year_opening_run(instansi_id=org.sorong.pk, year=YEAR, batch_size=4)
    assert ledger_rows() == first


def test_the_sql_opening_equals_the_rule_on_random_ledgers(org):
    tahunan = leave_type(LeaveKind.TAHUNAN)
    people = make_employees_bulk(org.dishub_sorong, 40)
    rng = random.Random(15)
    rows = []
    for employee in people:
        for _n in range(rng.randint(0, 7)):
            bucket = rng.randint(2022, 2026)
            days = rng.randint(-12, 12)
            if days < 0 and rng.random() < 0.6:
                used_year = rng.choice([2023, 2024, 2025])
                request = a_request(employee, tahunan, used_year)
                rows.append(
                    add(employee, bucket, days, kind=EntryKind.PAKAI, year=used_year, request=request)
                )
            elif days:
                rows.append(
                    add(employee, bucket, days, kind=rng.choice([EntryKind.HAK, EntryKind.PENYESUAIAN]))
                )
    LedgerEntry.objects.bulk_create(rows)
    wanted = {e.pk: python_opening(e, YEAR) for e in people}
    balances.year_opening_run(instansi_id=org.sorong.pk, year=YEAR, batch_size=7)
    for employee in people:
        assert sql_opening(employee, YEAR) == wanted[employee.pk], employee.pk
