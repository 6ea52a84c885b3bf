"""Permission matrix of the leave pages (leave/): the employee's pages, one request and its
decisions, the queue, and HR's pages of an agency."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse as R

from leave.choices import LeaveKind
from leave.models import ActingOfficial, CalendarDay, PybRule
from leave.services import requests as services

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params
from .factories import actor, grant, leave_type, request_data

EMPLOYEES_ONLY = dict(
    anonymous=302, superuser=403, hr_sorong=403, hr_palembang=403,
    head_dinkes_sorong=200, employee_dinkes_sorong=200, employee_dishub_palembang=200,
)  # fmt: skip
HR_ONLY = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403)
HR_WRITES = dict(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=302, others=403)
# An object of Sorong kept by HR: Sorong's HR and the superuser; Sorong's people are refused (403),
# Palembang's see nothing (404).
SORONG_OBJECT = dict(
    anonymous=302, superuser=302, hr_sorong=302, hr_palembang=404,
    head_dinkes_sorong=403, employee_dinkes_sorong=403, employee_dishub_palembang=404,
)  # fmt: skip
HR_SORONG = {"superuser", "hr_sorong"}
HR_ANY = {"superuser", "hr_sorong", "hr_palembang"}


def nurse_request(org, **overrides):
    """The nurse's open cuti tahunan request, waiting for the head of the Dinas (once per test)."""
    if not hasattr(org, "_request"):
        grant(org.employee_dinkes_sorong, 2026, 12)
        org._request = services.request_submit(
            actor=actor(org.users["employee_dinkes_sorong"]),
            leave_type=leave_type(),
            **request_data(**overrides),
        )
    return org._request


def recommended(org):
    request = nurse_request(org)
    services.request_recommend(
        actor=actor(org.users["head_dinkes_sorong"]), request=request, option="disetujui"
    )
    return request


def with_attachment(org):
    return services.request_submit(
        actor=actor(org.users["employee_dinkes_sorong"]),
        leave_type=leave_type(LeaveKind.SAKIT),
        attachment=SimpleUploadedFile("surat.pdf", b"%PDF-1.4 surat dokter", content_type="application/pdf"),
        **request_data(),
    )


def sorong_day(org):
    return CalendarDay.objects.create(instansi=org.sorong, day=date(2026, 10, 5), name="HUT Kota Sorong")


def sorong_rule(org):
    return PybRule.objects.create(instansi=org.sorong, priority=1, decider="ppk")


def sorong_acting(org):
    return ActingOfficial.objects.create(
        instansi=org.sorong, absent=org.head_dinkes_sorong, acting=org.employee_dishub_sorong,
        start=date(2026, 7, 1), end=date(2026, 7, 31), reason="Dinas luar",
    )  # fmt: skip


def new_request_data(org):
    grant(org.employee_dinkes_sorong, 2026, 12)
    return {**request_data(), "leave_type": leave_type().pk, "action": "send"}


SORONG = lambda o: f"?instansi={o.sorong.pk}"  # noqa: E731

