"""An opening of next year run before 1 January (the demo does it when seeded in December) writes rows
that take effect in next year: next year's grant and the carry-over cut of this year's remainder. Until
then this year's figures ignore them (found by the trial: every employee's N showed 6 instead of 12,
the preview offered 6 days fewer, and the total added next year's 12)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from leave import access, selectors
from leave.choices import LeaveKind
from leave.models import Balance, LedgerEntry
from leave.services import balances
from leave.services import requests as services

from .factories import grant, leave_type

pytestmark = pytest.mark.django_db


def test_an_opening_run_ahead_counts_from_next_year_only(org, as_persona):
    year = access.today().year
    nurse = org.employee_dinkes_sorong
    grant(nurse, year - 1, 6)
    grant(nurse, year, 12)
    balances.year_opening_run(instansi_id=org.sorong.pk, year=year + 1)
    ahead = LedgerEntry.objects.filter(employee=nurse, year=year + 1)
    assert ahead.filter(bucket=year).exists(), "the carry-over cut of this year's 12 days is written"
    assert ahead.filter(bucket=year + 1, days=12).exists()

    assert selectors.balances(nurse.pk) == {year - 1: 6, year: 12}
    summary = Balance.objects.get(employee=nurse, year=year)
    assert (summary.n2_days, summary.n1_days, summary.n_days, summary.total_days) == (0, 6, 12, 18)
    preview = services.preview(
        employee=nurse,
        leave_type=leave_type(LeaveKind.TAHUNAN),
        start=date(year, 8, 18),
        end=date(year, 8, 21),
    )
    assert preview.balance == {year - 1: 6, year: 12}

    page = as_persona("employee_dinkes_sorong").get(reverse("leave:mine"))
    assert page.context["total"] == 18
    assert [days for _label, _y, days in page.context["buckets"]] == [0, 6, 12]

    # Next year's view has them: the cut applied, the new grant.
    nxt = selectors.balances(nurse.pk, year + 1)
    assert nxt[year + 1] == 12 and nxt[year] == 12 + sum(
        ahead.filter(bucket=year).values_list("days", flat=True)
    )
    assert Balance.objects.get(employee=nurse, year=year + 1).n_days == 12
