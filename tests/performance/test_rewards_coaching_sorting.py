"""The reward candidates and the coaching plans sort by their column headers (core.sorting), fall
back silently, take a page size and keep a constant number of queries when sorted."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from performance.choices import CoachingState, Predikat
from performance.models import Appraisal, CoachingPlan

from ..factories import make_employee, make_employees_bulk, make_unit
from .factories import annual, make_year, period
from .test_hr_rewards import COACHING, REWARDS, final, plan


@pytest.fixture
def year(org):
    return make_year(org.sorong)


def names(client, url, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return [row.employee.name for row in response.context["page"]]


@pytest.fixture
def candidates(org, year):
    """Three Sangat Baik below the head of Dinkes (their appraiser): Ani (115, a second Puskesmas),
    Budi (120, Puskesmas), Citra (115, Dinkes), finalised on 3, 1 and 2 January."""
    second = make_unit(org.sorong, "DINKES.PKM2", parent=org.dinkes_sorong, name="Puskesmas Dua")
    rows = [
        ("Ani", second, "115", 3, "Analis"),
        ("Budi", org.pkm_sorong, "120", 1, "Bendahara"),
        ("Citra", org.dinkes_sorong, "115", 2, "Caraka"),
    ]
    for name, unit, indeks, day, position in rows:
        appraisal = final(
            make_employee(unit, name=name, position_name=position), annual(year), Predikat.SANGAT_BAIK, indeks
        )
        Appraisal.objects.filter(pk=appraisal.pk).update(finalised_at=datetime(2027, 1, day, tzinfo=UTC))


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("-indeks", ["Budi", "Ani", "Citra"]),  # the default: best first, equal indeks by name
        ("indeks", ["Ani", "Citra", "Budi"]),
        ("nama", ["Ani", "Budi", "Citra"]),
        ("-nama", ["Citra", "Budi", "Ani"]),
        ("jabatan", ["Ani", "Budi", "Citra"]),
        ("-jabatan", ["Citra", "Budi", "Ani"]),
        ("unit", ["Citra", "Budi", "Ani"]),  # Dinkes, then its Puskesmas in the order they were made
        ("final", ["Budi", "Citra", "Ani"]),
        ("-final", ["Ani", "Citra", "Budi"]),
        ("bogus", ["Budi", "Ani", "Citra"]),
        ("indeks__gt", ["Budi", "Ani", "Citra"]),
    ],
)
def test_reward_candidates_sort_by_each_column(org, as_persona, year, candidates, sort, order):
    assert names(as_persona("hr_sorong"), REWARDS, sort=sort) == order


def test_the_reward_headers_keep_the_period_and_size(org, as_persona, year, candidates):
    p = annual(year)
    html = (
        as_persona("hr_sorong").get(REWARDS, {"period": p.pk, "size": "25", "sort": "nama"}).content.decode()
    )
    assert 'aria-sort="ascending" data-sort-key="nama"' in html
    assert html.count('class="sort-link') == 6
    assert f'href="?period={p.pk}&amp;size=25&amp;sort=indeks"' in html
    assert '<input type="hidden" name="sort" value="nama">' in html


@pytest.fixture
def plans(org, year):
    """Coaching plans of three employees, created on 1, 2 and 3 March, due in reverse order."""
    rows = [
        ("Ani", 1, CoachingState.DONE, 3),
        ("Budi", 2, CoachingState.OPEN, None),
        ("Citra", 3, CoachingState.FILLED, 1),
    ]
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for name, day, state, due in rows:
        appraisal = final(make_employee(org.pkm_sorong, name=name), period(year, day), Predikat.KURANG, "60")
        made = plan(appraisal, state=state, due_date=date(2026, 6, due) if due else None)
        CoachingPlan.objects.filter(pk=made.pk).update(created_at=start + timedelta(days=day))


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("-dibuat", ["Citra", "Budi", "Ani"]),  # the default: newest first
        ("dibuat", ["Ani", "Budi", "Citra"]),
        ("pegawai", ["Ani", "Budi", "Citra"]),
        ("-pegawai", ["Citra", "Budi", "Ani"]),
        ("periode", ["Ani", "Budi", "Citra"]),  # January, February, March
        ("-periode", ["Citra", "Budi", "Ani"]),
        ("target", ["Citra", "Ani", "Budi"]),  # no target date last
        ("-target", ["Ani", "Citra", "Budi"]),  # ... in both directions
        ("", ["Citra", "Budi", "Ani"]),
        ("created_at", ["Citra", "Budi", "Ani"]),
    ],
)
def test_coaching_plans_sort_by_each_column(org, as_persona, year, plans, sort, order):
    assert names(as_persona("hr_sorong"), COACHING, sort=sort) == order


def test_coaching_status_sort_groups_the_states(org, as_persona, year, plans):
    client = as_persona("hr_sorong")
    states = [p.state for p in client.get(COACHING, {"sort": "status"}).context["page"]]
    assert states == sorted(states)
    assert [p.state for p in client.get(COACHING, {"sort": "-status"}).context["page"]] == sorted(
        states, reverse=True
    )


def test_sorted_coaching_pages_take_a_size_at_constant_queries(org, as_persona, year):
    client = as_persona("hr_sorong")
    client.get(COACHING)

    def count(**params) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(COACHING, params)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["page"])

    first = annual(year)
    for employee in make_employees_bulk(org.pkm_sorong, 3):
        plan(final(employee, first, Predikat.KURANG, "60"))
    small, _ = count()
    for number, employee in enumerate(make_employees_bulk(org.pkm_sorong, 110)):
        plan(final(employee, period(year, 1 + number % 12), Predikat.KURANG, "60"))
    assert count(size="25")[1] == 25
    assert count(size="100")[1] == 100
    assert count(size="250")[1] == 50
    for sort in ("pegawai", "-periode", "atasan", "status", "-target"):
        assert count(sort=sort, size="100", page="2")[0] == small, sort
