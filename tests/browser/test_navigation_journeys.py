"""The navigation bar in real Chromium (issue 10 item 14): one line from 1280 px for the biggest
menus (an HR officer's and the superuser's), its dropdowns open (Bootstrap's own script under the
Content-Security-Policy), it collapses on a phone, and its search box finds an employee by NIP."""

import contextlib

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from notifications.models import Notification

from .conftest import ARTIFACTS, open_dropdown, open_navbar
from .test_foundation_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOGINS = {"hr_sorong": "hr.sorong", "superuser": "admin"}
# A long name, as real accounts have: the user menu must not push the bar onto a second line.
LONG_NAME = ("Dra. Hj. Sitti Nurhayati Rahmawati", "Kusumaningrum, M.Si.")

# The boxes of the bar's top-level items: the brand, each entry of the main menu, the search box,
# the bell, the language switch and the user menu.
TOP_LEVEL_BOXES = """() => {
  const nav = document.querySelector('[data-testid="navbar"]');
  const items = [
    nav.querySelector('.navbar-brand'),
    ...nav.querySelectorAll('[data-testid="main-menu"] > li'),
    nav.querySelector('[data-testid="navbar-search"]'),
    nav.querySelector('[data-testid="notification-bell"]'),
    nav.querySelector('[data-testid="language-switch"]'),
    nav.querySelector('[data-testid="user-menu"]'),
  ];
  return {
    navHeight: nav.getBoundingClientRect().height,
    rowHeight: nav.querySelector('[data-testid="main-menu"] .nav-link').getBoundingClientRect().height,
    container: nav.querySelector('.container-lg').getBoundingClientRect().right,
    items: items.map((el) => {
      const box = el.getBoundingClientRect();
      return {text: el.innerText.trim().slice(0, 30), top: box.top, bottom: box.bottom,
              left: box.left, right: box.right, visible: box.width > 0 && box.height > 0};
    }),
  };
}"""


def prepare(org, persona: str) -> None:
    """A long name and a two-digit count on the bell: the widest bar such a user can have."""
    user = org.users[persona]
    user.first_name, user.last_name = LONG_NAME
    user.save(update_fields=["first_name", "last_name"])
    Notification.objects.bulk_create(
        Notification(recipient=user, kind="uji", title=f"Uji {i}", key=f"uji-{i}") for i in range(12)
    )


def assert_one_line(page, label: str) -> None:
    layout = page.evaluate(TOP_LEVEL_BOXES)
    items = layout["items"]
    assert len(items) >= 9 and all(item["visible"] for item in items), (label, items)
    # One row: every item overlaps every other vertically (none sits below another's bottom) and
    # the bar is no taller than one row of links plus its padding.
    lowest_top = max(item["top"] for item in items)
    highest_bottom = min(item["bottom"] for item in items)
    assert lowest_top < highest_bottom, (label, items)
    assert layout["navHeight"] < 2 * layout["rowHeight"], (label, layout)
    # Left to right in that order, none overflowing the bar.
    lefts = [item["left"] for item in items]
    assert lefts == sorted(lefts), (label, items)
    assert max(item["right"] for item in items) <= layout["container"] + 0.5, (label, items)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (label, width)


def check_dropdowns(page, label: str) -> int:
    """Open each dropdown of the bar in turn: its items show, inside the window; Escape closes it."""
    toggles = page.locator('[data-testid="navbar"] [data-bs-toggle="dropdown"]')
    count = toggles.count()
    for i in range(count):
        toggle = toggles.nth(i)
        menu = toggle.locator("xpath=following-sibling::ul[contains(@class, 'dropdown-menu')]")
        expect(menu).to_be_hidden()
        toggle.click()
        expect(menu).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        first = menu.locator(".dropdown-item").first
        expect(first).to_be_visible()
        box = menu.bounding_box()
        assert box is not None and box["x"] >= 0, (label, i, box)
        assert box["x"] + box["width"] <= page.viewport_size["width"], (label, i, box)
        page.keyboard.press("Escape")
        expect(menu).to_be_hidden()
    return count


