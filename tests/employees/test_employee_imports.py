"""Imports from .xlsx: a dry run that lists every bad row, then all rows in one transaction or none."""

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from core import access
from employees.models import Employee, PositionHistory, RankHistory
from employees.rules.io import EMPLOYEES, KINDS, POSITIONS, RANKS
from employees.rules.nip import build_ni_pppk, build_nip
from employees.selectors.histories import KINDS as HISTORY_KINDS
from employees.services.io import import_check

from ..factories import make_employee
from .xlsx import EMPLOYEE_HEADERS, employee_file, employee_row, read_xlsx, upload, xlsx_bytes


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pending_files(root: Path) -> list[Path]:
    folder = root / "private" / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def send(client, file, *, kind="pegawai", instansi=None):
    return client.post(reverse("employees:import"), {"kind": kind, "instansi": instansi, "file": file})


def token_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    match = resolve(response["Location"])
    assert match.url_name == "import_preview"
    return match.kwargs["token"]


def preview(client, token):
    response = client.get(reverse("employees:import_preview", args=[token]))
    assert response.status_code == 200
    return response


def nip(serial: int, *, birth=date(1992, 3, 4), gender="P") -> str:
    return build_nip(birth_date=birth, tmt_year=2019, tmt_month=3, gender=gender, serial=serial)


# --- Dry run -----------------------------------------------------------------------------------------
def test_a_file_with_broken_rows_lists_each_with_its_reason_and_saves_nothing(
    org, as_persona, _private_media
):
    taken = org.employee_dishub_sorong.nip
    rows = [
        employee_row(nip(1), "Baik Satu"),  # row 2: good
        employee_row("19920304201903200", "NIP Pendek"),  # 3: 17 digits
        employee_row(nip(3), "Unit Asing", unit="DISHUB.TIDAKADA"),  # 4
        employee_row(nip(4), "Golongan Aneh", golongan="V/z"),  # 5
        employee_row(nip(5), "PPPK di PNS", golongan="IX"),  # 6: a PPPK golongan for a PNS NIP
        employee_row(nip(6), "Kembar A"),  # 7
        employee_row(nip(6), "Kembar B"),  # 8
        employee_row(taken, "Sudah Ada", birth=date(1990, 5, 17), gender="L"),  # 9
        employee_row(nip(9), "Tanggal Rusak", birth="31-02-1992"),  # 10
        employee_row(nip(10), "", unit="DISHUB"),  # 11: no name
        employee_row(nip(11), "Lahir Beda", birth=date(1993, 3, 4)),  # 12: differs from the NIP
        employee_row(nip(12), "Jabatan Aneh", position_kind="Direktur"),  # 13
        employee_row(nip(13), "Baik Dua", unit="dishub"),  # 14: good (any case of the code)
    ]
    client = as_persona("hr_sorong")
    before = (Employee.objects.count(), RankHistory.objects.count(), Employee.history.count())
    token = token_of(send(client, employee_file(*rows), instansi=org.sorong.pk))
    response = preview(client, token)
    report = response.context["report"]
    reasons = {p.number: " ".join(p.reasons) for p in report.problems}
    assert set(reasons) == {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}
    assert "tepat 18 angka" in reasons[3]
    assert "Kode unit DISHUB.TIDAKADA tidak ada di Pemerintah Kota Sorong" in reasons[4]
    assert "nilai tidak dikenal: V/z" in reasons[5]
    assert "Golongan ini tidak berlaku untuk PNS" in reasons[6]
    assert "NIP ganda di berkas ini (juga di baris 8)" in reasons[7]
    assert "juga di baris 7" in reasons[8]
    assert f"NIP {taken} sudah terdaftar" in reasons[9]
    assert "Tanggal lahir: tanggal tidak valid (31-02-1992)" in reasons[10]
    assert "Nama wajib diisi" in reasons[11]
    assert "Tanggal lahir berbeda dengan yang tertulis di NIP" in reasons[12]
    assert "Jenis jabatan: nilai tidak dikenal: Direktur" in reasons[13]
    assert report.good == 2 and report.total == 13 and not report.ok
    html = response.content.decode()
    assert 'data-row="10"' in html and "Terapkan" not in html
    assert (Employee.objects.count(), RankHistory.objects.count(), Employee.history.count()) == before
    assert len(pending_files(_private_media)) == 1  # kept until applied or cancelled


