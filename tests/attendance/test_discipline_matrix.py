"""Permission matrix of the discipline thresholds (HR's list, export and one employee's year), the
agency's attendance settings, and the head's Presensi unit pages (today and the month)."""

from __future__ import annotations

import pytest
from django.urls import reverse as R

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params

HR_ONLY = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403)
HR_WRITES = dict(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=302, others=403)
HR_ANY = {"superuser", "hr_sorong", "hr_palembang"}
# The nurse's year: Sorong's HR and the head above her; never herself (she is not told), nobody of
# Palembang.
NURSE_YEAR = dict(
    anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404,
    head_dinkes_sorong=200, employee_dinkes_sorong=404, employee_dishub_palembang=404,
)  # fmt: skip
HEADS_ONLY = dict(anonymous=302, head_dinkes_sorong=200, others=403)


def settings_data(org):
    return {"convert_late_minutes": "on", "minutes_per_day": 450}


ROWS = [
    Row(
        "attendance:discipline",
        "an agency's thresholds",
        lambda o: R("attendance:discipline"),
        expect(**HR_ONLY),
    ),
    Row(
        "attendance:discipline_export",
        "the list as Excel",
        lambda o: R("attendance:discipline_export") + "?year=2026",
        expect(**HR_ONLY),
    ),
    Row(
        "attendance:discipline_detail",
        "the nurse's year",
        lambda o: R("attendance:discipline_detail", args=[o.employee_dinkes_sorong.pk, 2026]),
        expect(**NURSE_YEAR),
    ),
    Row(
        "attendance:settings", "the agency's switches", lambda o: R("attendance:settings"), expect(**HR_ONLY)
    ),
    Row(
        "attendance:settings",
        "turn the conversion on (each HR in their own agency)",
        lambda o: R("attendance:settings") + f"?instansi={o.sorong.pk}",
        expect(**HR_WRITES),
        method="post",
        data=settings_data,
        allowed=HR_ANY,
    ),
    Row(
        "attendance:unit_today",
        "the head's unit today",
        lambda o: R("attendance:unit_today"),
        expect(**HEADS_ONLY),
    ),
    Row(
        "attendance:unit_month",
        "the head's unit this month",
        lambda o: R("attendance:unit_month") + "?bulan=2026-07",
        expect(**HEADS_ONLY),
    ),
]


@pytest.mark.clock("2026-07-15T00:00:00Z")
@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_discipline_and_unit_permission_matrix(org, row, persona):
    check_row(org, row, persona)
