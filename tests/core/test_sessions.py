"""The idle timeout without a write per request (core.sessions, core.middleware.SessionMiddleware):
an unchanged session is written back only when its stored expiry is SESSION_REFRESH_SECONDS old; an
active user stays signed in past a working day; an idle session ends SESSION_COOKIE_AGE after the last
request at the latest and never before SESSION_COOKIE_AGE − SESSION_REFRESH_SECONDS."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

AGE = settings.SESSION_COOKIE_AGE
REFRESH = settings.SESSION_REFRESH_SECONDS


def stored_expiry(client):
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).expire_date


def signed_in(client) -> bool:
    response = client.get(reverse("attendance:presence"))
    if response.status_code == 302:
        assert reverse("core:login") in response["Location"]
        return False
    assert response.status_code == 200
    return True


def test_the_settings_keep_a_working_day_idle_timeout_without_a_save_per_request():
    assert settings.SESSION_ENGINE == "core.sessions" and not settings.SESSION_SAVE_EVERY_REQUEST
    assert AGE == 8 * 60 * 60 and 0 < REFRESH <= 10 * 60


def test_an_unchanged_session_is_not_written_back_until_its_expiry_is_old(as_persona, time_machine):
    client = as_persona("employee_dinkes_sorong")
    assert signed_in(client)  # the first page stores the agency's zone: a change, saved
    first = stored_expiry(client)
    time_machine.shift(timedelta(seconds=REFRESH - 30))
    with CaptureQueriesContext(connection) as queries:
        assert signed_in(client)
    assert not [q for q in queries.captured_queries if "UPDATE" in q["sql"] and "django_session" in q["sql"]]
    assert stored_expiry(client) == first
    time_machine.shift(timedelta(seconds=60))  # now REFRESH + 30 s after the last save
    assert signed_in(client)
    pushed = stored_expiry(client)
    assert pushed > first and abs((pushed - (timezone.now() + timedelta(seconds=AGE))).total_seconds()) < 5


def test_an_active_user_stays_signed_in_past_a_working_day(as_persona, time_machine):
    client = as_persona("employee_dinkes_sorong")
    for _ in range(20):  # ten hours, a page every 30 minutes
        assert signed_in(client)
        time_machine.shift(timedelta(minutes=30))
    assert signed_in(client)


def test_an_idle_session_ends_within_the_cookie_age_and_not_before_age_minus_refresh(
    as_persona, time_machine
):
    client = as_persona("employee_dinkes_sorong")
    assert signed_in(client)  # saved now (T)
    time_machine.shift(timedelta(seconds=REFRESH - 10))
    assert signed_in(client)  # not saved: the stored expiry is T + AGE
    # The worst case: idle for AGE − REFRESH after that last request, still signed in …
    time_machine.shift(timedelta(seconds=AGE - REFRESH - 5))
    assert signed_in(client)
    # … and idle for AGE after a request: signed out, whatever was saved when.
    time_machine.shift(timedelta(seconds=AGE + 1))
    assert not signed_in(client)
    assert SESSION_KEY not in client.session


def test_an_idle_session_right_after_a_save_lasts_the_whole_cookie_age(as_persona, time_machine):
    client = as_persona("employee_dinkes_sorong")
    assert signed_in(client)
    time_machine.shift(timedelta(seconds=AGE - 30))
    assert signed_in(client)  # its expiry is old: pushed ahead again
    time_machine.shift(timedelta(seconds=AGE - 30))
    assert signed_in(client)
    time_machine.shift(timedelta(seconds=AGE + 1))
    assert not signed_in(client)
