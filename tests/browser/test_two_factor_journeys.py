"""HR invites a new employee, who sets a password and signs in with a second factor (issue 13, items 1
and 2), in real Chromium: the invitation goes to the test outbox, the employee opens its link, sets a
password, enrols an authenticator (the test plays the phone: it reads the key the page shows and
computes the code), signs out, and signs in again with password and code."""

import re
from base64 import b32decode

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.choices import AccountEventKind
from accounts.models import AccountEvent
from tests.accounts.otp import code_for
from tests.factories import make_employee

from .conftest import ARTIFACTS, open_dropdown
from .test_employee_journeys import field
from .test_foundation_journeys import log_in
from .test_self_service_journeys import log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Kunci-Baru-Sekali-2026"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"two-factor-{name}.png"), full_page=True)


def password_step(page, login: str, password: str) -> None:
    page.goto("/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill(login)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def test_hr_invites_a_new_employee_who_sets_a_password_and_signs_in_with_a_second_factor(org, page):
    newcomer = make_employee(org.dishub_sorong, name="Budi Baru", email="budi.baru@example.go.id")

    # HR gives the newcomer an account and sends the invitation.
    log_in(page, "hr.sorong")
    page.goto(f"/akun/pegawai/{newcomer.pk}/")
    page.get_by_role("button", name="Buat atau hubungkan akun").click()
    expect(page.get_by_test_id("account-username")).to_have_text(newcomer.nip)
    page.get_by_test_id("account-invite").click()
    expect(page.get_by_role("alert").filter(has_text="Undangan dikirim")).to_be_visible()
    log_out(page)

    assert [m.to for m in mail.outbox] == [[newcomer.email]]
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    # The newcomer opens the link and sets a password.
    page.goto(path)
    field(page, "Kata sandi baru").fill(NEW_PASSWORD)
    field(page, "Ulangi kata sandi baru").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Simpan kata sandi").click()
    expect(page.get_by_text("Kata sandi Anda tersimpan")).to_be_visible()

    # Signs in with the password alone, and switches on two-step verification from the user menu.
    password_step(page, newcomer.nip, NEW_PASSWORD)
    expect(page.get_by_test_id("dashboard-title")).to_be_visible()
    open_dropdown(page, "user-menu")
    page.get_by_role("link", name="Verifikasi dua langkah").click()
    page.get_by_test_id("two-factor-enrol").click()
    expect(page.get_by_test_id("two-factor-qr")).to_be_visible()
    qr_source = page.get_by_test_id("two-factor-qr").get_attribute("src")
    assert qr_source.startswith("data:image/svg+xml"), "the QR code is drawn inline, from no other site"
    key = b32decode(page.get_by_test_id("two-factor-secret").inner_text().replace(" ", "")).hex()
    shot(page, "enrol")

    field(page, "Kode verifikasi").fill("000000" if code_for(key) != "000000" else "111111")
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.get_by_text("Kode salah atau sudah kedaluwarsa")).to_be_visible()

    field(page, "Kode verifikasi").fill(code_for(key))
    page.get_by_role("button", name="Aktifkan").click()
    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    shot(page, "recovery-codes")
    page.get_by_test_id("two-factor-continue").click()
    expect(page.get_by_test_id("dashboard-title")).to_be_visible()
    log_out(page)

    # The next sign-in asks for the code after the password, and nothing opens before it.
    password_step(page, newcomer.nip, NEW_PASSWORD)
    expect(page.get_by_test_id("two-factor-verify-form")).to_be_visible()
    page.goto("/akun/dua-langkah/")
    expect(page.get_by_test_id("two-factor-verify-form")).to_be_visible()
    shot(page, "verify")
    field(page, "Kode verifikasi").fill(code_for(key, steps_ahead=1))  # the enrolment's code is spent
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_test_id("two-factor-status")).to_be_visible()
    expect(page.get_by_test_id("two-factor-status")).to_contain_text("Aktif")

    newcomer.refresh_from_db()
    assert list(
        AccountEvent.objects.filter(user=newcomer.user).order_by("pk").values_list("kind", flat=True)
    ) == [
        AccountEventKind.CREATED,
        AccountEventKind.INVITED,
        AccountEventKind.ACTIVATED,
        AccountEventKind.TWO_FACTOR_ENROLLED,
    ]
