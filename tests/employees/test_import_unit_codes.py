"""The import template lists the unit codes the importer may use (issue 10 item 17): a sheet with
code, name, parent's code and agency of exactly the active units in the importer's scope."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from core.models import UnitKerja

from ..factories import make_unit

pytestmark = pytest.mark.django_db

SHEET = "Daftar kode unit"


def template(client, kind="pegawai"):
    response = client.get(reverse("employees:import_template", args=[kind]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def code_rows(workbook) -> list[tuple]:
    rows = list(workbook[SHEET].iter_rows(values_only=True))
    assert rows[0] == ("Kode unit", "Nama unit", "Kode unit induk", "Instansi")
    return rows[1:]


@pytest.fixture
def more_units(org):
    """An inactive unit of Sorong (an import refuses it) and a second unit of Palembang."""
    make_unit(org.sorong, "LAMA", name="Unit Lama", is_active=False)
    make_unit(org.palembang, "DISHUB.UPT", parent=org.dishub_palembang, name="UPT Parkir")


def test_hr_gets_exactly_the_active_units_of_their_agency(org, as_persona, more_units):
    rows = code_rows(template(as_persona("hr_sorong")))
    assert rows == [
        ("DINKES", "Dinas Kesehatan", None, "Pemerintah Kota Sorong"),
        ("DINKES.PKM1", "Puskesmas Sorong Kota", "DINKES", "Pemerintah Kota Sorong"),
        ("DISHUB", "Dinas Perhubungan", None, "Pemerintah Kota Sorong"),
    ]
    palembang = code_rows(template(as_persona("hr_palembang")))
    assert palembang == [
        ("DISHUB", "Dinas Perhubungan", None, "Pemerintah Kota Palembang"),
        ("DISHUB.UPT", "UPT Parkir", "DISHUB", "Pemerintah Kota Palembang"),
    ]


def test_the_superuser_gets_every_active_unit_with_its_agency(org, as_persona, more_units):
    rows = code_rows(template(as_persona("superuser")))
    expected = {
        (u.code, u.instansi.name) for u in UnitKerja.objects.filter(is_active=True).select_related("instansi")
    }
    assert {(code, agency) for code, _n, _p, agency in rows} == expected
    assert len(rows) == len(expected) == 5  # 4 of the fixture and UPT Parkir; not Unit Lama
    assert [agency for *_r, agency in rows] == sorted(agency for *_r, agency in rows)  # by agency


def test_the_codes_sheet_is_read_in_one_query_however_many_units(org, as_persona):
    client = as_persona("hr_sorong")
    template(client)

    def unit_reads():
        with CaptureQueriesContext(connection) as ctx:
            template(client)
        return [q for q in ctx.captured_queries if '"core_unitkerja"."code"' in q["sql"]]

    few = unit_reads()
    for i in range(30):
        make_unit(org.sorong, f"BIDANG{i}", parent=org.dinkes_sorong)
    assert len(code_rows(template(client))) == 33
    assert len(unit_reads()) == len(few) == 1


def test_the_import_reads_only_the_first_sheet_so_the_codes_sheet_does_no_harm(org, as_persona):
    """The downloaded template, filled in, still imports: the extra sheet is not read as data."""
    client = as_persona("hr_sorong")
    workbook = template(client)
    assert workbook.sheetnames[0] != SHEET and SHEET in workbook.sheetnames
    workbook.worksheets[0]["B2"] = "Rina Sebenarnya"
    buffer = io.BytesIO()
    workbook.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("impor.xlsx", buffer.getvalue())
    response = client.post(
        reverse("employees:import"), {"kind": "pegawai", "instansi": org.sorong.pk, "file": upload}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = client.get(response["Location"]).context["report"]
    assert report.ok and report.good == 1, [p.reasons for p in report.problems]


def test_a_unit_name_typed_as_a_formula_stays_text(org, as_persona):
    make_unit(org.sorong, "JAHAT", name='=HYPERLINK("http://example.com","klik")')
    workbook = template(as_persona("hr_sorong"))
    names = [name for _c, name, _p, _a in code_rows(workbook)]
    assert '\'=HYPERLINK("http://example.com","klik")' in names
    assert all(cell.data_type != "f" for row in workbook[SHEET].iter_rows() for cell in row)


@pytest.mark.parametrize("kind", ["riwayat-pangkat", "riwayat-jabatan"])
def test_a_template_without_a_unit_column_has_no_codes_sheet(org, as_persona, kind):
    assert SHEET not in template(as_persona("hr_sorong"), kind).sheetnames


def test_the_instructions_point_to_the_codes_sheet(org, as_persona):
    help_rows = list(template(as_persona("hr_sorong"))["Petunjuk"].iter_rows(values_only=True))
    assert any(row[2] and "lembar Daftar kode unit" in row[2] for row in help_rows)


def test_the_codes_sheet_is_named_in_english_for_an_english_reader(org, as_persona):
    client = as_persona("hr_sorong")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    with translation.override("en"):
        workbook = template(client)
    assert "Unit codes" in workbook.sheetnames
    assert [c for c, *_r in list(workbook["Unit codes"].iter_rows(values_only=True))[1:]] == [
        "DINKES",
        "DINKES.PKM1",
        "DISHUB",
    ]