def test_applying_a_file_with_one_bad_row_saves_nothing(org, as_persona, _private_media):
    client = as_persona("hr_sorong")
    rows = [employee_row(nip(i), f"Pegawai {i}") for i in range(1, 6)]
    rows.append(employee_row(nip(6), "Golongan Salah", golongan="PPPK-IX"))
    token = token_of(send(client, employee_file(*rows), instansi=org.sorong.pk))
    before = (Employee.objects.count(), RankHistory.objects.count(), PositionHistory.objects.count())
    response = client.post(reverse("employees:import_apply", args=[token]), follow=True)
    assert "tidak ada data yang disimpan" in response.content.decode()
    assert (Employee.objects.count(), RankHistory.objects.count(), PositionHistory.objects.count()) == before
    assert len(pending_files(_private_media)) == 1, "the file stays so that the errors can be read"


def test_apply_checks_the_file_again_instead_of_trusting_the_preview(org, as_persona):
    client = as_persona("hr_sorong")
    rows = [employee_row(nip(i), f"Pegawai {i}") for i in range(1, 4)]
    token = token_of(send(client, employee_file(*rows), instansi=org.sorong.pk))
    assert preview(client, token).context["report"].ok
    make_employee(org.dinkes_sorong, nip=nip(2), name="Masuk Duluan", birth_date=date(1992, 3, 4), gender="P")
    client.post(reverse("employees:import_apply", args=[token]))
    assert not Employee.objects.filter(name__startswith="Pegawai ").exists()


# --- Applying ----------------------------------------------------------------------------------------
def test_a_good_file_creates_the_employees_with_their_first_histories(org, as_persona, _private_media):
    client = as_persona("hr_sorong")
    pppk = build_ni_pppk(birth_date=date(1995, 8, 9), tmt_year=2023, contract_count=1, gender="L", serial=4)
    rows = [
        employee_row(nip(1), "Rina Wulandari", golongan="III/a", position="Penata Layanan Operasional"),
        employee_row(
            pppk,
            "Andi PPPK",
            birth=date(1995, 8, 9),
            gender="L",
            unit="dinkes.pkm1",  # codes match whatever their case
            tmt_cpns=None,
            golongan="IX",
            position="Perawat Ahli Pertama",
            position_kind="fungsional",
        ),
    ]
    headers = [*EMPLOYEE_HEADERS, "TMT PPPK", "TMT jabatan"]
    content = xlsx_bytes(headers, [rows[0] + [None, None], rows[1] + [date(2023, 1, 1), date(2023, 2, 1)]])
    token = token_of(send(client, upload(content), instansi=org.sorong.pk))
    assert preview(client, token).context["report"].ok
    response = client.post(reverse("employees:import_apply", args=[token]))
    assert response.status_code == 302 and response["Location"] == reverse("employees:list")
    rina = Employee.objects.get(nip=nip(1))
    assert (rina.name, rina.back_title, rina.kind, rina.unit, rina.education) == (
        "Rina Wulandari",
        "S.E.",
        "PNS",
        org.dishub_sorong,
        "S-1",
    )
    assert (rina.golongan, rina.tmt_golongan, rina.position_name, rina.tmt_jabatan) == (
        "III/a",
        date(2019, 3, 1),
        "Penata Layanan Operasional",
        date(2019, 3, 1),
    )
    andi = Employee.objects.get(nip=pppk)
    assert (andi.kind, andi.employment_status, andi.unit, andi.golongan) == (
        "PPPK",
        "PPPK",
        org.pkm_sorong,
        "PPPK-IX",
    )
    assert (andi.tmt_golongan, andi.tmt_jabatan, andi.position_kind) == (
        date(2023, 1, 1),
        date(2023, 2, 1),
        "fungsional",
    )
    assert rina.rank_history.count() == rina.position_history.count() == 1
    assert rina.history.get().history_user == org.users["hr_sorong"]
    assert rina.rank_history.get().history.get().history_user == org.users["hr_sorong"]
    assert pending_files(_private_media) == []
    assert client.get(reverse("employees:import_preview", args=[token])).status_code == 404


@pytest.fixture
def rank_file():
    def build(rows, headers=("NIP", "Golongan", "TMT golongan", "Nomor SK", "Tanggal SK")):
        return upload(xlsx_bytes(list(headers), rows))

    return build


