"""Second-factor helpers of the tests: an authenticator set up directly in the database, and the code
a phone would show for its key (computed with django-otp's own TOTP, as the phone's app does)."""

from __future__ import annotations

from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

KEY = "3132333435363738393031323334353637383930"  # 20 bytes, hex (the RFC 6238 test key)
RECOVERY_CODE = "abcd2345"


def code_for(key: str = KEY, *, steps_ahead: int = 0) -> str:
    """The code the app shows now (`steps_ahead=1`: the next one; the code just used at enrolment is
    refused a second time, so a sign-in right after it uses the next)."""
    totp = TOTP(bytes.fromhex(key), drift=steps_ahead)
    return f"{totp.token():06d}"


def enrol_device(user, key: str = KEY, codes: tuple[str, ...] = (RECOVERY_CODE,)) -> TOTPDevice:
    """An authenticator and recovery codes for `user`, as an enrolment leaves them."""
    device = TOTPDevice.objects.create(user=user, name="ponsel", key=key, confirmed=True, last_t=-1)
    static = StaticDevice.objects.create(user=user, name="cadangan", confirmed=True)
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return device


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user).exists() or StaticDevice.objects.filter(user=user).exists()
