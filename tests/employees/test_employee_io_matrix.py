"""Exports and imports of the employee list, for every persona (see tests/access_matrix.py).

Exports and imports are for HR and the superuser (employees.access.can_export_employees and
can_import_employees): heads and employees get 403. A pending import lives in the uploader's
session, so an unknown token is a 404 for those allowed, whoever asks.
"""

import pytest
from django.urls import reverse as R

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params
from .xlsx import employee_file

HR_AND_SUPERUSER = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403)
UNKNOWN_TOKEN = dict(anonymous=302, superuser=404, hr_sorong=404, hr_palembang=404, others=403)
TOKEN = "tidak-ada-token-ini"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploads of the matrix land in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path


def upload_for_sorong(o):
    return {"kind": "pegawai", "instansi": o.sorong.pk, "file": employee_file(unit="DISHUB")}


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
    Row("employees:import", "upload form", lambda o: R("employees:import"), expect(**HR_AND_SUPERUSER)),
    # The upload stores the file and a session entry, no data: HR Palembang may not pick Sorong.
    Row(
        "employees:import",
        "POST a file for Sorong",
        lambda o: R("employees:import"),
        expect(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=200, others=403),
        method="post",
        data=upload_for_sorong,
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
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_employee_io_matrix(org, row, persona):
    check_row(org, row, persona)
