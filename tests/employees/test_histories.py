"""Histories (riwayat): SK required, scans checked by content, the current rank/position follow
the latest row, refused input leaves nothing behind."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from employees.models import AwardHistory, Document, Employee, PositionHistory, RankHistory

from ..factories import make_employee
from .test_documents import PDF, private_files

SK = {"sk_number": "800/45/BKPSDM/2023", "sk_date": "2023-03-20", "sk_signer": "Wali Kota Sorong"}


def add(client, employee, slug, data, scan=None):
    payload = dict(data)
    if scan is not None:
        payload["scan_file"] = scan
    return client.post(reverse("employees:history_create", args=[employee.pk, slug]), payload)


def test_a_newer_rank_becomes_the_current_rank_and_an_older_one_does_not(org, as_persona):
    hr = as_persona("hr_sorong")
    nurse = org.employee_dinkes_sorong
    assert nurse.golongan == "III/a"

    response = add(
        hr, nurse, "pangkat", {"golongan": "III/b", "tmt": "2023-04-01", "mk_years": 8, "mk_months": 0, **SK}
    )
    assert response.status_code == 302
    nurse = Employee.objects.with_unit().get(pk=nurse.pk)
    assert (nurse.golongan, nurse.tmt_golongan) == ("III/b", date(2023, 4, 1))

    add(hr, nurse, "pangkat", {"golongan": "II/d", "tmt": "2011-04-01", "mk_years": 0, "mk_months": 0, **SK})
    nurse = Employee.objects.with_unit().get(pk=nurse.pk)
    assert nurse.golongan == "III/b"
    assert nurse.rank_history.count() == 3

    page = hr.get(nurse.get_absolute_url()).content.decode()
    assert "III/b" in page and "II/d" in page and "800/45/BKPSDM/2023" in page


def test_deleting_the_current_row_falls_back_and_the_only_row_cannot_go(org, as_persona):
    hr = as_persona("hr_sorong")
    nurse = org.employee_dinkes_sorong
    only = nurse.position_history.get()
    response = hr.post(reverse("employees:history_delete", args=["jabatan", only.pk]), follow=True)
    assert "satu-satunya" in response.content.decode()
    assert PositionHistory.objects.filter(pk=only.pk).exists()

    add(
        hr,
        nurse,
        "jabatan",
        {"name": "Perawat Ahli Muda", "kind": "fungsional", "level": "ahli_muda", "tmt": "2024-01-02", **SK},
    )
    nurse.refresh_from_db()
    newer = nurse.current_position
    assert newer.name == "Perawat Ahli Muda"
    hr.post(reverse("employees:history_delete", args=["jabatan", newer.pk]))
    nurse.refresh_from_db()
    assert nurse.current_position_id == only.pk


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        (
            "pangkat",
            {"golongan": "III/b", "tmt": "2023-04-01", "mk_years": 0, "mk_months": 0},
            "Bidang ini tidak boleh kosong",
        ),
        (
            "pangkat",
            {"golongan": "PPPK-IX", "tmt": "2023-04-01", "mk_years": 0, "mk_months": 0, **SK},
            "tidak berlaku untuk PNS",
        ),
        (
            "pangkat",
            {"golongan": "III/b", "tmt": "2015-03-01", "mk_years": 0, "mk_months": 0, **SK},
            "TMT ini",
        ),
        (
            "pangkat",
            {"golongan": "III/b", "tmt": "2023-04-01", "mk_years": 0, "mk_months": 12, **SK},
            "Masa kerja bulan harus antara 0 dan 11",
        ),
        (
            "diklat",
            {
                "name": "Pelatihan",
                "category": "teknis",
                "start_date": "2024-05-10",
                "end_date": "2024-05-01",
                "hours": 20,
            },
            "Tanggal selesai tidak boleh sebelum tanggal mulai",
        ),
        (
            "keluarga",
            {"relation": "suami", "name": "Budi", "nik": "12345"},
            "NIK harus terdiri atas tepat 16 angka",
        ),
        # A typo'd year would break the career arithmetic (KGB) of the whole agency.
        (
            "pangkat",
            {"golongan": "III/b", "tmt": "9999-12-31", "mk_years": 0, "mk_months": 0, **SK},
            "Tanggal harus antara 1 Januari 1900 dan 31 Desember 2100",
        ),
        (
            "pangkat",
            {
                "golongan": "III/b",
                "tmt": "2023-04-01",
                "mk_years": 0,
                "mk_months": 0,
                **SK,
                "sk_date": "0001-01-01",
            },
            "Tanggal harus antara 1 Januari 1900 dan 31 Desember 2100",
        ),
    ],
)
def test_bad_rows_get_an_indonesian_message_and_nothing_is_saved(org, as_persona, slug, data, message):
    hr = as_persona("hr_sorong")
    nurse = org.employee_dinkes_sorong
    before = {m: m.objects.count() for m in (RankHistory, PositionHistory, AwardHistory, Document)}
    response = add(hr, nurse, slug, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "is-invalid" in html or "alert-block" in html
    assert {m: m.objects.count() for m in before} == before
    assert nurse.family.count() == 0 and nurse.training_history.count() == 0


def test_a_scan_is_stored_as_a_private_document_and_linked(org, as_persona):
    hr = as_persona("hr_sorong")
    nurse = org.employee_dinkes_sorong
    scan = SimpleUploadedFile("sk.pdf", PDF, "application/pdf")
    response = add(
        hr,
        nurse,
        "pangkat",
        {"golongan": "III/b", "tmt": "2023-04-01", "mk_years": 8, "mk_months": 0, **SK},
        scan,
    )
    assert response.status_code == 302
    row = nurse.rank_history.get(golongan="III/b")
    assert row.scan is not None and row.scan.kind == "sk_pangkat" and row.scan.employee_id == nurse.pk
    download = hr.get(reverse("employees:document_download", args=[row.scan.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_a_disguised_scan_is_refused_and_neither_row_nor_file_is_kept(org, as_persona):
    hr = as_persona("hr_sorong")
    nurse = org.employee_dinkes_sorong
    files_before = private_files()
    content = b"<html><script>alert(1)</script>"
    fake = SimpleUploadedFile("sk.pdf", content, "application/pdf")
    response = add(
        hr,
        nurse,
        "pangkat",
        {"golongan": "III/b", "tmt": "2023-04-01", "mk_years": 8, "mk_months": 0, **SK},
        fake,
    )
    assert response.status_code == 200
    assert "bukan PDF, JPEG, atau PNG" in response.content.decode()
    assert not nurse.rank_history.filter(golongan="III/b").exists()
    assert Document.objects.count() == 0
    # Other test workers may store files meanwhile: look for this upload's bytes among new files.
    assert not [f for f in private_files() - files_before if f.read_bytes() == content]


def test_a_second_satyalancana_of_the_same_kind_is_refused(org, as_persona):
    hr = as_persona("hr_sorong")
    nurse = org.employee_dinkes_sorong
    assert add(hr, nurse, "penghargaan", {"kind": "slks_x", "year": 2025}).status_code == 302
    response = add(hr, nurse, "penghargaan", {"kind": "slks_x", "year": 2026})
    assert response.status_code == 200
    assert "sudah tercatat" in response.content.decode()
    assert nurse.award_history.count() == 1


def test_a_pppk_rank_below_the_education_minimum_is_saved_with_a_warning(org, as_persona):
    hr = as_persona("hr_sorong")
    pppk = make_employee(
        org.dishub_sorong, nip="199001012021211001", kind="PPPK", birth_date=date(1990, 1, 1),
        golongan="PPPK-IX", education="S-1", employment_status="PPPK", tmt_pppk=date(2021, 1, 1),
    )  # fmt: skip
    response = add(
        hr, pppk, "pangkat", {"golongan": "PPPK-V", "tmt": "2024-01-01", "mk_years": 0, "mk_months": 0, **SK}
    )
    assert response.status_code == 302
    page = hr.get(response["Location"]).content.decode()
    assert "di bawah golongan minimum IX untuk pendidikan S-1" in page
    pppk.refresh_from_db()
    assert pppk.current_rank.golongan == "PPPK-V"


def test_family_and_discipline_show_only_on_the_logged_personal_data_page(org, as_persona):
    nurse = org.employee_dinkes_sorong
    nurse.family.create(relation="suami", name="Budi Santoso")
    nurse.discipline_history.create(type="teguran_lisan", start_date=date(2024, 2, 1))
    hr = as_persona("hr_sorong")
    detail = hr.get(nurse.get_absolute_url()).content.decode()
    assert "Budi Santoso" not in detail and "Teguran lisan" not in detail
    sensitive = hr.get(reverse("employees:sensitive", args=[nurse.pk])).content.decode()
    assert "Budi Santoso" in sensitive and "Teguran lisan" in sensitive
    assert nurse.sensitive_views.get().fields.endswith("family,discipline")
    head = as_persona("head_dinkes_sorong")
    assert head.get(reverse("employees:sensitive", args=[nurse.pk])).status_code == 403
    assert "Budi Santoso" not in head.get(nurse.get_absolute_url()).content.decode()
