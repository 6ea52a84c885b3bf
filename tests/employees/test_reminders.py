"""The daily career reminder job: the right people hear about each event, once."""

from datetime import UTC, date, datetime

import pytest
from django.core import mail

from employees.models import RankHistory
from employees.services import career
from employees.services.records import refresh_current
from employees.tasks import career_reminders
from notifications.models import Notification

from ..factories import make_employee

NOW = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # 07:30 WIB, 09:30 WIT


@pytest.fixture
def due(org):
    """The nurse (with a login and an e-mail) has a KGB on 1 January 2027 and a Satyalancana due;
    a colleague without a login retires on 1 February 2027."""
    nurse = org.employee_dinkes_sorong
    nurse.tmt_cpns = date(2015, 1, 1)
    nurse.save(update_fields=["tmt_cpns"])
    # Her rank row (TMT 1 Mar 2015) counts 2 months of masa kerja golongan: MKG 12 on 1 Jan 2027.
    RankHistory.objects.filter(pk=nurse.current_rank_id).update(mk_years=0, mk_months=2)
    refresh_current([nurse.pk])
    nurse.user.email = "siti@example.org"
    nurse.user.save(update_fields=["email"])
    make_employee(org.dishub_sorong, name="Hampir Pensiun", birth_date=date(1969, 1, 10))
    hr = org.users["hr_sorong"]
    hr.email = "bkpsdm@example.org"
    hr.save(update_fields=["email"])
    return nurse


def test_the_job_notifies_the_employee_and_hr_once_even_when_run_twice(
    org, due, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = career.career_reminders_send(now=NOW)
    rows = set(Notification.objects.values_list("recipient__username", "key"))
    nurse = due
    assert (org.users["employee_dinkes_sorong"].username, f"career:kgb:{nurse.pk}:2027-01-01") in rows
    assert (
        org.users["employee_dinkes_sorong"].username,
        f"career:satyalancana:{nurse.pk}:2026-12-31",
    ) in rows
    hr_keys = {k for u, k in rows if u == "hr.sorong"}
    assert {k.split(":")[1] for k in hr_keys} >= {"kgb", "pensiun", "satyalancana"}
    palembang_keys = [k for u, k in rows if u == "hr.palembang"]
    assert palembang_keys and hr_keys, "both HR officers get digests"
    assert all(k.split(":")[2] == str(org.palembang.pk) for k in palembang_keys), "only Palembang digests"
    assert all(k.split(":")[2] == str(org.sorong.pk) for k in hr_keys)
    sent = len(mail.outbox)
    assert sent == len([r for r in rows if r[0] in ("perawat.sorong", "hr.sorong")])
    assert first.created == len(rows)

    with django_capture_on_commit_callbacks(execute=True):
        second = career.career_reminders_send(now=NOW)
    assert second.created == 0
    assert set(Notification.objects.values_list("recipient__username", "key")) == rows
    assert len(mail.outbox) == sent, "no e-mail twice"


def test_the_digest_for_hr_counts_the_events_and_links_to_the_report(org, due):
    career.career_reminders_send(now=NOW)
    digest = Notification.objects.get(recipient=org.users["hr_sorong"], kind="career.pensiun.digest")
    assert digest.title == "1 pegawai mencapai BUP dalam 12 bulan."
    assert digest.url.startswith("/laporan/pensiun/")
    nurse_note = Notification.objects.get(recipient=due.user, kind="career.kgb")
    assert nurse_note.title == "Kenaikan gaji berkala Anda jatuh pada 1 Januari 2027."


def test_the_celery_task_runs_the_job(org, due):
    outcome = career_reminders.delay().get()
    assert outcome["agencies"] == 2 and outcome["created"] == Notification.objects.count()
    assert career_reminders.delay().get()["created"] == 0


def test_employees_hear_only_about_their_own_events(org, due):
    career.career_reminders_send(now=NOW)
    for person in (org.employee_dishub_palembang, due, org.head_dinkes_sorong):
        keys = Notification.objects.filter(recipient=person.user).values_list("key", flat=True)
        assert keys and all(k.split(":")[2] == str(person.pk) for k in keys)
