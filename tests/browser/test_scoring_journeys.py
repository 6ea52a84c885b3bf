"""The scoring page in real Chromium: the progress bar follows a running run, and fits a phone."""

import pytest
from playwright.sync_api import expect

from performance.choices import ScoringState
from performance.models import ScoringRun
from tests.performance.factories import DURING_YEAR, make_year, period
from tests.performance.test_hr_monitoring import score

from .test_foundation_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), DURING_YEAR]


def test_the_progress_bar_follows_a_running_run_until_it_is_done(org, page):
    january = period(make_year(org.sorong), 1)
    run = ScoringRun.objects.create(period=january, state=ScoringState.RUNNING, total=10, processed=4)
    log_in(page, "hr.sorong")

    page.goto(f"/kinerja/skor/?instansi={org.sorong.pk}")
    row = page.get_by_test_id(f"period-{january.pk}")
    expect(row.locator(".progress-bar")).to_have_text("40%")
    expect(row.get_by_role("button", name="Hitung ulang")).to_be_disabled()

    ScoringRun.objects.filter(pk=run.pk).update(processed=7)
    expect(row.locator(".progress-bar")).to_have_text("70%")
    expect(row.locator("[data-processed]")).to_have_text("7")

    ScoringRun.objects.filter(pk=run.pk).update(processed=10, state=ScoringState.DONE)
    expect(row.locator("[data-run-state]")).to_have_text("Selesai")  # the page reloaded
    expect(row.get_by_role("button", name="Hitung ulang")).to_be_enabled()


def test_the_scoring_page_fits_a_phone(org, phone):
    make_year(org.sorong)
    log_in(phone, "hr.sorong")

    phone.goto(f"/kinerja/skor/?instansi={org.sorong.pk}")

    expect(phone.get_by_test_id("scoring-periods")).to_contain_text("Januari 2026")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_monitoring_page_opens_on_the_latest_scored_period_with_its_table(org, page):
    past = make_year(org.sorong, year=2020)  # every period has ended; only March is scored
    make_year(org.sorong, year=2021)  # a newer year, nothing scored yet
    score(period(past, 3), org.dinkes_sorong, employees=12, avg_indeks="88.5")
    log_in(page, "hr.sorong")

    page.goto("/kinerja/monitoring/")

    expect(page.locator("#f-year")).to_have_value("2020")
    expect(page.locator("#f-period option:checked")).to_have_text("Maret 2020")
    expect(page.get_by_test_id("monitoring-summary")).to_be_visible()
    expect(page.get_by_test_id("sum-employees")).to_have_text("12")
    expect(page.get_by_test_id("no-scores")).to_have_count(0)
    expect(page.locator("body")).to_contain_text("Maret 2020")
    expect(page.locator("body")).to_contain_text(org.dinkes_sorong.name)
