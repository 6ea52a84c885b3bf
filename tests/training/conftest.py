"""Fixtures of the training tests: a clean slate of the certificate check's rate-limit counters for
the test client's default address (the counters live in Redis in the PostgreSQL run)."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from core.ratelimit import rate_key


@pytest.fixture(autouse=True)
def _fresh_certificate_limits(settings):
    def clear():
        now, window = time.time(), settings.CERTIFICATE_CHECK_WINDOW
        cache.delete_many(
            [rate_key("certificate", "127.0.0.1", window, now + s) for s in (-window, 0, window)]
        )

    clear()
    yield
    clear()
