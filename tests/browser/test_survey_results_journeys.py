"""The SKM results in real Chromium: HR finds them in the menu, sees a new response in the IKM after
"Hitung ulang" and downloads the report; a running computation shows its progress; the head reads
the results of their Puskesmas on a phone."""

import pytest
from playwright.sync_api import expect

from core.choices import RunState
from surveys.services import ikm
from tests.surveys.factories import make_response, make_service_unit, semester_period, worked_example

from .conftest import open_dropdown
from .test_foundation_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def period(org):
    period = semester_period(make_service_unit(org.pkm_sorong, "pkm-sorong", name="Puskesmas Sorong Kota"))
    worked_example(period)
    ikm.compute_period(period.pk)
    return period


def test_hr_sees_a_new_response_in_the_ikm_after_the_recompute_and_downloads_the_report(org, page, period):
    log_in(page, "hr.sorong")
    open_dropdown(page, "menu-kinerja")
    page.get_by_role("link", name="Hasil survei kepuasan masyarakat").click()
    page.get_by_role("link", name="Puskesmas Sorong Kota").first.click()
    expect(page.get_by_test_id("konversi")).to_have_text("80,56")
    expect(page.get_by_test_id("respondents")).to_have_text("4")

    make_response(period, [4] * 9)  # a citizen answers "sangat puas" to everything
    page.get_by_test_id("recompute").click()

    expect(page.get_by_role("alert")).to_contain_text("IKM dihitung ulang dari 5 responden")
    expect(page.get_by_test_id("respondents")).to_have_text("5")
    expect(page.get_by_test_id("konversi")).to_have_text("84,44")  # Σ NRR 152/5 = 30.4; IKM 3.3778; × 25
    page.get_by_test_id("downloads").click()
    with page.expect_download() as download:
        page.get_by_test_id("report-xlsx").click()
    assert download.value.suggested_filename.startswith("laporan-skm-pkm-sorong")
    pdf = page.request.get(page.get_by_test_id("report-pdf").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")


def test_a_running_computation_shows_its_progress_and_the_page_reloads_when_it_ends(org, page, period):
    run, _ = ikm.start_run(period_id=period.pk)
    log_in(page, "hr.sorong")

    page.goto(f"/survei/hasil/periode/{period.pk}/")
    expect(page.get_by_test_id("recompute")).to_be_disabled()
    expect(page.locator("[data-scoring-progress]")).to_be_visible()

    ikm.process(run)
    expect(page.locator("[data-run-state]")).to_have_text("Selesai")  # the page reloaded
    expect(page.get_by_test_id("recompute")).to_be_enabled()
    assert run.state == RunState.DONE


def test_the_head_reads_the_results_on_a_phone(org, phone, period):
    log_in(phone, "kadinkes.sorong")

    phone.goto(f"/survei/hasil/periode/{period.pk}/")

    expect(phone.get_by_test_id("mutu")).to_have_text("B")
    expect(phone.get_by_test_id("priorities")).to_contain_text("U2")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width} px)"
