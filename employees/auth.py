"""Log in with an 18-digit NIP/NI PPPK or with a username."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .rules.nip import is_nip_shaped, normalize_nip


def normalize_login(identifier: str) -> str:
    """One spelling per account, so that spaces or dots in a NIP cannot dodge the lockout."""
    cleaned = normalize_nip(identifier or "")
    if is_nip_shaped(cleaned):
        return cleaned
    return (identifier or "").strip().lower()


def axes_username(request: HttpRequest, credentials: dict[str, Any]) -> str:
    """AXES_USERNAME_CALLABLE: lock out the account, however its NIP was typed."""
    return normalize_login(credentials.get("username", "") if credentials else "")


class NipOrUsernameBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not username or password is None:
            return None
        user_model = get_user_model()
        login = normalize_login(username)
        if is_nip_shaped(login):
            user = user_model.objects.filter(employee__nip=login).first()
        else:
            user = user_model.objects.filter(username__iexact=login).first()
        if user is None:
            user_model().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
