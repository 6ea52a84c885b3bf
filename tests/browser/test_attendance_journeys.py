"""Presensi in real Chromium on a phone-sized screen: the nurse checks in standing inside the Sorong
office's geofence (Playwright sets the device's position), then, standing 111 m away, is refused with
the distance; the page shows the check-in's time and offers the check-out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from ..attendance.factories import INSIDE, OUTSIDE, fence
from ..conftest import PASSWORD
from .conftest import _page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def located_phone(browser, live_server, request):
    """A phone whose position is inside the Sorong office and whose site may read it."""
    yield from _page(
        browser, live_server, request, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True,
        geolocation={"latitude": INSIDE[0], "longitude": INSIDE[1], "accuracy": 15}, permissions=["geolocation"],
    )  # fmt: skip


def test_the_nurse_checks_in_inside_the_office_and_is_refused_outside_it(org, located_phone, time_machine):
    # 09.30 WIT of the coming day (inside the 06.00–18.00 window), near the real date for Chromium.
    now = datetime.now(UTC)
    time_machine.move_to((now + timedelta(days=1)).replace(hour=0, minute=30, second=0, microsecond=0))
    cache.clear()
    fence(org.sorong)
    page = located_phone
    page.goto("/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill(org.employee_dinkes_sorong.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto("/presensi/")
    button = page.get_by_test_id("presence-button")
    expect(button).to_have_text("Presensi masuk")
    button.click()
    expect(page.get_by_role("alert").first).to_contain_text("Presensi masuk tercatat pukul 09.30")
    expect(page.get_by_test_id("presence-in")).to_contain_text("09.30")
    expect(page.get_by_test_id("presence-button")).to_have_text("Presensi pulang")

    page.context.set_geolocation({"latitude": OUTSIDE[0], "longitude": OUTSIDE[1], "accuracy": 15})
    page.get_by_test_id("presence-button").click()
    expect(page.get_by_role("alert").first).to_contain_text("Anda berada di luar lokasi kerja: 111 meter")
    expect(page.get_by_test_id("presence-out")).to_have_text("–")
