"""The summary of the ledger (leave.models.Balance, what HR's balances page reads and sorts on) is
the ledger's sums after every kind of write: HR's adjustment, a request's uses, their return on a
refusal or a cancellation, the cuti tahunan a cuti besar cancels, the yearly opening; after random
sequences of them (property test); and `manage.py leave_rebuild_balances` (and the migration, with
the same statement) rebuilds it from the ledger."""

from __future__ import annotations

import importlib
from datetime import date
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from employees.models import Employee
from leave import access
from leave.choices import EntryKind, LeaveKind
from leave.models import Balance, LedgerEntry
from leave.services import balances
from leave.services import requests as services

from ..factories import make_employee, make_user
from .factories import actor, grant, leave_type, ledger_entry, request_data

pytestmark = pytest.mark.django_db


def from_ledger(employee_id: int, year: int) -> tuple[int, int, int, int]:
    """N-2, N-1, N and their total of `year`, summed from the ledger rows in effect in `year`."""
    rows = list(
        LedgerEntry.objects.filter(employee_id=employee_id, year__lte=year).values_list("bucket", "days")
    )

    def bucket(b: int) -> int:
        return sum(days for got, days in rows if got == b)

    return bucket(year - 2), bucket(year - 1), bucket(year), sum(d for b, d in rows if year - 2 <= b <= year)


def summary() -> dict[tuple[int, int], tuple[int, int, int, int]]:
    return {
        (e, y): (n2, n1, n, total)
        for e, y, n2, n1, n, total in Balance.objects.values_list(
            "employee_id", "year", "n2_days", "n1_days", "n_days", "total_days"
        )
    }


def assert_summary_is_the_ledger() -> None:
    """Every summary row equals the ledger's sums, and whoever has ledger rows has this year's row."""
    rows = summary()
    for (employee_id, year), figures in rows.items():
        assert figures == from_ledger(employee_id, year), (employee_id, year)
    year = access.today().year
    for employee_id in set(LedgerEntry.objects.values_list("employee_id", flat=True)):
        assert (employee_id, year) in rows, employee_id


def send(org, persona="employee_dinkes_sorong", kind=LeaveKind.TAHUNAN, **overrides):
    return services.request_submit(
        actor=actor(org.users[persona]), leave_type=leave_type(kind), **request_data(**overrides)
    )


def test_every_kind_of_write_keeps_the_summary(org):
    head = actor(org.users["head_dinkes_sorong"])
    hr = actor(org.users["hr_sorong"])
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2024, 2)
    grant(nurse, 2025, 6)
    grant(nurse, 2026, 12)
    assert summary()[(nurse.pk, 2026)] == (2, 6, 12, 20)
    # A request's uses (oldest first), then their return when it is refused.
    first = send(org, start=date(2026, 8, 18), end=date(2026, 8, 20))
    assert summary()[(nurse.pk, 2026)] == (0, 5, 12, 17)
    services.request_recommend(actor=head, request=first, option="disetujui")
    services.request_decide(actor=head, request=first, option="tidak_disetujui", reason="Beban kerja")
    assert summary()[(nurse.pk, 2026)] == (2, 6, 12, 20)
    # Cancelled by the employee before it starts.
    second = send(org, start=date(2026, 9, 1), end=date(2026, 9, 1))
    assert summary()[(nurse.pk, 2026)] == (1, 6, 12, 19)
    services.request_cancel(actor=actor(org.users["employee_dinkes_sorong"]), request=second)
    assert summary()[(nurse.pk, 2026)] == (2, 6, 12, 20)
    # HR's adjustment, and a day for working through a cuti bersama day.
    balances.balance_adjust(actor=hr, employee=nurse, bucket=2025, days=-2, reason="Koreksi")
    balances.balance_adjust(
        actor=hr,
        employee=nurse,
        bucket=2026,
        days=1,
        reason="Masuk",
        kind=EntryKind.CUTI_BERSAMA,
        worked_on=date(2026, 3, 18),
    )
    assert summary()[(nurse.pk, 2026)] == (2, 4, 13, 19)
    # An approved cuti besar cancels the year's cuti tahunan.
    besar = send(org, kind=LeaveKind.BESAR, start=date(2026, 10, 1), end=date(2026, 11, 30))
    services.request_recommend(actor=head, request=besar, option="disetujui")
    services.request_decide(actor=head, request=besar, option="disetujui")
    assert summary()[(nurse.pk, 2026)] == (2, 4, 0, 6)
    assert_summary_is_the_ledger()


