"""Permission matrix of the training pages: every URL for each persona on Sorong's objects (own and
other unit, own and other agency). The catalogue is HR's; requests are the employee's; the atasan
approves; the certificate check is public."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from training.models import Enrolment, PartnerInstitution

from ..access_matrix import PERSONAS, Row, cached, check_row, expect, matrix_ids, matrix_params
from .factories import make_programme

R = reverse
HR_SORONG = {"superuser", "hr_sorong"}
EVERYONE = set(PERSONAS)
# Sorong's catalogue pages: its HR and the superuser; Sorong's other people are refused (403),
# Palembang's do not see them (404).
MANAGE = dict(superuser=200, hr_sorong=200, hr_palembang=404, head_dinkes_sorong=403, employee_dinkes_sorong=403,
              employee_dishub_palembang=404, anonymous=302)  # fmt: skip
MANAGE_POST = {**MANAGE, "superuser": 302, "hr_sorong": 302}
# Pages of any HR officer (their own agency's data) : everyone else is refused.
HR_PAGE = expect(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403)
# Creating in Sorong (?instansi=): Palembang's HR does not see Sorong (404); non-HR are refused first (403).
CREATE_POST = expect(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=404, others=403)


@cached("_open")
def open_programme(o):
    return make_programme(o.sorong, quota=5)


@cached("_draft")
def draft(o):
    return make_programme(o.sorong, title="Draf", state="draf")


@cached("_running")
def running(o):
    """Under way (13–15 July 2026; the clock says the 15th), with the nurse confirmed."""
    return make_programme(
        o.sorong, title="Berjalan", start_date=date(2026, 7, 13), end_date=date(2026, 7, 15)
    )


def enrolment_in(o, programme, state, **fields):
    return Enrolment.objects.create(
        programme=programme, employee=o.employee_dinkes_sorong, origin="mandiri", state=state,
        approver=o.head_dinkes_sorong, **fields,
    )  # fmt: skip


@cached("_requested")
def requested(o):
    return enrolment_in(o, make_programme(o.sorong, title="Diajukan"), "diajukan")


@cached("_approved")
def approved(o):
    return enrolment_in(o, make_programme(o.sorong, title="Disetujui"), "disetujui")


@cached("_participant")
def participant(o):
    return enrolment_in(o, running(o), "dikonfirmasi")


@cached("_certified")
def certified(o):
    return enrolment_in(
        o, make_programme(o.sorong, title="Selesai", start_date=date(2026, 6, 1), end_date=date(2026, 6, 2)),
        "selesai", result="lulus", certificate_code="ABCD-EFGH-JKLM",
    )  # fmt: skip


@cached("_partner")
def partner(o):
    return PartnerInstitution.objects.create(instansi=o.sorong, name="Universitas Papua", kind="universitas")


def programme_post(o):
    return {
        "title": "Manajemen Proyek", "kind": "manajerial", "form": "kursus", "organiser_kind": "bpsdm",
        "organiser_name": "BPSDM", "jp": "32", "quota": "20", "start_date": "2026-09-01",
        "end_date": "2026-09-04", "cancel_days_before": "5", "cost": "0",
    }  # fmt: skip


def in_sorong(name, *args):
    return lambda o: R(name, args=[a(o) if callable(a) else a for a in args]) + f"?instansi={o.sorong.pk}"


def url(name, make):
    return lambda o: R(name, args=[make(o).pk])


ROWS = [
    # --- The catalogue
    Row(
        "training:catalogue",
        "what is open to me",
        lambda o: R("training:catalogue"),
        # HR without an employee record are sent to the programme list.
        expect(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=302, others=200),
    ),
    Row("training:programme_list", "HR's list", lambda o: R("training:programme_list"), HR_PAGE),
    Row("training:programme_create", "form", lambda o: R("training:programme_create"), HR_PAGE),
    Row(
        "training:programme_create",
        "POST in Sorong",
        in_sorong("training:programme_create"),
        CREATE_POST,
        method="post",
        data=programme_post,
        allowed=HR_SORONG,
    ),
    Row(
        "training:programme_detail",
        "Sorong, open",
        url("training:programme_detail", open_programme),
        expect(anonymous=302, hr_palembang=404, employee_dishub_palembang=404, others=200),
    ),
    Row(
        "training:programme_detail",
        "Sorong, draft",
        url("training:programme_detail", draft),
        expect(anonymous=302, superuser=200, hr_sorong=200, others=404),
    ),
    Row("training:programme_update", "Sorong", url("training:programme_update", open_programme), MANAGE),
    Row(
        "training:programme_update",
        "POST Sorong",
        url("training:programme_update", open_programme),
        MANAGE_POST,
        method="post",
        data=lambda o: {**programme_post(o), "start_date": "2026-08-17", "end_date": "2026-08-19"},
        allowed=HR_SORONG,
    ),
    Row(
        "training:programme_state",
        "close Sorong's",
        url("training:programme_state", open_programme),
        MANAGE_POST,
        method="post",
        data=lambda o: {"state": "ditutup"},
        allowed=HR_SORONG,
    ),
    Row("training:session_create", "Sorong", url("training:session_create", open_programme), MANAGE),
    Row(
        "training:session_create",
        "POST Sorong",
        url("training:session_create", open_programme),
        MANAGE_POST,
        method="post",
        data=lambda o: {"date": "2026-08-18", "start_time": "08:00", "end_time": "12:00", "place": "Aula"},
        allowed=HR_SORONG,
    ),
    Row(
        "training:session_delete",
        "Sorong's session",
        lambda o: R("training:session_delete", args=[open_programme(o).sessions.get().pk]),
        MANAGE_POST,
        method="post",
        allowed=HR_SORONG,
    ),
    # --- Partners and competencies
    Row("training:partner_list", "HR's list", lambda o: R("training:partner_list"), HR_PAGE),
    Row("training:partner_create", "form", lambda o: R("training:partner_create"), HR_PAGE),
    Row(
        "training:partner_create",
        "POST in Sorong",
        in_sorong("training:partner_create"),
        CREATE_POST,
        method="post",
        data=lambda o: {"name": "Politeknik Sorong", "kind": "universitas", "is_active": "on"},
        allowed=HR_SORONG,
    ),
    Row("training:partner_detail", "Sorong's", url("training:partner_detail", partner), MANAGE),
    Row("training:partner_update", "Sorong's", url("training:partner_update", partner), MANAGE),
    Row(
        "training:partner_update",
        "POST Sorong's",
        url("training:partner_update", partner),
        MANAGE_POST,
        method="post",
        data=lambda o: {"name": "Universitas Papua (UNIPA)", "kind": "universitas", "is_active": "on"},
        allowed=HR_SORONG,
    ),
    Row(
        "training:agreement_create",
        "POST Sorong's",
        url("training:agreement_create", partner),
        MANAGE_POST,
        method="post",
        data=lambda o: {
            "number": "PKS/01/2026",
            "start_date": "2026-01-01",
            "end_date": "2028-12-31",
            "scope": "Pelatihan manajemen proyek",
        },
        allowed=HR_SORONG,
    ),
    Row("training:competency_list", "HR's list", lambda o: R("training:competency_list"), HR_PAGE),
    Row(
        "training:competency_list",
        "POST in Sorong",
        in_sorong("training:competency_list"),
        CREATE_POST,
        method="post",
        data=lambda o: {"code": "M.01", "name": "Integritas", "kind": "manajerial"},
        allowed=HR_SORONG,
    ),
    # --- Enrolment
    Row(
        "training:enrol_request",
        "POST Sorong's open programme",
        url("training:enrol_request", open_programme),
        # The superuser works in no agency (404); Sorong's HR officer has no employee record (403).
        expect(
            anonymous=302,
            superuser=404,
            hr_sorong=403,
            hr_palembang=404,
            head_dinkes_sorong=302,
            employee_dinkes_sorong=302,
            employee_dishub_palembang=404,
        ),
        method="post",
        data=lambda o: {"reason": "Kebutuhan pengembangan"},
        allowed={"head_dinkes_sorong", "employee_dinkes_sorong"},
    ),
    Row(
        "training:nominate",
        "form, Sorong",
        url("training:nominate", open_programme),
        expect(
            anonymous=302,
            superuser=200,
            hr_sorong=200,
            hr_palembang=404,
            head_dinkes_sorong=200,
            employee_dinkes_sorong=403,
            employee_dishub_palembang=404,
        ),
    ),
    Row(
        "training:nominate",
        "POST the nurse",
        url("training:nominate", open_programme),
        expect(
            anonymous=302,
            superuser=302,
            hr_sorong=302,
            hr_palembang=404,
            head_dinkes_sorong=302,
            employee_dinkes_sorong=403,
            employee_dishub_palembang=404,
        ),
        method="post",
        data=lambda o: {"employee": o.employee_dinkes_sorong.pk},
        allowed={"superuser", "hr_sorong", "head_dinkes_sorong"},
    ),
    Row(
        "training:my_enrolments",
        "own",
        lambda o: R("training:my_enrolments"),
        expect(anonymous=302, superuser=403, hr_sorong=403, hr_palembang=403, others=200),
    ),
    Row("training:queue", "own queue", lambda o: R("training:queue"), expect(anonymous=302, others=200)),
    Row(
        "training:enrolment_detail",
        "the nurse's request",
        url("training:enrolment_detail", requested),
        expect(anonymous=302, hr_palembang=404, employee_dishub_palembang=404, others=200),
    ),
    Row(
        "training:enrolment_approve",
        "POST the nurse's request",
        url("training:enrolment_approve", requested),
        expect(
            anonymous=302,
            superuser=403,
            hr_sorong=403,
            hr_palembang=404,
            head_dinkes_sorong=302,
            employee_dinkes_sorong=403,
            employee_dishub_palembang=404,
        ),
        method="post",
        allowed={"head_dinkes_sorong"},
    ),
    Row(
        "training:enrolment_reject",
        "POST the nurse's request",
        url("training:enrolment_reject", requested),
        expect(
            anonymous=302,
            superuser=302,
            hr_sorong=302,
            hr_palembang=404,
            head_dinkes_sorong=302,
            employee_dinkes_sorong=403,
            employee_dishub_palembang=404,
        ),
        method="post",
        data=lambda o: {"comment": "Kuota unit sudah terpakai"},
        allowed={"superuser", "hr_sorong", "head_dinkes_sorong"},
    ),
    Row(
        "training:enrolment_confirm",
        "POST the nurse's approved enrolment",
        url("training:enrolment_confirm", approved),
        expect(
            anonymous=302,
            superuser=302,
            hr_sorong=302,
            hr_palembang=404,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=403,
            employee_dishub_palembang=404,
        ),
        method="post",
        allowed=HR_SORONG,
    ),
    Row(
        "training:enrolment_cancel",
        "POST the nurse's request",
        url("training:enrolment_cancel", requested),
        expect(
            anonymous=302,
            superuser=302,
            hr_sorong=302,
            hr_palembang=404,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=302,
            employee_dishub_palembang=404,
        ),
        method="post",
        data=lambda o: {"comment": "Dipindahtugaskan ke unit lain"},
        allowed={"superuser", "hr_sorong", "employee_dinkes_sorong"},
    ),
    # --- Attendance, completion, certificates
    Row(
        "training:attendance",
        "Sorong's session",
        lambda o: R("training:attendance", args=[participant(o).programme.sessions.get().pk]),
        MANAGE,
    ),
    Row(
        "training:attendance",
        "POST Sorong's session",
        lambda o: R("training:attendance", args=[participant(o).programme.sessions.get().pk]),
        MANAGE_POST,
        method="post",
        data=lambda o: {f"present_{participant(o).pk}": "on"},
        allowed=HR_SORONG,
    ),
    Row(
        "training:completion",
        "Sorong's",
        lambda o: R("training:completion", args=[participant(o).programme.pk]),
        MANAGE,
    ),
    Row(
        "training:completion",
        "POST Sorong's",
        lambda o: R("training:completion", args=[participant(o).programme.pk]),
        MANAGE_POST,
        method="post",
        data=lambda o: {f"result_{participant(o).pk}": "lulus", f"score_{participant(o).pk}": "80"},
        allowed=HR_SORONG,
    ),
    Row(
        "training:certificate",
        "the nurse's",
        url("training:certificate", certified),
        expect(
            anonymous=302,
            superuser=200,
            hr_sorong=200,
            hr_palembang=404,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=200,
            employee_dishub_palembang=404,
        ),
    ),
    # --- The public check: everyone, signed in or not
    Row("training:verify_lookup", "form", lambda o: R("training:verify_lookup"), expect(others=200)),
    Row(
        "training:verify",
        "a real certificate",
        lambda o: R("training:verify", args=[certified(o).certificate_code]),
        expect(others=200),
    ),
    Row(
        "training:verify",
        "a forged code",
        lambda o: R("training:verify", args=["ZZZZ-ZZZZ-ZZZZ"]),
        expect(others=404),
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_training_matrix(org, row, persona):
    check_row(org, row, persona)
