"""Reward candidates (final Sangat Baik) and the coaching overview: HR work lists of the agency."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from performance.choices import AppraisalState, CoachingState, Predikat
from performance.models import CoachingPlan

from ..factories import make_employee, make_employees_bulk
from .factories import annual, make_appraisal, make_skp, make_year, period

REWARDS = reverse("performance:rewards")
EXPORT = reverse("performance:rewards_export")
COACHING = reverse("performance:coaching_list")


@pytest.fixture
def year(org):
    return make_year(org.sorong)


def final(employee, p, predikat, indeks=None, **extra):
    skp = make_skp(employee, p.year)
    return make_appraisal(
        skp,
        p,
        state=extra.pop("state", AppraisalState.FINAL),
        predikat=predikat,
        indeks=None if indeks is None else Decimal(indeks),
        **extra,
    )


def _names(response) -> list[str]:
    return [a.employee.name for a in response.context["page"]]


# --- Reward candidates ---------------------------------------------------------------------------------


def test_sangat_baik_employees_of_the_annual_evaluation_are_candidates(org, as_persona, year):
    a = make_employee(org.pkm_sorong, name="Ani Terbaik")
    b = make_employee(org.pkm_sorong, name="Beni Baik")
    c = make_employee(org.pkm_sorong, name="Citra Draf")
    final(org.employee_dinkes_sorong, annual(year), Predikat.SANGAT_BAIK, "112.5")
    final(a, annual(year), Predikat.SANGAT_BAIK, "118.004")
    final(b, annual(year), Predikat.BAIK, "100")
    final(c, annual(year), Predikat.SANGAT_BAIK, "119", state=AppraisalState.DRAFT)
    final(make_employee(org.pkm_sorong, name="Dodi Bulanan"), period(year, 1), Predikat.SANGAT_BAIK, "120")
    response = as_persona("hr_sorong").get(REWARDS)
    assert response.context["period"] == annual(year)
    assert _names(response) == ["Ani Terbaik", "Siti Perawat"]  # best indeks first
    html = response.content.decode()
    assert "118,00" in html and "112,50" in html
    assert "Puskesmas Sorong Kota" in html
    assert "Pengadministrasi Perkantoran" in html  # the jabatan


def test_a_periodic_period_can_be_chosen(org, as_persona, year):
    january = period(year, 1)
    final(org.employee_dinkes_sorong, january, Predikat.SANGAT_BAIK, "115")
    response = as_persona("hr_sorong").get(f"{REWARDS}?period={january.pk}")
    assert _names(response) == ["Siti Perawat"]
    assert "Januari 2026" in response.content.decode()


def test_another_agencys_candidates_are_not_listed(org, as_persona, year):
    palembang = make_year(org.palembang)
    make_employee(org.dishub_palembang, name="Kepala Dishub Palembang", is_unit_head=True)
    final(org.employee_dishub_palembang, annual(palembang), Predikat.SANGAT_BAIK, "115")
    response = as_persona("hr_sorong").get(f"{REWARDS}?period={annual(palembang).pk}")
    assert response.context["period"] == annual(year)  # a period of another agency is ignored
    assert _names(response) == []
    assert "Belum ada pegawai berpredikat Sangat Baik" in response.content.decode()


def test_without_a_year_the_rewards_page_says_how_to_open_one(org, as_persona):
    response = as_persona("hr_sorong").get(REWARDS)
    assert response.context["period"] is None
    assert reverse("performance:year_create") in response.content.decode()


def test_the_rewards_export_lists_the_candidates(org, as_persona, year):
    final(org.employee_dinkes_sorong, annual(year), Predikat.SANGAT_BAIK, "112.505")
    make_employee(org.dishub_sorong, name="Kepala Dishub", is_unit_head=True)
    final(org.employee_dishub_sorong, annual(year), Predikat.BAIK, "90")
    response = as_persona("hr_sorong").get(f"{EXPORT}?instansi={org.sorong.pk}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book["Calon penghargaan"].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "No.")
    data = rows[header + 1 :]
    assert len(data) == 1
    assert data[0][1] == "Siti Perawat"
    assert data[0][2] == org.employee_dinkes_sorong.nip
    assert data[0][5] == "Puskesmas Sorong Kota"
    assert data[0][6] == 112.51
    assert data[0][7] == "Sangat Baik"
    assert data[0][8] == "Kepala Dinkes"
    assert any("Tahunan 2026" in (r[0] or "") for r in rows[:header])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_rewards_list_and_export_keep_a_constant_query_count(org, as_persona, year):
    client = as_persona("hr_sorong")
    final(org.employee_dinkes_sorong, annual(year), Predikat.SANGAT_BAIK, "115")
    client.get(REWARDS)
    small = [_queries(client, REWARDS), _queries(client, EXPORT)]
    for i, e in enumerate(make_employees_bulk(org.pkm_sorong, 80)):
        final(e, annual(year), Predikat.SANGAT_BAIK, str(100 + i % 20))
    assert [_queries(client, REWARDS), _queries(client, EXPORT)] == small
    assert client.get(REWARDS).context["page"].paginator.count == 81


# --- Coaching overview ---------------------------------------------------------------------------------


def plan(appraisal, **fields) -> CoachingPlan:
    row, _ = CoachingPlan.objects.get_or_create(
        appraisal=appraisal,
        defaults=dict(employee=appraisal.employee, head=appraisal.appraiser, **fields),
    )
    return row


def test_the_coaching_list_shows_the_agencys_plans(org, as_persona, year):
    nurse = final(org.employee_dinkes_sorong, period(year, 3), Predikat.BUTUH_PERBAIKAN, "70")
    plan(
        nurse,
        state=CoachingState.FILLED,
        training_need="Pelatihan pelayanan prima",
        due_date=date(2026, 6, 30),
    )
    palembang = make_year(org.palembang)
    other = make_employee(org.dishub_palembang, name="Atasan Palembang", is_unit_head=True)
    p_skp = make_skp(org.employee_dishub_palembang, palembang, appraiser=other)
    plan(make_appraisal(p_skp, period(palembang, 3), state=AppraisalState.FINAL, predikat=Predikat.KURANG))
    response = as_persona("hr_sorong").get(COACHING)
    rows = list(response.context["page"])
    assert [p.employee.name for p in rows] == ["Siti Perawat"]
    html = response.content.decode()
    for text in (
        "Butuh Perbaikan",
        "Kepala Dinkes",
        "Rencana diisi",
        "Pelatihan pelayanan prima",
        "30 Juni 2026",
    ):
        assert text in html, text
    assert "Maret 2026" in html


def test_the_coaching_list_filters_by_state_and_unit(org, as_persona, year):
    nurse = final(org.employee_dinkes_sorong, period(year, 3), Predikat.BUTUH_PERBAIKAN, "70")
    colleague = make_employee(org.dinkes_sorong, name="Staf Dinkes")
    other = final(colleague, period(year, 3), Predikat.KURANG, "60")
    plan(nurse, state=CoachingState.OPEN)
    plan(other, state=CoachingState.DONE)
    client = as_persona("hr_sorong")
    done = client.get(f"{COACHING}?status=done")
    assert [p.employee.name for p in done.context["page"]] == ["Staf Dinkes"]
    in_pkm = client.get(f"{COACHING}?unit={org.pkm_sorong.pk}")
    assert [p.employee.name for p in in_pkm.context["page"]] == ["Siti Perawat"]
    everything = client.get(f"{COACHING}?status=bogus")
    assert len(everything.context["page"]) == 2


def test_an_empty_coaching_list_explains_where_plans_come_from(org, as_persona, year):
    html = as_persona("hr_sorong").get(COACHING).content.decode()
    assert "Belum ada rencana pembinaan." in html


def test_the_coaching_list_keeps_a_constant_query_count(org, as_persona, year, django_assert_max_num_queries):
    client = as_persona("hr_sorong")
    plan(final(org.employee_dinkes_sorong, period(year, 3), Predikat.KURANG, "60"))
    client.get(COACHING)
    small = _queries(client, COACHING)
    for e in make_employees_bulk(org.pkm_sorong, 60):
        plan(final(e, period(year, 3), Predikat.SANGAT_KURANG, "40"))
    with django_assert_max_num_queries(12):
        client.get(COACHING)
    assert _queries(client, COACHING) == small
