"""Exports and imports of the employee list, for every persona (see tests/access_matrix.py).

Exports and imports are for HR and the superuser (employees.access.can_export_employees and
can_import_employees): heads and employees get 403. A pending import lives in the uploader's
session, so an unknown token is a 404 for those allowed, whoever asks.
"""

import pytest
from django.urls import reverse as R
from django.utils import timezone

from employees.models import Employee, private_storage
from employees.views.io import IMPORT_FOLDER, SESSION_KEY

from ..access_matrix import NOBODY, Row, check_row, expect, matrix_ids, matrix_params
from .xlsx import employee_file

HR_AND_SUPERUSER = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403)
UNKNOWN_TOKEN = dict(anonymous=302, superuser=404, hr_sorong=404, hr_palembang=404, others=403)
TOKEN = "tidak-ada-token-ini"
PENDING = "impor-matriks"  # the token of the pending import `pending_sorong_import` puts in a session
NEW_NIP = "199203042019032007"  # of the one row of employee_file()
# The pending import is the persona's own, of a Sorong file: HR Palembang manages no Sorong → 404.
PENDING_IMPORT = dict(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=404, others=403)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploads of the matrix land in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _every_list_is_large(settings):
    settings.EXPORT_STREAM_MAX_ROWS = -1  # even an empty list goes through the job


def export_requested(o, client, response) -> None:
    from core.models import ExportFile

    assert response["Location"] == R("core:exports")
    user_id = int(client.session["_auth_user_id"])
    assert ExportFile.objects.filter(requested_by_id=user_id).count() == 1


def upload_for_sorong(o):
    return {"kind": "pegawai", "instansi": o.sorong.pk, "file": employee_file(unit="DISHUB")}


def a_pending_import_of(instansi, client, response) -> None:
    """The upload went to the preview with one pending import of `instansi`, its file stored."""
    pending = client.session[SESSION_KEY]
    assert len(pending) == 1, pending
    ((token, entry),) = pending.items()
    assert response["Location"] == R("employees:import_preview", args=[token])
    assert entry["instansi"] == instansi.pk and entry["kind"] == "pegawai"
    assert private_storage().exists(entry["file"]), entry["file"]


def pending_sorong_import(o, client, persona) -> None:
    """A pending import of one new Sorong employee in the persona's own session, as the upload
    leaves it (tests/employees/test_employee_imports.py covers the upload itself)."""
    if persona == "anonymous":
        return
    name = private_storage().save(f"{IMPORT_FOLDER}/matriks.xlsx", employee_file(unit="DISHUB"))
    session = client.session
    session[SESSION_KEY] = {
        PENDING: {
            "user": o.users[persona].pk,
            "kind": "pegawai",
            "instansi": o.sorong.pk,
            "file": name,
            "name": "matriks.xlsx",
            "uploaded": timezone.now().isoformat(),
        }
    }
    session.save()


def applied(o, client, response) -> None:
    assert response["Location"] == R("employees:list")
    assert Employee.objects.get(nip=NEW_NIP).unit == o.dishub_sorong
    assert PENDING not in client.session[SESSION_KEY], "the applied import is forgotten"


def cancelled(o, client, response) -> None:
    assert response["Location"] == R("employees:import")
    assert client.session[SESSION_KEY] == {}, "the cancelled import is forgotten"
    assert private_storage().listdir(IMPORT_FOLDER)[1] == [], "and its file deleted"
    assert not Employee.objects.filter(nip=NEW_NIP).exists()


ROWS = [
    Row(
        "employees:export_csv",
        "filtered list",
        lambda o: R("employees:export_csv"),
        expect(**HR_AND_SUPERUSER),
    ),
    Row(
        "employees:export_xlsx",
        "filtered list",
        lambda o: R("employees:export_xlsx") + "?golongan=III/a",
        expect(**HR_AND_SUPERUSER),
    ),
    # A list above EXPORT_STREAM_MAX_ROWS (every list, here): the GET asks, the POST starts the job.
    Row(
        "employees:export_csv",
        "large list: POST starts the job",
        lambda o: R("employees:export_csv"),
        expect(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=302, others=403),
        method="post",
        allowed={"superuser", "hr_sorong", "hr_palembang"},
        then=export_requested,
    ),
    Row(
        "employees:export_xlsx",
        "large list: POST starts the job",
        lambda o: R("employees:export_xlsx") + "?golongan=III/a",
        expect(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=302, others=403),
        method="post",
        allowed={"superuser", "hr_sorong", "hr_palembang"},
        then=export_requested,
    ),
    Row("employees:import", "upload form", lambda o: R("employees:import"), expect(**HR_AND_SUPERUSER)),
    # The upload stores the file and a session entry, no data: HR Palembang may not pick Sorong.
    Row(
        "employees:import",
        "POST a file for Sorong",
        lambda o: R("employees:import"),
        expect(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=200, others=403),
        method="post",
        data=upload_for_sorong,
        allowed={"superuser", "hr_sorong"},
        unchanged="the upload waits, as a file and an entry in the uploader's session, for the preview",
        then=lambda o, client, response: a_pending_import_of(o.sorong, client, response),
    ),
    Row(
        "employees:import_template",
        "employee template",
        lambda o: R("employees:import_template", args=["pegawai"]),
        expect(**HR_AND_SUPERUSER),
    ),
    Row(
        "employees:import_template",
        "unknown kind",
        lambda o: R("employees:import_template", args=["gaji"]),
        expect(anonymous=302, superuser=404, hr_sorong=404, hr_palembang=404, others=403),
    ),
    Row(
        "employees:import_preview",
        "token of no one's session",
        lambda o: R("employees:import_preview", args=[TOKEN]),
        expect(**UNKNOWN_TOKEN),
    ),
    Row(
        "employees:import_apply",
        "POST, token of no one's session",
        lambda o: R("employees:import_apply", args=[TOKEN]),
        expect(**UNKNOWN_TOKEN),
        method="post",
        allowed=NOBODY,
    ),
    Row(
        "employees:import_apply",
        "POST, a pending Sorong import of the persona's session",
        lambda o: R("employees:import_apply", args=[PENDING]),
        expect(**PENDING_IMPORT),
        method="post",
        prepare=pending_sorong_import,
        allowed={"superuser", "hr_sorong"},
        then=applied,
    ),
    Row(
        "employees:import_cancel",
        "POST, a pending Sorong import of the persona's session",
        lambda o: R("employees:import_cancel", args=[PENDING]),
        expect(**PENDING_IMPORT),
        method="post",
        prepare=pending_sorong_import,
        allowed={"superuser", "hr_sorong"},
        unchanged="a pending import is an entry in the session and a file, both removed by the cancel",
        then=cancelled,
    ),
    Row(
        "employees:import_apply",
        "GET is refused",
        lambda o: R("employees:import_apply", args=[TOKEN]),
        expect(anonymous=302, others=405),
    ),
    Row(
        "employees:import_cancel",
        "POST, token of no one's session",
        lambda o: R("employees:import_cancel", args=[TOKEN]),
        expect(**UNKNOWN_TOKEN),
        method="post",
        allowed=NOBODY,
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_employee_io_matrix(org, row, persona):
    check_row(org, row, persona)
