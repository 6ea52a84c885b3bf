"""Every report URL, for every persona, on own and other agencies and units.

HR officers report on their agency; heads of unit see the DUK, the rekap and the retirement
projection of their own subtree (another unit of their agency: 403; another agency: 404); the
KGB, promotion and Satyalancana lists are HR-only (heads: 403); employees get 403 everywhere.
"""

import pytest
from django.urls import reverse

from ..access_matrix import NOBODY, Row, check_row, expect, matrix_ids, matrix_params

R = reverse

ALL_SCOPES = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, head_dinkes_sorong=200)
EMPLOYEES_403 = dict(employee_dinkes_sorong=403, employee_dishub_palembang=403)
# Reports heads may see, on Kota Sorong / on the head's own unit / on another Sorong unit.
HEAD_SORONG = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, head_dinkes_sorong=200)
HEAD_OTHER_UNIT = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, head_dinkes_sorong=403)
PALEMBANG = dict(anonymous=302, superuser=200, hr_sorong=404, hr_palembang=200, head_dinkes_sorong=404)
# HR-only reports.
HR_ONLY = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, head_dinkes_sorong=403)
HR_ONLY_SORONG = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, head_dinkes_sorong=403)
HR_ONLY_PALEMBANG = dict(
    anonymous=302, superuser=200, hr_sorong=404, hr_palembang=200, head_dinkes_sorong=403
)


def _rows_for(name: str, *, heads: bool) -> list[Row]:
    own = HEAD_SORONG if heads else HR_ONLY_SORONG
    other_unit = HEAD_OTHER_UNIT if heads else HR_ONLY_SORONG
    palembang = PALEMBANG if heads else HR_ONLY_PALEMBANG
    default = ALL_SCOPES if heads else HR_ONLY
    return [
        Row(name, "default scope", lambda o: R(name), expect(**default, **EMPLOYEES_403)),
        Row(
            name,
            "Kota Sorong",
            lambda o: f"{R(name)}?instansi={o.sorong.pk}",
            expect(**own, **EMPLOYEES_403),
        ),
        Row(
            name,
            "head's own subtree (Puskesmas)",
            lambda o: f"{R(name)}?unit={o.pkm_sorong.pk}",
            expect(**own, **EMPLOYEES_403),
        ),
        Row(
            name,
            "another Sorong unit (Dishub)",
            lambda o: f"{R(name)}?unit={o.dishub_sorong.pk}",
            expect(**other_unit, **EMPLOYEES_403),
        ),
        Row(
            name,
            "Kota Palembang",
            lambda o: f"{R(name)}?instansi={o.palembang.pk}",
            expect(**palembang, **EMPLOYEES_403),
        ),
        Row(
            name,
            "Excel, Kota Sorong",
            lambda o: f"{R(name)}?instansi={o.sorong.pk}&unduh=xlsx",
            expect(**own, **EMPLOYEES_403),
        ),
        Row(
            name,
            "print, head's own subtree",
            lambda o: f"{R(name)}?unit={o.dinkes_sorong.pk}&cetak=1",
            expect(**own, **EMPLOYEES_403),
        ),
        Row(
            name,
            "POST is refused",
            lambda o: R(name),
            expect(anonymous=302, others=405),
            method="post",
            allowed=NOBODY,
        ),
    ]


ROWS = [
    Row("reports:index", "menu", lambda o: R("reports:index"), expect(**ALL_SCOPES, **EMPLOYEES_403)),
    Row("reports:index", "POST is refused", lambda o: R("reports:index"), expect(anonymous=302, others=405), method="post",
        allowed=NOBODY),
    *_rows_for("reports:duk", heads=True),
    *_rows_for("reports:rekap", heads=True),
    *_rows_for("reports:pensiun", heads=True),
    *_rows_for("reports:kgb", heads=False),
    *_rows_for("reports:kenaikan_pangkat", heads=False),
    *_rows_for("reports:satyalancana", heads=False),
]  # fmt: skip


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_reports_permission_matrix(org, row, persona):
    check_row(org, row, persona)
