"""The JP compliance pages: the dashboard per unit with its list of those below target (filters,
sorting, paging, a constant number of queries), the Excel export, HR's recompute, "JP saya" and the
line on the home page."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from employees.models import Employee
from tests.factories import make_employee, make_employees_bulk
from training.models import ComplianceRun, JpFactor, JpRuleSet, JpSummary

from .compliance_helpers import YEAR, add_training, recompute

DASHBOARD = reverse("training:compliance")


def page(client, **params):
    response = client.get(DASHBOARD, {"year": YEAR, **params})
    assert response.status_code == 200
    return response


def below_names(response) -> list[str]:
    return [row.employee.name for row in response.context["page"].object_list]


@pytest.fixture
def computed(org):
    """Sorong: the nurse met the target (24 JP); the head (5 JP) and Dishub's employee (0) did not."""
    add_training(org.employee_dinkes_sorong, 24)
    add_training(org.head_dinkes_sorong, 5)
    return recompute(org.sorong)


def test_hr_sees_the_share_per_unit_of_the_whole_agency(org, as_persona, computed):
    response = page(as_persona("hr_sorong"))
    totals = response.context["totals"]
    assert (totals.employees, totals.met, totals.below) == (3, 1, 2)
    html = response.content.decode()
    assert 'data-testid="jp-chart"' in html and "33,3%" in html
    units = {
        line["row"].unit_id: (line["row"].employees, line["row"].met) for line in response.context["rows"]
    }
    assert units == {org.dinkes_sorong.pk: (2, 1), org.pkm_sorong.pk: (1, 1), org.dishub_sorong.pk: (1, 0)}


def test_a_head_starts_at_their_unit_and_sees_their_subtree_only(org, as_persona, computed):
    response = page(as_persona("head_dinkes_sorong"))
    assert response.context["d"].unit == org.dinkes_sorong
    units = {line["row"].unit_id for line in response.context["rows"]}
    assert units == {org.dinkes_sorong.pk, org.pkm_sorong.pk}
    below = page(as_persona("head_dinkes_sorong"), tampil="belum")
    assert below_names(below) == ["Kepala Dinkes"]  # Dishub's employee is not theirs


def test_the_list_below_target_is_lowest_jp_first_and_sorts_by_name(org, as_persona, computed):
    client = as_persona("hr_sorong")
    assert below_names(page(client, tampil="belum")) == ["Staf Dishub Sorong", "Kepala Dinkes"]
    assert below_names(page(client, tampil="belum", sort="nama")) == ["Kepala Dinkes", "Staf Dishub Sorong"]
    assert below_names(page(client, tampil="belum", sort="-jp")) == ["Kepala Dinkes", "Staf Dishub Sorong"]


def test_the_list_filters_by_unit_kind_and_name_or_nip(org, as_persona, computed):
    pppk = make_employee(org.dishub_sorong, name="Operator PPPK", kind="PPPK")
    recompute(org.sorong)
    client = as_persona("hr_sorong")
    assert below_names(page(client, tampil="belum", unit=org.dinkes_sorong.pk)) == ["Kepala Dinkes"]
    assert below_names(page(client, tampil="belum", jenis="PPPK")) == ["Operator PPPK"]
    assert below_names(page(client, tampil="belum", q="dishub")) == ["Staf Dishub Sorong"]
    assert below_names(page(client, tampil="belum", q=pppk.nip)) == ["Operator PPPK"]
    kind_totals = page(client, jenis="PPPK").context["totals"]
    assert (kind_totals.employees, kind_totals.met) == (1, 0)


def test_an_unknown_filter_value_falls_back_to_the_default(org, as_persona, computed):
    response = page(as_persona("hr_sorong"), tampil="x", jenis="X", sort="bogus", year="abc")
    assert response.context["tab"] == "unit" and response.context["d"].kind == ""
    assert response.context["sorting"].value == "jp"


def test_before_the_first_recompute_the_page_says_so(org, as_persona):
    response = page(as_persona("hr_sorong"))
    assert 'data-testid="jp-not-computed"' in response.content.decode()
    export = as_persona("hr_sorong").get(reverse("training:compliance_export"), {"year": YEAR})
    assert export.status_code == 302


def queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(client, **params)
    return len(captured)


# The most queries each view of the dashboard may take, whatever the data.
QUERY_LIMIT = {"unit": 16, "belum": 16}


