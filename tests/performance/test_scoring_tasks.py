"""The Celery side of the scoring: thin tasks with limits, the daily job and which periods it scores
(scoring.due_periods, in each agency's time zone), and a real worker against Redis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

from asn_portal.celery import app
from performance import tasks
from performance.choices import ScoringState
from performance.models import PeriodScore, ScoringRun
from performance.services import scoring

from .factories import annual, make_year, period


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_the_scoring_tasks_have_time_limits_late_acks_and_a_daily_beat():
    for task in (tasks.score_period, tasks.score_ended_periods):
        assert task.name in app.tasks
        assert task.acks_late
        assert 0 < task.soft_time_limit < task.time_limit
    entries = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.score_ended_periods.name
    ]
    assert len(entries) == 1
    assert entries[0]["schedule"] == timedelta(hours=24)


def test_the_task_scores_a_period_in_process(org):
    january = period(make_year(org.sorong), 1)

    result = tasks.score_period.delay(period_id=january.pk).get()

    run = ScoringRun.objects.get(period=january)
    assert result == {"run": run.pk, "state": ScoringState.DONE, "processed": 3, "total": 3}
    assert PeriodScore.objects.filter(period=january).count() == 3


def test_the_task_continues_the_run_hr_claimed(org):
    january = period(make_year(org.sorong), 1)
    run, _ = scoring.start_run(period_id=january.pk, requested_by_id=org.users["hr_sorong"].pk)

    tasks.score_period.delay(period_id=january.pk, run_id=run.pk).get()

    run.refresh_from_db()
    assert (run.state, run.processed) == (ScoringState.DONE, 3)
    assert ScoringRun.objects.count() == 1


def test_the_task_leaves_a_finished_run_alone(org):
    january = period(make_year(org.sorong), 1)
    done = ScoringRun.objects.create(period=january, state=ScoringState.DONE, total=3, processed=3)

    result = tasks.score_period.delay(period_id=january.pk, run_id=done.pk).get()

    assert result["state"] == ScoringState.DONE
    assert not PeriodScore.objects.exists()


# --- Which periods the daily job scores ---------------------------------------------------------------


@pytest.fixture
def years(org):
    """2026, monthly, in Sorong (WIT, UTC+9) and Palembang (WIB, UTC+7); January's appraisal deadline
    is 10 February."""
    return make_year(org.sorong), make_year(org.palembang)


def test_a_period_is_due_once_it_has_ended_in_the_agencys_own_time_zone(years):
    sorong, palembang = years
    # 31 January 16:00 UTC: already 1 February 01:00 in Sorong, still 31 January 23:00 in Palembang.
    due = scoring.due_periods(now=utc(2026, 1, 31, 16))

    assert due == [period(sorong, 1).pk]
    assert period(palembang, 1).pk in scoring.due_periods(now=utc(2026, 1, 31, 18))


def test_periods_that_have_not_ended_are_never_due(years):
    sorong, _ = years

    due = scoring.due_periods(now=utc(2026, 2, 20, 3))

    assert period(sorong, 1).pk in due
    assert period(sorong, 2).pk not in due
    assert annual(sorong).pk not in due


def test_until_its_appraisal_deadline_a_period_is_scored_again_each_day_but_once_a_day(years):
    sorong, _ = years
    january = period(sorong, 1)
    ScoringRun.objects.create(period=january, state=ScoringState.DONE, started_at=utc(2026, 2, 5, 1))

    assert january.pk not in scoring.due_periods(now=utc(2026, 2, 5, 10))  # already scored today (WIT)
    assert january.pk in scoring.due_periods(now=utc(2026, 2, 5, 16))  # 6 February 01:00 in Sorong


def test_after_a_run_that_started_after_the_appraisal_deadline_the_period_is_no_longer_due(years):
    sorong, _ = years
    january = period(sorong, 1)
    # 11 February 00:30 WIT: the first moment after the deadline day (10 February) in Sorong.
    ScoringRun.objects.create(period=january, state=ScoringState.DONE, started_at=utc(2026, 2, 10, 15, 30))

    assert january.pk not in scoring.due_periods(now=utc(2026, 2, 12, 1))
    assert january.pk not in scoring.due_periods(now=utc(2026, 6, 1))


def test_a_run_on_the_deadline_day_or_a_failed_one_is_not_the_final_scoring(years):
    sorong, _ = years
    january = period(sorong, 1)
    ScoringRun.objects.create(
        period=january, state=ScoringState.DONE, started_at=utc(2026, 2, 10, 14)
    )  # 23:00 WIT
    ScoringRun.objects.create(period=january, state=ScoringState.FAILED, started_at=utc(2026, 2, 11, 1))

    assert january.pk in scoring.due_periods(now=utc(2026, 2, 12, 1))


def test_the_daily_job_queues_the_due_periods_and_they_get_scored(org, years, monkeypatch):
    sorong, palembang = years
    monkeypatch.setattr("django.utils.timezone.now", lambda: utc(2026, 3, 15, 3))

    result = tasks.score_ended_periods.delay().get()

    assert result == {"queued": 4}  # January and February in both agencies
    scored = set(ScoringRun.objects.filter(state=ScoringState.DONE).values_list("period_id", flat=True))
    assert scored == {
        period(sorong, 1).pk,
        period(sorong, 2).pk,
        period(palembang, 1).pk,
        period(palembang, 2).pk,
    }
    assert PeriodScore.objects.filter(period=period(sorong, 2)).count() == 3
    assert scoring.due_periods() == []  # scored today: nothing is due again the same day


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_scores_a_period(org):
    from celery.contrib.testing.worker import start_worker

    assert not settings.CELERY_TASK_ALWAYS_EAGER, "this test needs REDIS_URL"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    app.conf.task_always_eager = False
    january = period(make_year(org.sorong), 1)
    app.control.purge()  # messages left by an interrupted earlier run are not ours
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = tasks.score_period.delay(period_id=january.pk).get(timeout=60)
    run = ScoringRun.objects.get(period=january)
    assert result == {"run": run.pk, "state": ScoringState.DONE, "processed": 3, "total": 3}
    assert PeriodScore.objects.filter(period=january).count() == 3
