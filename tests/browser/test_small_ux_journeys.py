"""Issue 10 item 19 in Chromium: no filter option is cut off ("3 bulan ke depa"), and the SKP chart is
readable on a phone."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from performance.choices import AppraisalState, Predikat, Rating
from tests.performance.factories import make_appraisal, make_skp, make_year, period

from .test_foundation_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The text of every select's chosen option against the room its box leaves for text.
CUT_OFF_SELECTS = """
() => {
  const canvas = document.createElement("canvas").getContext("2d");
  const cut = [];
  // Not the unit and agency pickers: their options are names of any length, typed by HR.
  for (const select of document.querySelectorAll("main select:not([name=unit]):not([name=instansi])")) {
    const style = getComputedStyle(select);
    if (style.display === "none" || select.offsetParent === null) continue;
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const option of select.options) {
      const text = option.text.trim();
      if (canvas.measureText(text).width > room + 1) cut.push(`${select.name}: ${text}`);
    }
  }
  return cut;
}
"""

FILTER_PAGES = [
    "/laporan/kgb/",
    "/laporan/pensiun/",
    "/laporan/satyalancana/",
    "/laporan/rekap/",
    "/laporan/kenaikan-pangkat/",
    "/laporan/duk/",
    "/pegawai/",
    "/pegawai/bawahan/",
    "/pegawai/usulan-perubahan/",
    "/kinerja/monitoring/",
    "/kinerja/penghargaan/",
    "/kinerja/pembinaan/",
    "/notifikasi/",
]


@pytest.mark.parametrize("width", [1366, 1280, 992, 768])
def test_no_filter_option_is_cut_off(org, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "hr.sorong")
    cut = []
    for url in FILTER_PAGES:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        expect(page.locator("h1")).to_be_visible()
        if url.startswith("/laporan/"):
            expect(page.locator("main select").first).to_be_visible()
        cut += [(url, option) for option in page.evaluate(CUT_OFF_SELECTS)]
    assert cut == [], "\n".join(f"{url} {option}" for url, option in cut)


# The smallest text of the chart as drawn on the screen, in CSS pixels.
SMALLEST_CHART_TEXT = """
() => {
  const svg = document.querySelector(".predikat-chart");
  const scale = svg.getScreenCTM().a;
  return Math.min(...[...svg.querySelectorAll("text")].map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
}
"""


@pytest.mark.parametrize("months", [2, 12])
def test_the_predikat_chart_is_readable_on_a_phone(org, phone, months):
    year = make_year(org.sorong)
    skp = make_skp(org.employee_dinkes_sorong, year)
    for number in range(1, months + 1):
        make_appraisal(
            skp,
            period(year, number),
            state=AppraisalState.FINAL,
            indeks=Decimal(95),
            rating_hasil=Rating.MEETS,
            rating_perilaku=Rating.MEETS,
            predikat=Predikat.BAIK,
        )
    log_in(phone, org.employee_dinkes_sorong.nip)
    phone.goto("/kinerja/saya/")
    chart = phone.get_by_test_id("predikat-chart")
    chart.scroll_into_view_if_needed()
    expect(chart.locator("rect")).to_have_count(months)
    assert phone.evaluate(SMALLEST_CHART_TEXT) >= 11
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375, (
        "the page itself never scrolls sideways"
    )
    if months == 12:
        # The chart is wider than the phone: it opens at its latest month, and the first one is
        # reached by scrolling the chart's own box back.
        box = phone.locator(".chart-scroll")
        first, last = chart.locator(".bar-label").first, chart.locator(".bar-label").last
        expect(last).to_be_in_viewport()
        expect(first).not_to_be_in_viewport()
        box.evaluate("element => { element.scrollLeft = 0; }")
        expect(first).to_be_in_viewport()


def test_the_predikat_chart_fills_a_desktop_card(org, page):
    year = make_year(org.sorong)
    skp = make_skp(org.employee_dinkes_sorong, year)
    make_appraisal(
        skp,
        period(year, 1),
        state=AppraisalState.FINAL,
        indeks=Decimal(95),
        rating_hasil=Rating.MEETS,
        rating_perilaku=Rating.MEETS,
        predikat=Predikat.BAIK,
    )
    log_in(page, org.employee_dinkes_sorong.nip)
    page.goto("/kinerja/saya/")
    box = page.locator(".chart-scroll").bounding_box()
    svg = page.locator(".predikat-chart").bounding_box()
    assert abs(svg["width"] - box["width"]) < 2, "as wide as its card"
    assert page.evaluate(SMALLEST_CHART_TEXT) >= 11
