"""Log in with an 18-digit NIP/NI PPPK or with a username."""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Sum
from django.http import HttpRequest

from .rules.nip import is_nip_shaped, normalize_nip


def normalize_login(identifier: str) -> str:
    """One spelling per account, so that spaces or dots in a NIP cannot dodge the lockout."""
    cleaned = normalize_nip(identifier or "")
    if is_nip_shaped(cleaned):
        return cleaned
    return (identifier or "").strip().lower()


def find_account(login: str) -> Any:
    """The user a normalised login names (by NIP when NIP-shaped, else by username), or None."""
    user_model = get_user_model()
    if is_nip_shaped(login):
        return user_model.objects.filter(employee__nip=login).first()
    return user_model.objects.filter(username__iexact=login).first()


def axes_username(request: HttpRequest, credentials: dict[str, Any]) -> str:
    """AXES_USERNAME_CALLABLE: one key per account, so every spelling of its NIP and its username
    count together towards the lockout. An identifier that names no account keeps its own key."""
    login = normalize_login(credentials.get("username", "") if credentials else "")
    user = find_account(login) if login else None
    return user.get_username() if user is not None else login


class AccountAndAddressHandler(AxesDatabaseHandler):
    """django-axes locks an account (per address) after AXES_FAILURE_LIMIT failures; this also
    throttles one address after LOGIN_IP_FAILURE_LIMIT failures across all accounts (password
    spraying). The address limit is higher, so an office behind one NAT address stays usable."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.LOGIN_IP_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def address_failures(request: HttpRequest) -> int:
    """Failed logins from the request's address, over every account, within the cool-off time."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


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
        user = find_account(normalize_login(username))
        if user is None:
            get_user_model()().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
