"""Permission matrix of flexible work (WFA, PermenPANRB 4/2025): HR of the agency and heads of units
keep it, for the people below them and never for themselves (as dinas luar)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse as R

from attendance.choices import FlexibleMode
from attendance.models import FlexibleWork

from ..access_matrix import Row, cached, check_row, expect, matrix_ids, matrix_params

KEEPERS = {"superuser", "hr_sorong", "head_dinkes_sorong"}
# The list: HR (their agencies) and heads; employees without a role are refused.
LIST = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, head_dinkes_sorong=200, others=403)
# An arrangement of the Puskesmas nurse (Sorong, below the Dinkes head): HR of Sorong, the superuser and
# the head; Palembang's HR and every employee see nothing of it (the nurse herself neither).
NURSE_ARRANGEMENT = dict(
    anonymous=302, superuser=302, hr_sorong=302, head_dinkes_sorong=302, hr_palembang=404,
    employee_dinkes_sorong=404, employee_dishub_palembang=404,
)  # fmt: skip


@cached("_flexible")
def nurse_arrangement(org) -> FlexibleWork:
    return FlexibleWork.objects.create(
        employee=org.employee_dinkes_sorong,
        start=date(2026, 7, 6),
        end=date(2026, 7, 8),
        mode=FlexibleMode.LOKASI,
        letter_number="800/15/KF/DINKES/2026",
        letter_date=date(2026, 7, 3),
    )


def arrangement_data(org) -> dict:
    return {
        "nip": org.employee_dinkes_sorong.nip,
        "mode": FlexibleMode.WAKTU,
        "start": "2026-07-13",
        "end": "2026-07-14",
        "letter_number": "800/20/KF/2026",
        "letter_date": "2026-07-10",
        "note": "Uji coba kerja fleksibel",
    }


ROWS = [
    Row(
        "attendance:flexible", "the agency's arrangements", lambda o: R("attendance:flexible"), expect(**LIST)
    ),
    Row(
        "attendance:flexible",
        "record the nurse's arrangement in Sorong (Palembang's HR gets their own agency: no such NIP)",
        lambda o: R("attendance:flexible") + f"?instansi={o.sorong.pk}",
        expect(**{**LIST, "superuser": 302, "hr_sorong": 302, "head_dinkes_sorong": 302}),
        method="post",
        data=arrangement_data,
        allowed=KEEPERS,
    ),
    Row(
        "attendance:flexible_delete",
        "the nurse's arrangement",
        lambda o: R("attendance:flexible_delete", args=[nurse_arrangement(o).pk]),
        expect(**NURSE_ARRANGEMENT),
        method="post",
        allowed=KEEPERS,
    ),
    Row(
        "attendance:flexible_delete",
        "a GET is refused",
        lambda o: R("attendance:flexible_delete", args=[nurse_arrangement(o).pk]),
        expect(anonymous=302, others=405),
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_flexible_permission_matrix(org, row, persona):
    check_row(org, row, persona)
