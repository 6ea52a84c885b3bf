"""Places under concurrent writes (PostgreSQL, real transactions in two threads): two confirmations
for the last place give one place and one waitlist entry; two cancellations at once promote exactly
two from the waitlist, in its order, and never more than the quota."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from training.choices import EnrolmentState
from training.models import Enrolment
from training.services import enrolment as services

from ..factories import make_employee
from .factories import actor, make_programme

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def slow_count(monkeypatch):
    """Widen the window between counting the places and writing the decision."""
    real = services._taken

    def taken(programme):
        count = real(programme)
        time.sleep(0.3)
        return count

    monkeypatch.setattr(services, "_taken", taken)


def at_once(*calls):
    start = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call):
        try:
            start.wait()
            call()
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors


def enrol(org, programme, name, state):
    return Enrolment.objects.create(
        programme=programme, employee=make_employee(org.pkm_sorong, name=name), origin="mandiri", state=state
    )


def test_two_confirmations_for_the_last_place_give_one_place(org, monkeypatch):
    assert connection.vendor == "postgresql"
    programme = make_programme(org.sorong, quota=1)
    a, b = enrol(org, programme, "A", "disetujui"), enrol(org, programme, "B", "disetujui")
    slow_count(monkeypatch)
    hr, superuser = actor(org, "hr_sorong"), actor(org, "superuser")
    at_once(
        lambda: services.enrolment_confirm(actor=hr, enrolment=a),
        lambda: services.enrolment_confirm(actor=superuser, enrolment=b),
    )
    states = sorted(Enrolment.objects.values_list("state", flat=True))
    assert states == sorted([EnrolmentState.CONFIRMED, EnrolmentState.WAITLISTED])


def test_two_cancellations_at_once_promote_two_in_waitlist_order(org, monkeypatch):
    assert connection.vendor == "postgresql"
    programme = make_programme(org.sorong, quota=2)
    leaving = [enrol(org, programme, f"Keluar {i}", "dikonfirmasi") for i in range(2)]
    waiting = []
    for i in range(3):
        e = enrol(org, programme, f"Tunggu {i}", "daftar_tunggu")
        Enrolment.objects.filter(pk=e.pk).update(waitlisted_at=e.requested_at)
        waiting.append(e)
    slow_count(monkeypatch)
    hr, superuser = actor(org, "hr_sorong"), actor(org, "superuser")
    at_once(
        lambda: services.enrolment_cancel(actor=hr, enrolment=leaving[0], reason="Sakit"),
        lambda: services.enrolment_cancel(actor=superuser, enrolment=leaving[1], reason="Mutasi"),
    )
    state = dict(Enrolment.objects.values_list("pk", "state"))
    assert [state[e.pk] for e in waiting] == ["dikonfirmasi", "dikonfirmasi", "daftar_tunggu"]
    assert list(state.values()).count("dikonfirmasi") == programme.quota