def test_the_yearly_opening_writes_this_years_row_for_everyone_in_its_batches(org):
    nurse, other = org.employee_dinkes_sorong, org.employee_dishub_sorong
    grant(nurse, 2025, 10)
    ledger_entry(other, kind=EntryKind.HAK, bucket=2024, year=2024, days=6, reason="x")
    ledger_entry(other, kind=EntryKind.HAK, bucket=2025, year=2025, days=12, reason="x")
    Balance.objects.filter(year=2025).delete()  # rows of other years are kept as they are
    run = balances.year_opening_run(instansi_id=org.sorong.pk, year=2026, batch_size=2)
    assert run.state == "done"
    rows = summary()
    assert rows[(nurse.pk, 2026)] == (0, 6, 12, 18)  # at most 6 carried over
    assert rows[(other.pk, 2026)] == (6, 6, 12, 24)  # two unused years: 24
    active = set(
        Employee.objects.filter(unit__instansi=org.sorong, is_active=True).values_list("pk", flat=True)
    )
    assert active
    assert {e for e, y in rows if y == 2026} >= active
    assert_summary_is_the_ledger()
    before = summary()
    balances.year_opening_run(instansi_id=org.sorong.pk, year=2026, batch_size=2)  # the done run again
    assert summary() == before


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("open"), st.integers(2024, 2026)),
        st.tuples(st.just("ask"), st.integers(1, 10), st.integers(1, 8)),
        st.tuples(st.just("refuse"), st.integers(0, 5)),
        st.tuples(st.just("cancel"), st.integers(0, 5)),
        st.tuples(st.just("adjust"), st.integers(2024, 2026), st.integers(-5, 5)),
    ),
    max_size=12,
)


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=OPS)
def test_after_any_sequence_of_writes_the_summary_is_the_ledger(org, ops):
    """Random openings, requests (accepted or refused), refusals, cancellations and HR adjustments
    through the services: after each, every summary row is the ledger's sums."""

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            employee = make_employee(org.dishub_sorong, name="Pegawai Ringkasan", tmt_cpns=date(2010, 1, 1))
            employee.user = make_user(f"sum-{employee.pk}")
            employee.save()
            me, hr = actor(employee.user), actor(org.users["hr_sorong"])
            sent = []
            tahunan = leave_type(LeaveKind.TAHUNAN)
            for op in ops:
                try:
                    with transaction.atomic():
                        if op[0] == "open":
                            balances.open_batch(
                                year=op[1], instansi_id=org.sorong.pk, after=employee.pk - 1, upto=employee.pk
                            )
                        elif op[0] == "ask":
                            start = date(2026, 8, 3 + op[1])
                            sent.append(
                                services.request_submit(
                                    actor=me,
                                    leave_type=tahunan,
                                    **request_data(start=start, end=date(2026, 8, 3 + op[1] + op[2])),
                                )
                            )
                        elif op[0] == "adjust" and op[2]:
                            balances.balance_adjust(
                                actor=hr, employee=employee, bucket=op[1], days=op[2], reason="Uji",
                                allow_negative=True,
                            )  # fmt: skip
                        elif op[0] in ("cancel", "refuse") and sent:
                            request = sent[op[1] % len(sent)]
                            request.refresh_from_db()
                            if op[0] == "cancel":
                                services.request_cancel(actor=hr, request=request, reason="uji")
                            else:
                                services.request_decide(
                                    actor=hr, request=request, option="tidak_disetujui", reason="uji"
                                )
                except Exception:  # a refused write leaves the ledger and the summary as they were
                    pass
                assert_summary_is_the_ledger()
            raise Rollback
    except Rollback:
        pass


def test_the_rebuild_command_makes_the_summary_the_ledger_again(org):
    nurse, other = org.employee_dinkes_sorong, org.employee_dishub_sorong
    grant(nurse, 2024, 2)
    grant(nurse, 2026, 12)
    grant(other, 2025, 6)
    # Written behind the services' back (as a bulk load or a restore would): the summary is stale.
    LedgerEntry.objects.create(
        employee=nurse, kind=EntryKind.PENYESUAIAN, bucket=2026, year=2026, days=-3, reason="x"
    )
    Balance.objects.filter(employee=other).delete()
    Balance.objects.filter(employee=nurse, year=2026).update(n2_days=99)
    out = StringIO()
    call_command("leave_rebuild_balances", stdout=out)
    assert "summary rebuilt from the ledger (" in out.getvalue()
    assert summary()[(nurse.pk, 2026)] == (2, 0, 9, 11)
    assert summary()[(other.pk, 2026)] == (0, 6, 0, 6)
    assert_summary_is_the_ledger()
    once = summary()
    out = StringIO()
    call_command("leave_rebuild_balances", stdout=out)
    assert summary() == once
    assert "(0 rows new or changed)" in out.getvalue()  # nothing to write the second time


def test_the_migration_fills_the_summary_with_the_same_statement(org):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2025, 6)
    Balance.objects.all().delete()
    migration = importlib.import_module("leave.migrations.0004_balance_summary")
    migration.fill_balances(apps, SimpleNamespace(connection=connection))
    assert summary()[(nurse.pk, access.today().year)] == from_ledger(nurse.pk, access.today().year)
    assert_summary_is_the_ledger()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("n", ["Nol", "Dua", "Lima"]), ("-n", ["Lima", "Dua", "Nol"]), ("sisa", ["Dua", "Nol", "Lima"])],
)
def test_the_page_sorts_on_the_summary_with_a_missing_row_as_zeros(org, as_persona, sort, expected):
    """ "Nol" has no ledger row (hired after the opening): listed, with zeros."""
    five = make_employee(org.pkm_sorong, name="Urut Lima")
    grant(five, 2026, 5)
    grant(five, 2025, 6)
    two = make_employee(org.pkm_sorong, name="Urut Dua")
    grant(two, 2026, 2)
    ledger_entry(two, kind=EntryKind.PENYESUAIAN, bucket=2024, year=2026, days=-3, reason="x")
    make_employee(org.pkm_sorong, name="Urut Nol")
    response = as_persona("hr_sorong").get(reverse("leave:balances"), {"sort": sort, "q": "Urut"})
    text = response.content.decode()
    shown = [name for name in ("Lima", "Dua", "Nol") if f"Urut {name}" in text]
    assert sorted(shown, key=lambda name: text.index(f"Urut {name}")) == expected
    rows = {
        row.name: (row.n2_days, row.n1_days, row.n_days, row.total_days) for row in response.context["page"]
    }
    assert rows == {"Urut Lima": (0, 6, 5, 11), "Urut Dua": (-3, 0, 2, -1), "Urut Nol": (0, 0, 0, 0)}