def test_a_rank_import_adds_rows_and_moves_the_current_rank_when_its_tmt_is_newest(
    org, as_persona, rank_file
):
    nurse, other = org.employee_dinkes_sorong, org.employee_dishub_sorong  # both III/a TMT 1 Mar 2015
    client = as_persona("hr_sorong")
    rows = [
        [nurse.nip, "III/b", date(2019, 4, 1), "SK/1", date(2019, 3, 1)],
        [nurse.nip, "III/c", date(2023, 4, 1), "SK/2", date(2023, 3, 1)],
        [other.nip, "II/d", date(2011, 4, 1), "SK/3", date(2011, 3, 1)],  # older than the current one
    ]
    token = token_of(send(client, rank_file(rows), kind="riwayat-pangkat", instansi=org.sorong.pk))
    assert preview(client, token).context["report"].ok
    client.post(reverse("employees:import_apply", args=[token]))
    nurse.refresh_from_db()
    other.refresh_from_db()
    assert [r.golongan for r in nurse.rank_history.all()] == ["III/c", "III/b", "III/a"]
    assert (nurse.golongan, nurse.tmt_golongan) == ("III/c", date(2023, 4, 1))
    assert [r.golongan for r in other.rank_history.all()] == ["III/a", "II/d"]
    assert other.golongan == "III/a", "an older rank does not become the current one"


def test_a_position_import_moves_the_current_position(org, as_persona):
    nurse = org.employee_dinkes_sorong
    content = xlsx_bytes(
        ["NIP", "Nama jabatan", "Jenis jabatan", "Jenjang jabatan", "TMT jabatan", "Nomor SK", "Tanggal SK"],
        [
            [
                nurse.nip,
                "Perawat Ahli Muda",
                "Fungsional",
                "Ahli Muda",
                date(2024, 1, 2),
                "SK/9",
                date(2023, 12, 1),
            ]
        ],
    )
    client = as_persona("hr_sorong")
    token = token_of(send(client, upload(content), kind="riwayat-jabatan", instansi=org.sorong.pk))
    client.post(reverse("employees:import_apply", args=[token]))
    nurse.refresh_from_db()
    assert (nurse.position_name, nurse.position_kind, nurse.position_level) == (
        "Perawat Ahli Muda",
        "fungsional",
        "ahli_muda",
    )


def test_a_history_import_names_what_is_wrong_in_each_row(org, as_persona, rank_file):
    nurse = org.employee_dinkes_sorong
    own = make_employee(org.dishub_sorong, user=org.users["hr_sorong"], name="Petugas BKPSDM")
    rows = [
        [nurse.nip, "III/b", date(2019, 4, 1), "SK/1", date(2019, 3, 1)],  # 2: good
        [org.employee_dishub_palembang.nip, "III/b", date(2019, 4, 1), "SK/1", date(2019, 3, 1)],  # 3
        [nip(77), "III/b", date(2019, 4, 1), "SK/1", date(2019, 3, 1)],  # 4: nobody
        [nurse.nip, "III/b", date(2015, 3, 1), "SK/1", date(2015, 3, 1)],  # 5: TMT already recorded
        [nurse.nip, "IX", date(2020, 4, 1), "SK/1", date(2020, 3, 1)],  # 6: PPPK golongan
        [own.nip, "III/b", date(2020, 4, 1), "SK/1", date(2020, 3, 1)],  # 7: own record
        [nurse.nip, "III/c", date(2019, 4, 1), "SK/2", date(2019, 3, 1)],  # 8: same TMT as row 2
        [nurse.nip, "III/d", date(2021, 4, 1), "", None],  # 9: no SK
    ]
    client = as_persona("hr_sorong")
    token = token_of(send(client, rank_file(rows), kind="riwayat-pangkat", instansi=org.sorong.pk))
    report = preview(client, token).context["report"]
    reasons = {p.number: " ".join(p.reasons) for p in report.problems}
    assert set(reasons) == {2, 3, 4, 5, 6, 7, 8, 9}
    assert "juga di baris 8" in reasons[2] and "juga di baris 2" in reasons[8]
    assert "tidak ditemukan di Pemerintah Kota Sorong" in reasons[3]
    assert "tidak ditemukan" in reasons[4]
    assert "Sudah ada riwayat dengan TMT ini" in reasons[5]
    assert "Golongan ini tidak berlaku untuk PNS" in reasons[6]
    assert "data Anda sendiri" in reasons[7]
    assert "Nomor SK wajib diisi" in reasons[9] and "Tanggal SK wajib diisi" in reasons[9]


