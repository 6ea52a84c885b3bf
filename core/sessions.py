"""The session store (settings.SESSION_ENGINE): Django's database store that writes a session back
only when it changed or when its stored expiry is SESSION_REFRESH_SECONDS old.

SESSION_SAVE_EVERY_REQUEST made every request of a signed-in user a second committed write (BEGIN,
UPDATE, COMMIT and a WAL flush): a third of the database round trips of the morning check-in
(docs/benchmarks.md, "Presensi: the morning check-in peak"). The idle timeout stays: an active session
is pushed SESSION_COOKIE_AGE ahead at least every SESSION_REFRESH_SECONDS, so a session idle for
SESSION_COOKIE_AGE is always gone, and one idle for SESSION_COOKIE_AGE − SESSION_REFRESH_SECONDS
may be gone already (never later than with a save on every request). core.middleware.SessionMiddleware
asks needs_refresh() after each response.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self.stored_expiry: datetime | None = None  # the row's expire_date, once loaded

    def load(self) -> dict[str, Any]:
        row = self._get_session_from_db()  # type: ignore[attr-defined]  # Django's, not in the stubs
        self.stored_expiry = row.expire_date if row is not None else None
        return self.decode(row.session_data) if row is not None else {}

    def save(self, must_create: bool = False) -> None:
        super().save(must_create)
        self.stored_expiry = self.get_expiry_date()

    def needs_refresh(self) -> bool:
        """A stored session whose expiry was last pushed ahead SESSION_REFRESH_SECONDS ago or more."""
        if self.stored_expiry is None:
            return False
        left = (self.stored_expiry - timezone.now()).total_seconds()
        return left <= self.get_expiry_age() - settings.SESSION_REFRESH_SECONDS
