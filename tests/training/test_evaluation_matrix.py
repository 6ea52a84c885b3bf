"""Permission matrix of the evaluation pages: the nurse's completed enrolments in Sorong (one ended
13 days ago, its reaction open; one ended in March, its applied evaluation open to her head), and
Sorong's results for HR."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params
from .evaluation_helpers import completed, finished_programme

R = reverse
OWN_PAGE = expect(anonymous=302, superuser=403, hr_sorong=403, hr_palembang=403, others=200)
HR_PAGE = expect(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403)
# An enrolment of the nurse: seen by her, her head and Sorong's HR; refused to all but the one who writes.
# (The superuser works in no agency: refused with 404 by the agency convention.)
SEEN = dict(anonymous=302, superuser=404, hr_sorong=403, hr_palembang=404, employee_dishub_palembang=404)
PARTICIPANT = expect(head_dinkes_sorong=403, employee_dinkes_sorong=200, **SEEN)
ATASAN = expect(head_dinkes_sorong=200, employee_dinkes_sorong=403, **SEEN)


def recent(o):
    if not hasattr(o, "_recent"):
        o._recent = completed(o, finished_programme(o, start=date(2026, 6, 30), end=date(2026, 7, 2)))
    return o._recent


def old(o):
    if not hasattr(o, "_old"):
        o._old = completed(o, finished_programme(o, title="Selesai Maret"))
    return o._old


def url(name, make):
    return lambda o: R(name, args=[make(o).pk])


RATINGS = {"content": "5", "trainer": "4", "organisation": "4", "usefulness": "5", "comment": "Baik"}

ROWS = [
    Row("training:evaluation_mine", "own list", lambda o: R("training:evaluation_mine"), OWN_PAGE),
    Row(
        "training:evaluation_feedback",
        "the nurse's",
        url("training:evaluation_feedback", recent),
        PARTICIPANT,
    ),
    Row(
        "training:evaluation_feedback",
        "POST the nurse's",
        url("training:evaluation_feedback", recent),
        {**PARTICIPANT, "employee_dinkes_sorong": 302},
        method="post",
        data=lambda o: RATINGS,
        allowed={"employee_dinkes_sorong"},
    ),
    Row("training:evaluation_applied", "the nurse's", url("training:evaluation_applied", old), ATASAN),
    Row(
        "training:evaluation_applied",
        "POST the nurse's",
        url("training:evaluation_applied", old),
        {**ATASAN, "head_dinkes_sorong": 302},
        method="post",
        data=lambda o: {"rating": "4", "comment": "Menerapkan SOP"},
        allowed={"head_dinkes_sorong"},
    ),
    Row("training:evaluation_results", "HR's results", lambda o: R("training:evaluation_results"), HR_PAGE),
    Row(
        "training:evaluation_programme",
        "Sorong's finished programme",
        url("training:evaluation_programme", lambda o: old(o).programme),
        expect(
            anonymous=302,
            superuser=200,
            hr_sorong=200,
            hr_palembang=404,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=403,
            employee_dishub_palembang=404,
        ),
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_evaluation_matrix(org, row, persona):
    check_row(org, row, persona)
