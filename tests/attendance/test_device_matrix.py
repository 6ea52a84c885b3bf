"""Permission matrix of HR's presensi devices, the device endpoint and the device-file import.

Devices and imports are HR's (each HR in their own agency; a device of Sorong is Sorong HR's, a 404
for Palembang's). The device endpoint takes no session: a signed-in person without a device token is
refused with 401 whoever they are, and nothing is written (the token cases: test_devices.py)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse as R
from django.utils import timezone

from attendance.models import Device, Presence
from attendance.services import devices as device_services
from attendance.views.imports import IMPORT_FOLDER, SESSION_KEY
from core.files import private_storage

from ..access_matrix import NOBODY, Row, cached, check_row, expect, matrix_ids, matrix_params
from .factories import actor

HR_ONLY = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403)
HR_OWN_AGENCY_POST = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403)
HR_ANY = {"superuser", "hr_sorong", "hr_palembang"}
HR_SORONG = {"superuser", "hr_sorong"}
SORONG_OBJECT = dict(
    anonymous=302, superuser=302, hr_sorong=302, hr_palembang=404,
    head_dinkes_sorong=403, employee_dinkes_sorong=403, employee_dishub_palembang=404,
)  # fmt: skip
SORONG_OBJECT_PAGE = {**SORONG_OBJECT, "superuser": 200, "hr_sorong": 200}
SORONG_TOKEN_PAGE = {**SORONG_OBJECT, "superuser": 200, "hr_sorong": 200}
UNKNOWN_TOKEN = dict(anonymous=302, superuser=404, hr_sorong=404, hr_palembang=404, others=403)
PENDING = "impor-presensi-matriks"
PENDING_IMPORT = dict(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=404, others=403)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@cached("_device")
def sorong_device(o):
    device, _token = device_services.device_create(
        actor=actor(o.users["hr_sorong"]), instansi=o.sorong, code="SN-0001", name="Mesin Lobi"
    )
    return device


def device_data(o):
    return {"code": "SN-0002", "name": "Mesin Puskesmas"}


def token_shown(o, client, response) -> None:
    assert response["Cache-Control"] == "private, no-store"
    token = response.context["token"]
    device = response.context["device"]
    assert device_services.device_for_token(f"Token {token}") == device
    assert token not in str(Device.objects.filter(pk=device.pk).values().get())


def pending_sorong_import(o, client, persona) -> None:
    """A pending import of one Sorong log in the persona's own session, as the upload leaves it."""
    if persona == "anonymous":
        return
    csv = f"NIP,Waktu,Mesin\n{o.employee_dinkes_sorong.nip},2026-07-14 07:31:05,SN-0001\n"
    name = private_storage().save(f"{IMPORT_FOLDER}/matriks.bin", ContentFile(csv.encode()))
    session = client.session
    session[SESSION_KEY] = {
        PENDING: {
            "user": o.users[persona].pk,
            "instansi": o.sorong.pk,
            "file": name,
            "name": "matriks.csv",
            "uploaded": timezone.now().isoformat(),
        }
    }
    session.save()


def applied(o, client, response) -> None:
    assert response["Location"] == R("attendance:import") + f"?instansi={o.sorong.pk}"
    assert Presence.objects.get().employee_id == o.employee_dinkes_sorong.pk
    assert PENDING not in client.session[SESSION_KEY]


def cancelled(o, client, response) -> None:
    assert client.session[SESSION_KEY] == {}
    assert private_storage().listdir(IMPORT_FOLDER)[1] == []
    assert not Presence.objects.exists()


def upload(o):
    csv = f"NIP,Waktu\n{o.employee_dinkes_sorong.nip},2026-07-14 07:31\n"
    return {"file": ContentFile(csv.encode(), name="log.csv")}


def pending_of_own_agency(o, client, response) -> None:
    ((token, entry),) = client.session[SESSION_KEY].items()
    assert response["Location"] == R("attendance:import_preview", args=[token])
    assert private_storage().exists(entry["file"])


