"""The second sign-in factor: one's own page (enrol, recovery codes, switch off), the code step after
the password, the reset of a lost device by another HR officer or a superuser, and the agencies'
policy (a superuser's form on the HR officer page)."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from core.http import ActorRequest, add_service_errors, message_service_errors
from core.ratelimit import forgive, over_rate_limit

from .. import access, selectors, services
from ..choices import TwoFactorState
from ..forms import TwoFactorCodeForm, TwoFactorPolicyForm, TwoFactorResetForm
from ..middleware import session_state, settle

ENROL_KEY = "two_factor_key"  # the secret being enrolled, until a code confirms it
NEW_CODES = "two_factor_new_codes"  # recovery codes to show once


def _next_url(request: ActorRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _signed_in_with(request: ActorRequest, device: Any) -> None:
    """The session gave its second factor: a new session key (as after the password), owed nothing."""
    request.session.cycle_key()
    settle(request)
    django_otp.login(request, device)


# --- One's own ------------------------------------------------------------------------------------------
@login_required
@require_GET
def two_factor(request: ActorRequest) -> HttpResponse:
    user = request.user
    enrolled = selectors.has_two_factor(user.pk)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enrolled": enrolled,
            "codes_left": selectors.recovery_codes_left(user.pk) if enrolled else 0,
            "required": selectors.two_factor_required(request.actor),
            "form": TwoFactorCodeForm(recovery=True),
        },
    )


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: ActorRequest) -> HttpResponse:
    """Scan the QR code (or type the secret) into an authenticator app, then confirm with its code. The
    secret waits in the session until then: nothing is stored before a code proves the app has it."""
    user = request.user
    if selectors.has_two_factor(user.pk):
        messages.info(request, _("Verifikasi dua langkah akun Anda sudah aktif."))
        return redirect("accounts:two_factor")
    key = request.session.get(ENROL_KEY)
    if not key:
        key = request.session[ENROL_KEY] = random_hex(20)
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.two_factor_enrol(user=user, key=key, token=form.cleaned_data["token"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session.pop(ENROL_KEY, None)
            _signed_in_with(request, device)
            request.session[NEW_CODES] = codes
            messages.success(request, _("Verifikasi dua langkah aktif. Simpan kode cadangan Anda sekarang."))
            return redirect("accounts:two_factor_codes")
    config_url = TOTPDevice(user=user, key=key, name="").config_url
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr": segno.make(config_url, error="m").svg_data_uri(scale=5, border=2),
            "secret": _grouped(b32encode(bytes.fromhex(key)).decode().rstrip("=")),
            "required": session_state(request) == TwoFactorState.ENROL,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_codes(request: ActorRequest) -> HttpResponse:
    """GET: the recovery codes just made, shown once. POST: new codes (the old ones stop working)."""
    if request.method == "POST":
        try:
            request.session[NEW_CODES] = services.recovery_codes_renew(user=request.user)
        except ValidationError as exc:
            message_service_errors(request, exc)
            return redirect("accounts:two_factor")
        messages.success(request, _("Kode cadangan baru dibuat; kode yang lama tidak berlaku lagi."))
        return redirect("accounts:two_factor_codes")
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor_codes.html", {"codes": codes})


@login_required
@require_POST
def two_factor_disable(request: ActorRequest) -> HttpResponse:
    form = TwoFactorCodeForm(request.POST, recovery=True)
    if not form.is_valid():
        messages.error(request, _("Masukkan kode verifikasi untuk mematikan verifikasi dua langkah."))
        return redirect("accounts:two_factor")
    try:
        services.two_factor_disable(user=request.user, token=form.cleaned_data["token"])
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(
            request, _("Verifikasi dua langkah dimatikan. Anda kini masuk dengan kata sandi saja.")
        )
    return redirect("accounts:two_factor")


# --- The code step after the password --------------------------------------------------------------
def _attempt_subject(user: Any) -> str:
    """Who the attempt limit counts: the account (its id and creation instant, so that one id reused by
    another database sharing the cache is another account)."""
    return f"{user.pk}.{int(user.date_joined.timestamp() * 1_000_000)}"


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: ActorRequest) -> HttpResponse:
    """The second step of signing in for an account with an authenticator: its code or a recovery
    code. At most TWO_FACTOR_ATTEMPT_LIMIT tries per account and window (core.ratelimit), on top of
    django-otp's growing delay after each wrong code."""
    if session_state(request) != TwoFactorState.VERIFY:
        return redirect(_next_url(request))
    user = request.user
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None, recovery=True)
    status = 200
    if request.method == "POST":
        if over_rate_limit(
            "two_factor",
            _attempt_subject(user),
            limit=settings.TWO_FACTOR_ATTEMPT_LIMIT,
            window=settings.TWO_FACTOR_ATTEMPT_WINDOW,
        ):
            form = TwoFactorCodeForm(request.POST, recovery=True)
            form.is_valid()  # keep what was typed
            form.add_error(
                None,
                _(
                    "Terlalu banyak kode salah. Tunggu %(minutes)s menit, lalu coba lagi, atau hubungi "
                    "petugas kepegawaian bila ponsel Anda hilang."
                )
                % {"minutes": max(1, settings.TWO_FACTOR_ATTEMPT_WINDOW // 60)},
            )
            status = 429
        elif form.is_valid():
            device = services.two_factor_verify(user=user, token=form.cleaned_data["token"])
            if device is not None:
                # The limit counts wrong codes only: a good one takes its try back.
                forgive("two_factor", _attempt_subject(user), window=settings.TWO_FACTOR_ATTEMPT_WINDOW)
                _signed_in_with(request, device)
                if isinstance(device, StaticDevice):
                    messages.warning(
                        request,
                        _(
                            "Anda masuk dengan kode cadangan; kode itu tidak berlaku lagi. Sisa kode "
                            "cadangan: %(n)s. Buat kode baru di halaman verifikasi dua langkah."
                        )
                        % {"n": selectors.recovery_codes_left(user.pk)},
                    )
                return redirect(_next_url(request))
            form.add_error(
                "token",
                _(
                    "Kode salah atau sudah dipakai. Masukkan kode yang sedang tampil di aplikasi "
                    "autentikator, atau salah satu kode cadangan."
                ),
            )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


# --- A lost device: reset by another officer ----------------------------------------------------------
def _back_to(request: ActorRequest, account: access.TwoFactorAccount) -> str:
    actor = request.actor
    if account.employee is not None and access.can_manage_account(actor, account.employee):
        return reverse("accounts:detail", args=[account.employee.pk])
    if access.can_manage_hr_assignments(actor):
        return reverse("accounts:officers")
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_reset(request: ActorRequest, user_id: int) -> HttpResponse:
    """Confirm, then remove an account's authenticator and recovery codes (audited)."""
    account = access.get_two_factor_account(request.actor, user_id)
    form = TwoFactorResetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_reset(actor=request.actor, account=account, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Verifikasi dua langkah %(user)s diatur ulang. Ia mendaftarkan ponselnya lagi saat masuk.")
                % {"user": account.user.username},
            )
            return redirect(_back_to(request, account))
    return render(
        request,
        "accounts/two_factor_reset.html",
        {
            "account": account,
            "enrolled": selectors.has_two_factor(account.user.pk),
            "form": form,
            "back": _back_to(request, account),
        },
    )


# --- The agencies' policy (a superuser) ------------------------------------------------------------------
@login_required
@require_POST
def two_factor_policy(request: ActorRequest) -> HttpResponse:
    access.require(access.can_manage_two_factor_policy(request.actor))
    form = TwoFactorPolicyForm(request.POST, prefix="policy")
    if not form.is_valid():
        messages.error(request, _("Pilih instansi."))
        return redirect("accounts:officers")
    policy = services.two_factor_policy_set(
        actor=request.actor,
        instansi=form.cleaned_data["instansi"],
        required=form.cleaned_data["required_for_hr"],
    )
    instansi = form.cleaned_data["instansi"].name
    if policy.required_for_hr:
        text = _("Petugas kepegawaian %(instansi)s kini wajib memakai verifikasi dua langkah.")
    else:
        text = _("Petugas kepegawaian %(instansi)s tidak lagi wajib memakai verifikasi dua langkah.")
    messages.success(request, text % {"instansi": instansi})
    return redirect("accounts:officers")
