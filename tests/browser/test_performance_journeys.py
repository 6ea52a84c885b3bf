"""The whole SKP cycle in real Chromium (issue 4, item 10): the employee drafts and submits, the head
returns it with a comment, the employee fixes and resubmits, the head approves, the employee reports
a period with evidence, the head gives feedback and rates, and the employee sees the predikat."""

import re

import pytest
from playwright.sync_api import expect

from performance.models import Appraisal, Realisation, Skp
from tests.performance.factories import DURING_YEAR, make_skp, make_year, period

from .conftest import ARTIFACTS, open_dropdown, open_navbar
from .test_employee_journeys import field
from .test_foundation_journeys import log_in
from .test_self_service_journeys import log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), DURING_YEAR]

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"skp-cycle-{name}.png"), full_page=True)


def open_menu(page, name: str) -> None:
    open_dropdown(page, "menu-kinerja")
    page.get_by_role("link", name=name, exact=True).click()


def test_the_whole_skp_cycle_from_draft_to_predikat(org, page, tmp_path):
    year = make_year(org.sorong)
    make_skp(org.head_dinkes_sorong, year)  # the head's RHK the nurse's RHK cascades from
    evidence = tmp_path / "daftar-hadir.pdf"
    evidence.write_bytes(PDF)

    # The employee drafts the SKP and submits it.
    log_in(page, org.employee_dinkes_sorong.nip)
    open_menu(page, "SKP saya")
    page.get_by_test_id("start-skp-2026").click()
    expect(page.get_by_text("Draf SKP 2026 dibuat.")).to_be_visible()
    page.get_by_test_id("add-rhk").click()
    field(page, "Rencana hasil kerja").fill("Meningkatnya kunjungan rumah pasien hipertensi")
    field(page, "RHK atasan yang diintervensi").select_option(index=1)
    page.get_by_role("button", name="Simpan RHK").click()
    expect(page.get_by_text("Rencana hasil kerja disimpan.")).to_be_visible()
    page.get_by_role("link", name="Tambah IKI").first.click()
    field(page, "Indikator kinerja individu").fill("Jumlah kunjungan rumah")
    field(page, "Target (angka)").fill("40")
    field(page, "Satuan").fill("kunjungan")
    page.get_by_role("button", name="Simpan IKI").click()
    expect(page.get_by_text("Indikator kinerja disimpan.")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())  # it asks first
    page.get_by_role("button", name="Ajukan SKP").click()
    expect(page.get_by_text("SKP diajukan kepada atasan langsung")).to_be_visible()
    expect(page.get_by_test_id("skp-state")).to_have_text("Diajukan")
    skp = Skp.objects.get(employee=org.employee_dinkes_sorong)
    log_out(page)

    # The head finds it in the queue and returns it with a comment.
    log_in(page, "kadinkes.sorong")
    open_menu(page, "Kinerja bawahan")
    page.get_by_role("link", name=re.compile("Siti Perawat")).first.click()
    expect(page.get_by_test_id("review-panel")).to_be_visible()
    field(page, "Yang perlu diperbaiki").fill("Target kunjungan terlalu rendah, naikkan menjadi 50.")
    page.once("dialog", lambda dialog: dialog.accept())  # it asks first
    page.get_by_role("button", name="Kembalikan untuk diperbaiki").click()
    expect(page.get_by_text("SKP dikembalikan kepada pegawai")).to_be_visible()
    log_out(page)

    # The employee reads the comment, fixes the target and resubmits.
    log_in(page, org.employee_dinkes_sorong.nip)
    expect(page.get_by_test_id("notification-bell")).to_contain_text(re.compile(r"[1-9]"))
    open_menu(page, "SKP saya")
    page.get_by_role("link", name="Buka SKP").first.click()
    expect(page.get_by_test_id("return-comment")).to_contain_text("naikkan menjadi 50")
    page.get_by_test_id("plan").get_by_role("link", name="Ubah", exact=True).click()
    field(page, "Target (angka)").fill("50")
    page.get_by_role("button", name="Simpan IKI").click()
    page.once("dialog", lambda dialog: dialog.accept())  # it asks first
    page.get_by_role("button", name="Ajukan SKP").click()
    expect(page.get_by_test_id("skp-state")).to_have_text("Diajukan")
    log_out(page)

    # The head approves; the SKP is locked.
    log_in(page, "kadinkes.sorong")
    page.goto(skp.get_absolute_url())
    page.once("dialog", lambda dialog: dialog.accept())  # it asks first
    page.get_by_role("button", name="Setujui SKP").click()
    expect(page.get_by_text("SKP disetujui dan dikunci.")).to_be_visible()
    expect(page.get_by_test_id("skp-state")).to_have_text("Disetujui")
    shot(page, "approved")
    log_out(page)

    # The employee reports January with evidence.
    january = period(year, 1)
    log_in(page, org.employee_dinkes_sorong.nip)
    page.goto(f"/kinerja/skp/{skp.pk}/realisasi/{january.pk}/")
    iki = skp.rhks.get().ikis.get()
    page.locator(f"#id_iki-{iki.pk}-value").fill("45")
    page.locator(f"#id_iki-{iki.pk}-evidence").set_input_files(str(evidence))
    page.get_by_role("button", name="Simpan realisasi").click()
    expect(page.get_by_text("Realisasi Januari 2026 disimpan.")).to_be_visible()
    expect(page.get_by_test_id("indeks")).to_have_text("90,00")  # 45 of 50
    assert Realisation.objects.get(period=january).evidence is not None
    log_out(page)

    # The head gives feedback on the indicator and rates the period.
    log_in(page, "kadinkes.sorong")
    page.goto(f"/kinerja/skp/{skp.pk}/dialog/?period={january.pk}")
    page.locator(f"#reply-iki-{iki.pk}").fill("Bagus, bukti lengkap. Pertahankan di bulan berikutnya.")
    page.locator(f"#iki-{iki.pk}").get_by_role("button", name="Kirim").click()
    expect(page.get_by_text("Pesan terkirim.")).to_be_visible()
    page.get_by_role("link", name="Penilaian", exact=True).click()
    expect(page.get_by_test_id("suggestion")).to_contain_text("Sesuai Ekspektasi")
    page.get_by_label("Rating hasil kerja").select_option("above")
    page.get_by_label(re.compile("Alasan bila berbeda dari saran")).fill("Kunjungan di wilayah terpencil.")
    page.get_by_label("Rating perilaku kerja (keseluruhan)").select_option("above")
    for select in page.locator("select[name^=perilaku_]").all():
        select.select_option("above")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Finalkan").click()
    expect(page.get_by_text("Penilaian difinalkan. Predikat: Sangat Baik.")).to_be_visible()
    log_out(page)

    # The employee sees the feedback and the predikat.
    log_in(page, org.employee_dinkes_sorong.nip)
    open_menu(page, "SKP saya")
    expect(page.get_by_test_id("latest-feedback")).to_contain_text("Pertahankan di bulan berikutnya")
    expect(page.get_by_test_id("predikat-history")).to_contain_text("Sangat Baik")
    page.goto(f"/kinerja/skp/{skp.pk}/penilaian/{january.pk}/")
    expect(page.get_by_test_id("predikat")).to_have_text("Sangat Baik")
    appraisal = Appraisal.objects.get()
    assert (appraisal.state, appraisal.predikat) == ("final", "sangat_baik")
    assert list(skp.transitions.values_list("to_state", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]


def test_skp_saya_the_skp_and_the_head_queue_fit_a_phone(org, phone):
    year = make_year(org.sorong)
    skp = make_skp(org.employee_dinkes_sorong, year, state="submitted")
    log_in(phone, org.employee_dinkes_sorong.nip)
    for url in ("/kinerja/saya/", skp.get_absolute_url()):
        phone.goto(url)
        expect(phone.locator("h1")).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, url
    open_navbar(phone)
    log_out(phone)
    log_in(phone, "kadinkes.sorong")
    for url in ("/kinerja/bawahan/", "/kinerja/monitoring/"):
        phone.goto(url)
        expect(phone.locator("h1")).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, url