ROWS = [
    Row("attendance:devices", "the agency's devices", lambda o: R("attendance:devices"), expect(**HR_ONLY)),
    # Registering answers with the token page (200): shown once, kept nowhere.
    Row(
        "attendance:devices",
        "register one (each HR in their own agency)",
        lambda o: R("attendance:devices") + f"?instansi={o.sorong.pk}",
        expect(**HR_OWN_AGENCY_POST),
        method="post",
        data=device_data,
        allowed=HR_ANY,
        then=token_shown,
    ),
    Row(
        "attendance:device_edit",
        "Sorong's device",
        lambda o: R("attendance:device_edit", args=[sorong_device(o).pk]),
        expect(**SORONG_OBJECT_PAGE),
    ),
    Row(
        "attendance:device_edit",
        "change Sorong's device",
        lambda o: R("attendance:device_edit", args=[sorong_device(o).pk]),
        expect(**SORONG_OBJECT),
        method="post",
        data=lambda o: {"code": "SN-0001", "name": "Mesin Lobi Utama", "is_active": "on"},
        allowed=HR_SORONG,
    ),
    Row(
        "attendance:device_rotate",
        "a new token for Sorong's device",
        lambda o: R("attendance:device_rotate", args=[sorong_device(o).pk]),
        expect(**SORONG_TOKEN_PAGE),
        method="post",
        allowed=HR_SORONG,
        then=token_shown,
    ),
    Row(
        "attendance:device_rotate",
        "a GET is refused",
        lambda o: R("attendance:device_rotate", args=[sorong_device(o).pk]),
        expect(anonymous=302, others=405),
    ),
    Row(
        "attendance:device_deactivate",
        "Sorong's device",
        lambda o: R("attendance:device_deactivate", args=[sorong_device(o).pk]),
        expect(**SORONG_OBJECT),
        method="post",
        allowed=HR_SORONG,
    ),
    # The endpoint: a session is no credential; without a device token everyone gets 401.
    Row(
        "attendance:device_logs",
        "a person's POST without a device token",
        lambda o: R("attendance:device_logs"),
        expect(others=401),
        method="post",
        data=lambda o: {"logs": "[]"},
        allowed=NOBODY,
    ),
    Row(
        "attendance:device_logs",
        "a GET is refused",
        lambda o: R("attendance:device_logs"),
        expect(others=405),
    ),
    Row("attendance:import", "upload form", lambda o: R("attendance:import"), expect(**HR_ONLY)),
    Row(
        "attendance:import",
        "POST a file (each HR for their own agency)",
        lambda o: R("attendance:import") + f"?instansi={o.sorong.pk}",
        expect(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=302, others=403),
        method="post",
        data=upload,
        allowed=HR_ANY,
        unchanged="the upload waits, as a file and an entry in the uploader's session, for the preview",
        then=pending_of_own_agency,
    ),
    Row(
        "attendance:import_preview",
        "token of no one's session",
        lambda o: R("attendance:import_preview", args=["tidak-ada"]),
        expect(**UNKNOWN_TOKEN),
    ),
    Row(
        "attendance:import_preview",
        "a pending Sorong import of the persona's session",
        lambda o: R("attendance:import_preview", args=[PENDING]),
        expect(**{**PENDING_IMPORT, "superuser": 200, "hr_sorong": 200}),
        prepare=pending_sorong_import,
    ),
    Row(
        "attendance:import_apply",
        "POST, a pending Sorong import of the persona's session",
        lambda o: R("attendance:import_apply", args=[PENDING]),
        expect(**PENDING_IMPORT),
        method="post",
        prepare=pending_sorong_import,
        allowed=HR_SORONG,
        then=applied,
    ),
    Row(
        "attendance:import_apply",
        "POST, token of no one's session",
        lambda o: R("attendance:import_apply", args=["tidak-ada"]),
        expect(**UNKNOWN_TOKEN),
        method="post",
        allowed=NOBODY,
    ),
    Row(
        "attendance:import_cancel",
        "POST, a pending Sorong import of the persona's session",
        lambda o: R("attendance:import_cancel", args=[PENDING]),
        expect(**PENDING_IMPORT),
        method="post",
        prepare=pending_sorong_import,
        allowed=HR_SORONG,
        unchanged="a pending import is an entry in the session and a file, both removed by the cancel",
        then=cancelled,
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_device_and_import_permission_matrix(org, row, persona):
    check_row(org, row, persona)
