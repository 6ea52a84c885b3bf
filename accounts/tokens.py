"""The one-time link of an invitation: Django's password-reset token with its own salt and lifetime.

The token is a hash of the account's password hash (among others): once the invited person sets a
password, or HR sends a new invitation (which renews the unusable password), every older link fails.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

VALID, EXPIRED, INVALID = "valid", "expired", "invalid"


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.tokens.InvitationTokenGenerator"

    def lifetime_seconds(self) -> int:
        return int(settings.ACCOUNT_INVITATION_HOURS) * 3600

    def state(self, user: Any, token: str | None) -> str:
        """VALID, EXPIRED (the hash matches, the time is up) or INVALID (wrong, reused, replaced)."""
        return token_state(self, user, token, self.lifetime_seconds())

    def check_token(self, user: Any, token: str | None) -> bool:
        return self.state(user, token) == VALID


invitation_token_generator = InvitationTokenGenerator()


def token_state(generator: PasswordResetTokenGenerator, user: Any, token: str | None, lifetime: int) -> str:
    """VALID, EXPIRED or INVALID: a token of `generator` for `user`, at most `lifetime` seconds old."""
    if not (user and token):
        return INVALID
    try:
        ts_b36, _hash = token.split("-")
        ts = base36_to_int(ts_b36)
    except ValueError:
        return INVALID
    if not any(
        constant_time_compare(generator._make_token_with_timestamp(user, ts, secret), token)
        for secret in [generator.secret, *generator.secret_fallbacks]
    ):
        return INVALID
    if generator._num_seconds(generator._now()) - ts > lifetime:
        return EXPIRED
    return VALID
