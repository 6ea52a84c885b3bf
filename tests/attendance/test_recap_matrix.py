"""Permission matrix of HR's monthly recap (page and export) and of the band tables (versions, a new
one, a past one read-only)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse as R

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params
from .recap_factories import band_table

HR_ONLY = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403)
HR_WRITES = dict(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=302, others=403)
HR_ANY = {"superuser", "hr_sorong", "hr_palembang"}
SORONG_OBJECT_PAGE = dict(
    anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404,
    head_dinkes_sorong=403, employee_dinkes_sorong=403, employee_dishub_palembang=404,
)  # fmt: skip


@pytest.fixture(autouse=True)
def _every_recap_is_large(settings):
    settings.EXPORT_STREAM_MAX_ROWS = -1  # even an empty recap goes through the job


def sorong_table(org):
    if not hasattr(org, "_band_table"):
        org._band_table = band_table(org.sorong, date(2026, 1, 1))
    return org._band_table


def export_requested(o, client, response) -> None:
    from core.models import ExportFile

    assert response["Location"] == R("core:exports")
    user_id = int(client.session["_auth_user_id"])
    assert ExportFile.objects.filter(requested_by_id=user_id, kind="attendance-recap").count() == 1


def band_data(org):
    data = {"name": "Perwali 3/2026", "valid_from": "2026-08-01", "absence_cut_percent": "3",
            "attendance_share_percent": "40"}  # fmt: skip
    for prefix in ("tl", "psw"):
        for i, (lo, hi) in enumerate([(1, 30), (31, 60), (61, 90), (91, "")], start=1):
            data.update({f"{prefix}{i}_min": lo, f"{prefix}{i}_max": hi, f"{prefix}{i}_cut": "1"})
    return data


ROWS = [
    Row("attendance:recap", "the agency's month", lambda o: R("attendance:recap"), expect(**HR_ONLY)),
    Row(
        "attendance:recap",
        "Dinkes subtree of July",
        lambda o: R("attendance:recap") + f"?instansi={o.sorong.pk}&unit={o.dinkes_sorong.pk}&bulan=2026-07",
        expect(**HR_ONLY),
    ),
    Row(
        "attendance:recap_export",
        "large recap: the GET asks",
        lambda o: R("attendance:recap_export") + "?bulan=2026-07",
        expect(**HR_ONLY),
    ),
    Row(
        "attendance:recap_export",
        "large recap: POST starts the job",
        lambda o: R("attendance:recap_export") + "?bulan=2026-07",
        expect(**HR_WRITES),
        method="post",
        allowed=HR_ANY,
        then=export_requested,
    ),
    Row(
        "attendance:band_tables",
        "the agency's versions",
        lambda o: R("attendance:band_tables"),
        expect(**HR_ONLY),
    ),
    Row(
        "attendance:band_tables",
        "a new version (each HR in their own agency)",
        lambda o: R("attendance:band_tables") + f"?instansi={o.sorong.pk}",
        expect(**HR_WRITES),
        method="post",
        data=band_data,
        allowed=HR_ANY,
    ),
    Row(
        "attendance:band_table_detail",
        "Sorong's table",
        lambda o: R("attendance:band_table_detail", args=[sorong_table(o).pk]),
        expect(**SORONG_OBJECT_PAGE),
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_recap_permission_matrix(org, row, persona):
    check_row(org, row, persona)
