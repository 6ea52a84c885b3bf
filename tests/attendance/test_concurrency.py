"""A double tap on two connections at the same moment (PostgreSQL): one check-in row, and both taps
answered without an error; two check-outs racing leave one check-out row."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from attendance.models import Presence

from .factories import INSIDE, fence

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(calls) -> list:
    start = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list = []

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = calls[index]()
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


def _clients(org, n):
    clients = []
    for _ in range(n):
        client = Client()
        client.force_login(org.users["employee_dinkes_sorong"])
        clients.append(client)
    return clients


@pytest.mark.clock("2026-07-14T22:30:00Z")  # 07.30 WIT
@pytest.mark.parametrize("kind", ["in", "out"])
def test_taps_racing_on_separate_connections_record_once(org, kind):
    assert connection.vendor == "postgresql"
    cache.clear()
    fence(org.sorong)
    url = reverse("attendance:record")
    data = {"kind": kind, "latitude": INSIDE[0], "longitude": INSIDE[1]}
    clients = _clients(org, 4)
    responses = _race([lambda c=c: c.post(url, data) for c in clients])
    assert [r.status_code for r in responses] == [302] * 4
    assert Presence.objects.filter(employee=org.employee_dinkes_sorong, kind=kind).count() == 1


@pytest.mark.clock("2026-07-14T22:30:00Z")  # 07.30 WIT
def test_identical_device_posts_racing_report_each_row_accepted_once(org):
    """Four identical posts at once: every log is written once, and the answers' accepted counts add
    up to the rows written (each post counts what its own INSERT returned, not a before/after count
    that would include a concurrent post's committed rows)."""
    import json

    from attendance.services import devices as device_services

    from .factories import actor

    cache.clear()
    _device, token = device_services.device_create(
        actor=actor(org.users["hr_sorong"]), instansi=org.sorong, code="SN-RACE", name="Mesin balapan"
    )
    nip = org.employee_dinkes_sorong.nip
    body = json.dumps(
        {
            "logs": [
                {"nip": nip, "timestamp": f"2026-07-14T07:{minute:02d}:00+09:00", "kind": "in"}
                for minute in range(0, 20)
            ]
        }
    )
    url = reverse("attendance:device_logs")

    def post():
        return Client().post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")

    responses = _race([post for _ in range(4)])
    assert [r.status_code for r in responses] == [200] * 4
    answers = [r.json() for r in responses]
    assert Presence.objects.filter(device="SN-RACE").count() == 20
    assert sum(a["accepted"] for a in answers) == 20, answers
    assert all(a["accepted"] + a["duplicate"] == 20 for a in answers), answers
