"""Faults of the real data stores: a frozen Redis and a PostgreSQL connection killed under a worker.

The Redis tests start a private redis-server (never the shared one), freeze it with SIGSTOP and check
that the health check and the cache give up within the configured timeouts. The PostgreSQL test kills
the backend of a persistent connection with pg_terminate_backend and sends the next request through
Django's real WSGI handler (whose request_started signal checks connections, unlike the test client).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client, RequestFactory

pytestmark = pytest.mark.redis


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def private_redis(tmp_path) -> Iterator[tuple[str, subprocess.Popen]]:
    port = _free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    for _ in range(50):
        try:
            redis.Redis.from_url(url, socket_timeout=0.2).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    else:
        pytest.fail("the private redis-server did not start")
    yield url, process
    os.kill(process.pid, signal.SIGCONT)
    process.terminate()
    process.wait(timeout=10)


def _frozen(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGSTOP)


def test_the_timeouts_are_set_on_the_cache_broker_and_result_backend():
    assert settings.CACHES["default"]["OPTIONS"]["socket_timeout"] == settings.REDIS_SOCKET_TIMEOUT
    assert settings.CACHES["default"]["OPTIONS"]["socket_connect_timeout"] == settings.REDIS_CONNECT_TIMEOUT
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["socket_timeout"] <= 2
    assert settings.CELERY_REDIS_SOCKET_TIMEOUT == settings.REDIS_SOCKET_TIMEOUT
    # An unacknowledged message comes back after the hard limit plus a margin, not after an hour.
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert settings.CELERY_TASK_TIME_LIMIT < visibility <= settings.CELERY_TASK_TIME_LIMIT + 600


def test_healthz_answers_503_within_two_seconds_when_redis_is_frozen(db, private_redis, settings):
    url, process = private_redis
    from django.core.cache import caches

    from asn_portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}
    old_broker = app.conf.broker_url
    app.conf.broker_url = url
    try:
        caches["default"].close()
        assert Client().get("/healthz").status_code == 200  # the private Redis answers
        _frozen(process)
        started = time.monotonic()
        response = Client().get("/healthz")
        elapsed = time.monotonic() - started
    finally:
        app.conf.broker_url = old_broker
        caches["default"].close()
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["cache"].startswith("error") and body["broker"].startswith("error")
    assert body["database"] == "ok"
    assert elapsed < 2.0, f"/healthz took {elapsed:.2f} s with Redis frozen"


@pytest.mark.django_db(transaction=True)
def test_a_request_after_postgresql_killed_the_connection_gets_a_new_one():
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: it runs in the PostgreSQL + Redis run")
    import psycopg2

    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60  # a persistent connection, as in production
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    handler = WSGIHandler()
    environ = RequestFactory()._base_environ(PATH_INFO="/healthz", REQUEST_METHOD="GET")

    def get() -> int:
        statuses: list[str] = []
        body = b"".join(handler(dict(environ), lambda status, headers, *a: statuses.append(status)))
        assert body
        return int(statuses[0].split()[0])

    try:
        assert get() == 200
        pid = connection.connection.info.backend_pid
        killer = psycopg2.connect(
            dbname=connection.settings_dict["NAME"],
            user=connection.settings_dict["USER"],
            host=connection.settings_dict["HOST"],
            port=connection.settings_dict["PORT"] or 5432,
        )
        killer.autocommit = True
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone() == (True,)
        killer.close()
        time.sleep(0.2)

        assert get() == 200  # no 500: the dead connection was replaced before the request used it
        assert connection.connection.info.backend_pid != pid
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = 0
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_starting_a_scoring_run_with_redis_frozen_answers_within_seconds_and_says_so(
    org, private_redis, broker
):
    """A page that needs the broker fails fast with the truth, instead of hanging until the WSGI
    server kills its worker."""
    from django.contrib.messages import get_messages
    from django.urls import reverse

    from performance.models import ScoringRun
    from tests.performance.factories import make_year, period

    url, process = private_redis
    ended = period(make_year(org.sorong, year=2020), 1)
    client = Client()
    client.force_login(org.users["hr_sorong"])
    broker.at(url)
    _frozen(process)
    started = time.monotonic()
    response = client.post(reverse("performance:scoring_start", args=[ended.pk]))
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 8, f"the start took {elapsed:.1f} s with Redis frozen"
    assert any("tidak dapat dihubungi" in str(m) for m in get_messages(response.wsgi_request))
    assert ScoringRun.objects.get(period=ended).stalled
