"""The cuti tahunan ledger: the yearly opening run twice gives the same ledger and carries over
within the caps; the balance is never negative without an HR adjustment and is the same in any order
of replay (property tests over random sequences of openings, requests, decisions and cancellations)."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leave import rules, selectors
from leave.choices import EntryKind, LeaveKind
from leave.models import LedgerEntry, YearOpeningRun
from leave.services import balances
from leave.services import requests as services
from leave.tasks import open_due_years

from ..factories import make_employee
from .factories import actor, leave_type, ledger_entry, request_data

pytestmark = pytest.mark.django_db


def ledger_rows():
    return sorted(LedgerEntry.objects.values_list("employee_id", "kind", "bucket", "year", "days", "key"))


def test_the_yearly_opening_run_twice_gives_the_same_ledger(org):
    nurse, other = org.employee_dinkes_sorong, org.employee_dishub_sorong
    ledger_entry(nurse, kind=EntryKind.HAK, bucket=2025, year=2025, days=10, reason="x")
    ledger_entry(other, kind=EntryKind.HAK, bucket=2024, year=2024, days=6, reason="x")
    ledger_entry(other, kind=EntryKind.HAK, bucket=2025, year=2025, days=12, reason="x")
    run = balances.year_opening_run(instansi_id=org.sorong.pk, year=2026, batch_size=2)
    assert run.state == "done" and run.processed == 3
    first = ledger_rows()
    assert selectors.balances(nurse.pk) == {2025: 6, 2026: 12}  # at most 6 carried over: 18
    assert selectors.balances(other.pk) == {2024: 6, 2025: 6, 2026: 12}  # two unused years: 24
    again = balances.year_opening_run(instansi_id=org.sorong.pk, year=2026, batch_size=3)
    assert ledger_rows() == first
    assert again.state == "done"
    assert YearOpeningRun.objects.count() == 2


def test_the_daily_task_opens_every_agency_once(org):
    assert open_due_years()["queued"] == 2
    assert open_due_years()["queued"] == 0
    assert LedgerEntry.objects.filter(kind=EntryKind.HAK, bucket=2026).count() == 4  # everyone active


def test_the_opening_runs_one_at_a_time(org):
    opening_run = balances.year_opening_run
    first = opening_run(instansi_id=org.sorong.pk, year=2027)
    # A RUNNING run with a fresh heartbeat blocks a second claim.
    YearOpeningRun.objects.filter(pk=first.pk).update(state="running")
    blocked = opening_run(instansi_id=org.sorong.pk, year=2027)
    assert blocked.pk == first.pk


@given(
    entries=st.lists(st.tuples(st.integers(2020, 2026), st.integers(-12, 12)), max_size=30),
    seed=st.integers(),
)
def test_the_balance_is_the_same_in_any_order_of_replay(entries, seed):
    shuffled = list(entries)
    random.Random(seed).shuffle(shuffled)
    assert rules.balance_of(entries) == rules.balance_of(shuffled)


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("open"), st.integers(2024, 2026)),
        st.tuples(st.just("ask"), st.integers(1, 10), st.integers(1, 8)),
        st.tuples(st.just("refuse"), st.integers(0, 5)),
        st.tuples(st.just("cancel"), st.integers(0, 5)),
    ),
    max_size=12,
)


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=OPS)
def test_the_balance_is_never_negative_without_an_hr_adjustment(org, ops):
    """Random openings, requests (accepted or refused), refusals and cancellations through the
    services: no bucket ever goes below zero, and the ledger's sum is the balance however the rows
    are ordered."""

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            employee = make_employee(org.dishub_sorong, name="Pegawai Properti", tmt_cpns=date(2010, 1, 1))
            from ..factories import make_user

            user = make_user(f"prop-{employee.pk}")
            employee.user = user
            employee.save()
            me, hr = actor(user), actor(org.users["hr_sorong"])
            sent = []
            tahunan = leave_type(LeaveKind.TAHUNAN)
            for op in ops:
                if op[0] == "open":
                    balances.open_batch(
                        year=op[1], instansi_id=org.sorong.pk, after=employee.pk - 1, upto=employee.pk
                    )
                elif op[0] == "ask":
                    start = date(2026, 8, 3 + op[1])
                    try:
                        with transaction.atomic():
                            sent.append(
                                services.request_submit(
                                    actor=me,
                                    leave_type=tahunan,
                                    **request_data(start=start, end=date(2026, 8, 3 + op[1] + op[2])),
                                )
                            )
                    except Exception:
                        pass
                elif sent:
                    request = sent[op[1] % len(sent)]
                    try:
                        with transaction.atomic():
                            if op[0] == "cancel":
                                services.request_cancel(actor=hr, request=request, reason="uji")
                            else:
                                services.request_decide(
                                    actor=hr, request=request, option="tidak_disetujui", reason="uji"
                                )
                    except Exception:
                        pass
                rows = list(LedgerEntry.objects.filter(employee=employee).values_list("bucket", "days"))
                assert all(days >= 0 for days in rules.balance_of(rows).values())
                assert rules.balance_of(reversed(rows)) == selectors.balances(employee.pk)
            raise Rollback
    except Rollback:
        pass
