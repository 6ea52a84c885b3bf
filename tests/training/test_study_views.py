"""The study assignment pages: constant query counts of the lists (1 row and many), HR's filters
and its Excel export, the eligibility shown on the request form, and a request sent from it."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse as R
from openpyxl import load_workbook

from training.models import StudyAssignment

from ..factories import make_employees_bulk
from .study_helpers import make_eligible, make_study, pdf

pytestmark = pytest.mark.django_db


def studies(org, count, *, state="berjalan", **fields):
    """`count` assignments of new employees of the Puskesmas (their atasan: the head of Dinkes)."""
    for employee in make_employees_bulk(org.pkm_sorong, count):
        make_study(employee, state=state, approver=org.head_dinkes_sorong, **fields)


def constant(client, url, grow, django_assert_max_num_queries, expected_rows):
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(list(response.context["page"])) == expected_rows
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_hrs_list_keeps_its_query_count(org, as_persona, django_assert_max_num_queries):
    studies(org, 1)
    url = R("training:study_list") + f"?size=100&sort=pegawai&unit={org.dinkes_sorong.pk}&tahun=2026"
    constant(as_persona("hr_sorong"), url, lambda: studies(org, 40), django_assert_max_num_queries, 41)


def test_the_heads_queue_keeps_its_query_count(org, as_persona, django_assert_max_num_queries):
    studies(org, 1, state="diajukan")
    url = R("training:study_queue") + "?size=100"
    constant(
        as_persona("head_dinkes_sorong"), url, lambda: studies(org, 40, state="diajukan"),
        django_assert_max_num_queries, 41,
    )  # fmt: skip


def test_my_studies_keep_their_query_count(org, as_persona, django_assert_max_num_queries):
    nurse = org.employee_dinkes_sorong
    make_study(nurse, state="selesai")

    def grow():
        for _ in range(20):
            make_study(nurse, state="ditolak")

    constant(
        as_persona("employee_dinkes_sorong"), R("training:study_mine") + "?size=100", grow,
        django_assert_max_num_queries, 21,
    )  # fmt: skip


def test_hrs_filters_narrow_the_list(org, as_persona):
    late = make_study(org.employee_dinkes_sorong, state="berjalan", next_report_due=date(2026, 3, 31))
    make_study(org.employee_dishub_sorong, state="diajukan", kind="izin_belajar", institution="Universitas Papua",
               start_date=date(2027, 1, 1), end_date=date(2028, 1, 1))  # fmt: skip
    client = as_persona("hr_sorong")

    def names(**params):
        response = client.get(R("training:study_list"), params)
        assert response.status_code == 200
        return sorted(row.employee.name for row in response.context["page"])

    assert names() == ["Siti Perawat", "Staf Dishub Sorong"]
    assert names(terlambat="on") == ["Siti Perawat"]
    assert names(status="diajukan") == ["Staf Dishub Sorong"]
    assert names(jenis="izin_belajar") == ["Staf Dishub Sorong"]
    assert names(unit=org.dinkes_sorong.pk) == ["Siti Perawat"]
    assert names(tahun=2026) == ["Siti Perawat"]
    assert names(q="Papua") == ["Staf Dishub Sorong"]
    # A unit of another agency is ignored, never an error.
    assert names(unit=org.dishub_palembang.pk) == ["Siti Perawat", "Staf Dishub Sorong"]
    assert b"terlambat" in client.get(R("training:study_list")).content
    assert late.pk


def test_the_heads_list_shows_only_their_subtree(org, as_persona):
    make_study(org.employee_dinkes_sorong, state="berjalan")
    make_study(org.employee_dishub_sorong, state="berjalan")
    response = as_persona("head_dinkes_sorong").get(R("training:study_list"))
    assert [row.employee.name for row in response.context["page"]] == ["Siti Perawat"]


def test_the_export_holds_the_filtered_list(org, as_persona):
    make_study(org.employee_dinkes_sorong, state="selesai", graduation_date=date(2026, 6, 1),
               obligation_end=date(2031, 6, 1))  # fmt: skip
    make_study(org.employee_dishub_sorong, state="diajukan")
    response = as_persona("hr_sorong").get(R("training:study_export"), {"status": "selesai"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "Siti Perawat" in values
    assert "Staf Dishub Sorong" not in values
    assert "1 Juni 2031" in values


def test_the_form_shows_which_conditions_are_unmet(org, as_persona):
    response = as_persona("employee_dinkes_sorong").get(
        R("training:study_request"), {"kind": "tugas_belajar"}
    )
    assert response.status_code == 200
    assert not response.context["eligible"]
    unmet = [c.label for c in response.context["checks"] if not c.ok]
    assert any("Predikat" in label for label in unmet) and any("Masa kerja" in label for label in unmet)


def test_an_eligible_employee_sends_a_request_from_the_form(org, as_persona):
    make_eligible(org.employee_dinkes_sorong)
    client = as_persona("employee_dinkes_sorong")
    assert client.get(R("training:study_request")).context["eligible"]
    response = client.post(
        R("training:study_request"),
        {
            "kind": "izin_belajar", "level": "S-1", "study_programme": "Ilmu Keperawatan",
            "institution": "Universitas Papua", "country": "dalam_negeri", "funding": "mandiri",
            "start_date": "2026-09-01", "end_date": "2028-08-31", "acceptance_letter": pdf(),
        },
    )  # fmt: skip
    study = StudyAssignment.objects.get()
    assert response.status_code == 302 and response["Location"] == study.get_absolute_url()
    assert study.state == "diajukan" and study.approver == org.head_dinkes_sorong


def test_a_bad_gpa_is_shown_on_the_page_and_nothing_is_saved(org, as_persona):
    study = make_study(org.employee_dinkes_sorong, state="berjalan", approver=org.head_dinkes_sorong)
    response = as_persona("employee_dinkes_sorong").post(
        R("training:study_report", args=[study.pk]),
        {"semester": "1", "gpa": "4.5", "credits": "20", "transcript": pdf("khs.pdf")},
    )
    assert response.status_code == 200
    assert response.context["report_form"].errors["gpa"]
    assert not study.reports.exists()
