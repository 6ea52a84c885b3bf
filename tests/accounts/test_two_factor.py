"""Two-factor sign-in (issue 13, item 2): enrolment with a QR code, sign-in with the authenticator or a
recovery code, the per-agency requirement, the reset of a lost device by another officer, the audit."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import access, services
from accounts.choices import AccountEventKind, TwoFactorState
from accounts.middleware import SESSION_KEY
from accounts.models import AccountEvent, TwoFactorPolicy
from core.access import actor_for
from core.models import HrAssignment

from ..conftest import PASSWORD
from ..factories import make_employee, make_user
from .otp import KEY, RECOVERY_CODE, code_for, enrol_device, has_device

DASHBOARD = reverse("core:dashboard")
VERIFY = reverse("accounts:two_factor_verify")
ENROL = reverse("accounts:two_factor_enrol")


@pytest.fixture(autouse=True)
def _no_throttle_delay(settings):
    """django-otp waits 1, 2, 4 … seconds after each wrong code; the tests type the right one at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def kinds(user) -> list[str]:
    return list(AccountEvent.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


def password_step(client: Client, username: str, next_url: str = ""):
    url = reverse("core:login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password is right"
    return response


def secret_on(page: str) -> str:
    """The hex key behind the secret the enrolment page shows (base32, in groups of four)."""
    shown = re.search(r'data-testid="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    return b32decode(shown.replace(" ", "")).hex()


# --- Enrolment ----------------------------------------------------------------------------------------------
def test_enrolment_shows_a_qr_code_refuses_a_wrong_code_in_indonesian_and_enrols_with_the_right_one(
    org, as_persona
):
    client = as_persona("employee_dinkes_sorong")
    nurse = org.users["employee_dinkes_sorong"]
    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html, "the QR code is inline: no CDN, allowed by img-src data:"
    key = secret_on(html)

    wrong = "000000" if code_for(key) != "000000" else "111111"
    refused = client.post(ENROL, {"token": wrong})
    assert refused.status_code == 200
    assert "Kode salah atau sudah kedaluwarsa" in refused.content.decode()
    assert not has_device(nurse)
    assert secret_on(refused.content.decode()) == key, "the same secret until a code confirms it"

    done = client.post(ENROL, {"token": code_for(key)})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:two_factor_codes")
    device = TOTPDevice.objects.get(user=nurse)
    assert device.confirmed and device.key == key
    shown = client.get(done["Location"])
    codes = re.findall(r"<li class=\"list-group-item\">([a-z2-7]{8})</li>", shown.content.decode())
    assert len(codes) == services.RECOVERY_CODE_COUNT
    assert set(codes) == set(StaticToken.objects.filter(device__user=nurse).values_list("token", flat=True))
    assert client.get(reverse("accounts:two_factor_codes")).status_code == 302, "the codes are shown once"
    assert kinds(nurse) == [AccountEventKind.TWO_FACTOR_ENROLLED]
    assert client.get(DASHBOARD).status_code == 200, "the enrolling session gave its code"


def test_the_code_used_to_enrol_cannot_sign_in_again(org):
    nurse = org.users["employee_dinkes_sorong"]
    device, _codes = services.two_factor_enrol(user=nurse, key=KEY, token=code_for(KEY))
    assert services.two_factor_verify(user=nurse, token=code_for(KEY)) is None
    assert services.two_factor_verify(user=nurse, token=code_for(KEY, steps_ahead=1)) == device


def test_enrolling_twice_is_refused(org):
    nurse = org.users["employee_dinkes_sorong"]
    enrol_device(nurse)
    with pytest.raises(ValidationError, match="sudah aktif"):
        services.two_factor_enrol(user=nurse, key=KEY, token=code_for(KEY))


# --- Signing in -------------------------------------------------------------------------------------------------
def test_an_enrolled_account_signs_in_with_password_then_the_code_of_its_authenticator(org):
    nurse = org.users["employee_dinkes_sorong"]
    enrol_device(nurse)
    client = Client()
    profile = reverse("core:exports")
    password_step(client, "perawat.sorong", next_url=profile)
    assert client.session[SESSION_KEY] == TwoFactorState.VERIFY
    blocked = client.get(profile)
    assert blocked.status_code == 302 and blocked["Location"].startswith(VERIFY)
    assert client.get(reverse("accounts:list")).status_code == 302, "nothing else before the code"

    page = client.get(blocked["Location"])
    assert page.status_code == 200
    wrong = client.post(VERIFY, {"token": "12345", "next": profile})
    assert wrong.status_code == 200
    assert "Kode salah atau sudah dipakai" in wrong.content.decode()

    right = client.post(VERIFY, {"token": code_for(), "next": profile})
    assert right.status_code == 302 and right["Location"] == profile
    assert client.get(DASHBOARD).status_code == 200
    assert client.session[SESSION_KEY] == TwoFactorState.OK


def test_a_recovery_code_signs_in_once_and_is_audited(org):
    nurse = org.users["employee_dinkes_sorong"]
    enrol_device(nurse, codes=(RECOVERY_CODE, "zzzz7777"))
    first = Client()
    password_step(first, "perawat.sorong")
    response = first.post(VERIFY, {"token": RECOVERY_CODE.upper()})
    assert response.status_code == 302 and response["Location"] == DASHBOARD
    assert first.get(DASHBOARD).status_code == 200
    assert kinds(nurse) == [AccountEventKind.RECOVERY_CODE_USED]

    second = Client()
    password_step(second, "perawat.sorong")
    again = second.post(VERIFY, {"token": RECOVERY_CODE})
    assert again.status_code == 200, "a recovery code works once"
    assert second.get(DASHBOARD).status_code == 302
    assert list(StaticToken.objects.filter(device__user=nurse).values_list("token", flat=True)) == [
        "zzzz7777"
    ]


def test_too_many_wrong_codes_lock_the_code_step_even_for_the_right_code(org, settings):
    settings.TWO_FACTOR_ATTEMPT_LIMIT = 3
    user = make_user("coba.coba")
    enrol_device(user)
    client = Client()
    password_step(client, "coba.coba")
    for _ in range(3):
        assert (
            client.post(VERIFY, {"token": "999999" if code_for() != "999999" else "888888"}).status_code
            == 200
        )
    locked = client.post(VERIFY, {"token": code_for()})
    assert locked.status_code == 429
    assert "Terlalu banyak kode salah" in locked.content.decode()
    assert client.get(DASHBOARD).status_code == 302


def test_good_codes_do_not_count_towards_the_attempt_limit(org, settings):
    settings.TWO_FACTOR_ATTEMPT_LIMIT = 2
    user = make_user("sering.masuk")
    codes = ("aaaa2222", "bbbb3333", "cccc4444", "dddd5555")
    enrol_device(user, codes=codes)
    for code in codes:  # four sign-ins in a row, each with a good code, under a limit of two
        client = Client()
        password_step(client, "sering.masuk")
        assert client.post(VERIFY, {"token": code}).status_code == 302


def test_the_password_lockout_still_counts_before_the_code_step(org, settings):
    settings.AXES_FAILURE_LIMIT = 2
    nurse = org.users["employee_dinkes_sorong"]
    enrol_device(nurse)
    client = Client()
    for _ in range(2):
        client.post(reverse("core:login"), {"username": "perawat.sorong", "password": "salah-sekali"})
    locked = client.post(reverse("core:login"), {"username": "perawat.sorong", "password": PASSWORD})
    assert locked.status_code == 429
    assert SESSION_KEY not in client.session


def test_a_session_owing_a_code_may_still_sign_out(org):
    enrol_device(org.users["employee_dinkes_sorong"])
    client = Client()
    password_step(client, "perawat.sorong")
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# --- The requirement, per agency -------------------------------------------------------------------------------
def test_hr_officers_of_an_agency_requiring_it_reach_nothing_before_enrolling(org):
    TwoFactorPolicy.objects.create(instansi=org.sorong, required_for_hr=True)
    sorong = Client()
    sorong.force_login(org.users["hr_sorong"])
    assert sorong.session[SESSION_KEY] == TwoFactorState.ENROL
    for url in (DASHBOARD, reverse("accounts:list"), reverse("admin:index")):
        response = sorong.get(url)
        assert response.status_code == 302 and response["Location"].startswith(ENROL), url
    page = sorong.get(ENROL)
    assert page.status_code == 200 and 'data-testid="two-factor-required"' in page.content.decode()
    key = secret_on(page.content.decode())
    assert sorong.post(ENROL, {"token": code_for(key)}).status_code == 302
    assert sorong.get(reverse("accounts:list")).status_code == 200

    palembang = Client()
    palembang.force_login(org.users["hr_palembang"])
    assert palembang.get(reverse("accounts:list")).status_code == 200, "Palembang does not require it"
    nurse = Client()
    nurse.force_login(org.users["employee_dinkes_sorong"])
    assert nurse.get(DASHBOARD).status_code == 200, "employees of Sorong are not HR officers"


def test_the_requirement_applies_from_the_login_page_too(org):
    TwoFactorPolicy.objects.create(instansi=org.sorong, required_for_hr=True)
    client = Client()
    password_step(client, "hr.sorong")
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response["Location"].startswith(ENROL)


def test_superusers_must_enrol_when_the_setting_says_so(org, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    client = Client()
    client.force_login(org.users["superuser"])
    assert client.get(DASHBOARD)["Location"].startswith(ENROL)
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = False
    client = Client()
    client.force_login(org.users["superuser"])
    assert client.get(DASHBOARD).status_code == 200


def test_a_required_second_factor_cannot_be_switched_off_by_its_owner(org):
    TwoFactorPolicy.objects.create(instansi=org.sorong, required_for_hr=True)
    officer = org.users["hr_sorong"]
    enrol_device(officer)
    with pytest.raises(ValidationError, match="wajib"):
        services.two_factor_disable(user=officer, token=code_for())
    assert has_device(officer)


def test_an_optional_second_factor_is_switched_off_with_a_current_code_and_audited(org, as_persona):
    nurse = org.users["employee_dinkes_sorong"]
    client = as_persona("employee_dinkes_sorong")
    enrol_device(nurse)  # after signing in: this session owes no code
    client.post(reverse("accounts:two_factor_disable"), {"token": "000001"})
    assert has_device(nurse), "a wrong code switches nothing off"
    client.post(reverse("accounts:two_factor_disable"), {"token": code_for()})
    assert not has_device(nurse)
    assert kinds(nurse) == [AccountEventKind.TWO_FACTOR_DISABLED]


def test_new_recovery_codes_replace_the_old_ones(org):
    nurse = org.users["employee_dinkes_sorong"]
    enrol_device(nurse)
    codes = services.recovery_codes_renew(user=nurse)
    assert RECOVERY_CODE not in codes and len(codes) == services.RECOVERY_CODE_COUNT
    assert services.two_factor_verify(user=nurse, token=RECOVERY_CODE) is None
    assert services.two_factor_verify(user=nurse, token=codes[0]) is not None
    assert kinds(nurse) == [AccountEventKind.RECOVERY_CODES_RENEWED, AccountEventKind.RECOVERY_CODE_USED]


def test_the_policy_is_set_by_a_superuser_only_with_its_history(org):
    superuser = actor_for(org.users["superuser"])
    policy = services.two_factor_policy_set(actor=superuser, instansi=org.sorong, required=True)
    assert policy.history.get().history_user == org.users["superuser"]
    with pytest.raises(Exception) as refused:
        services.two_factor_policy_set(
            actor=actor_for(org.users["hr_sorong"]), instansi=org.sorong, required=False
        )
    assert refused.type.__name__ == "PermissionDenied"
    assert TwoFactorPolicy.objects.get(instansi=org.sorong).required_for_hr


# --- A lost device -----------------------------------------------------------------------------------------------
def test_another_hr_officer_of_the_agency_resets_a_lost_device_with_a_confirmation(org, as_persona):
    colleague = make_user("petugas.dua")
    HrAssignment.objects.create(user=colleague, instansi=org.sorong)
    make_employee(org.dishub_sorong, user=colleague, name="Petugas Dua")
    enrol_device(colleague)
    client = as_persona("hr_sorong")
    url = reverse("accounts:two_factor_reset", args=[colleague.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and 'data-testid="two-factor-reset-form"' in confirm.content.decode()
    assert has_device(colleague), "the GET only asks"
    done = client.post(url, {"note": "Ponsel hilang"})
    assert done.status_code == 302
    assert not has_device(colleague)
    event = AccountEvent.objects.get(user=colleague, kind=AccountEventKind.TWO_FACTOR_RESET)
    assert event.actor == org.users["hr_sorong"] and event.instansi_id == org.sorong.pk
    assert event.note == "Ponsel hilang"

    # Their next sign-in asks for no code; the policy (when on) sends them to enrol again.
    fresh = Client()
    password_step(fresh, "petugas.dua")
    assert fresh.get(DASHBOARD).status_code == 200


def test_nobody_resets_their_own_device_and_another_agencys_hr_sees_nothing(org, as_persona):
    officer = org.users["hr_sorong"]
    clients = {name: as_persona(name) for name in ("hr_sorong", "hr_palembang", "superuser")}
    enrol_device(officer)  # after signing in: this session owes no code
    url = reverse("accounts:two_factor_reset", args=[officer.pk])
    assert clients["hr_sorong"].post(url).status_code == 403
    assert clients["hr_palembang"].post(url).status_code == 404
    assert has_device(officer)
    assert clients["superuser"].post(url).status_code == 302
    assert not has_device(officer)


def test_an_hr_officer_cannot_reset_a_superusers_device(org):
    boss = make_user("boss", is_superuser=True)
    employee = make_employee(org.dishub_sorong, user=boss, name="Atasan Super")
    enrol_device(boss)
    hr = actor_for(org.users["hr_sorong"])
    account = access.TwoFactorAccount(user=boss, employee=employee, hr_instansi_ids=frozenset())
    assert not access.can_reset_two_factor(hr, account)
    client = Client()
    client.force_login(org.users["hr_sorong"])
    assert client.post(reverse("accounts:two_factor_reset", args=[boss.pk])).status_code == 403
    assert has_device(boss)


def test_the_account_page_shows_the_second_factor_and_links_its_reset(org, as_persona):
    enrol_device(org.users["employee_dinkes_sorong"])
    page = as_persona("hr_sorong").get(reverse("accounts:detail", args=[org.employee_dinkes_sorong.pk]))
    html = page.content.decode()
    assert reverse("accounts:two_factor_reset", args=[org.users["employee_dinkes_sorong"].pk]) in html


def test_the_officer_page_lists_agencies_requiring_it_and_each_officers_state(org, as_persona):
    TwoFactorPolicy.objects.create(instansi=org.palembang, required_for_hr=True)
    enrol_device(org.users["hr_sorong"])
    html = as_persona("superuser").get(reverse("accounts:officers")).content.decode()
    agencies = re.search(r'data-testid="two-factor-policy-agencies">(.*?)</p>', html, re.S).group(1)
    assert "Palembang" in agencies and "Sorong" not in agencies
    assert reverse("accounts:two_factor_reset", args=[org.users["hr_sorong"].pk]) in html


def test_pages_are_in_english_when_chosen(org, as_persona):
    client = as_persona("employee_dinkes_sorong")
    client.cookies["django_language"] = "en"
    assert "Two-step verification" in client.get(reverse("accounts:two_factor")).content.decode()
