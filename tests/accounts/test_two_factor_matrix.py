"""Permission matrix of the second sign-in factor (accounts/views/twofactor.py): one's own pages (open to
every signed-in persona, each for their own account), the code step, the agencies' policy (the
superuser) and the reset of a lost device (another HR officer of the agency, or the superuser)."""

from __future__ import annotations

import pytest
from django.urls import reverse as R

from accounts.choices import AccountEventKind, TwoFactorState
from accounts.middleware import SESSION_KEY
from accounts.models import AccountEvent, TwoFactorPolicy
from accounts.views.twofactor import ENROL_KEY
from core.models import HrAssignment

from ..access_matrix import NOBODY, Row, check_row, expect, matrix_ids, matrix_params
from ..conftest import PERSONAS
from ..factories import make_user
from .otp import KEY, code_for, enrol_device, has_device

SIGNED_IN = set(PERSONAS) - {"anonymous"}
# A Sorong account's reset: HR of Sorong and the superuser; people of Sorong who are not HR (and the
# owner) are refused (403); Palembang does not see Sorong's accounts (404).
SORONG_RESET = dict(
    anonymous=302,
    superuser=200,
    hr_sorong=200,
    hr_palembang=404,
    head_dinkes_sorong=403,
    employee_dinkes_sorong=403,
    employee_dishub_palembang=404,
)
SORONG_RESET_POST = {**SORONG_RESET, "superuser": 302, "hr_sorong": 302}


def enrolled_nurse(org):
    if not hasattr(org, "_enrolled_nurse"):
        enrol_device(org.users["employee_dinkes_sorong"])
        org._enrolled_nurse = org.users["employee_dinkes_sorong"]
    return org._enrolled_nurse


def enrolled_officer(org):
    """A second HR officer of Sorong (no employee record) whose phone is lost."""
    if not hasattr(org, "_enrolled_officer"):
        user = make_user("petugas.kedua")
        HrAssignment.objects.create(user=user, instansi=org.sorong)
        enrol_device(user)
        org._enrolled_officer = user
    return org._enrolled_officer


def with_device(org, client, persona):
    """The persona has an authenticator (enrolled after signing in: this session owes nothing)."""
    if persona != "anonymous":
        enrol_device(org.users[persona])


def owing_a_code(org, client, persona):
    """The persona has an authenticator and has just given their password: the session owes a code."""
    with_device(org, client, persona)
    session = client.session
    session[SESSION_KEY] = TwoFactorState.VERIFY
    session.save()


def enrolling(org, client, persona):
    session = client.session
    session[ENROL_KEY] = KEY
    session.save()


def reset_done(user_of):
    def then(org, client, response):
        user = user_of(org)
        assert not has_device(user)
        assert AccountEvent.objects.filter(user=user, kind=AccountEventKind.TWO_FACTOR_RESET).exists()

    return then


def session_settled(org, client, response):
    assert client.session[SESSION_KEY] == TwoFactorState.OK


def policy_required(org, client, response):
    assert TwoFactorPolicy.objects.get(instansi=org.sorong).required_for_hr


