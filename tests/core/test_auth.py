"""Logging in with NIP or username, brute-force lockout, password rules, sessions."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ..conftest import PASSWORD


@pytest.fixture(autouse=True)
def _reset_axes(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def login(client, username, password=PASSWORD):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_an_employee_logs_in_with_their_nip_typed_with_spaces(org):
    client = Client()
    nip = org.employee_dinkes_sorong.nip
    response = login(client, f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    assert client.session[SESSION_KEY] == str(org.users["employee_dinkes_sorong"].pk)
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_hr_logs_in_with_a_username_in_any_case(org):
    client = Client()
    response = login(client, "HR.Sorong")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    assert client.session[SESSION_KEY] == str(org.users["hr_sorong"].pk)


def test_a_wrong_password_says_so_in_indonesian(org):
    client = Client()
    response = login(client, "hr.sorong", "salah-sekali")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert "kata sandi salah" in response.content.decode()


def test_five_failures_lock_the_account_however_the_nip_is_typed(org):
    client = Client()
    nip = org.employee_dinkes_sorong.nip
    spellings = [nip, f"{nip[:8]} {nip[8:]}", f"{nip[:8]}.{nip[8:]}", nip, nip]
    for spelling in spellings:
        login(client, spelling, "tebak-tebak")
    response = login(client, nip)  # even the right password is refused now
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert "dikunci sementara" in response.content.decode()


def test_five_failures_spread_over_the_nip_with_dots_the_plain_nip_and_the_username_lock_the_account(org):
    client = Client()
    nip = org.employee_dinkes_sorong.nip
    username = org.users["employee_dinkes_sorong"].username
    spellings = [f"{nip[:8]}.{nip[8:14]}.{nip[14]}.{nip[15:]}", nip, username.upper(), username, nip]
    for spelling in spellings[:4]:
        assert login(client, spelling, "tebak-tebak").status_code == 200
    assert login(client, spellings[4], "tebak-tebak").status_code == 429
    for spelling in spellings:  # locked under every spelling, even with the right password
        response = login(client, spelling)
        assert response.status_code == 429, spelling
        assert "dikunci sementara" in response.content.decode()
    assert login(client, "hr.sorong").status_code == 302  # another account from the same address


def test_four_failures_under_each_spelling_do_not_add_up_to_twenty_guesses(org):
    client = Client()
    nip = org.employee_dinkes_sorong.nip
    for _ in range(4):
        login(client, nip, "tebak-tebak")
    assert login(client, org.users["employee_dinkes_sorong"].username, "tebak-tebak").status_code == 429


def test_failures_over_many_accounts_from_one_address_get_that_address_throttled(org, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 12
    sprayer = Client(REMOTE_ADDR="203.0.113.7")
    accounts = [f"pegawai{i}" for i in range(12)]  # one guess per account: no account reaches 5
    for account in accounts[:11]:
        assert login(sprayer, account, "Rahasia123!").status_code == 200
    assert login(sprayer, accounts[11], "Rahasia123!").status_code == 429
    response = login(sprayer, "hr.sorong")  # a real account with its right password: throttled too
    assert response.status_code == 429
    assert "dikunci sementara" in response.content.decode()
    office = Client(REMOTE_ADDR="198.51.100.20")  # another address is not affected
    assert login(office, "hr.sorong").status_code == 302


def test_an_office_behind_one_address_survives_a_morning_of_typos(org):
    office = Client(REMOTE_ADDR="198.51.100.20")
    assert settings.LOGIN_IP_FAILURE_LIMIT >= 5 * settings.AXES_FAILURE_LIMIT
    for i in range(settings.LOGIN_IP_FAILURE_LIMIT - 1):
        login(office, f"pegawai{i % 20}", "salah")
    assert login(office, "hr.sorong").status_code == 302


def test_an_inactive_user_cannot_log_in(org):
    user = org.users["hr_sorong"]
    user.is_active = False
    user.save()
    client = Client()
    assert login(client, "hr.sorong").status_code == 200
    assert SESSION_KEY not in client.session


def test_weak_passwords_are_refused():
    for weak in ["12345678901", "password123", "pendek"]:
        with pytest.raises(ValidationError):
            validate_password(weak)


def test_sessions_expire_after_a_working_day_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_a_user_changes_their_password(org):
    client = Client()
    client.force_login(org.users["employee_dinkes_sorong"])
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Baru-Sekali-2026!",
            "new_password2": "Baru-Sekali-2026!",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    org.users["employee_dinkes_sorong"].refresh_from_db()
    assert org.users["employee_dinkes_sorong"].check_password("Baru-Sekali-2026!")
    # The session that changed the password stays logged in.
    assert client.session[SESSION_KEY] == str(org.users["employee_dinkes_sorong"].pk)
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_logout_ends_the_session(org):
    client = Client()
    client.force_login(org.users["hr_sorong"])
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:login")
    assert SESSION_KEY not in client.session
    page = client.get(reverse("core:dashboard"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("core:login"))
