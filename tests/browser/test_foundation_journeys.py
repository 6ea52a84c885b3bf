"""Each role logs in through the real login form, sees its dashboard, and switches language."""

import pytest
from playwright.sync_api import expect

from ..conftest import PASSWORD
from .conftest import open_dropdown

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, login):
    page.goto("/masuk/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.get_by_label("NIP atau nama pengguna").fill(login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("dashboard-title")).to_be_visible()


@pytest.mark.parametrize(
    ("persona", "section"),
    [
        ("superuser", "dashboard-hr"),
        ("hr_sorong", "dashboard-hr"),
        ("head_dinkes_sorong", "dashboard-head"),
        ("employee_dinkes_sorong", "dashboard-employee"),
    ],
)
def test_each_role_logs_in_sees_its_dashboard_and_switches_to_english(org, page, persona, section):
    login = org.users[persona].username
    if persona == "employee_dinkes_sorong":
        login = org.employee_dinkes_sorong.nip_display  # employees log in with their NIP
    log_in(page, login)
    expect(page.get_by_test_id(section)).to_be_visible()
    expect(page.get_by_role("link", name="Beranda")).to_be_visible()
    page.get_by_test_id("language-switch").get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Home")).to_be_visible()
    expect(page.get_by_test_id(section)).to_be_visible()


def test_the_head_sees_their_subordinate_but_not_other_units(org, page):
    log_in(page, "kadinkes.sorong")
    open_dropdown(page, "menu-pegawai")
    page.get_by_role("link", name="Daftar pegawai").click()
    table = page.get_by_test_id("employee-table")
    expect(table).to_contain_text("Siti Perawat")
    expect(table).not_to_contain_text("Staf Dishub Sorong")


def test_a_wrong_password_shows_an_indonesian_message(org, page):
    page.goto("/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill("hr.sorong")
    page.get_by_label("Kata sandi").fill("salah")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_text("kata sandi salah")).to_be_visible()


def test_the_dashboard_fits_a_phone_screen(org, phone):
    log_in(phone, "hr.sorong")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    toggler = phone.get_by_role("button", name="Buka menu")
    expect(toggler).to_be_visible()
    toggler.click()
    expect(phone.get_by_role("link", name="Organisasi")).to_be_visible()
