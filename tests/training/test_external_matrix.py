"""Permission matrix of the external learning pages ("Pembelajaran mandiri"): the nurse's records in
Sorong, for each persona. The employee records and changes their own; HR of their agency verifies;
heads and other agencies do not see them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from training.services import external as services

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params
from .external_helpers import details, pdf
from .factories import actor

R = reverse
HR_SORONG = {"superuser", "hr_sorong"}
EMPLOYEES = {"head_dinkes_sorong", "employee_dinkes_sorong", "employee_dishub_palembang"}
# Pages of one's own (an employee record needed): HR officers without one and the superuser are refused.
OWN_PAGE = expect(anonymous=302, superuser=403, hr_sorong=403, hr_palembang=403, others=200)
HR_PAGE = expect(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403)
# The nurse's record: seen by her and Sorong's HR (and the superuser); her head and Palembang do not see it.
SEEN = dict(anonymous=302, hr_palembang=404, head_dinkes_sorong=404, employee_dishub_palembang=404)
OWNER_ONLY = expect(superuser=403, hr_sorong=403, employee_dinkes_sorong=200, **SEEN)
OWNER_POST = {**OWNER_ONLY, "employee_dinkes_sorong": 302}
# Changing: refused with the agency convention (the superuser works in no agency: 404).
OWNER_EDIT = {**OWNER_ONLY, "superuser": 404}
OWNER_EDIT_POST = {**OWNER_EDIT, "employee_dinkes_sorong": 302}
HR_DECIDES = expect(superuser=302, hr_sorong=302, employee_dinkes_sorong=403, **SEEN)
SEEN_200 = expect(superuser=200, hr_sorong=200, employee_dinkes_sorong=200, **SEEN)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def record(o):
    if not hasattr(o, "_external"):
        o._external = services.external_record(
            actor=actor(o, "employee_dinkes_sorong"), details=details(), certificate=pdf()
        )
    return o._external


def url(name):
    return lambda o: R(name, args=[record(o).pk])


def form_data(o, **overrides):
    data = {
        "title": "Seminar Gizi Buruk",
        "kind": "teknis",
        "form": "seminar",
        "organiser": "Persagi",
        "start_date": "2026-05-04",
        "end_date": "2026-05-04",
        "jp": "6",
        "certificate_file": pdf(),
    }
    data.update(overrides)
    return data


ROWS = [
    Row("training:external_mine", "own list", lambda o: R("training:external_mine"), OWN_PAGE),
    Row("training:external_create", "form", lambda o: R("training:external_create"), OWN_PAGE),
    Row(
        "training:external_create",
        "POST own record",
        lambda o: R("training:external_create"),
        expect(anonymous=302, superuser=403, hr_sorong=403, hr_palembang=403, others=302),
        method="post",
        data=form_data,
        allowed=EMPLOYEES,
    ),
    Row("training:external_queue", "HR's queue", lambda o: R("training:external_queue"), HR_PAGE),
    Row("training:external_detail", "the nurse's", url("training:external_detail"), SEEN_200),
    Row("training:external_certificate", "the nurse's", url("training:external_certificate"), SEEN_200),
    Row("training:external_update", "the nurse's", url("training:external_update"), OWNER_EDIT),
    Row(
        "training:external_update",
        "POST the nurse's",
        url("training:external_update"),
        OWNER_EDIT_POST,
        method="post",
        data=lambda o: form_data(o, certificate_file=""),
        allowed={"employee_dinkes_sorong"},
    ),
    Row(
        "training:external_withdraw",
        "POST the nurse's",
        url("training:external_withdraw"),
        OWNER_POST,
        method="post",
        allowed={"employee_dinkes_sorong"},
    ),
    Row(
        "training:external_verify",
        "POST the nurse's",
        url("training:external_verify"),
        HR_DECIDES,
        method="post",
        allowed=HR_SORONG,
    ),
    Row(
        "training:external_reject",
        "POST the nurse's",
        url("training:external_reject"),
        HR_DECIDES,
        method="post",
        data=lambda o: {"reason": "Sertifikat tidak terbaca"},
        allowed=HR_SORONG,
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_external_matrix(org, row, persona):
    check_row(org, row, persona)
