"""Exports that cannot be mistaken for complete when they are not (issue 11, item 8).

Small CSV exports stream and end with a completeness line; a database failure part-way leaves the
download without it (and the response raises, so the server aborts it). Exports above
settings.EXPORT_STREAM_MAX_ROWS are built by a job into private storage and offered on "Unduhan saya"
once complete, with their row count, to the person who asked only.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from core import excel, exports
from core.choices import RunState
from core.models import ExportFile, HrAssignment
from employees.models import Employee
from tests.factories import make_employees_bulk

CSV_URL = reverse("employees:export_csv")
XLSX_URL = reverse("employees:export_xlsx")


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def export_dir() -> Path:
    return Path(ExportFile._meta.get_field("file").storage.location) / "exports"


def export_files() -> list[Path]:
    root = export_dir()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture(autouse=True)
def _no_exports_yet():
    """The test media folder is shared by the run: start each test without export files."""
    shutil.rmtree(export_dir(), ignore_errors=True)


def sorong_count(org) -> int:
    return Employee.objects.filter(unit__instansi=org.sorong, is_active=True).count()


# --- Small exports stream, with their completeness line ------------------------------------------------


def test_a_small_csv_export_streams_and_its_last_line_says_it_is_complete(org, as_persona):
    response = as_persona("hr_sorong").get(CSV_URL)

    assert response.status_code == 200 and response.streaming
    text = body(response)
    data_rows = text.strip().splitlines()[1:-1]
    assert len(data_rows) == sorong_count(org) > 0
    assert text.strip().splitlines()[-1] == f"# Selesai,{len(data_rows)} baris"
    assert excel.complete_rows(text) == len(data_rows)


def test_a_cut_csv_is_told_apart_from_a_complete_one():
    lines = list(excel.csv_lines(["NIP", "Nama"], [["1", "A"], ["2", "B"]]))
    complete = "".join(lines)
    assert excel.complete_rows(complete) == 2
    assert excel.complete_rows("".join(lines[:-1])) is None  # the stream stopped before its last line
    assert excel.complete_rows("".join(lines[:2])) is None
    assert excel.complete_rows("") is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_database_failure_part_way_raises_and_the_download_has_no_completeness_line(
    org, as_persona, monkeypatch
):
    import psycopg2

    from employees.selectors import io as selectors_io

    make_employees_bulk(org.dishub_sorong, 300)
    monkeypatch.setattr(selectors_io, "CHUNK_SIZE", 20)  # several fetches from the server-side cursor
    response = as_persona("hr_sorong").get(CSV_URL)
    assert response.status_code == 200 and response.streaming
    chunks = iter(response.streaming_content)
    received = [next(chunks) for _ in range(30)]  # the header and some rows
    db = connection.settings_dict
    killer = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    )
    killer.autocommit = True
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
        with pytest.raises(Exception) as failure:
            for chunk in chunks:
                received.append(chunk)
    finally:
        killer.close()
        connection.close()
    assert "connection" in str(failure.value).lower() or "terminat" in str(failure.value).lower()
    text = b"".join(received).decode("utf-8")
    assert len(text.splitlines()) < 300
    assert excel.complete_rows(text) is None  # the cut file does not claim to be complete


# --- Large exports are built by a job ------------------------------------------------------------------


@pytest.fixture
def small_limit(settings):
    settings.EXPORT_STREAM_MAX_ROWS = 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_large_export_is_built_by_a_job_and_offered_with_its_row_count(
    org, as_persona, small_limit, fmt, django_capture_on_commit_callbacks
):
    hr = as_persona("hr_sorong")
    expected = sorong_count(org)
    assert expected > 2

    asked = hr.get(CSV_URL if fmt == "csv" else XLSX_URL, {"gender": ""})
    assert asked.status_code == 200 and not ExportFile.objects.exists()  # a GET only asks
    assert f"Daftar ini berisi {expected} pegawai" in asked.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post((CSV_URL if fmt == "csv" else XLSX_URL) + "?gender=")

    assert response.status_code == 302 and response["Location"] == reverse("core:exports")
    export = ExportFile.objects.get()
    assert (export.state, export.rows, export.fmt, export.kind) == (RunState.DONE, expected, fmt, "pegawai")
    assert export.requested_by == org.users["hr_sorong"]
    page = hr.get(reverse("core:exports"))
    html = page.content.decode()
    assert f'data-testid="export-{export.pk}"' in html and "Selesai" in html
    download = hr.get(reverse("core:export_download", args=[export.pk]))
    assert download.status_code == 200
    assert download["X-Row-Count"] == str(expected)
    assert download["Cache-Control"] == "private, no-store"
    content = b"".join(download.streaming_content)
    if fmt == "csv":
        assert excel.complete_rows(content.decode("utf-8")) == expected
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet.max_row - 1 == expected  # the header and one row per employee
    assert len(export_files()) == 1  # no scratch file left beside it


def test_the_job_uses_the_filter_and_the_scope_of_who_asked(
    org, as_persona, small_limit, django_capture_on_commit_callbacks
):
    make_employees_bulk(org.dishub_sorong, 4)
    with django_capture_on_commit_callbacks(execute=True):
        as_persona("hr_sorong").post(f"{CSV_URL}?unit={org.dishub_sorong.pk}")
    export = ExportFile.objects.get()
    in_unit = Employee.objects.filter(unit=org.dishub_sorong, is_active=True).count()
    assert export.rows == in_unit < sorong_count(org)


def test_nobody_else_sees_or_downloads_an_export(
    org, as_persona, small_limit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_persona("hr_sorong").post(CSV_URL)
    export = ExportFile.objects.get()
    for persona in ("hr_palembang", "superuser", "head_dinkes_sorong", "employee_dinkes_sorong"):
        client = as_persona(persona)
        assert client.get(reverse("core:export_download", args=[export.pk])).status_code == 404
        assert f"export-{export.pk}" not in client.get(reverse("core:exports")).content.decode()


def test_an_export_that_is_not_complete_cannot_be_downloaded(org, as_persona):
    export = ExportFile.objects.create(
        requested_by=org.users["hr_sorong"], kind="pegawai", fmt="csv", title="x"
    )
    hr = as_persona("hr_sorong")
    assert hr.get(reverse("core:export_download", args=[export.pk])).status_code == 404
    html = hr.get(reverse("core:exports")).content.decode()
    assert "Sedang dibuat" in html and "data-reload-while-pending" in html


def test_a_job_whose_asker_lost_the_right_fails_and_leaves_no_file(org, as_persona, small_limit, monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda callback: None)  # the job has not run yet
    as_persona("hr_sorong").post(CSV_URL)
    export = ExportFile.objects.get()
    HrAssignment.objects.filter(user=org.users["hr_sorong"]).delete()  # moved out of BKPSDM meanwhile

    with pytest.raises(PermissionDenied):
        exports.build(export.pk)

    export.refresh_from_db()
    assert export.state == RunState.FAILED and not export.file and export.rows is None
    assert export_files() == []
    html = as_persona("hr_sorong").get(reverse("core:exports")).content.decode()
    assert "Ekspor gagal" in html


def test_building_a_finished_export_again_changes_nothing(
    org, as_persona, small_limit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_persona("hr_sorong").post(CSV_URL)
    export = ExportFile.objects.get()
    files_before = export_files()

    again = exports.build(export.pk)

    assert (again.pk, again.file.name, again.rows) == (export.pk, export.file.name, export.rows)
    assert export_files() == files_before


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_export_says_so(org, as_persona, small_limit, broker):
    broker.at(broker.DEAD)

    response = as_persona("hr_sorong").post(CSV_URL)

    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "Antrean tugas (Redis) tidak dapat dihubungi. Ekspor dibuat otomatis setelah antrean pulih; "
        "berkasnya muncul di halaman ini."
    ]
    export = ExportFile.objects.get()
    assert export.state == RunState.RUNNING and export.error == exports.QUEUE_UNAVAILABLE
    html = as_persona("hr_sorong").get(reverse("core:exports")).content.decode()
    assert "Menunggu antrean" in html

    # While the broker is down the sweep cannot queue it; once it answers (here: in-process) it does.
    assert exports.sweep() == 0
    assert ExportFile.objects.get().error == exports.QUEUE_UNAVAILABLE
    broker.in_process()
    assert exports.sweep() == 1
    export.refresh_from_db()
    assert (export.state, export.rows, export.error) == (RunState.DONE, sorong_count(org), "")
    assert exports.sweep() == 0


def test_the_user_menu_offers_unduhan_saya_to_those_who_may_export(org, as_persona):
    link = f'href="{reverse("core:exports")}"'
    for persona in ("hr_sorong", "superuser"):
        assert link in as_persona(persona).get("/").content.decode(), persona
    for persona in ("head_dinkes_sorong", "employee_dinkes_sorong"):
        assert link not in as_persona(persona).get("/").content.decode(), persona
