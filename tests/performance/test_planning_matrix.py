"""Permission matrix of SKP planning: the SKP page and its workflow actions."""

import pytest
from django.urls import reverse as R

from ..access_matrix import Row, expect, matrix_ids, matrix_params
from ..matrix_extra import check_row_with
from .matrix import dishub_sorong_skp, nurse_skp, palembang_skp, snapshot

WRITES: set[tuple[str, str]] = set()

ROWS = [
    Row(
        "performance:skp_detail",
        "nurse's SKP (head's subtree, head is atasan)",
        lambda o: R("performance:skp_detail", args=[nurse_skp(o).pk]),
        expect(
            anonymous=302,
            superuser=200,
            hr_sorong=200,
            head_dinkes_sorong=200,
            employee_dinkes_sorong=200,
            others=404,
        ),
    ),
    Row(
        "performance:skp_detail",
        "another Sorong unit",
        lambda o: R("performance:skp_detail", args=[dishub_sorong_skp(o).pk]),
        expect(anonymous=302, superuser=200, hr_sorong=200, others=404),
    ),
    Row(
        "performance:skp_detail",
        "Palembang",
        lambda o: R("performance:skp_detail", args=[palembang_skp(o).pk]),
        expect(anonymous=302, superuser=200, hr_palembang=200, employee_dishub_palembang=200, others=404),
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_planning_matrix(org, row, persona):
    check_row_with(org, row, persona, extra=snapshot, writes=(row.name, row.label) in WRITES)
