"""The citizens' survey in Chromium on a phone (390×844): open the form from the address the QR poster
encodes, make a mistake, correct it, send, see the ticket and check its status; the same form with the
keyboard only; and axe-core (axe-playwright-python) finds no serious or critical accessibility violation on
the form (also with its errors shown), the thank-you page and the ticket page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from surveys import poster
from surveys.models import FollowUp, Response
from tests.surveys.public_factories import make_period, make_service, make_service_unit

from .conftest import _page
from .test_foundation_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_390(browser, live_server, request):
    """A 390×844 touch phone (an iPhone 12–15 sized screen)."""
    yield from _page(browser, live_server, request, viewport=PHONE, is_mobile=True, has_touch=True)


@pytest.fixture
def counter(org):
    unit = make_service_unit(org.pkm_sorong, "pkm-sorong-kota", name="Loket Puskesmas Sorong Kota")
    make_service(unit, "Pemeriksaan umum")
    make_service(unit, "Pemeriksaan gigi")
    make_period(unit)
    return unit


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def qr_address(page, unit) -> str:
    """The form's address as HR's poster page shows it, checked against the QR code it serves."""
    log_in(page, "hr.sorong")
    page.goto(f"/survei/unit-layanan/{unit.pk}/poster/")
    url = page.get_by_test_id("form-url").inner_text().strip()
    svg = page.request.get(f"/survei/unit-layanan/{unit.pk}/poster/qr.svg")
    assert svg.ok and svg.body() == poster.qr_svg(url), "the QR code encodes the address shown"
    return url


def answer_all(page, value_label: str = "Sesuai") -> None:
    for i in range(1, 10):
        page.locator(f"input[name=u{i}][value='3']").check()


def test_a_citizen_on_a_phone_sends_the_survey_and_follows_the_ticket(org, counter, page, phone_390):
    url = qr_address(page, counter)
    assert url.endswith("/s/pkm-sorong-kota/")

    phone = phone_390
    phone.goto(url)
    expect(phone.locator("html")).to_have_attribute("lang", "id")
    expect(phone.get_by_role("heading", name="Survei Kepuasan Masyarakat")).to_be_visible()
    assert serious_violations(phone) == []
    no_sideways_scroll = phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways_scroll, "the form fits the phone's width"

    # A mistake: an age of 5 and the question on waiting time (U3) left out.
    phone.get_by_label("Usia (tahun)").fill("5")
    phone.get_by_label("Perempuan").check()
    phone.get_by_label("Pendidikan terakhir").select_option("sma")
    phone.get_by_label("Pekerjaan utama").select_option("wirausaha")
    phone.get_by_label("Jenis layanan yang Anda terima").select_option(label="Pemeriksaan gigi")
    for i in (1, 2, 4, 5, 6, 7, 8, 9):
        phone.locator(f"input[name=u{i}][value='3']").check()
    phone.get_by_label("Saran dan masukan").fill("Antrean pagi terlalu panjang.")
    phone.get_by_test_id("submit").click()

    summary = phone.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Usia paling rendah 10 tahun.")
    expect(summary).to_contain_text("Pilih salah satu jawaban.")
    expect(phone.get_by_label("Saran dan masukan")).to_have_value("Antrean pagi terlalu panjang.")
    expect(phone.locator("input[name=u1][value='3']")).to_be_checked()
    assert not Response.objects.exists()
    assert serious_violations(phone) == [], "the form with its errors"

    # Corrected: the summary's link leads to the question left out.
    summary.get_by_role("link", name="Bagaimana pendapat Saudara tentang kecepatan waktu").click()
    phone.locator("input[name=u3][value='4']").check()
    phone.get_by_label("Usia (tahun)").fill("52")
    phone.get_by_test_id("submit").click()

    expect(phone.get_by_test_id("thanks")).to_be_visible()
    ticket = phone.get_by_test_id("ticket").inner_text().strip()
    saved = Response.objects.get()
    assert (saved.age, saved.sex, saved.u3, saved.service.name) == (52, "P", 4, "Pemeriksaan gigi")
    assert FollowUp.objects.get().ticket == ticket
    assert serious_violations(phone) == []

    # Later: the ticket's status.
    phone.get_by_test_id("ticket-link").click()
    expect(phone.get_by_test_id("ticket-state")).to_have_text("Baru")
    assert serious_violations(phone) == []
    # Back and send again: the same thank-you page, nothing saved twice.
    phone.go_back()
    phone.go_back()
    expect(phone.get_by_test_id("survey-form")).to_be_visible()
    phone.get_by_test_id("submit").click()
    expect(phone.get_by_test_id("ticket")).to_have_text(ticket)
    assert Response.objects.count() == 1


def test_the_form_can_be_filled_in_with_the_keyboard_only(counter, phone_390):
    phone = phone_390
    phone.goto("/s/pkm-sorong-kota/")
    keys = phone.keyboard
    keys.press("Tab")  # the skip link
    expect(phone.get_by_role("link", name="Langsung ke isi")).to_be_focused()
    keys.press("Tab")  # the language switch
    keys.press("Tab")
    expect(phone.get_by_label("Usia (tahun)")).to_be_focused()
    keys.type("41")
    keys.press("Tab")  # sex: into the group, then the arrow picks
    keys.press("ArrowDown")
    for _ in range(3):  # education, occupation, service: each select with the arrow keys
        keys.press("Tab")
        keys.press("ArrowDown")
    for _ in range(9):  # each unsur: into its group, then two steps right (answer 3)
        keys.press("Tab")
        keys.press("ArrowRight")
        keys.press("ArrowRight")
    keys.press("Tab")
    expect(phone.get_by_label("Saran dan masukan")).to_be_focused()
    keys.type("Semua baik.")
    keys.press("Tab")  # the token
    keys.press("Tab")
    expect(phone.get_by_test_id("submit")).to_be_focused()
    keys.press("Enter")
    expect(phone.get_by_test_id("thanks")).to_be_visible()
    saved = Response.objects.get()
    assert (saved.age, saved.sex, saved.education, saved.occupation) == (41, "P", "sd", "asn")
    assert [getattr(saved, f"u{i}") for i in range(1, 10)] == [3] * 9
    assert saved.suggestion == "Semua baik."


def test_the_form_switches_to_english_and_stays_accessible(counter, phone_390):
    phone = phone_390
    phone.goto("/s/pkm-sorong-kota/")
    phone.get_by_role("button", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.get_by_test_id("submit")).to_have_text("Send answers")
    phone.get_by_test_id("submit").click()
    expect(phone.get_by_test_id("error-summary")).to_contain_text("Choose one answer.")
    assert serious_violations(phone) == []
    assert not Response.objects.exists()
