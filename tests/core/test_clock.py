"""The autouse `clock` fixture (tests/conftest.py) pins the clock of every test; a marker moves it."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import DEFAULT_CLOCK, parse_instant, pinned_instant
from tests.performance.factories import DURING_YEAR

SECOND = timedelta(seconds=1)


def test_every_test_runs_at_the_pinned_instant_and_the_clock_ticks_on(clock, request):
    assert clock == pinned_instant(request.node)  # TEST_CLOCK when set, else DEFAULT_CLOCK
    assert abs(timezone.now() - clock) < SECOND
    assert abs(datetime.fromtimestamp(time.time(), UTC) - clock) < SECOND
    before = timezone.now()
    time.sleep(0.01)
    assert timezone.now() > before  # ticking: timeouts and session ages still move


@pytest.mark.clock("2026-01-31T15:30:00+00:00")
def test_the_marker_overrides_the_default_and_reaches_other_threads(clock):
    assert clock == datetime(2026, 1, 31, 15, 30, tzinfo=UTC)
    assert abs(timezone.now() - clock) < SECOND
    seen: list[datetime] = []
    thread = threading.Thread(target=lambda: seen.append(timezone.now()))  # as the live server's
    thread.start()
    thread.join()
    assert len(seen) == 1 and abs(seen[0] - clock) < SECOND
    # The instant of issue 10: still 31 January in WIB and WITA, already 1 February in WIT.
    assert timezone.localdate(timezone=ZoneInfo("Asia/Jakarta")) == date(2026, 1, 31)
    assert timezone.localdate(timezone=ZoneInfo("Asia/Makassar")) == date(2026, 1, 31)
    assert timezone.localdate(timezone=ZoneInfo("Asia/Jayapura")) == date(2026, 2, 1)
    assert date.today() == date(2026, 1, 31)  # TZ of this machine is UTC


@pytest.mark.clock("2024-02-29T16:00Z")
def test_the_marker_accepts_a_short_iso_form(clock):
    assert clock == datetime(2024, 2, 29, 16, 0, tzinfo=UTC)
    assert timezone.now().year == 2024


def test_time_machine_moves_the_pinned_clock_within_a_test(clock, time_machine):
    time_machine.move_to(datetime(2027, 3, 1, tzinfo=UTC))
    assert abs(timezone.now() - datetime(2027, 3, 1, tzinfo=UTC)) < SECOND


def test_the_choice_is_marker_then_test_clock_then_default(request):
    marked = pytest.Function.from_parent(request.node.parent, name=request.node.name)
    marked.add_marker(pytest.mark.clock("2026-12-31T16:30:00Z"))
    env = {"TEST_CLOCK": "2024-02-29T16:00:00Z"}
    assert pinned_instant(marked, env) == datetime(2026, 12, 31, 16, 30, tzinfo=UTC)
    assert pinned_instant(request.node, env) == datetime(2024, 2, 29, 16, 0, tzinfo=UTC)
    assert pinned_instant(request.node, {}) == parse_instant(DEFAULT_CLOCK)
    during = pytest.Function.from_parent(request.node.parent, name=request.node.name)
    during.add_marker(DURING_YEAR)
    assert pinned_instant(during, env).year == 2026


def test_an_instant_without_a_zone_is_refused():
    with pytest.raises(ValueError, match="zone"):
        parse_instant("2026-01-31T15:30:00")


@pytest.mark.django_db
@pytest.mark.clock("2020-01-01T03:00:00Z")
def test_cookies_do_not_depend_on_the_pinned_date(client, org):
    """Chromium reads the real clock: a cookie set with only an Expires date from the pinned (past)
    clock would be dropped at once. The CSRF cookie carries Max-Age (which browsers prefer) and the
    session cookie no expiry at all (it ends with the browser), so browser tests work at any pin."""
    response = client.get(reverse("core:login"))
    assert int(response.cookies["csrftoken"]["max-age"]) > 0
    client.force_login(org.users["hr_sorong"])
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    session = response.cookies["sessionid"]
    assert session.value and not session["expires"] and not session["max-age"]
