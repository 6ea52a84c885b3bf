"""Permission matrix of the shift pages: HR's shifts of an agency, and the roster that HR or the unit's
head sets (an employee never; another agency's HR sees no unit of Sorong)."""

from __future__ import annotations

from datetime import time

import pytest
from django.urls import reverse as R

from attendance.models import Shift

from ..access_matrix import Row, cached, check_row, expect, matrix_ids, matrix_params
from .test_attendance_matrix import HR_ANY, HR_ONLY, HR_SORONG, HR_WRITES, SORONG_OBJECT, SORONG_OBJECT_PAGE


@cached("_evening_shift")
def evening(o):
    return Shift.objects.create(instansi=o.sorong, code="S", name="Siang", start=time(14), end=time(21))


def shift_data(o):
    return {"code": "P", "name": "Pagi", "start": "07:00", "end": "14:00", "is_active": "on"}


def roster_cell(o):
    return {f"c-{o.employee_dinkes_sorong.pk}-2026-07-14": str(evening(o).pk)}


ROSTER_URL = lambda o: R("attendance:roster") + f"?unit={o.pkm_sorong.pk}&minggu=2026-07-13"  # noqa: E731
# HR and heads open the roster of a unit they keep or head; employees never.
ROSTER_PAGE = dict(
    anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, head_dinkes_sorong=200,
    employee_dinkes_sorong=403, employee_dishub_palembang=403,
)  # fmt: skip
SORONG_ROSTER = {**ROSTER_PAGE, "hr_palembang": 404}
SORONG_ROSTER_WRITE = {**SORONG_ROSTER, "superuser": 302, "hr_sorong": 302, "head_dinkes_sorong": 302}

ROWS = [
    Row("attendance:shifts", "the agency's shifts", lambda o: R("attendance:shifts"), expect(**HR_ONLY)),
    Row(
        "attendance:shifts",
        "add one (each HR in their own agency)",
        lambda o: R("attendance:shifts") + f"?instansi={o.sorong.pk}",
        expect(**HR_WRITES),
        method="post",
        data=shift_data,
        allowed=HR_ANY,
    ),
    Row(
        "attendance:shift_edit",
        "Sorong's afternoon shift",
        lambda o: R("attendance:shift_edit", args=[evening(o).pk]),
        expect(**SORONG_OBJECT_PAGE),
    ),
    Row(
        "attendance:shift_edit",
        "change Sorong's afternoon shift",
        lambda o: R("attendance:shift_edit", args=[evening(o).pk]),
        expect(**SORONG_OBJECT),
        method="post",
        data=lambda o: {**shift_data(o), "code": "S2"},
        allowed=HR_SORONG,
    ),
    Row(
        "attendance:shift_delete",
        "Sorong's unused afternoon shift",
        lambda o: R("attendance:shift_delete", args=[evening(o).pk]),
        expect(**SORONG_OBJECT),
        method="post",
        allowed=HR_SORONG,
    ),
    Row(
        "attendance:roster",
        "the first unit in scope",
        lambda o: R("attendance:roster"),
        expect(**ROSTER_PAGE),
    ),
    Row("attendance:roster", "Sorong's puskesmas", ROSTER_URL, expect(**SORONG_ROSTER)),
    Row(
        "attendance:roster",
        "set a nurse's shift in Sorong's puskesmas",
        ROSTER_URL,
        expect(**SORONG_ROSTER_WRITE),
        method="post",
        data=roster_cell,
        allowed={"superuser", "hr_sorong", "head_dinkes_sorong"},
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_shift_permission_matrix(org, row, persona):
    check_row(org, row, persona)
