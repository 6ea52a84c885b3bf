"""Two people at the same moment: two decisions on one request give one decision; two requests that
together exceed the balance give one request and one friendly refusal."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from leave import selectors
from leave.choices import RequestState
from leave.models import LeaveRequest
from leave.services import requests as services

from .factories import actor, grant, leave_type, request_data


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


def _slow_deciders(monkeypatch) -> None:
    real = services.selectors.deciders

    def slow(*args, **kwargs):  # widen the window inside the transaction, after the lock
        time.sleep(0.4)
        return real(*args, **kwargs)

    monkeypatch.setattr(services.selectors, "deciders", slow)


@pytest.mark.django_db(transaction=True)
def test_two_requests_that_together_exceed_the_balance_give_one_refusal(org, monkeypatch):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2026, 5)
    tahunan = leave_type()
    _slow_deciders(monkeypatch)
    client_a, client_b = Client(), Client()
    for c in (client_a, client_b):
        c.force_login(org.users["employee_dinkes_sorong"])
    url = reverse("leave:request_new")
    first = {**request_data(), "leave_type": tahunan.pk, "action": "send"}  # 18–21 Aug: 4 days
    second = {
        **request_data(start="2026-09-01", end="2026-09-03"),
        "leave_type": tahunan.pk,
        "action": "send",
    }
    responses = _race([lambda: client_a.post(url, first), lambda: client_b.post(url, second)])
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 302], codes
    refused = next(r for r in responses if r.status_code == 200)
    assert "Sisa cuti tahunan Anda tidak cukup" in refused.content.decode()
    assert LeaveRequest.objects.count() == 1
    assert sum(selectors.balances(nurse.pk).values()) >= 0


@pytest.mark.django_db(transaction=True)
def test_two_decisions_on_one_request_at_once_give_one_decision(org, monkeypatch):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = services.request_submit(
        actor=actor(org.users["employee_dinkes_sorong"]), leave_type=leave_type(), **request_data()
    )
    services.request_recommend(
        actor=actor(org.users["head_dinkes_sorong"]), request=request, option="disetujui"
    )
    # The head (PyB) and... HR cannot decide for a named PyB: two tabs of the PyB race instead.
    real = services._reason_required

    def slow(*args, **kwargs):
        time.sleep(0.4)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_reason_required", slow)
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.force_login(org.users["head_dinkes_sorong"])
    url = reverse("leave:decide", args=[request.pk])
    responses = _race(
        [
            lambda: tabs[0].post(url, {"dec-option": "disetujui"}),
            lambda: tabs[1].post(url, {"dec-option": "tidak_disetujui", "dec-reason": "Beban kerja"}),
        ]
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 302], codes
    refused = next(r for r in responses if r.status_code == 200)
    assert "sudah diputuskan" in refused.content.decode()
    request.refresh_from_db()
    assert request.state in (RequestState.DISETUJUI, RequestState.TIDAK_DISETUJUI)
    returned = request.entries.filter(kind="kembali").count()
    assert returned == (1 if request.state == RequestState.TIDAK_DISETUJUI else 0)