ROWS = [
    Row(
        "accounts:two_factor",
        "one's own page",
        lambda o: R("accounts:two_factor"),
        expect(anonymous=302, others=200),
    ),
    Row(
        "accounts:two_factor_enrol",
        "the QR code",
        lambda o: R("accounts:two_factor_enrol"),
        expect(anonymous=302, others=200),
    ),
    Row(
        "accounts:two_factor_enrol",
        "the code the app shows",
        lambda o: R("accounts:two_factor_enrol"),
        expect(anonymous=302, others=302),
        method="post",
        data=lambda o: {"token": code_for()},
        prepare=enrolling,
        allowed=SIGNED_IN,
    ),
    Row(
        "accounts:two_factor_enrol",
        "a wrong code",
        lambda o: R("accounts:two_factor_enrol"),
        expect(anonymous=302, others=200),
        method="post",
        data=lambda o: {"token": "000000" if code_for() != "000000" else "111111"},
        prepare=enrolling,
        allowed=NOBODY,
    ),
    Row(
        "accounts:two_factor_codes",
        "no new codes to show: back to one's page",
        lambda o: R("accounts:two_factor_codes"),
        expect(anonymous=302, others=302),
    ),
    Row(
        "accounts:two_factor_codes",
        "new recovery codes",
        lambda o: R("accounts:two_factor_codes"),
        expect(anonymous=302, others=302),
        method="post",
        prepare=with_device,
        allowed=SIGNED_IN,
    ),
    Row(
        "accounts:two_factor_codes",
        "new recovery codes without an authenticator",
        lambda o: R("accounts:two_factor_codes"),
        expect(anonymous=302, others=302),
        method="post",
        allowed=NOBODY,
    ),
    Row(
        "accounts:two_factor_disable",
        "with a current code",
        lambda o: R("accounts:two_factor_disable"),
        expect(anonymous=302, others=302),
        method="post",
        data=lambda o: {"token": code_for()},
        prepare=with_device,
        allowed=SIGNED_IN,
    ),
    Row(
        "accounts:two_factor_disable",
        "GET is refused",
        lambda o: R("accounts:two_factor_disable"),
        expect(anonymous=302, others=405),
    ),
    Row(
        "accounts:two_factor_verify",
        "nothing owed: on to the dashboard",
        lambda o: R("accounts:two_factor_verify"),
        expect(anonymous=302, others=302),
    ),
    Row(
        "accounts:two_factor_verify",
        "the code after the password",
        lambda o: R("accounts:two_factor_verify"),
        expect(anonymous=302, others=302),
        method="post",
        data=lambda o: {"token": code_for()},
        prepare=owing_a_code,
        allowed=SIGNED_IN,
        then=session_settled,
    ),
    Row(
        "accounts:two_factor_policy",
        "Sorong's HR officers must",
        lambda o: R("accounts:two_factor_policy"),
        expect(anonymous=302, superuser=302, others=403),
        method="post",
        data=lambda o: {"policy-instansi": o.sorong.pk, "policy-required_for_hr": "on"},
        allowed={"superuser"},
        then=policy_required,
    ),
    Row(
        "accounts:two_factor_policy",
        "GET is refused",
        lambda o: R("accounts:two_factor_policy"),
        expect(anonymous=302, others=405),
    ),
    Row(
        "accounts:two_factor_reset",
        "the nurse's lost phone",
        lambda o: R("accounts:two_factor_reset", args=[enrolled_nurse(o).pk]),
        expect(**SORONG_RESET),
    ),
    Row(
        "accounts:two_factor_reset",
        "the nurse's lost phone",
        lambda o: R("accounts:two_factor_reset", args=[enrolled_nurse(o).pk]),
        expect(**SORONG_RESET_POST),
        method="post",
        data=lambda o: {"note": "Ponsel hilang"},
        allowed={"superuser", "hr_sorong"},
        then=reset_done(enrolled_nurse),
    ),
    Row(
        "accounts:two_factor_reset",
        "another HR officer of Sorong",
        lambda o: R("accounts:two_factor_reset", args=[enrolled_officer(o).pk]),
        expect(**SORONG_RESET_POST),
        method="post",
        allowed={"superuser", "hr_sorong"},
        then=reset_done(enrolled_officer),
    ),
    Row(
        "accounts:two_factor_reset",
        "Sorong's HR officer: never their own",
        lambda o: R("accounts:two_factor_reset", args=[o.users["hr_sorong"].pk]),
        expect(**{**SORONG_RESET, "hr_sorong": 403}),
    ),
    Row(
        "accounts:two_factor_reset",
        "the superuser's account",
        lambda o: R("accounts:two_factor_reset", args=[o.users["superuser"].pk]),
        expect(anonymous=302, superuser=403, others=404),
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_two_factor_permission_matrix(org, row, persona):
    check_row(org, row, persona)
