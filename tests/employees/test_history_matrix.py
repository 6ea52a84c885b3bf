"""Permission matrix of the history (riwayat) pages."""

import pytest
from django.urls import reverse

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params

HR_SORONG_PAGE = dict(
    anonymous=302,
    superuser=200,
    hr_sorong=200,
    head_dinkes_sorong=403,
    employee_dinkes_sorong=403,
    others=404,
)
HR_SORONG_WRITE = dict(HR_SORONG_PAGE, superuser=302, hr_sorong=302)
HR_SORONG = {"superuser", "hr_sorong"}


def rank_post(o):
    return {"golongan": "III/b", "tmt": "2019-04-01", "mk_years": "4", "mk_months": "0",
            "sk_number": "823/12/BKPSDM/2019", "sk_date": "2019-03-20", "sk_signer": "Wali Kota Sorong"}  # fmt: skip


def rank_row(o):
    return o.employee_dinkes_sorong.rank_history.get()


ROWS = [
    Row(
        "employees:history_create",
        "Sorong employee, GET",
        lambda o: reverse("employees:history_create", args=[o.employee_dinkes_sorong.pk, "pangkat"]),
        expect(**HR_SORONG_PAGE),
    ),
    Row(
        "employees:history_create",
        "Sorong employee, POST",
        lambda o: reverse("employees:history_create", args=[o.employee_dinkes_sorong.pk, "pangkat"]),
        expect(**HR_SORONG_WRITE),
        method="post",
        data=rank_post,
        allowed=HR_SORONG,
    ),
    Row(
        "employees:history_create",
        "Palembang employee, POST",
        lambda o: reverse("employees:history_create", args=[o.employee_dishub_palembang.pk, "pangkat"]),
        expect(anonymous=302, superuser=302, hr_palembang=302, employee_dishub_palembang=403, others=404),
        method="post",
        data=rank_post,
        allowed={"superuser", "hr_palembang"},
    ),
    Row(
        "employees:history_update",
        "Sorong rank row, GET",
        lambda o: reverse("employees:history_update", args=["pangkat", rank_row(o).pk]),
        expect(**HR_SORONG_PAGE),
    ),
    Row(
        "employees:history_update",
        "Sorong rank row, POST",
        lambda o: reverse("employees:history_update", args=["pangkat", rank_row(o).pk]),
        expect(**HR_SORONG_WRITE),
        method="post",
        data=rank_post,
        allowed=HR_SORONG,
    ),
    Row(
        "employees:history_delete",
        "Sorong family row, POST",
        lambda o: reverse(
            "employees:history_delete",
            args=["keluarga", o.employee_dinkes_sorong.family.create(relation="suami", name="Budi").pk],
        ),
        expect(**HR_SORONG_WRITE),
        method="post",
        allowed=HR_SORONG,
    ),
    Row(
        "employees:history_delete",
        "GET is refused",
        lambda o: reverse("employees:history_delete", args=["pangkat", rank_row(o).pk]),
        expect(anonymous=302, others=405),
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_history_permission_matrix(org, row, persona):
    check_row(org, row, persona)
