"""The pages reached from an e-mail, without signing in: accepting an invitation (the first password)
and the self-service password reset. Nothing on them says whether an address or an account exists."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from core.http import add_service_errors
from core.ratelimit import over_rate_limit

from .. import services
from ..choices import AccountEventKind
from ..forms import PasswordResetFormID, SetPasswordFormID
from ..tokens import EXPIRED, invitation_token_generator, token_state


class _SetPasswordMixin:
    """Set the password through the service (audited); a deactivated account's link never works."""

    event_kind = ""
    done_url = ""
    done_message = ""
    request: Any
    user: Any

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)  # type: ignore[misc]
        return user if user is not None and user.is_active else None

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.account_set_password(
                user=self.user, password=form.cleaned_data["new_password1"], kind=self.event_kind
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        if self.done_message:
            messages.success(self.request, self.done_message)
        return redirect(self.done_url)

    def link_problem(self) -> str:
        """Why the link does not work, in words the reader can act on."""
        user = getattr(self, "user", None)
        if user is None:
            return "invalid"
        # Never "already used" from the account's state: the id part of a link is just the user's
        # number, so that answer would tell anyone which ids are live accounts with a password.
        token = self.kwargs.get("token")  # type: ignore[attr-defined]
        if token == "set-password":
            token = self.request.session.get(INTERNAL_RESET_SESSION_TOKEN)
        return "expired" if self.token_state(user, token) == EXPIRED else "invalid"

    def token_state(self, user: Any, token: str | None) -> str:
        return "invalid"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["title"] = ""
        if not context.get("validlink"):
            context["problem"] = self.link_problem()
        return context


class InvitationView(_SetPasswordMixin, auth_views.PasswordResetConfirmView):
    """/akun/undangan/<uid>/<token>/: the invited employee sets their first password."""

    template_name = "accounts/invitation.html"
    form_class = SetPasswordFormID
    token_generator = invitation_token_generator
    event_kind = AccountEventKind.ACTIVATED
    done_url = "core:login"

    @property
    def done_message(self) -> str:  # type: ignore[override]
        return _("Kata sandi Anda tersimpan. Silakan masuk dengan NIP atau nama pengguna Anda.")

    def token_state(self, user: Any, token: str | None) -> str:
        return invitation_token_generator.state(user, token)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["hours"] = settings.ACCOUNT_INVITATION_HOURS
        return context


PASSWORD_RESET_WINDOW = 60 * 60  # seconds


class PasswordResetView(auth_views.PasswordResetView):
    """/akun/lupa-sandi/: an e-mail with a reset link goes to every active account with this address
    (none: the same answer, so the page tells nobody which addresses have accounts)."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetFormID
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    title = ""

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        """At most PASSWORD_RESET_LIMIT requests per address and hour (core.ratelimit): the form must
        not become a way to flood someone's mailbox."""
        address = get_client_ip_address(request) or ""
        if over_rate_limit(
            "password_reset", address, limit=settings.PASSWORD_RESET_LIMIT, window=PASSWORD_RESET_WINDOW
        ):
            form = self.get_form()
            form.is_valid()  # keep what was typed
            form.add_error(
                None,
                _(
                    "Terlalu banyak permintaan atur ulang kata sandi dari jaringan Anda. Tunggu sekitar "
                    "satu jam, lalu coba lagi, atau hubungi petugas kepegawaian."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = {
            "base_url": (settings.PORTAL_BASE_URL or self.request.build_absolute_uri("/")).rstrip("/"),
            "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
        }
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    title = ""


class PasswordResetConfirmView(_SetPasswordMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordFormID
    event_kind = AccountEventKind.PASSWORD_RESET
    done_url = "accounts:password_reset_complete"

    def token_state(self, user: Any, token: str | None) -> str:
        return token_state(default_token_generator, user, token, settings.PASSWORD_RESET_TIMEOUT)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    title = ""
