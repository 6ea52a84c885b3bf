"""Fixtures of the surveys tests: a Puskesmas counter of Kota Sorong with two services and an open
period, and a clean slate of the public form's rate-limit counters for every test."""

from __future__ import annotations

import secrets
import time

import pytest
from django.core.cache import cache

from core.ratelimit import rate_key
from surveys.forms.public import forget_built_fields
from surveys.selectors.public import forget_open_survey

from .public_factories import make_period, make_service, make_service_unit

# The address the test client sends from by default. A test that counts requests sends from its own
# addresses (`address` fixture), so that tests running side by side (pytest -n) cannot disturb its count.
ADDRESSES = ["127.0.0.1"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """The rate-limit counters live in the real cache (Redis in the PostgreSQL run), which outlives a
    test: each test starts and ends with none for the addresses tests use."""

    def clear():
        now = time.time()
        for bucket in ("submit", "ticket"):
            window = settings.SURVEY_SUBMIT_WINDOW
            for address in ADDRESSES:
                cache.delete_many(
                    [rate_key(bucket, address, window, now + shift) for shift in (-window, 0, window)]
                )

    clear()
    forget_open_survey()
    forget_built_fields()
    yield
    clear()
    forget_open_survey()
    forget_built_fields()


@pytest.fixture
def address():
    """A new address (IPv6 documentation range) for each call: its rate-limit counters are its own."""
    return lambda: f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"


@pytest.fixture
def counter(org):
    """The Puskesmas counter (under Dinkes Sorong): two active services, one retired, an open period."""
    unit = make_service_unit(org.pkm_sorong, "pkm-sorong-kota", name="Loket Puskesmas Sorong Kota")
    unit.general = make_service(unit, "Pemeriksaan umum")
    unit.dental = make_service(unit, "Pemeriksaan gigi")
    make_service(unit, "Layanan lama", is_active=False)
    unit.period = make_period(unit)
    return unit
