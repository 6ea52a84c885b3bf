"""Issue 3 journeys in Chromium: HR keeps the record; the head's view stays inside the subtree."""

import re

import pytest
from playwright.sync_api import expect

from employees.rules.nip import format_nip

from .conftest import ARTIFACTS, open_dropdown
from .test_foundation_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_NIP = "199203042019032007"


def field(page, label):
    """A form field by its exact label; crispy marks required ones with a trailing asterisk."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def test_hr_creates_an_employee_finds_them_by_nip_and_records_a_promotion(org, page):
    log_in(page, "hr.sorong")
    open_dropdown(page, "menu-pegawai")
    page.get_by_role("link", name="Daftar pegawai").click()
    page.get_by_role("link", name="Tambah pegawai").click()
    page.get_by_label("NIP/NI PPPK").fill(format_nip(NEW_NIP))
    field(page, "Nama").fill("Rina Wulandari")
    page.get_by_label("Tanggal lahir").fill("1992-03-04")
    page.get_by_label("Jenis kelamin").select_option("P")
    page.get_by_label("TMT CPNS").fill("2019-03-01")
    page.get_by_label("Unit kerja").select_option(str(org.dishub_sorong.pk))
    field(page, "Golongan").select_option("III/a")
    page.get_by_label("Nama jabatan").fill("Penata Layanan Operasional")
    page.get_by_label("Jenis jabatan").select_option("pelaksana")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("employee-name")).to_have_text("Rina Wulandari")

    open_dropdown(page, "menu-pegawai")
    page.get_by_role("link", name="Daftar pegawai").click()
    page.get_by_label("Cari nama atau NIP").fill("19920304 201903")
    page.get_by_label("Cari nama atau NIP").press("Enter")
    table = page.get_by_test_id("employee-table")
    expect(table).to_contain_text("Rina Wulandari")
    expect(table).not_to_contain_text("Siti Perawat")
    table.get_by_role("link", name="Rina Wulandari").click()

    history = page.get_by_test_id("history-pangkat")
    history.get_by_role("link", name="Tambah").click()
    field(page, "Golongan").select_option("III/b")
    page.get_by_label("TMT golongan").fill("2023-04-01")
    page.get_by_label("Nomor SK").fill("800/45/BKPSDM/2023")
    page.get_by_label("Tanggal SK").fill("2023-03-20")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Riwayat Pangkat/golongan disimpan.")).to_be_visible()
    expect(page.get_by_test_id("current-rank")).to_contain_text("III/b")


def test_the_head_cannot_open_an_employee_outside_their_subtree(org, page):
    log_in(page, "kadinkes.sorong")
    page.goto(org.employee_dishub_palembang.get_absolute_url())
    expect(page.get_by_role("heading", name="Halaman tidak ditemukan")).to_be_visible()
    page.goto(org.employee_dinkes_sorong.get_absolute_url())
    expect(page.get_by_test_id("employee-name")).to_have_text("Siti Perawat")
    expect(page.get_by_role("link", name="Ubah")).to_have_count(0)


def test_the_employee_form_has_sections_fills_birth_date_and_sex_from_the_nip_and_cancels(org, page):
    """Issue 10 item 16: sections with headings, two columns on a wide screen, birth date and sex
    from the NIP as it is typed (never over a typed value), and "Batal" back without saving."""
    from employees.models import Employee

    before = Employee.objects.count()
    log_in(page, "hr.sorong")
    open_dropdown(page, "menu-pegawai")
    page.get_by_role("link", name="Daftar pegawai").click()
    page.get_by_role("link", name="Tambah pegawai").click()
    form = page.get_by_test_id("employee-form")
    for section in (
        "Identitas",
        "Kepegawaian",
        "Jabatan dan unit kerja",
        "Data pribadi",
        "Kontak dan alamat",
    ):
        expect(form.get_by_role("group", name=section)).to_be_visible()
    identity = form.get_by_role("group", name="Identitas")
    expect(identity.get_by_label("NIP/NI PPPK")).to_be_visible()
    expect(form.get_by_role("group", name="Kontak dan alamat").get_by_label("Nomor telepon")).to_be_visible()
    # Two columns at 1280 px: NIP and NIP lama side by side.
    nip_box = page.get_by_label("NIP/NI PPPK").bounding_box()
    old_box = page.get_by_label("NIP lama").bounding_box()
    assert abs(nip_box["y"] - old_box["y"]) < 2 and old_box["x"] > nip_box["x"] + nip_box["width"]

    # Typed with spaces, key by key: filled as soon as the digits are there.
    page.get_by_label("NIP/NI PPPK").press_sequentially("19920304 201903 2 007")
    expect(page.get_by_label("Tanggal lahir")).to_have_value("1992-03-04")
    expect(page.get_by_label("Jenis kelamin")).to_have_value("P")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "employee-form-sections.png"), full_page=True)
    # A corrected NIP moves the values this form filled itself...
    page.get_by_label("NIP/NI PPPK").fill("")
    page.get_by_label("NIP/NI PPPK").press_sequentially("198609262015051001")
    expect(page.get_by_label("Tanggal lahir")).to_have_value("1986-09-26")
    expect(page.get_by_label("Jenis kelamin")).to_have_value("L")
    # ...but never what the user typed.
    page.get_by_label("Tanggal lahir").fill("1986-09-27")
    page.get_by_label("Jenis kelamin").select_option("P")
    page.get_by_label("NIP/NI PPPK").fill("")
    page.get_by_label("NIP/NI PPPK").press_sequentially("199203042019031007")
    expect(page.get_by_label("Tanggal lahir")).to_have_value("1986-09-27")
    expect(page.get_by_label("Jenis kelamin")).to_have_value("P")

    field(page, "Nama").fill("Batal Disimpan")
    page.get_by_role("link", name="Batal").click()
    expect(page).to_have_url(re.compile(r"/pegawai/$"))
    assert Employee.objects.count() == before

    # Changing a record: its stored birth date stays whatever the NIP says; Batal returns to it.
    nurse = org.employee_dinkes_sorong
    original_nip = nurse.nip
    page.goto(nurse.get_absolute_url())
    page.locator(f"a[href='/pegawai/{nurse.pk}/ubah/']").click()
    stored = page.get_by_label("Tanggal lahir").input_value()
    page.get_by_label("NIP/NI PPPK").fill("")
    page.get_by_label("NIP/NI PPPK").press_sequentially("198001012005011001")
    expect(page.get_by_label("Tanggal lahir")).to_have_value(stored)
    page.get_by_role("link", name="Batal").click()
    expect(page.get_by_test_id("employee-name")).to_have_text("Siti Perawat")
    nurse.refresh_from_db()
    assert nurse.nip == original_nip
