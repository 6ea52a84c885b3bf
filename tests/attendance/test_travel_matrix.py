"""Permission matrix of official travel (dinas luar): HR of the agency and heads of units keep it,
for the people below them and never for themselves; and of HR's "Hitung ulang" of the daily statuses."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse as R

from attendance.models import DinasLuar

from ..access_matrix import Row, cached, check_row, expect, matrix_ids, matrix_params

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
KEEPERS = {"superuser", "hr_sorong", "head_dinkes_sorong"}
# The list: HR (their agencies) and heads; employees without a role are refused.
LIST = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, head_dinkes_sorong=200, others=403)
# A travel of the Puskesmas nurse (Sorong, below the Dinkes head): HR of Sorong, the superuser and the
# head; Palembang's HR and every employee see nothing of it (the nurse herself neither: it is kept by others).
NURSE_TRAVEL = dict(
    anonymous=302, superuser=302, hr_sorong=302, head_dinkes_sorong=302, hr_palembang=404,
    employee_dinkes_sorong=404, employee_dishub_palembang=404,
)  # fmt: skip


@cached("_travel")
def nurse_travel(org) -> DinasLuar:
    travel = DinasLuar(
        employee=org.employee_dinkes_sorong,
        start=date(2026, 7, 6),
        end=date(2026, 7, 8),
        letter_number="094/15/SPT/DINKES/2026",
        letter_date=date(2026, 7, 3),
        letter_file_name="spt.pdf",
    )
    travel.letter_file.save("spt.pdf", SimpleUploadedFile("spt.pdf", PDF), save=False)
    travel.save()
    return travel


def travel_data(org) -> dict:
    return {
        "nip": org.employee_dinkes_sorong.nip,
        "start": "2026-07-13",
        "end": "2026-07-14",
        "letter_number": "094/20/SPT/2026",
        "letter_date": "2026-07-10",
        "purpose": "Rapat koordinasi di provinsi",
    }


ROWS = [
    Row("attendance:travels", "the agency's travels", lambda o: R("attendance:travels"), expect(**LIST)),
    Row(
        "attendance:travels",
        "record the nurse's travel in Sorong (Palembang's HR gets their own agency: no such NIP)",
        lambda o: R("attendance:travels") + f"?instansi={o.sorong.pk}",
        expect(**{**LIST, "superuser": 302, "hr_sorong": 302, "head_dinkes_sorong": 302}),
        method="post",
        data=travel_data,
        allowed=KEEPERS,
    ),
    Row(
        "attendance:travel_delete",
        "the nurse's travel",
        lambda o: R("attendance:travel_delete", args=[nurse_travel(o).pk]),
        expect(**NURSE_TRAVEL),
        method="post",
        allowed=KEEPERS,
    ),
    Row(
        "attendance:travel_letter",
        "the nurse's SPT scan",
        lambda o: R("attendance:travel_letter", args=[nurse_travel(o).pk]),
        expect(**{**NURSE_TRAVEL, "superuser": 200, "hr_sorong": 200, "head_dinkes_sorong": 200}),
    ),
    Row(
        "attendance:daily_rebuild",
        "HR rebuilds their agency's daily statuses (Palembang's HR gets their own agency)",
        lambda o: R("attendance:daily_rebuild") + f"?instansi={o.sorong.pk}",
        expect(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=302, others=403),
        method="post",
        allowed={"superuser", "hr_sorong", "hr_palembang"},
    ),
    Row(
        "attendance:daily_rebuild",
        "a GET is refused",
        lambda o: R("attendance:daily_rebuild"),
        expect(anonymous=302, others=405),
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_travel_permission_matrix(org, row, persona):
    check_row(org, row, persona)
