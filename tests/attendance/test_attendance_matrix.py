"""Permission matrix of the attendance pages (attendance/): the employee's Presensi page and tap,
HR's work locations and schedules of an agency."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse as R

from attendance.services import corrections as correction_services

from ..access_matrix import Row, cached, check_row, expect, matrix_ids, matrix_params
from .factories import INSIDE, actor, fence

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
SORONG_OBJECT_PAGE = {**SORONG_OBJECT, "superuser": 200, "hr_sorong": 200}
HR_SORONG = {"superuser", "hr_sorong"}
# The tap answers with a redirect to the Presensi page, recorded or refused (a message says which).
TAPPED = {"head_dinkes_sorong": 302, "employee_dinkes_sorong": 302, "employee_dishub_palembang": 302}
HR_ANY = {"superuser", "hr_sorong", "hr_palembang"}


def sorong_fence(org):
    if not hasattr(org, "_fence"):
        org._fence = fence(org.sorong)
    return org._fence


def tap_in_sorong(org):
    """A check-in standing in the Sorong office: recorded for Sorong's employees; Palembang's
    employee is refused (no work location in Palembang) and nothing is written."""
    sorong_fence(org)
    return {"kind": "in", "latitude": INSIDE[0], "longitude": INSIDE[1], "accuracy": 10}


def location_data(org):
    return {"name": "Kantor Kecamatan", "latitude": "-0.880000", "longitude": "131.250000", "radius_m": 150,
            "is_active": "on"}  # fmt: skip


@cached("_correction")
def nurse_correction(org):
    """An open correction of the Puskesmas nurse (with its evidence), waiting for the Kepala Dinkes."""
    return correction_services.correction_submit(
        actor=actor(org.users["employee_dinkes_sorong"]),
        on=date(2026, 7, 13),
        kind="mesin_rusak",
        check_in=time(7, 20),
        reason="Mesin presensi mati.",
        evidence=SimpleUploadedFile("foto.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )


def correction_data(org):
    return {"date": "2026-07-13", "kind": "lupa_masuk", "check_in": "07:20", "reason": "Lupa presensi."}


# A correction of the nurse: read by herself, her atasan (the Kepala Dinkes), Sorong's HR and the
# superuser; Palembang sees nothing (404). Only the atasan decides, only the nurse cancels.
CORRECTION_READ = dict(
    anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404,
    head_dinkes_sorong=200, employee_dinkes_sorong=200, employee_dishub_palembang=404,
)  # fmt: skip
CORRECTION_WRITE = {**CORRECTION_READ, "superuser": 403, "hr_sorong": 403, "head_dinkes_sorong": 403,
                    "employee_dinkes_sorong": 403}  # fmt: skip
POST_ONLY = dict(anonymous=302, others=405)

ROWS = [
    Row(
        "attendance:presence",
        "own Presensi page",
        lambda o: R("attendance:presence"),
        expect(**EMPLOYEES_ONLY),
    ),
    Row(
        "attendance:presence",
        "not a form",
        lambda o: R("attendance:presence"),
        expect(anonymous=302, others=405),
        method="post",
        allowed=frozenset(),
    ),
    Row(
        "attendance:record",
        "check-in inside the Sorong office",
        lambda o: R("attendance:record"),
        expect(**EMPLOYEES_ONLY | TAPPED),
        method="post",
        data=tap_in_sorong,
        allowed={"head_dinkes_sorong", "employee_dinkes_sorong"},
    ),
    Row(
        "attendance:record",
        "a GET is refused",
        lambda o: R("attendance:record"),
        expect(anonymous=302, others=405),
    ),
    Row(
        "attendance:locations",
        "the agency's geofences",
        lambda o: R("attendance:locations"),
        expect(**HR_ONLY),
    ),
    Row(
        "attendance:locations",
        "add one (each HR in their own agency)",
        lambda o: R("attendance:locations") + f"?instansi={o.sorong.pk}",
        expect(**HR_WRITES),
        method="post",
        data=location_data,
        allowed=HR_ANY,
    ),
    Row(
        "attendance:location_edit",
        "Sorong's office",
        lambda o: R("attendance:location_edit", args=[sorong_fence(o).pk]),
        expect(**SORONG_OBJECT_PAGE),
    ),
    Row(
        "attendance:location_edit",
        "change Sorong's office",
        lambda o: R("attendance:location_edit", args=[sorong_fence(o).pk]),
        expect(**SORONG_OBJECT),
        method="post",
        data=location_data,
        allowed=HR_SORONG,
    ),
    Row(
        "attendance:location_delete",
        "Sorong's office",
        lambda o: R("attendance:location_delete", args=[sorong_fence(o).pk]),
        expect(**SORONG_OBJECT),
        method="post",
        allowed=HR_SORONG,
    ),
    Row(
        "attendance:schedules",
        "the agency's schedules",
        lambda o: R("attendance:schedules"),
        expect(**HR_ONLY),
    ),
    Row(
        "attendance:correction_submit",
        "ask for a correction (the nurse; the others have no atasan in the app: the form again)",
        lambda o: R("attendance:correction_submit"),
        expect(**EMPLOYEES_ONLY | {"employee_dinkes_sorong": 302}),
        method="post",
        data=correction_data,
        allowed={"employee_dinkes_sorong"},
    ),
    Row(
        "attendance:correction_submit",
        "a GET is refused",
        lambda o: R("attendance:correction_submit"),
        expect(**POST_ONLY),
    ),
    Row(
        "attendance:correction_cancel",
        "the nurse's open correction",
        lambda o: R("attendance:correction_cancel", args=[nurse_correction(o).pk]),
        expect(**CORRECTION_WRITE | {"employee_dinkes_sorong": 302}),
        method="post",
        allowed={"employee_dinkes_sorong"},
    ),
    Row(
        "attendance:correction_cancel",
        "a GET is refused",
        lambda o: R("attendance:correction_cancel", args=[nurse_correction(o).pk]),
        expect(**POST_ONLY),
    ),
    Row(
        "attendance:correction_evidence",
        "the nurse's evidence",
        lambda o: R("attendance:correction_evidence", args=[nurse_correction(o).pk]),
        expect(**CORRECTION_READ),
    ),
    Row(
        "attendance:correction_queue",
        "the atasan's queue (everyone with an employee record has one; HR reads the history)",
        lambda o: R("attendance:correction_queue"),
        expect(**EMPLOYEES_ONLY | {"superuser": 200, "hr_sorong": 200, "hr_palembang": 200}),
    ),
    Row(
        "attendance:correction_queue",
        "the history of decided corrections",
        lambda o: R("attendance:correction_queue") + "?tab=riwayat&status=disetujui&bulan=2026-07&q=siti",
        expect(**EMPLOYEES_ONLY | {"superuser": 200, "hr_sorong": 200, "hr_palembang": 200}),
    ),
    Row(
        "attendance:correction_approve",
        "the nurse's correction: her atasan only",
        lambda o: R("attendance:correction_approve", args=[nurse_correction(o).pk]),
        expect(**CORRECTION_WRITE | {"head_dinkes_sorong": 302}),
        method="post",
        allowed={"head_dinkes_sorong"},
    ),
    Row(
        "attendance:correction_approve",
        "a GET is refused",
        lambda o: R("attendance:correction_approve", args=[nurse_correction(o).pk]),
        expect(**POST_ONLY),
    ),
    Row(
        "attendance:correction_reject",
        "the nurse's correction with a note: her atasan only",
        lambda o: R("attendance:correction_reject", args=[nurse_correction(o).pk]),
        expect(**CORRECTION_WRITE | {"head_dinkes_sorong": 302}),
        method="post",
        data=lambda o: {"note": "Tidak sesuai."},
        allowed={"head_dinkes_sorong"},
    ),
    Row(
        "attendance:correction_reject",
        "a GET is refused",
        lambda o: R("attendance:correction_reject", args=[nurse_correction(o).pk]),
        expect(**POST_ONLY),
    ),
]


@pytest.mark.clock("2026-07-15T00:00:00Z")  # 09.00 WIT, 07.00 WIB: inside the presensi window
@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_attendance_permission_matrix(org, row, persona):
    check_row(org, row, persona)