@pytest.mark.parametrize("persona", ["hr_sorong", "superuser"])
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (1366, 768)])
def test_the_navbar_holds_one_line_its_dropdowns_open_and_its_search_finds_a_nip(
    org, page, persona, width, height
):
    prepare(org, persona)
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, LOGINS[persona])
    expect(page.get_by_test_id("navbar-search")).to_be_visible()
    assert_one_line(page, f"{persona} {width}px")

    # Pegawai, Kinerja, Laporan and the user menu.
    assert check_dropdowns(page, f"{persona} {width}px") == 4
    open_dropdown(page, "menu-laporan")
    page.get_by_role("link", name="Daftar Urut Kepangkatan (DUK)").click()
    expect(page).to_have_url(f"{page.url.split('/laporan/')[0]}/laporan/duk/")
    assert_one_line(page, f"{persona} {width}px on the DUK page")

    # The search box: the nurse's NIP as it is printed (with spaces), then Enter.
    nurse = org.employee_dinkes_sorong
    box = page.get_by_label("Cari pegawai (nama atau NIP)")
    box.fill(nurse.nip_display)
    box.press("Enter")
    table = page.get_by_test_id("employee-table")
    expect(table).to_contain_text("Siti Perawat")
    expect(table.locator("tbody tr")).to_have_count(1)
    table.get_by_role("link", name="Siti Perawat").click()
    expect(page.get_by_test_id("employee-name")).to_have_text("Siti Perawat")


@pytest.mark.parametrize("persona", ["hr_sorong", "superuser"])
def test_the_english_navbar_holds_one_line_at_1280(org, page, persona):
    """English labels are longer (Employees, Performance, Bahasa Indonesia)."""
    prepare(org, persona)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, LOGINS[persona])
    page.get_by_test_id("language-switch").get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Employees")).to_be_visible()
    assert_one_line(page, f"{persona} English")


def test_the_head_finds_a_subordinate_but_not_another_unit(org, page):
    log_in(page, "kadinkes.sorong")
    box = page.get_by_label("Cari pegawai (nama atau NIP)")
    box.fill(org.employee_dishub_sorong.nip)  # Dinas Perhubungan: not under the head
    box.press("Enter")
    expect(page.get_by_test_id("employee-table")).to_contain_text("Tidak ada pegawai yang cocok")
    box = page.get_by_label("Cari pegawai (nama atau NIP)")
    box.fill("siti")
    box.press("Enter")
    expect(page.get_by_test_id("employee-table")).to_contain_text("Siti Perawat")


def test_a_plain_employee_has_no_search_box_and_a_short_menu(org, page):
    log_in(page, org.employee_dinkes_sorong.nip)
    expect(page.get_by_test_id("navbar-search")).to_have_count(0)
    expect(page.get_by_test_id("menu-pegawai")).to_have_count(0)
    expect(page.get_by_role("link", name="Profil saya", exact=True)).to_be_visible()


def test_the_navbar_collapses_on_a_phone_and_its_groups_open_inside_it(org, phone):
    log_in(phone, "hr.sorong")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    expect(phone.get_by_test_id("main-menu")).to_be_hidden()
    expect(phone.get_by_test_id("navbar-search")).to_be_hidden()
    open_navbar(phone)
    expect(phone.get_by_test_id("main-menu")).to_be_visible()
    open_dropdown(phone, "menu-pegawai")
    expect(phone.get_by_role("link", name="Daftar pegawai")).to_be_visible()
    open_dropdown(phone, "menu-laporan")
    expect(phone.get_by_role("link", name="Semua laporan")).to_be_visible()
    search = phone.get_by_test_id("navbar-search")
    expect(search).to_be_visible()
    box = search.bounding_box()
    assert box is not None and box["width"] > 300, box  # the whole width of the open menu
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "navbar-phone-open.png"), full_page=True)
    box = phone.get_by_label("Cari pegawai (nama atau NIP)")
    box.fill(org.employee_dinkes_sorong.nip.replace("", " ").strip()[:9])  # "1 9 9 0 0"
    box.press("Enter")
    expect(phone.get_by_test_id("employee-table")).to_contain_text("Siti Perawat")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    open_navbar(phone)
    switch = phone.get_by_test_id("language-switch")
    switch.get_by_role("button").click()  # longer English titles
    try:
        expect(phone.locator("html")).to_have_attribute("lang", "en", timeout=10_000)
    except AssertionError:
        # In full CI runs the tap sometimes lands while the menu is still opening and submits nothing
        # (seen twice; never alone). What this test checks is the English layout, so send the form.
        with contextlib.suppress(PlaywrightError):  # the first tap's navigation arrived meanwhile
            switch.evaluate("form => form.requestSubmit()")
        expect(phone.locator("html")).to_have_attribute("lang", "en", timeout=15_000)
    open_navbar(phone, "Open menu")
    open_dropdown(phone, "menu-laporan")
    expect(phone.get_by_role("link", name="All reports")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
