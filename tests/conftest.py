"""Named personas over a small two-agency organisation.

Kota Sorong: Dinas Kesehatan (DINKES) with Puskesmas (DINKES.PKM1) below it, and Dinas Perhubungan.
Kota Palembang: Dinas Perhubungan. Each persona is a logged-in client.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.utils import timezone, translation
from hypothesis import settings as hypothesis_settings

from core.choices import TimeZone, UnitKind

from .factories import make_employee, make_hr, make_instansi, make_unit, make_user

PASSWORD = "Sandi-Uji-2026!"

# The property tests check results, not speed: Hypothesis' default 200 ms per example failed one of
# them on a loaded 2-core machine (a DeadlineExceeded that passed again at once with the same seed).
hypothesis_settings.register_profile("asn_portal", deadline=None)
hypothesis_settings.load_profile("asn_portal")

# The instant every test starts at (time-machine, ticking). A test that needs another instant says so
# with `@pytest.mark.clock("2026-01-31T15:30:00Z")`; TEST_CLOCK=<ISO instant> moves the default for a
# whole run (to try the suite at awkward instants: from 15:00 UTC it is already the next day in WIT,
# from 16:00 in WITA, from 17:00 in WIB).
DEFAULT_CLOCK = "2026-07-15T03:00:00Z"


def parse_instant(value: str) -> datetime:
    instant = datetime.fromisoformat(value)
    if instant.tzinfo is None:
        raise ValueError(f"a pinned clock needs a zone (e.g. {value}Z): {value!r}")
    return instant.astimezone(UTC)


def pinned_instant(node, environ=os.environ) -> datetime:
    """The instant a test runs at: its `clock` marker, else TEST_CLOCK, else DEFAULT_CLOCK."""
    marker = node.get_closest_marker("clock")
    return parse_instant(marker.args[0] if marker else environ.get("TEST_CLOCK") or DEFAULT_CLOCK)


@pytest.fixture(autouse=True)
def clock(request, time_machine) -> datetime:
    """Pin the clock of the test process (time.time, datetime.now, timezone.now) for every test and
    return the pinned instant. It ticks on from there, so timeouts, sessions and the live server
    behave; browser cookies are unaffected because Django sends Max-Age (which Chromium prefers to
    Expires) and the session cookie expires at browser close. Priority: the test's `clock` marker,
    then TEST_CLOCK, then DEFAULT_CLOCK. `time_machine.move_to(...)` moves it within a test."""
    if request.node.get_closest_marker("browser") and not request.node.get_closest_marker("clock"):
        # A Chromium journey runs on the real clock unless it names its instant: pages served with a
        # Date months behind the browser's own clock lost their stylesheets' effect in Chromium (the
        # navbar journeys failed only so), and the journeys that need a date carry DURING_YEAR.
        return timezone.now()
    instant = pinned_instant(request.node)
    time_machine.move_to(instant, tick=True)
    return instant


@dataclass
class Org:
    sorong: object
    palembang: object
    dinkes_sorong: object
    pkm_sorong: object
    dishub_sorong: object
    dishub_palembang: object
    head_dinkes_sorong: object  # Employee
    employee_dinkes_sorong: object  # Employee in the Puskesmas below Dinkes
    employee_dishub_sorong: object  # Employee of Sorong outside the head's subtree
    employee_dishub_palembang: object
    users: dict


@pytest.fixture
def org(db) -> Org:
    sorong = make_instansi("kota-sorong", name="Pemerintah Kota Sorong", time_zone=TimeZone.WIT)
    palembang = make_instansi("kota-palembang", name="Pemerintah Kota Palembang", time_zone=TimeZone.WIB)
    dinkes = make_unit(sorong, "DINKES", name="Dinas Kesehatan")
    pkm = make_unit(
        sorong, "DINKES.PKM1", parent=dinkes, name="Puskesmas Sorong Kota", kind=UnitKind.PUSKESMAS
    )
    dishub_s = make_unit(sorong, "DISHUB", name="Dinas Perhubungan")
    dishub_p = make_unit(palembang, "DISHUB", name="Dinas Perhubungan")

    users = {
        "superuser": make_user("admin", is_superuser=True, is_staff=True),
        "hr_sorong": make_hr("hr.sorong", sorong),
        "hr_palembang": make_hr("hr.palembang", palembang),
        "head_dinkes_sorong": make_user("kadinkes.sorong"),
        "employee_dinkes_sorong": make_user("perawat.sorong"),
        "employee_dishub_palembang": make_user("staf.dishub.palembang"),
    }
    head = make_employee(
        dinkes,
        user=users["head_dinkes_sorong"],
        name="Kepala Dinkes",
        is_unit_head=True,
        position_name="Kepala Dinas Kesehatan",
        position_kind="jpt_pratama",
        golongan="IV/c",
    )
    nurse = make_employee(pkm, user=users["employee_dinkes_sorong"], name="Siti Perawat", gender="P")
    other_s = make_employee(dishub_s, name="Staf Dishub Sorong")
    other_p = make_employee(dishub_p, user=users["employee_dishub_palembang"], name="Staf Dishub Palembang")
    return Org(sorong, palembang, dinkes, pkm, dishub_s, dishub_p, head, nurse, other_s, other_p, users)


PERSONAS = [
    "anonymous",
    "superuser",
    "hr_sorong",
    "hr_palembang",
    "head_dinkes_sorong",
    "employee_dinkes_sorong",
    "employee_dishub_palembang",
]


def client_for(org: Org, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(org.users[persona])
    return client


@pytest.fixture
def as_persona(org):
    """as_persona("hr_sorong") -> a Client logged in as that persona."""
    return lambda persona: client_for(org, persona)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing is deliberately slow in production; tests need not pay for it on every persona."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks run eagerly in tests, even when REDIS_URL is set; the real-worker test opts out."""
    from asn_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Indonesian). A request through LocaleMiddleware
    leaves its language active in the thread after the response, so without this a test that asked
    for English would leave English on for whichever test runs next (found by pytest-randomly)."""
    translation.deactivate()
    yield
    translation.deactivate()


class Broker:
    """Where the test's tasks go (the `broker` fixture): `at(url)` sends them to a real broker at
    `url` (a fresh producer pool, not one cached for the old URL); `in_process()` runs them eagerly
    again, as the embedded default does."""

    DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every connection is refused

    def __init__(self, monkeypatch):
        from asn_portal.celery import app

        self.app, self.monkeypatch = app, monkeypatch

    def at(self, url: str) -> None:
        self.monkeypatch.setattr(self.app.conf, "broker_url", url)
        self.monkeypatch.setattr(self.app, "_pool", None)
        self.monkeypatch.setattr(self.app.amqp, "_producer_pool", None)
        self.app.conf.task_always_eager = False

    def in_process(self) -> None:
        self.app.conf.task_always_eager = True


@pytest.fixture
def broker(monkeypatch):
    """Point the tasks at another broker for one test (Broker); everything is put back afterwards."""
    from asn_portal.celery import app

    eager = app.conf.task_always_eager
    yield Broker(monkeypatch)
    app.conf.task_always_eager = eager
