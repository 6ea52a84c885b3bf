"""Writes of the second sign-in factor: enrol an authenticator (TOTP) with its recovery codes, check a
code at sign-in, renew the codes, switch it off (its owner, when not required), reset it (another HR
officer or a superuser, for a lost device), and an agency's policy. Every change is audited.

The devices are django-otp's own models (TOTPDevice, StaticDevice with its StaticTokens); a recovery
code is a static token, deleted when used.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.access import Actor, actor_for
from core.audit import stamp
from core.models import Instansi
from employees.models import Employee

from .. import access, selectors
from ..choices import AccountEventKind
from ..models import TwoFactorPolicy
from .accounts import _event

User = get_user_model()

RECOVERY_CODE_COUNT = 10
TOTP_DIGITS = 6
# A code from the step before or after the current one is accepted (a phone clock a little off).
TOTP_TOLERANCE = 1


def _clean(token: str) -> str:
    """A code as typed: spaces and dashes dropped (apps show "123 456"), recovery codes in lower case."""
    return "".join(ch for ch in token if ch not in " -\t").lower()


def _is_totp_shaped(token: str) -> bool:
    return len(token) == TOTP_DIGITS and token.isdigit()


def _employee_of(user: Any) -> Employee | None:
    return Employee.objects.filter(user=user).select_related("unit").first()


def _renew_codes(device: StaticDevice) -> list[str]:
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _remove_devices(user: Any) -> int:
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    return removed + static


@transaction.atomic
def two_factor_enrol(*, user: Any, key: str, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator the user added with the secret `key` (hex, shown as a QR code) by a
    code it shows now; returns the device and the new recovery codes (shown once, stored as tokens)."""
    user = User.objects.select_for_update().get(pk=user.pk)  # one enrolment of an account at a time
    if selectors.has_two_factor(user.pk):
        raise ValidationError(_("Verifikasi dua langkah akun Anda sudah aktif."))
    token = _clean(token)
    totp = TOTP(bytes.fromhex(key), digits=TOTP_DIGITS)
    if not (_is_totp_shaped(token) and totp.verify(int(token), tolerance=TOTP_TOLERANCE)):
        raise ValidationError(
            {
                "token": _(
                    "Kode salah atau sudah kedaluwarsa. Pastikan jam ponsel Anda tepat, lalu masukkan "
                    "kode yang sedang tampil di aplikasi autentikator."
                )
            }
        )
    _remove_devices(user)  # an earlier, unconfirmed try
    device = TOTPDevice(
        user=user,
        name=_("Aplikasi autentikator"),
        key=key,
        digits=TOTP_DIGITS,
        tolerance=TOTP_TOLERANCE,
        confirmed=True,
        last_t=totp.t(),  # the code just used cannot sign anyone in
        drift=totp.drift,
    )
    device.full_clean()
    device.save()
    static = StaticDevice.objects.create(user=user, name=_("Kode cadangan"), confirmed=True)
    codes = _renew_codes(static)
    _event(
        kind=AccountEventKind.TWO_FACTOR_ENROLLED,
        user_id=user.pk,
        actor=Actor(user_id=user.pk),
        employee=_employee_of(user),
    ).save()
    return device, codes


def two_factor_verify(*, user: Any, token: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts `token` (a code of the authenticator, or an unused recovery code, which
    is then spent and audited), or None. Each device's own throttle (django-otp) counts the misses;
    a code goes only to the device its shape fits, so a recovery code does not slow the authenticator."""
    token = _clean(token)
    model = TOTPDevice if _is_totp_shaped(token) else StaticDevice
    with transaction.atomic():
        devices = model.objects.filter(user=user, confirmed=True).select_for_update()
        device = next((d for d in devices if d.verify_token(token)), None)
    if isinstance(device, StaticDevice):
        left = selectors.recovery_codes_left(user.pk)
        _event(
            kind=AccountEventKind.RECOVERY_CODE_USED,
            user_id=user.pk,
            actor=Actor(user_id=user.pk),
            employee=_employee_of(user),
            note=_("sisa %(n)s kode") % {"n": left},
        ).save()
    return device


@transaction.atomic
def recovery_codes_renew(*, user: Any) -> list[str]:
    """New recovery codes for an enrolled account; every earlier code stops working."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not selectors.has_two_factor(user.pk):
        raise ValidationError(_("Aktifkan verifikasi dua langkah terlebih dahulu."))
    static = StaticDevice.objects.filter(user=user, confirmed=True).first() or StaticDevice.objects.create(
        user=user, name=_("Kode cadangan"), confirmed=True
    )
    codes = _renew_codes(static)
    _event(
        kind=AccountEventKind.RECOVERY_CODES_RENEWED,
        user_id=user.pk,
        actor=Actor(user_id=user.pk),
        employee=_employee_of(user),
    ).save()
    return codes


@transaction.atomic
def two_factor_disable(*, user: Any, token: str) -> None:
    """The owner switches their second factor off, proving it with a current code; refused when their
    role requires it (then only another officer's reset, followed by a new enrolment, replaces it)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not selectors.has_two_factor(user.pk):
        raise ValidationError(_("Verifikasi dua langkah akun Anda belum aktif."))
    if selectors.two_factor_required(actor_for(user)):
        raise ValidationError(_("Verifikasi dua langkah wajib bagi akun Anda dan tidak dapat dimatikan."))
    if two_factor_verify(user=user, token=token) is None:
        raise ValidationError({"token": _("Kode verifikasi salah.")})
    _remove_devices(user)
    _event(
        kind=AccountEventKind.TWO_FACTOR_DISABLED,
        user_id=user.pk,
        actor=Actor(user_id=user.pk),
        employee=_employee_of(user),
    ).save()


@transaction.atomic
def two_factor_reset(*, actor: Actor, account: access.TwoFactorAccount, note: str = "") -> None:
    """Another HR officer of the account's agency, or a superuser, removes the authenticator and the
    recovery codes of an account whose device is lost; its owner enrols again at the next sign-in."""
    access.require(access.can_reset_two_factor(actor, account))
    user = User.objects.select_for_update().get(pk=account.user.pk)
    if not _remove_devices(user):
        raise ValidationError(_("Akun ini belum mengaktifkan verifikasi dua langkah."))
    _event(
        kind=AccountEventKind.TWO_FACTOR_RESET,
        user_id=user.pk,
        actor=actor,
        employee=account.employee,
        instansi_id=account.instansi_id,
        note=note or _("Perangkat hilang atau diganti"),
    ).save()


@transaction.atomic
def two_factor_policy_set(*, actor: Actor, instansi: Instansi, required: bool) -> TwoFactorPolicy:
    """A superuser decides whether the HR officers of an agency must use a second factor (audited in
    the policy's history). Officers already signed in are asked at their next sign-in."""
    access.require(access.can_manage_two_factor_policy(actor))
    policy = TwoFactorPolicy.objects.select_for_update().filter(instansi=instansi).first()
    if policy is None:
        policy = TwoFactorPolicy(instansi=instansi)
    policy.required_for_hr = required
    stamp(policy, actor)
    policy.full_clean()
    policy.save()
    return policy
