"""The scoring page in real Chromium: the progress bar follows a running run, and fits a phone."""

import pytest
from playwright.sync_api import expect

from performance.choices import ScoringState
from performance.models import ScoringRun
from tests.performance.factories import DURING_YEAR, make_year, period

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
