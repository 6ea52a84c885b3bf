"""The correction workflow in real Chromium: the employee proposes, HR is notified and approves."""

import pytest
from playwright.sync_api import expect

from employees.models import Employee

from .conftest import open_dropdown, open_navbar
from .test_foundation_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page):
    open_dropdown(page, "user-menu")
    page.get_by_role("button", name="Keluar").click()


def test_an_employee_proposes_a_correction_and_hr_approves_it(org, page):
    nurse = org.employee_dinkes_sorong
    log_in(page, nurse.nip)
    page.get_by_role("link", name="Profil saya", exact=True).click()
    expect(page.get_by_test_id("histories")).to_be_visible()
    page.get_by_role("link", name="Usulkan perubahan data").click()
    page.get_by_label("Tempat lahir").fill("Sorong")
    page.get_by_label("Alasan perubahan").fill("Tempat lahir belum diisi.")
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page.get_by_text("Usulan perubahan data dikirim")).to_be_visible()
    expect(page.get_by_test_id("own-corrections")).to_contain_text("Diajukan")
    log_out(page)

    log_in(page, "hr.sorong")
    expect(page.get_by_test_id("notification-bell")).to_contain_text("1")
    page.get_by_test_id("notification-bell").click()
    page.get_by_role("button", name="Buka", exact=True).click()  # not the navbar's "Buka menu"
    expect(page.get_by_test_id("changes")).to_contain_text("Sorong")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Setujui dan terapkan").click()
    expect(page.get_by_text("Usulan disetujui")).to_be_visible()
    assert Employee.objects.get(pk=nurse.pk).birth_place == "Sorong"


def test_the_correction_form_and_the_subordinates_fit_a_phone(org, phone):
    log_in(phone, org.employee_dinkes_sorong.nip)
    phone.goto("/pegawai/profil-saya/usulan-perubahan/")
    expect(phone.get_by_test_id("correction-form")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    log_out_phone(phone)
    log_in(phone, "kadinkes.sorong")
    phone.goto("/pegawai/bawahan/")
    expect(phone.get_by_test_id("subordinate-table")).to_contain_text("Siti Perawat")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def log_out_phone(page):
    open_navbar(page)
    log_out(page)
