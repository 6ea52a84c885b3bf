"""The Celery side of the IKM: thin tasks with limits, the nightly beat entry, the stall sweep, and a
real worker against Redis."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from asn_portal.celery import app
from core import runs
from core.access import actor_for
from core.choices import RunState
from surveys import tasks
from surveys.choices import PeriodState
from surveys.models import IkmResult, IkmRun
from surveys.services import ikm

from .factories import make_service_unit, semester_period, worked_example

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(org):
    period = semester_period(make_service_unit(org.pkm_sorong, "pkm-sorong"))
    worked_example(period)
    return period


def test_the_tasks_have_time_limits_late_acks_and_a_nightly_beat():
    for task in (tasks.compute_period_ikm, tasks.compute_due_ikm):
        assert task.name in app.tasks
        assert task.acks_late
        assert 0 < task.soft_time_limit < task.time_limit
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.compute_due_ikm.name]
    assert len(entries) == 1
    assert entries[0]["schedule"] == timedelta(hours=24)


def test_the_task_computes_a_period_in_process(period):
    result = tasks.compute_period_ikm.delay(period_id=period.pk).get()

    run = IkmRun.objects.get(period=period)
    assert result == {"run": run.pk, "state": RunState.DONE, "respondents": 4}
    assert IkmResult.objects.get(period=period).konversi == Decimal("80.56")


def test_the_task_leaves_a_finished_run_alone(period):
    done = IkmRun.objects.create(period=period, state=RunState.DONE, total=4, processed=4)

    result = tasks.compute_period_ikm.delay(period_id=period.pk, run_id=done.pk).get()

    assert result["state"] == RunState.DONE
    assert not IkmResult.objects.exists()


def test_the_nightly_task_queues_every_due_period(org, period):
    open_period = semester_period(period.service_unit, start=period.end + timedelta(days=1),
                              end=period.end + timedelta(days=180), state=PeriodState.OPEN)  # fmt: skip

    assert tasks.compute_due_ikm.delay().get() == {"queued": 2}

    assert set(IkmResult.objects.values_list("period_id", flat=True)) == {period.pk, open_period.pk}
    assert tasks.compute_due_ikm.delay().get() == {"queued": 1}  # the open one, every night


def test_a_stalled_run_is_handed_back_by_the_sweep(period):
    assert "surveys.ikm" in runs.JOBS
    stalled, _ = ikm.start_run(period_id=period.pk)
    IkmRun.objects.filter(pk=stalled.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))

    assert runs.sweep()["surveys.ikm"] == 1

    stalled.refresh_from_db()
    assert stalled.state == RunState.DONE
    assert IkmResult.objects.get(period=period).respondents == 4


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_computes_a_period_twice_with_the_same_rows(org):
    from celery.contrib.testing.worker import start_worker

    assert not settings.CELERY_TASK_ALWAYS_EAGER, "this test needs REDIS_URL"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    app.conf.task_always_eager = False
    period = semester_period(make_service_unit(org.pkm_sorong, "pkm-sorong"))
    worked_example(period)
    app.control.purge()  # messages left by an interrupted earlier run are not ours
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        first = tasks.compute_period_ikm.delay(period_id=period.pk).get(timeout=60)
        rows = list(
            IkmResult.objects.filter(period=period).values_list("pk", "respondents", "konversi", "mutu")
        )
        second = tasks.compute_period_ikm.delay(period_id=period.pk).get(timeout=60)
    assert first["state"] == second["state"] == RunState.DONE
    assert rows == [(rows[0][0], 4, Decimal("80.56"), "B")]
    assert (
        list(IkmResult.objects.filter(period=period).values_list("pk", "respondents", "konversi", "mutu"))
        == rows
    )
    assert IkmRun.objects.filter(period=period, state=RunState.DONE).count() == 2


def test_closing_a_period_computes_its_ikm_once_committed(org, django_capture_on_commit_callbacks):
    """The close hook of the periods (services.periods.period_close) queues this app's task."""
    from surveys.services import periods as period_services

    period = semester_period(make_service_unit(org.pkm_sorong, "pkm-sorong"), state=PeriodState.OPEN)
    worked_example(period)
    hr = actor_for(org.users["hr_sorong"])

    with django_capture_on_commit_callbacks(execute=True):
        period_services.period_close(actor=hr, period=period)

    assert IkmResult.objects.get(period=period, service__isnull=True).konversi == Decimal("80.56")
    assert IkmRun.objects.get(period=period).state == RunState.DONE
