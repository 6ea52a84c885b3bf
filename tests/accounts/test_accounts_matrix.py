"""Permission matrix of the account pages (accounts/): HR's account list and writes, the superuser's HR
officer posts, and the pages reached from an e-mail (invitation, password reset)."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core import mail
from django.urls import reverse as R
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.tokens import invitation_token_generator
from core.models import HrAssignment

from ..access_matrix import NOBODY, Row, check_row, expect, matrix_ids, matrix_params
from ..conftest import PERSONAS
from ..factories import make_employee, make_user

HR_SORONG = {"superuser", "hr_sorong"}
EVERYONE = set(PERSONAS)
NEW_PASSWORD = "Kunci-Baru-Sekali-2026"
# Sorong's HR pages: HR of Sorong and the superuser; Palembang's HR does not see Sorong's people (404);
# people of Sorong who are not HR are refused (403), people of Palembang do not see them (404).
SORONG_WRITE = dict(
    anonymous=302,
    superuser=302,
    hr_sorong=302,
    hr_palembang=404,
    head_dinkes_sorong=403,
    employee_dinkes_sorong=403,
    employee_dishub_palembang=404,
)
SORONG_READ = {**SORONG_WRITE, "superuser": 200, "hr_sorong": 200}


def uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def invited(org):
    """A Sorong employee whose account waits for its first password (once per test)."""
    if not hasattr(org, "_invited"):
        employee = make_employee(org.dishub_sorong, name="Pegawai Diundang", email="diundang@example.go.id")
        user = make_user(employee.nip, email=employee.email)
        user.set_unusable_password()
        user.save()
        employee.user = user
        employee.save()
        org._invited = employee
    return org._invited


def forgetful(org):
    """An active account with an e-mail address, for the reset pages."""
    if not hasattr(org, "_forgetful"):
        org._forgetful = make_user("lupa.sandi", email="lupa@example.go.id")
    return org._forgetful


def deactivated_nurse(org):
    user = org.users["employee_dinkes_sorong"]
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    return org.employee_dinkes_sorong


def spare_officer(org):
    if not hasattr(org, "_officer"):
        org._officer = HrAssignment.objects.create(user=make_user("petugas.cadangan"), instansi=org.sorong)
    return org._officer


def session_token(token_of):
    def prepare(org, client, persona):
        session = client.session
        session[INTERNAL_RESET_SESSION_TOKEN] = token_of(org)
        session.save()

    return prepare


def password_set(user_of):
    def then(org, client, response):
        user = user_of(org)
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)

    return then


def reset_sent(org, client, response):
    assert response["Location"] == R("accounts:password_reset_done")
    assert [m.to for m in mail.outbox] == [["lupa@example.go.id"]]


PASSWORDS = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

ROWS = [
    Row(
        "accounts:list",
        "own agency",
        lambda o: R("accounts:list"),
        expect(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403),
    ),
    Row(
        "accounts:list",
        "another agency asked: not found, like every other page",
        lambda o: R("accounts:list") + f"?instansi={o.palembang.pk}",
        expect(anonymous=302, superuser=200, hr_sorong=404, hr_palembang=200, others=403),
    ),
    Row(
        "accounts:bulk",
        "Sorong's Dinas Perhubungan",
        lambda o: R("accounts:bulk"),
        expect(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=404, others=403),
        method="post",
        data=lambda o: {"instansi": o.sorong.pk, "unit": o.dishub_sorong.pk},
        allowed=HR_SORONG,
    ),
    Row(
        "accounts:bulk",
        "GET is refused",
        lambda o: R("accounts:bulk"),
        expect(anonymous=302, others=405),
    ),
    Row(
        "accounts:detail",
        "Sorong employee without an account",
        lambda o: R("accounts:detail", args=[o.employee_dishub_sorong.pk]),
        expect(**SORONG_READ),
    ),
    Row(
        "accounts:detail",
        "Palembang employee",
        lambda o: R("accounts:detail", args=[o.employee_dishub_palembang.pk]),
        expect(anonymous=302, superuser=200, hr_palembang=200, employee_dishub_palembang=403, others=404),
    ),
    Row(
        "accounts:create",
        "Sorong employee without an account",
        lambda o: R("accounts:create", args=[o.employee_dishub_sorong.pk]),
        expect(**SORONG_WRITE),
        method="post",
        data=lambda o: {"username": ""},
        allowed=HR_SORONG,
    ),
    Row(
        "accounts:invite",
        "account waiting for its first password",
        lambda o: R("accounts:invite", args=[invited(o).pk]),
        expect(**SORONG_WRITE),
        method="post",
        allowed=HR_SORONG,
    ),
    Row(
        "accounts:deactivate",
        "the nurse's account",
        lambda o: R("accounts:deactivate", args=[o.employee_dinkes_sorong.pk]),
        expect(**SORONG_WRITE),
        method="post",
        allowed=HR_SORONG,
    ),
    Row(
        "accounts:reactivate",
        "the nurse's deactivated account",
        lambda o: R("accounts:reactivate", args=[deactivated_nurse(o).pk]),
        # The deactivated nurse is signed out by her own request (her session no longer counts).
        expect(**{**SORONG_WRITE, "employee_dinkes_sorong": 302}),
        method="post",
        allowed=HR_SORONG,
    ),
    Row(
        "accounts:officers",
        "list",
        lambda o: R("accounts:officers"),
        expect(anonymous=302, superuser=200, others=403),
    ),
    Row(
        "accounts:officers",
        "add",
        lambda o: R("accounts:officers"),
        expect(anonymous=302, superuser=302, others=403),
        method="post",
        data=lambda o: {"login": o.employee_dinkes_sorong.nip, "instansi": o.sorong.pk},
        allowed={"superuser"},
    ),
    Row(
        "accounts:officer_remove",
        "a spare officer",
        lambda o: R("accounts:officer_remove", args=[spare_officer(o).pk]),
        expect(anonymous=302, superuser=302, others=403),
        method="post",
        allowed={"superuser"},
    ),
    # --- Reached from an e-mail: open to anyone holding the link ---------------------------------------
    # A valid link's GET redirects into the set-password form for anyone (tests/accounts/test_accounts.py).
    Row(
        "accounts:invitation",
        "a wrong token",
        lambda o: R("accounts:invitation", args=[uid(invited(o).user), "abc-123"]),
        expect(others=200),
    ),
    Row(
        "accounts:invitation",
        "set the first password",
        lambda o: R("accounts:invitation", args=[uid(invited(o).user), "set-password"]),
        expect(others=302),
        method="post",
        data=lambda o: PASSWORDS,
        prepare=session_token(lambda o: invitation_token_generator.make_token(invited(o).user)),
        allowed=EVERYONE,
        then=password_set(lambda o: invited(o).user),
    ),
    Row(
        "accounts:invitation",
        "set-password without a token in the session",
        lambda o: R("accounts:invitation", args=[uid(invited(o).user), "set-password"]),
        expect(others=200),
        method="post",
        data=lambda o: PASSWORDS,
        allowed=NOBODY,
    ),
    Row("accounts:password_reset", "form", lambda o: R("accounts:password_reset"), expect(others=200)),
    Row(
        "accounts:password_reset",
        "ask for a link",
        lambda o: R("accounts:password_reset"),
        expect(others=302),
        method="post",
        data=lambda o: {"email": forgetful(o).email},
        allowed=EVERYONE,
        unchanged="the reset link is an e-mail; nothing is stored until it is used",
        then=reset_sent,
    ),
    Row(
        "accounts:password_reset_done",
        "page",
        lambda o: R("accounts:password_reset_done"),
        expect(others=200),
    ),
    Row(
        "accounts:password_reset_confirm",
        "a wrong token",
        lambda o: R("accounts:password_reset_confirm", args=[uid(forgetful(o)), "abc-123"]),
        expect(others=200),
    ),
    Row(
        "accounts:password_reset_confirm",
        "set a new password",
        lambda o: R("accounts:password_reset_confirm", args=[uid(forgetful(o)), "set-password"]),
        expect(others=302),
        method="post",
        data=lambda o: PASSWORDS,
        prepare=session_token(lambda o: default_token_generator.make_token(forgetful(o))),
        allowed=EVERYONE,
        then=password_set(forgetful),
    ),
    Row(
        "accounts:password_reset_complete",
        "page",
        lambda o: R("accounts:password_reset_complete"),
        expect(others=200),
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_accounts_permission_matrix(org, row, persona):
    check_row(org, row, persona)
