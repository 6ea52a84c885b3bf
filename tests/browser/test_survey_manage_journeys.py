"""The survey management pages in real Chromium (issue 12): HR sets up a service unit with a service
and a quarter period, opens and closes it; a head answers a citizen's suggestion and closes it."""

from __future__ import annotations

import importlib

import pytest
from playwright.sync_api import expect

from surveys.choices import FollowUpState, PeriodState
from surveys.models import FollowUp, ServiceUnit, SurveyPeriod
from tests.surveys.factories import make_follow_up, make_period, make_service_unit

from .conftest import open_dropdown
from .test_foundation_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference_data(db):
    """A transactional test starts from tables another one may have flushed: load the SKM reference
    data (bands, sample table, the standard questionnaire) as migration 0002 does; it is idempotent."""
    from django.apps import apps

    importlib.import_module("surveys.migrations.0002_skm_reference_data").load(apps, None)


def accept_dialogs(page, asked: list[str]) -> None:
    def handle(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", handle)


def test_hr_sets_up_a_service_unit_and_runs_a_quarter(org, page):
    log_in(page, "hr.sorong")
    open_dropdown(page, "menu-kinerja")
    page.get_by_role("link", name="Unit layanan").click()
    page.get_by_role("link", name="Tambah unit layanan").click()
    page.get_by_label("Unit kerja").select_option(label="— Puskesmas Sorong Kota")
    page.get_by_label("Nama unit layanan").fill("Loket Puskesmas Sorong Kota")
    page.get_by_label("Kode survei").fill("Pkm-Sorong")
    page.get_by_label("Jenis").select_option("puskesmas")
    page.get_by_label("Jumlah pengguna layanan per tahun").fill("1000")
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_test_id("public-url")).to_contain_text("/s/pkm-sorong/")
    expect(page.get_by_test_id("minimum-sample")).to_contain_text("278 responden")
    page.get_by_label("Jenis layanan baru").fill("Pemeriksaan umum")
    page.get_by_role("button", name="Tambah jenis layanan").click()
    expect(page.get_by_test_id("service-table")).to_contain_text("Aktif")

    page.get_by_role("link", name="Buat periode survei").click()
    page.get_by_role("radio", name="Triwulan").check()
    page.get_by_label("Tahun", exact=True).fill("2026")
    page.get_by_label("Semester atau triwulan ke-").fill("3")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1 Juli 2026 – 30 September 2026")

    asked: list[str] = []
    accept_dialogs(page, asked)
    page.get_by_test_id("period-open").click()
    expect(page.get_by_test_id("period-close")).to_be_visible()
    page.get_by_test_id("period-close").click()
    expect(page.get_by_text("Periode survei ditutup.")).to_be_visible()
    assert [message.split("?")[0] for message in asked] == ["Buka periode ini", "Tutup periode ini"]
    period = SurveyPeriod.objects.get(service_unit=ServiceUnit.objects.get(code="pkm-sorong"))
    assert (period.state, period.band_table is not None) == (PeriodState.CLOSED, True)


def test_a_head_answers_a_suggestion_and_closes_it(org, page):
    period = make_period(make_service_unit(org.pkm_sorong, "pkm-sorong-kota"), state=PeriodState.OPEN)
    follow_up = make_follow_up(period, suggestion="Ruang tunggu panas, mohon kipas angin.", ticket="TL-0001")
    log_in(page, "kadinkes.sorong")
    open_dropdown(page, "menu-kinerja")
    page.get_by_role("link", name="Tindak lanjut saran").click()
    page.get_by_test_id("follow-up-table").get_by_role("link", name="TL-0001").click()
    expect(page.get_by_test_id("suggestion")).to_have_text("Ruang tunggu panas, mohon kipas angin.")

    page.get_by_label("Tugaskan kepada").select_option(label="Siti Perawat · Puskesmas Sorong Kota")
    page.get_by_role("button", name="Tugaskan").click()
    expect(page.get_by_text("Siti Perawat kini menangani tindak lanjut ini.")).to_be_visible()
    page.get_by_label("Jawaban untuk masyarakat").fill("Dua kipas angin dipasang minggu ini. Terima kasih.")
    page.get_by_role("button", name="Simpan jawaban").click()
    expect(page.get_by_test_id("answer")).to_have_text("Dua kipas angin dipasang minggu ini. Terima kasih.")

    asked: list[str] = []
    accept_dialogs(page, asked)
    page.get_by_test_id("follow-up-close").click()
    expect(page.get_by_text("Tindak lanjut diselesaikan.")).to_be_visible()
    assert asked == ["Selesaikan tindak lanjut ini? Jawabannya tidak dapat diubah lagi."]
    follow_up.refresh_from_db()
    assert (follow_up.state, follow_up.assigned_to) == (FollowUpState.CLOSED, org.employee_dinkes_sorong)
    assert FollowUp.objects.count() == 1
