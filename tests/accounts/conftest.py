"""The password-reset form's rate limit counts per address in the shared cache (Redis in the
PostgreSQL run, kept between tests): every test starts and ends with no count for the test client's
address."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from accounts.views.public import PASSWORD_RESET_WINDOW
from core.ratelimit import rate_key

TEST_CLIENT_ADDRESS = "127.0.0.1"


@pytest.fixture(autouse=True)
def _no_reset_count():
    def clear():
        now = time.time()
        window = PASSWORD_RESET_WINDOW
        cache.delete_many(
            [rate_key("password_reset", TEST_CLIENT_ADDRESS, window, now + s) for s in (-window, 0, window)]
        )

    clear()
    yield
    clear()
