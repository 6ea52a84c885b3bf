"""Permission matrix of the leave URLs added with the next steps of Perubahan (the employee's new
dates) and Ditangguhkan (decided again later by the PyB)."""

from __future__ import annotations

import pytest
from django.urls import reverse as R

from leave.services import requests as services

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params
from .factories import actor, grant, leave_type, request_data


def answered(org, option):
    """The nurse's cuti tahunan request, recommended by the head and answered by the PyB (once per test)."""
    if not hasattr(org, "_answered"):
        grant(org.employee_dinkes_sorong, 2026, 12)
        request = services.request_submit(
            actor=actor(org.users["employee_dinkes_sorong"]), leave_type=leave_type(), **request_data()
        )
        head = actor(org.users["head_dinkes_sorong"])
        services.request_recommend(actor=head, request=request, option="disetujui")
        request.refresh_from_db()
        services.request_decide(actor=head, request=request, option=option, reason="Beban kerja")
        org._answered = request
    return org._answered


ONLY_THE_EMPLOYEE = dict(
    anonymous=302, superuser=403, hr_sorong=403, hr_palembang=404,
    head_dinkes_sorong=403, employee_dinkes_sorong=302, employee_dishub_palembang=404,
)  # fmt: skip
ONLY_THE_PYB = dict(
    anonymous=302, superuser=403, hr_sorong=403, hr_palembang=404,
    head_dinkes_sorong=302, employee_dinkes_sorong=403, employee_dishub_palembang=404,
)  # fmt: skip

ROWS = [
    Row(
        "leave:amend",
        "new dates after Perubahan, by the employee",
        lambda o: R("leave:amend", args=[answered(o, "perubahan").pk]),
        expect(**ONLY_THE_EMPLOYEE),
        method="post",
        data=lambda o: {"start": "2026-08-24", "end": "2026-08-26"},
        allowed={"employee_dinkes_sorong"},
    ),
    Row(
        "leave:amend",
        "GET is refused",
        lambda o: R("leave:amend", args=[answered(o, "perubahan").pk]),
        expect(anonymous=302, others=405),
    ),
    Row(
        "leave:decide",
        "a postponed request decided later, by the PyB",
        lambda o: R("leave:decide", args=[answered(o, "ditangguhkan").pk]),
        expect(**ONLY_THE_PYB),
        method="post",
        data=lambda o: {"dec-option": "disetujui"},
        allowed={"head_dinkes_sorong"},
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_leave_links_permission_matrix(org, row, persona):
    check_row(org, row, persona)