ROWS = [
    Row("leave:mine", "own leave", lambda o: R("leave:mine"), expect(**EMPLOYEES_ONLY)),
    Row("leave:request_new", "form", lambda o: R("leave:request_new"), expect(**EMPLOYEES_ONLY)),
    Row(
        "leave:request_new",
        "send (only the nurse has days)",
        lambda o: R("leave:request_new"),
        expect(**{**EMPLOYEES_ONLY, "employee_dinkes_sorong": 302}),
        method="post",
        data=new_request_data,
        allowed={"employee_dinkes_sorong"},
    ),
    Row(
        "leave:request_preview",
        "fragment",
        lambda o: (
            R("leave:request_preview") + f"?leave_type={leave_type().pk}&start=2026-08-18&end=2026-08-21"
        ),
        expect(**EMPLOYEES_ONLY),
    ),
    Row(
        "leave:detail",
        "the nurse's open request",
        lambda o: R("leave:detail", args=[nurse_request(o).pk]),
        expect(anonymous=302, hr_palembang=404, employee_dishub_palembang=404, others=200),
    ),
    Row(
        "leave:attachment",
        "the nurse's doctor's letter",
        lambda o: R("leave:attachment", args=[with_attachment(o).pk]),
        expect(anonymous=302, hr_palembang=404, employee_dishub_palembang=404, others=200),
    ),
    Row(
        "leave:recommend",
        "the nurse's request, by the head",
        lambda o: R("leave:recommend", args=[nurse_request(o).pk]),
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
        data=lambda o: {"rec-option": "disetujui"},
        allowed={"head_dinkes_sorong"},
    ),
    Row(
        "leave:recommend",
        "GET is refused",
        lambda o: R("leave:recommend", args=[nurse_request(o).pk]),
        expect(anonymous=302, others=405),
    ),
    Row(
        "leave:decide",
        "the recommended request, by the PyB",
        lambda o: R("leave:decide", args=[recommended(o).pk]),
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
        data=lambda o: {"dec-option": "tidak_disetujui", "dec-reason": "Beban kerja"},
        allowed={"head_dinkes_sorong"},
    ),
    Row(
        "leave:cancel",
        "the nurse's request",
        lambda o: R("leave:cancel", args=[nurse_request(o).pk]),
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
        data=lambda o: {"reason": "Dibatalkan"},
        allowed={"superuser", "hr_sorong", "employee_dinkes_sorong"},
    ),
    Row("leave:queue", "waiting requests", lambda o: R("leave:queue"), expect(anonymous=302, others=200)),
    Row("leave:hr_requests", "agency list", lambda o: R("leave:hr_requests"), expect(**HR_ONLY)),
    Row(
        "leave:hr_requests",
        "another agency asked: the actor's own is shown",
        lambda o: R("leave:hr_requests") + SORONG(o),
        expect(**HR_ONLY),
    ),
    Row("leave:hr_requests_export", "xlsx", lambda o: R("leave:hr_requests_export"), expect(**HR_ONLY)),
    Row("leave:balances", "agency balances", lambda o: R("leave:balances"), expect(**HR_ONLY)),
    Row(
        "leave:employee_balance",
        "the nurse's ledger",
        lambda o: R("leave:employee_balance", args=[o.employee_dinkes_sorong.pk]),
        expect(**{**SORONG_OBJECT, "superuser": 200, "hr_sorong": 200}),
    ),
    Row(
        "leave:employee_balance",
        "an adjustment of the nurse's N",
        lambda o: R("leave:employee_balance", args=[o.employee_dinkes_sorong.pk]),
        expect(**SORONG_OBJECT),
        method="post",
        data=lambda o: {
            "kind": "penyesuaian",
            "bucket": 2026,
            "days": 2,
            "reason": "Koreksi",
            "token": "a" * 32,
        },
        allowed=HR_SORONG,
    ),
    Row("leave:calendar", "days off", lambda o: R("leave:calendar") + SORONG(o), expect(**HR_ONLY)),
    Row(
        "leave:calendar",
        "a regional day off (each HR in their own agency)",
        lambda o: R("leave:calendar") + SORONG(o),
        expect(**HR_WRITES),
        method="post",
        data=lambda o: {
            "form": "day",
            "day": "2026-10-05",
            "name": "HUT Kota",
            "kind": "daerah",
            "is_off": "1",
        },
        allowed=HR_ANY,
    ),
    Row(
        "leave:calendar_day_delete",
        "Sorong's day",
        lambda o: R("leave:calendar_day_delete", args=[sorong_day(o).pk]),
        expect(**SORONG_OBJECT),
        method="post",
        allowed=HR_SORONG,
    ),
    Row("leave:officials", "PyB table and Plt", lambda o: R("leave:officials"), expect(**HR_ONLY)),
    Row(
        "leave:officials",
        "a rule (each HR in their own agency)",
        lambda o: R("leave:officials") + SORONG(o),
        expect(**HR_WRITES),
        method="post",
        data=lambda o: {"form": "rule", "priority": 5, "decider": "ppk"},
        allowed=HR_ANY,
    ),
    Row(
        "leave:pyb_rule_delete",
        "Sorong's rule",
        lambda o: R("leave:pyb_rule_delete", args=[sorong_rule(o).pk]),
        expect(**SORONG_OBJECT),
        method="post",
        allowed=HR_SORONG,
    ),
    Row(
        "leave:acting_delete",
        "Sorong's Plt",
        lambda o: R("leave:acting_delete", args=[sorong_acting(o).pk]),
        expect(**SORONG_OBJECT),
        method="post",
        allowed=HR_SORONG,
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_leave_permission_matrix(org, row, persona):
    check_row(org, row, persona)