def test_the_checks_use_a_fixed_number_of_lookups_whatever_the_size_of_the_file(org, rank_file):
    """Set-based: the queries that read tables do not grow with the rows (Django's check of the
    mk_months constraint is a table-less SELECT per rank row, not a lookup)."""
    actor = access.actor_for(org.users["hr_sorong"])
    people = [make_employee(org.dishub_sorong, name=f"Orang {i}") for i in range(12)]

    def lookups(count):
        rows = [[people[i].nip, "III/b", date(2019, 4, 1), "SK", date(2019, 3, 1)] for i in range(count)]
        with CaptureQueriesContext(connection) as ctx:
            report = import_check(actor=actor, kind=RANKS, instansi=org.sorong, source=rank_file(rows).file)
        assert report.ok and report.good == count
        return [q["sql"] for q in ctx.captured_queries if " FROM " in q["sql"]]

    assert len(lookups(2)) == len(lookups(12)) <= 3

    def employee_lookups(count):
        rows = [employee_row(nip(100 + i), f"Baru {i}") for i in range(count)]
        with CaptureQueriesContext(connection) as ctx:
            report = import_check(
                actor=actor, kind=EMPLOYEES, instansi=org.sorong, source=employee_file(*rows).file
            )
        assert report.ok and report.good == count
        return [q["sql"] for q in ctx.captured_queries if " FROM " in q["sql"]]

    assert len(employee_lookups(2)) == len(employee_lookups(12)) <= 2


# --- The file itself ---------------------------------------------------------------------------------
def test_a_file_that_is_not_xlsx_is_refused_whatever_its_name(org, as_persona, _private_media):
    client = as_persona("hr_sorong")
    response = send(client, upload(b"%PDF-1.7 pretending", "pegawai.xlsx"), instansi=org.sorong.pk)
    assert response.status_code == 200
    assert "bukan .xlsx" in response.content.decode()
    csv_file = upload(b"NIP,Nama\n199203042019032007,Rina\n", "pegawai.xlsx")
    assert "bukan .xlsx" in send(client, csv_file, instansi=org.sorong.pk).content.decode()
    assert pending_files(_private_media) == []


def test_a_zip_that_is_not_a_workbook_is_refused_at_the_preview(org, as_persona):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    client = as_persona("hr_sorong")
    token = token_of(send(client, upload(buffer.getvalue()), instansi=org.sorong.pk))
    response = preview(client, token)
    assert "tidak dapat dibaca" in response.context["report"].file_error
    assert "Terapkan" not in response.content.decode()


def test_missing_columns_and_too_many_rows_are_refused_with_a_clear_message(org, as_persona, settings):
    client = as_persona("hr_sorong")
    content = xlsx_bytes(["NIP", "Nama"], [[nip(1), "Rina"]])
    token = token_of(send(client, upload(content), instansi=org.sorong.pk))
    error = preview(client, token).context["report"].file_error
    assert (
        "Kolom wajib tidak ada di baris pertama" in error and "Tanggal lahir" in error and "Golongan" in error
    )
    settings.EMPLOYEE_IMPORT_MAX_ROWS = 3
    rows = [employee_row(nip(i), f"Pegawai {i}") for i in range(1, 5)]
    token = token_of(send(client, employee_file(*rows), instansi=org.sorong.pk))
    assert "lebih dari 3 baris data" in preview(client, token).context["report"].file_error
    settings.EMPLOYEE_IMPORT_MAX_BYTES = 1000
    response = send(client, employee_file(*rows), instansi=org.sorong.pk)
    assert "Berkas terlalu besar" in response.content.decode()


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet(org, as_persona):
    content = xlsx_bytes(EMPLOYEE_HEADERS, [employee_row(nip(1)), [], [], employee_row("123", "Salah")])
    client = as_persona("hr_sorong")
    report = preview(client, token_of(send(client, upload(content), instansi=org.sorong.pk))).context[
        "report"
    ]
    assert [p.number for p in report.problems] == [5] and report.total == 2


# --- Templates, scope, cancel ------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["pegawai", "riwayat-pangkat", "riwayat-jabatan"])
def test_each_template_has_the_header_row_and_one_example_row(org, as_persona, kind):
    response = as_persona("hr_sorong").get(reverse("employees:import_template", args=[kind]))
    assert response.status_code == 200
    rows = read_xlsx(response.content)
    spec = KINDS[kind]
    assert rows[0] == tuple(str(c.header) + (" *" if c.required else "") for c in spec.columns)
    assert len(rows) == 2 and rows[1][0] == "199203042019032007"