@pytest.mark.parametrize("tab", sorted(QUERY_LIMIT))
@pytest.mark.parametrize("persona", ["hr_sorong", "head_dinkes_sorong"])
def test_the_dashboard_query_count_does_not_grow_with_the_data(
    org, as_persona, computed, persona, tab, django_assert_max_num_queries
):
    client = as_persona(persona)
    page(client, tampil=tab)  # the first request of a session also reads what the next ones cache
    small = queries(client, tampil=tab)
    with django_assert_max_num_queries(QUERY_LIMIT[tab]):
        page(client, tampil=tab)
    for unit in (org.dinkes_sorong, org.pkm_sorong, org.dishub_sorong):
        for e in make_employees_bulk(unit, 40):
            add_training(e, 3)
    recompute(org.sorong)
    large = queries(client, tampil=tab)
    assert large == small, f"{persona} {tab}: {small} queries with 1 row per unit, {large} with 41"
    with django_assert_max_num_queries(QUERY_LIMIT[tab]):
        response = page(client, tampil=tab)
    if tab == "belum":
        assert len(response.context["page"].object_list) == 50  # paged


def test_the_excel_export_has_the_units_and_those_below_target(org, as_persona, computed):
    response = as_persona("hr_sorong").get(
        reverse("training:compliance_export"), {"year": YEAR, "instansi": org.sorong.pk}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-{YEAR}.xlsx"')
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Per unit", "Di bawah target"]
    units = [list(r) for r in book["Per unit"].iter_rows(values_only=True)]
    header = units.index(
        ["Unit kerja", "Pegawai", "Memenuhi target", "Di bawah target", "Persentase memenuhi (%)"]
    )
    assert [r[0].strip() for r in units[header + 1 :]] == [
        "Dinas Kesehatan",
        "Puskesmas Sorong Kota",
        "Dinas Perhubungan",
    ]
    assert units[header + 1][1:] == [2, 1, 1, 50.0]
    below = [list(r) for r in book["Di bawah target"].iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(below) if r and r[0] == "No.")
    assert [(r[1], r[6], r[7], r[8]) for r in below[start + 1 :]] == [
        ("Staf Dishub Sorong", 0.0, 20, 20.0),
        ("Kepala Dinkes", 5.0, 20, 15.0),
    ]


def test_a_heads_export_holds_their_subtree_only(org, as_persona, computed):
    response = as_persona("head_dinkes_sorong").get(reverse("training:compliance_export"), {"year": YEAR})
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    names = [r[1] for r in book["Di bawah target"].iter_rows(values_only=True) if len(r) > 1]
    assert "Kepala Dinkes" in names and "Staf Dishub Sorong" not in names


def test_hr_recomputes_on_demand(org, as_persona, django_capture_on_commit_callbacks):
    add_training(org.employee_dishub_sorong, 20)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("hr_sorong").post(
            reverse("training:compliance_recompute"), {"instansi": org.sorong.pk, "year": YEAR}
        )
    assert response.status_code == 302
    assert ComplianceRun.objects.get().state == "done"  # the task ran in process
    assert JpSummary.objects.get(employee=org.employee_dishub_sorong).met


def test_a_recompute_of_an_odd_year_is_refused_with_a_message(org, as_persona):
    client = as_persona("hr_sorong")
    response = client.post(
        reverse("training:compliance_recompute"), {"instansi": org.sorong.pk, "year": 1990}, follow=True
    )
    assert "lima tahun terakhir" in response.content.decode()
    assert not ComplianceRun.objects.exists()


# --- JP saya -------------------------------------------------------------------------------------------


def test_jp_saya_shows_the_counted_rows_with_their_factor(org, as_persona):
    rules = JpRuleSet.objects.create(instansi=org.sorong, valid_from=date(2020, 1, 1))
    JpFactor.objects.create(rule_set=rules, category="lainnya", factor=Decimal("0.50"))
    add_training(org.employee_dinkes_sorong, 9, category="lainnya", name="E-learning pelayanan publik")
    add_training(org.employee_dinkes_sorong, 8, name="Pelatihan triase")
    add_training(org.employee_dinkes_sorong, 40, end=date(YEAR - 1, 6, 1), name="Tahun lalu")
    response = as_persona("employee_dinkes_sorong").get(reverse("training:jp_mine"), {"year": YEAR})
    own = response.context["own"]
    assert own.jp == Decimal("12.50") and own.target == 20 and not own.met
    html = response.content.decode()
    assert "E-learning pelayanan publik" in html and "Tahun lalu" not in html
    assert "Kurang 7,5 JP" in html


def test_jp_saya_of_a_pppk_notes_the_ceiling(org, client):
    from tests.factories import make_user

    user = make_user("bidan.pppk")
    make_employee(org.pkm_sorong, user=user, name="Bidan PPPK", kind="PPPK")
    client.force_login(user)
    html = client.get(reverse("training:jp_mine")).content.decode()
    assert "paling banyak 24 JP per tahun kontrak" in html


def test_the_home_page_shows_the_employees_jp(org, as_persona, computed):
    response = as_persona("employee_dinkes_sorong").get("/")
    items = {item.key: item for item in response.context["work_employee"]}
    assert items["own_jp"].value == "24 dari 20 JP"
    assert Employee.objects.get(pk=org.employee_dinkes_sorong.pk)  # unchanged
