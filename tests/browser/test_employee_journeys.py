"""Issue 3 journeys in Chromium: HR keeps the record; the head's view stays inside the subtree."""

import re

import pytest
from playwright.sync_api import expect

from employees.rules.nip import format_nip

from .test_foundation_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_NIP = "199203042019032007"


def field(page, label):
    """A form field by its exact label; crispy marks required ones with a trailing asterisk."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def test_hr_creates_an_employee_finds_them_by_nip_and_records_a_promotion(org, page):
    log_in(page, "hr.sorong")
    page.get_by_test_id("menu-pegawai").click()
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

    page.get_by_test_id("menu-pegawai").click()
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
