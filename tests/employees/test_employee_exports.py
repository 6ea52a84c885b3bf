"""Exports of the filtered employee list: the same rows as the list, the same scope, streamed."""

import csv
import io
import os
import tempfile
from datetime import date, datetime

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import excel
from employees.models import Employee
from employees.selectors import io as selectors_io

from ..factories import make_employee, make_employees_bulk
from .xlsx import read_xlsx


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "a BOM, so that Excel reads UTF-8"
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    # The last line says the file is complete and how many rows it holds (core.excel.csv_lines).
    assert rows[-1] == ["# Selesai", f"{len(rows) - 2} baris"], rows[-1]
    return rows[:-1]


def xlsx_rows(response) -> list[tuple]:
    return read_xlsx(b"".join(response.streaming_content))


def listed_nips(client, params) -> list[str]:
    """The NIPs the list page shows for `params`, over all its pages, in order."""
    nips, number = [], 1
    while True:
        page = client.get(reverse("employees:list"), {**params, "page": number}).context["page"]
        nips += [e.nip for e in page]
        if not page.has_next():
            return nips
        number += 1


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"golongan": "II/c", "sort": "-nama"},
        {"q": "Pegawai 1", "sort": "nip"},
        {"status": "semua", "sort": "-golongan"},
        {"gender": "P"},
    ],
)
def test_the_export_holds_exactly_the_rows_of_the_filtered_list(org, as_persona, params):
    make_employees_bulk(org.dishub_sorong, 120, golongan="II/c")
    make_employee(org.dishub_sorong, name="Pegawai Nonaktif", is_active=False)
    client = as_persona("hr_sorong")
    expected = listed_nips(client, params)
    assert expected, "the case lists someone"
    from_csv = csv_rows(client.get(reverse("employees:export_csv"), params))
    from_xlsx = xlsx_rows(client.get(reverse("employees:export_xlsx"), params))
    assert [row[0] for row in from_csv[1:]] == expected
    assert [row[0] for row in from_xlsx[1:]] == expected


def test_an_export_respects_the_scope_of_the_agency(org, as_persona):
    make_employees_bulk(org.dishub_sorong, 30)
    sorong = set(Employee.objects.filter(unit__instansi=org.sorong).values_list("nip", flat=True))
    palembang = set(Employee.objects.filter(unit__instansi=org.palembang).values_list("nip", flat=True))
    for fmt in ("export_csv", "export_xlsx"):
        response = as_persona("hr_palembang").get(reverse(f"employees:{fmt}"), {"status": "semua"})
        rows = csv_rows(response) if fmt == "export_csv" else xlsx_rows(response)
        assert {row[0] for row in rows[1:]} == palembang
        response = as_persona("hr_sorong").get(reverse(f"employees:{fmt}"), {"status": "semua"})
        rows = csv_rows(response) if fmt == "export_csv" else xlsx_rows(response)
        assert {row[0] for row in rows[1:]} == sorong
    # A unit of another agency in the filter is a 404, as on the list.
    url = reverse("employees:export_csv")
    assert as_persona("hr_palembang").get(url, {"unit": org.dinkes_sorong.pk}).status_code == 404


@pytest.fixture
def known(org):
    return make_employee(
        org.dishub_sorong,
        name="Siti, Aminah",
        front_title="dr.",
        back_title="M.Kes.",
        gender="P",
        birth_date=date(1986, 9, 26),
        birth_place='=HYPERLINK("http://x")',
        employment_status="PNS",
        education="S-2",
        working_state="tugas_belajar",
        golongan="III/d",
        tmt_golongan=date(2021, 4, 1),
        position_name="Dokter Ahli Muda",
        position_kind="fungsional",
    )


def test_the_csv_columns_of_a_known_employee(org, as_persona, known):
    rows = csv_rows(as_persona("hr_sorong").get(reverse("employees:export_csv"), {"q": "Aminah"}))
    assert rows == [
        selectors_io.export_headers(),
        [
            known.nip,
            "dr. Siti, Aminah, M.Kes.",  # the comma inside is quoted by the writer
            "P",
            '\'=HYPERLINK("http://x")',  # never a formula in a spreadsheet
            "1986-09-26",
            "PNS",
            "III/d",
            "2021-04-01",
            "Dokter Ahli Muda",
            "Fungsional",
            "Dinas Perhubungan",
            "S-2",
            "Tugas belajar",
            "Ya",
        ],
    ]
    assert rows[0][0] == "NIP/NI PPPK"


def test_the_xlsx_has_a_bold_frozen_header_real_dates_and_no_formulas(org, as_persona, known):
    from openpyxl import load_workbook

    response = as_persona("hr_sorong").get(reverse("employees:export_xlsx"), {"q": "Aminah"})
    assert response["Content-Type"] == exports_content_type()
    assert 'attachment; filename="pegawai-' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b and sheet["A1"].value == "NIP/NI PPPK"
    assert sheet["A2"].value == known.nip and sheet["A2"].data_type == "s"
    assert sheet["E2"].value == datetime(1986, 9, 26)
    assert sheet["D2"].data_type == "s" and sheet["D2"].value.startswith("'=")
    assert sheet.max_row == 2


def exports_content_type() -> str:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_csv_streams_its_rows_after_the_view_returns(org, as_persona, monkeypatch):
    """Nothing is fetched before the first line is sent; the rows come in chunks of one cursor."""
    monkeypatch.setattr(selectors_io, "CHUNK_SIZE", 40)
    make_employees_bulk(org.dishub_sorong, 250)
    client = as_persona("hr_sorong")
    column = f'"{Employee._meta.db_table}"."birth_place"'  # exported, not read by the actor query
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("employees:export_csv"))
        assert isinstance(response, StreamingHttpResponse)
        before = [q["sql"] for q in ctx.captured_queries if column in q["sql"]]
        stream = iter(response.streaming_content)
        first = next(stream)
        lines = [first, *stream]
    assert before == [], "the list was not read inside the view"
    assert first.decode().startswith("\ufeffNIP/NI PPPK,")
    assert len(lines) == 1 + 250 + 3 + 1  # the header, the new ones, the org's Sorong staff, "# Selesai"
    assert len([q for q in ctx.captured_queries if column in q["sql"]]) == 1, "one query, chunked"


def test_the_xlsx_is_written_to_a_temporary_file_and_streamed(org, as_persona, monkeypatch):
    made, original = [], tempfile.NamedTemporaryFile

    def named_temporary_file(**kwargs):
        made.append(original(**kwargs))
        return made[-1]

    monkeypatch.setattr(excel.tempfile, "NamedTemporaryFile", named_temporary_file)
    make_employees_bulk(org.dishub_sorong, 120)
    response = as_persona("hr_sorong").get(reverse("employees:export_xlsx"))
    assert response.streaming and len(made) == 1
    assert os.path.getsize(made[0].name) > 0, "the workbook is on disk, not in a buffer"
    assert len(xlsx_rows(response)) == 1 + 120 + 3
    response.close()
    assert not os.path.exists(made[0].name), "the temporary file is gone once the response is closed"


def test_heads_and_employees_may_not_export(org, as_persona):
    for persona in ("head_dinkes_sorong", "employee_dinkes_sorong"):
        assert as_persona(persona).get(reverse("employees:export_csv")).status_code == 403
    html = as_persona("head_dinkes_sorong").get(reverse("employees:list")).content.decode()
    assert "Ekspor Excel" not in html and "Impor" not in html
    html = as_persona("hr_sorong").get(reverse("employees:list"), {"golongan": "III/a"}).content.decode()
    assert 'href="/pegawai/ekspor.xlsx?golongan=III%2Fa"' in html
