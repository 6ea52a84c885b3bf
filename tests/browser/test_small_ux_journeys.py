"""Issue 10 item 19 in Chromium: no filter option is cut off ("3 bulan ke depa")."""

import pytest
from playwright.sync_api import expect

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
]


@pytest.mark.parametrize("width", [1366, 1280, 992, 768])
def test_no_filter_option_is_cut_off(org, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "hr.sorong")
    cut = []
    for url in FILTER_PAGES:
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator("main select").first).to_be_visible()
        cut += [(url, option) for option in page.evaluate(CUT_OFF_SELECTS)]
    assert cut == [], "\n".join(f"{url} {option}" for url, option in cut)
