"""Execution and assessment in real Chromium: the employee reports a period with evidence, the head
answers in the dialog and rates, the employee sees the predikat; the pages fit a phone."""

import re

import pytest
from playwright.sync_api import expect

from performance.models import Appraisal, Realisation
from tests.performance.factories import DURING_YEAR, ikis_of, period
from tests.performance.matrix import nurse_skp

from .conftest import ARTIFACTS
from .test_foundation_journeys import log_in
from .test_self_service_journeys import log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), DURING_YEAR]

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def shot(page, name: str) -> None:
    """A screenshot of a step in the middle of a journey (the fixture keeps the last one)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"appraisal-journey-{name}.png"), full_page=True)


def test_the_employee_reports_the_head_answers_and_rates_and_the_employee_sees_the_predikat(
    org, page, tmp_path
):
    skp = nurse_skp(org)
    january = period(skp.year, 1)
    patients, report_days = ikis_of(skp)
    evidence = tmp_path / "daftar-hadir.pdf"
    evidence.write_bytes(PDF)

    log_in(page, org.employee_dinkes_sorong.nip)
    page.goto(f"/kinerja/skp/{skp.pk}/realisasi/{january.pk}/")
    page.locator(f"#id_iki-{patients.pk}-value").fill("90")
    page.locator(f"#id_iki-{patients.pk}-evidence").set_input_files(str(evidence))
    page.locator(f"#id_iki-{report_days.pk}-value").fill("5")
    page.locator(f"#id_iki-{report_days.pk}-evidence_link").fill("https://drive.example.go.id/laporan")
    page.get_by_role("button", name="Simpan realisasi").click()
    expect(page.get_by_text("Realisasi Januari 2026 disimpan.")).to_be_visible()
    expect(page.get_by_test_id("indeks")).to_have_text("95,00")
    assert Realisation.objects.filter(period=january).count() == 2
    shot(page, "realisation-saved")
    page.get_by_role("link", name="Dialog kinerja").first.click()
    page.locator(f"#reply-iki-{patients.pk}").fill("Bukti daftar hadir sudah saya unggah.")
    page.locator(f"#iki-{patients.pk}").get_by_role("button", name="Kirim").click()
    expect(page.get_by_text("Pesan terkirim.")).to_be_visible()
    log_out(page)

    log_in(page, "kadinkes.sorong")
    page.goto("/kinerja/bawahan/")
    expect(page.locator('[data-count="dialog"]')).to_contain_text("1")
    page.goto(f"/kinerja/skp/{skp.pk}/dialog/?period={january.pk}")
    expect(page.locator(f"#iki-{patients.pk}")).to_contain_text("Bukti daftar hadir sudah saya unggah.")
    page.locator(f"#reply-iki-{patients.pk}").fill("Terima kasih, pertahankan.")
    page.locator(f"#iki-{patients.pk}").get_by_role("button", name="Kirim").click()
    expect(page.get_by_text("Pesan terkirim.")).to_be_visible()
    page.get_by_role("link", name="Penilaian", exact=True).click()
    expect(page.get_by_test_id("suggestion")).to_contain_text("Sesuai Ekspektasi")
    expect(page.get_by_label("Rating hasil kerja")).to_have_value("meets")
    shot(page, "appraisal-form")
    page.get_by_label("Rating perilaku kerja (keseluruhan)").select_option("above")
    for select in page.locator("select[name^=perilaku_]").all():
        select.select_option("meets")
    page.get_by_label("Catatan atasan").fill("Laporan tepat waktu; tambah kunjungan rumah bulan depan.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Finalkan").click()
    expect(page.get_by_text("Penilaian difinalkan. Predikat: Baik.")).to_be_visible()
    log_out(page)

    log_in(page, org.employee_dinkes_sorong.nip)
    expect(page.get_by_test_id("notification-bell")).to_contain_text(re.compile(r"[1-9]"))
    page.goto(f"/kinerja/skp/{skp.pk}/penilaian/{january.pk}/")
    expect(page.get_by_test_id("predikat")).to_have_text("Baik")
    assert Appraisal.objects.get().predikat == "baik"

    # The head's note of the final appraisal reaches the employee's "Umpan balik terbaru" panel.
    page.goto("/kinerja/saya/")
    panel = page.get_by_test_id("latest-feedback")
    expect(panel).to_contain_text("Laporan tepat waktu; tambah kunjungan rumah bulan depan.")
    expect(panel).to_contain_text("Januari 2026")
    panel.get_by_role("link").filter(has_text=re.compile("penilaian", re.IGNORECASE)).first.click()
    expect(page).to_have_url(re.compile(rf"/kinerja/skp/{skp.pk}/penilaian/{january.pk}/$"))


def test_the_realisation_and_appraisal_pages_fit_a_phone(org, phone):
    skp = nurse_skp(org)
    january = period(skp.year, 1)
    log_in(phone, org.employee_dinkes_sorong.nip)
    phone.goto(f"/kinerja/skp/{skp.pk}/realisasi/{january.pk}/")
    expect(phone.get_by_test_id("realisations")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.goto(f"/kinerja/skp/{skp.pk}/penilaian/{january.pk}/")
    expect(phone.get_by_test_id("basis")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_on_a_phone_the_period_tabs_open_at_the_chosen_period(org, phone):
    skp = nurse_skp(org)
    december = period(skp.year, 12)
    log_in(phone, org.employee_dinkes_sorong.nip)
    phone.goto(f"/kinerja/skp/{skp.pk}/realisasi/{december.pk}/")
    tabs = phone.locator("[data-scroll-to-current]")
    expect(tabs.locator("[aria-current]")).to_be_in_viewport()
    assert tabs.evaluate("box => box.scrollWidth > box.clientWidth"), "the tabs are wider than a phone"
    expect(tabs.locator("a").first).not_to_be_in_viewport()
