"""The second sign-in factor, enforced for every request of a signed-in session.

What a session still owes is kept in it (SESSION_KEY): set when the user signs in (a receiver of
`user_logged_in`, connected in AccountsConfig.ready(): the login view, force_login in tests and the
admin's login alike), worked out once for a session that has none (one that began before this
existed). A session that owes a code (VERIFY) or an enrolment (ENROL) reaches only the pages that
settle it, logout and the language switch; every other page redirects there. Nothing is read from the
database on an ordinary request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .choices import TwoFactorState
from .selectors import two_factor_session_state

SESSION_KEY = "two_factor"

# The pages a session may reach while it owes something (URL names).
ALWAYS_OPEN = frozenset({"core:logout", "core:healthz", "set_language", "javascript-catalog"})
OPEN_WHILE: dict[str, frozenset[str]] = {
    TwoFactorState.VERIFY: ALWAYS_OPEN | {"accounts:two_factor_verify"},
    TwoFactorState.ENROL: ALWAYS_OPEN | {"accounts:two_factor_enrol"},
}
SETTLED_BY: dict[str, str] = {
    TwoFactorState.VERIFY: "accounts:two_factor_verify",
    TwoFactorState.ENROL: "accounts:two_factor_enrol",
}


def remember_state(request: HttpRequest, user: Any) -> str:
    """Work out what the session of `user` owes and keep it in the session."""
    state = two_factor_session_state(user)
    request.session[SESSION_KEY] = state
    return state


def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """`user_logged_in`: a new session starts owing a code when the account has an authenticator, an
    enrolment when its role requires one."""
    if request is not None and hasattr(request, "session"):
        remember_state(request, user)


def settle(request: HttpRequest) -> None:
    """The session has given its code (or enrolled): it owes nothing more."""
    request.session[SESSION_KEY] = TwoFactorState.OK


def session_state(request: HttpRequest) -> str:
    if not request.user.is_authenticated:
        return TwoFactorState.OK
    state = request.session.get(SESSION_KEY)
    return state if state in TwoFactorState.values else remember_state(request, request.user)


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        state = session_state(request)
        if state == TwoFactorState.OK:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_WHILE[state]:
            return None
        target = reverse(SETTLED_BY[state])
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
