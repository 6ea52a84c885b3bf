"""The leave lists keep a constant query count: the same limit at one row and at many."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from leave.models import LeaveRequest

from ..factories import make_employee
from .factories import grant, leave_type, ledger_entry

pytestmark = pytest.mark.django_db


def requests_for(org, count: int) -> None:
    tahunan = leave_type()
    head = org.head_dinkes_sorong
    for i in range(count):
        employee = make_employee(org.pkm_sorong, name=f"Pegawai {i}")
        grant(employee, 2026, 12)
        grant(employee, 2025, 6)
        start = date(2026, 8, 3) + timedelta(days=i % 20)
        LeaveRequest.objects.create(
            employee=employee, leave_type=tahunan, start=start, end=start, length=1, length_unit="hari_kerja",
            working_days=1, reason="x", address="x", phone="0812345678", atasan=head, pyb=head,
        )  # fmt: skip
        ledger_entry(employee, kind="pakai", bucket=2025, year=2026, days=-1, reason="x")


@pytest.mark.parametrize(
    ("persona", "url", "limit"),
    [
        ("hr_sorong", reverse("leave:hr_requests"), 13),
        ("hr_sorong", reverse("leave:balances"), 14),  # count, page keys, page rows with sums
        ("hr_sorong", reverse("leave:balances") + "?sort=-n", 15),  # keys sorted on the summary
        ("hr_sorong", reverse("leave:balances") + "?sort=sisa", 15),
        ("head_dinkes_sorong", reverse("leave:queue"), 13),
        ("employee_dinkes_sorong", reverse("leave:mine"), 13),
    ],
)
@pytest.mark.parametrize("count", [1, 30])
def test_leave_lists_keep_a_constant_query_count(
    org, as_persona, django_assert_max_num_queries, persona, url, limit, count
):
    requests_for(org, count)
    client = as_persona(persona)
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