def test_the_template_example_row_is_never_imported_but_a_filled_template_is(org, as_persona):
    from openpyxl import load_workbook

    client = as_persona("hr_sorong")
    content = client.get(reverse("employees:import_template", args=["pegawai"])).content
    report = preview(client, token_of(send(client, upload(content), instansi=org.sorong.pk))).context[
        "report"
    ]
    assert [(p.number, p.reasons) for p in report.problems] == [
        (2, ["Ini baris contoh dari templat; hapus atau ganti dengan data sebenarnya."])
    ]
    workbook = load_workbook(io.BytesIO(content))
    workbook.worksheets[0]["B2"] = "Rina Sebenarnya"  # the example, made a real row
    buffer = io.BytesIO()
    workbook.save(buffer)
    token = token_of(send(client, upload(buffer.getvalue()), instansi=org.sorong.pk))
    report = preview(client, token).context["report"]
    assert report.ok and report.good == 1, [p.reasons for p in report.problems]


def test_hr_imports_only_into_their_own_agency(org, as_persona):
    client = as_persona("hr_palembang")
    response = send(client, employee_file(unit="DINKES"), instansi=org.sorong.pk)
    assert response.status_code == 200 and "Masukkan pilihan yang valid" in response.content.decode()
    token = token_of(send(client, employee_file(unit="DINKES"), instansi=org.palembang.pk))
    reasons = preview(client, token).context["report"].problems[0].reasons
    assert reasons == ["Kode unit DINKES tidak ada di Pemerintah Kota Palembang."]


def test_a_pending_import_belongs_to_the_session_that_uploaded_it(org, as_persona):
    token = token_of(send(as_persona("hr_sorong"), employee_file(), instansi=org.sorong.pk))
    other = as_persona("superuser")
    assert other.get(reverse("employees:import_preview", args=[token])).status_code == 404
    assert other.post(reverse("employees:import_apply", args=[token])).status_code == 404
    assert not Employee.objects.filter(name="Rina Wulandari").exists()


def test_cancelling_deletes_the_uploaded_file(org, as_persona, _private_media):
    client = as_persona("hr_sorong")
    token = token_of(send(client, employee_file(), instansi=org.sorong.pk))
    assert len(pending_files(_private_media)) == 1
    response = client.post(reverse("employees:import_cancel", args=[token]))
    assert response.status_code == 302
    assert pending_files(_private_media) == []
    assert client.get(reverse("employees:import_preview", args=[token])).status_code == 404


def test_a_nip_stored_as_a_number_is_explained(org, as_persona):
    """A number cell cannot hold 18 digits exactly (a double has 15-17): it is refused, never
    rounded into someone else's NIP."""
    rows = [employee_row(1.99203042019032e17, "Angka"), employee_row(int(nip(2)), "Bilangan Bulat")]
    client = as_persona("hr_sorong")
    report = preview(client, token_of(send(client, employee_file(*rows), instansi=org.sorong.pk))).context[
        "report"
    ]
    assert [p.number for p in report.problems] == [2, 3]
    assert all("format sel NIP sebagai Teks" in p.reasons[0] for p in report.problems)


def test_headers_and_values_are_read_whatever_the_interface_language(org, as_persona):
    from django.utils import translation

    # Indonesian headers ("Tanggal lahir") and labels ("Perempuan", "Pelaksana") read by the English
    # interface, where they are "Date of birth", "Female", "Implementer".
    content = xlsx_bytes(
        EMPLOYEE_HEADERS, [employee_row(nip(1), gender="Perempuan", position_kind="Pelaksana")]
    )
    with translation.override("en"):
        assert str(EMPLOYEES.columns[5].header) == "Date of birth", "the catalogue translates it"
        report = import_check(
            actor=access.actor_for(org.users["hr_sorong"]),
            kind=EMPLOYEES,
            instansi=org.sorong,
            source=upload(content).file,
        )
    assert report.ok, report.file_error or [p.reasons for p in report.problems]


def test_the_import_requires_the_decree_where_the_history_pages_do():
    for kind, slug in ((RANKS, "pangkat"), (POSITIONS, "jabatan")):
        required = {column.key: column.required for column in kind.columns}
        assert required["sk_number"] == required["sk_date"] == HISTORY_KINDS[slug].decree_required


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "31-12-2101"])
def test_an_import_date_out_of_bounds_is_a_cell_error(value):
    from employees.rules.io import CellError, a_date

    with pytest.raises(CellError, match="tanggal di luar batas"):
        a_date(value)
    assert a_date("2100-12-31").year == 2100 and a_date("1900-01-01").year == 1900
