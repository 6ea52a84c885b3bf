"""Two people deciding the same thing at the same moment: one wins, the other is told, nobody gets a 500."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from employees.services import corrections

from ..employees.test_corrections import current_form


@pytest.mark.sqlite
def test_sqlite_takes_the_write_lock_at_the_start_of_a_transaction_and_waits_for_it():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_approvals_give_one_success_and_one_friendly_refusal(org, monkeypatch):
    nurse = org.employee_dinkes_sorong
    employee_client = Client()
    employee_client.force_login(org.users["employee_dinkes_sorong"])
    employee_client.post(
        reverse("employees:correction_mine"), current_form(nurse, name="Siti Aminah", phone="081234567890")
    )
    proposal = corrections.CorrectionProposal.objects.get(employee=nurse)
    url = reverse("employees:correction_approve", args=[proposal.pk])

    real_conflicts = corrections.conflicts

    def slow_conflicts(*args, **kwargs):  # widen the window inside the transaction
        time.sleep(0.4)
        return real_conflicts(*args, **kwargs)

    monkeypatch.setattr(corrections, "conflicts", slow_conflicts)
    deciders = [Client(), Client()]
    deciders[0].force_login(org.users["hr_sorong"])
    deciders[1].force_login(org.users["superuser"])
    start = threading.Barrier(2)
    responses: list = [None, None]
    errors: list = []

    def decide(index: int) -> None:
        try:
            start.wait()
            responses[index] = deciders[index].post(url, {})
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    codes = sorted(response.status_code for response in responses)
    assert codes == [200, 302], codes
    refused = next(response for response in responses if response.status_code == 200)
    assert "Usulan ini sudah disetujui" in refused.content.decode()
    proposal.refresh_from_db()
    assert not proposal.is_pending
