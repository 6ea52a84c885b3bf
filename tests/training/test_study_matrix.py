"""Permission matrix of the study assignment pages (tugas belajar, izin belajar): every URL for each
persona on the nurse's assignment of Sorong (own and other unit, own and other agency). The
employee asks and reports; the atasan named on it recommends; HR of the agency decides and records
the graduation; nobody acts on their own request."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from training.models import StudyAssignment, StudyReport

from ..access_matrix import Row, cached, check_row, expect, matrix_ids, matrix_params
from .study_helpers import make_eligible, make_study, pdf

R = reverse
HR_SORONG = {"superuser", "hr_sorong"}
# Pages of one's own (an employee record needed): HR officers and the superuser have none.
OWN = expect(anonymous=302, superuser=403, hr_sorong=403, hr_palembang=403, others=200)
# HR's list: HR officers and heads (their own scope).
LIST = expect(anonymous=302, employee_dinkes_sorong=403, employee_dishub_palembang=403, others=200)
# The nurse's assignment: Sorong's HR, the superuser, the head (her atasan) and herself see it.
SEEN = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, head_dinkes_sorong=200,
            employee_dinkes_sorong=200, employee_dishub_palembang=404)  # fmt: skip


def _stored(name: str) -> str:
    """A file in the private storage the assignment's files use."""
    storage = StudyAssignment._meta.get_field("acceptance_letter").storage
    return storage.save(name, ContentFile(b"%PDF-1.4\n"))


@cached("_requested")
def requested(o) -> StudyAssignment:
    return make_study(
        o.employee_dinkes_sorong, approver=o.head_dinkes_sorong,
        acceptance_letter=_stored("training/study/loa-test"),
    )  # fmt: skip


@cached("_recommended")
def recommended(o) -> StudyAssignment:
    return make_study(o.employee_dinkes_sorong, state="direkomendasikan", approver=o.head_dinkes_sorong,
                      recommended=True)  # fmt: skip


@cached("_ongoing")
def ongoing(o) -> StudyAssignment:
    o.employee_dinkes_sorong.__class__.objects.filter(pk=o.employee_dinkes_sorong.pk).update(
        working_state="tugas_belajar"
    )
    return make_study(
        o.employee_dinkes_sorong, state="berjalan", approver=o.head_dinkes_sorong, start_date=date(2025, 9, 1),
        decree_number="800/1", decree_date=date(2025, 8, 1), next_report_due=date(2026, 3, 31),
    )  # fmt: skip


@cached("_report")
def report(o) -> StudyReport:
    return StudyReport.objects.create(
        assignment=ongoing(o), semester=1, gpa="3.50", credits=20,
        transcript=_stored("training/study/khs-test"), transcript_name="khs.pdf",
    )  # fmt: skip


def request_post(o):
    make_eligible(o.employee_dinkes_sorong)
    return {
        "kind": "tugas_belajar", "level": "S-2", "study_programme": "Magister Kesehatan Masyarakat",
        "institution": "Universitas Gadjah Mada", "country": "dalam_negeri", "funding": "apbd",
        "start_date": "2026-09-01", "end_date": "2028-08-31", "acceptance_letter": pdf(),
    }  # fmt: skip


def url(name, make):
    return lambda o: R(name, args=[make(o).pk])


ROWS = [
    Row("training:study_mine", "own", lambda o: R("training:study_mine"), OWN),
    Row("training:study_request", "form", lambda o: R("training:study_request"), OWN),
    Row(
        "training:study_request",
        "POST (only the nurse meets the conditions)",
        lambda o: R("training:study_request"),
        # The head and Palembang's employee see the form again with the unmet conditions (200).
        expect(
            anonymous=302,
            superuser=403,
            hr_sorong=403,
            hr_palembang=403,
            employee_dinkes_sorong=302,
            others=200,
        ),
        method="post",
        data=request_post,
        allowed={"employee_dinkes_sorong"},
    ),
    Row(
        "training:study_queue",
        "own queue",
        lambda o: R("training:study_queue"),
        expect(anonymous=302, others=200),
    ),
    Row("training:study_list", "HR's list", lambda o: R("training:study_list"), LIST),
    Row("training:study_export", "HR's list", lambda o: R("training:study_export"), LIST),
    Row("training:study_detail", "the nurse's request", url("training:study_detail", requested), SEEN),
    Row(
        "training:study_recommend",
        "POST the nurse's request",
        url("training:study_recommend", requested),
        expect(
            anonymous=302,
            superuser=403,
            hr_sorong=403,
            hr_palembang=404,
            head_dinkes_sorong=302,
            employee_dinkes_sorong=403,
            employee_dishub_palembang=404,
        ),
        method="post",
        data=lambda o: {"recommended": "ya"},
        allowed={"head_dinkes_sorong"},
    ),
    Row(
        "training:study_decide",
        "POST the nurse's recommended request",
        url("training:study_decide", recommended),
        expect(
            anonymous=302,
            superuser=302,
            hr_sorong=302,
            hr_palembang=404,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=403,
            employee_dishub_palembang=404,
        ),
        method="post",
        data=lambda o: {"approve": "ya", "decree_number": "800/12/2026", "decree_date": "2026-07-14"},
        allowed=HR_SORONG,
    ),
    Row(
        "training:study_report",
        "POST the nurse's assignment",
        url("training:study_report", ongoing),
        expect(
            anonymous=302,
            superuser=403,
            hr_sorong=403,
            hr_palembang=404,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=302,
            employee_dishub_palembang=404,
        ),
        method="post",
        data=lambda o: {"semester": "1", "gpa": "3.60", "credits": "20", "transcript": pdf("khs.pdf")},
        allowed={"employee_dinkes_sorong"},
    ),
    Row(
        "training:study_complete",
        "POST the nurse's assignment",
        url("training:study_complete", ongoing),
        expect(
            anonymous=302,
            superuser=302,
            hr_sorong=302,
            hr_palembang=404,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=403,
            employee_dishub_palembang=404,
        ),
        method="post",
        data=lambda o: {"graduation_date": "2026-07-01", "diploma": pdf("ijazah.pdf")},
        allowed=HR_SORONG,
    ),
    Row(
        "training:study_withdraw",
        "POST the nurse's request",
        url("training:study_withdraw", requested),
        expect(
            anonymous=302,
            superuser=403,
            hr_sorong=403,
            hr_palembang=404,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=302,
            employee_dishub_palembang=404,
        ),
        method="post",
        allowed={"employee_dinkes_sorong"},
    ),
    Row(
        "training:study_file",
        "the nurse's acceptance letter",
        lambda o: R("training:study_file", args=["surat", requested(o).pk]),
        SEEN,
    ),
    Row(
        "training:study_file",
        "the nurse's transcript",
        lambda o: R("training:study_file", args=["transkrip", report(o).pk]),
        SEEN,
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_study_matrix(org, row, persona):
    check_row(org, row, persona)
