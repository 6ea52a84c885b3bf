"""What the scoring does when its parts fail: the broker cannot be reached when HR starts a run, a worker
dies in the middle of one. The run is never lost and never claimed to be running when nobody works on
it: it is shown as stalled and the sweep (core.runs.sweep, every minute) queues it again; the resumed run
writes exactly what a clean re-score writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from asn_portal.celery import app
from core import runs
from core.choices import RunState
from employees.models import Employee
from performance.choices import ScoringState
from performance.models import PeriodScore, ScoringRun
from performance.services import scoring
from tests.factories import make_employees_bulk

from .factories import make_year, period


def page_url(org) -> str:
    return f"{reverse('performance:scoring')}?instansi={org.sorong.pk}"


def scores(period_) -> list[tuple]:
    return list(
        PeriodScore.objects.filter(period=period_)
        .order_by("employee_id")
        .values_list("employee_id", "unit_id", "iki_total", "iki_reported", "indeks", "predikat")
    )


@pytest.fixture
def dead_broker(broker):
    """Tasks go to a broker that refuses connections."""
    broker.at(broker.DEAD)
    return broker


@pytest.fixture
def ended(org):
    return period(make_year(org.sorong, year=2020), 1)


@pytest.mark.django_db(transaction=True)  # real commits: the task is queued when the claim commits
def test_with_the_broker_down_the_start_keeps_the_run_says_so_and_the_sweep_finishes_it(
    org, as_persona, ended, dead_broker
):
    hr = as_persona("hr_sorong")

    response = hr.post(reverse("performance:scoring_start", args=[ended.pk]))

    # No 500 after the commit: the run is kept, stalled with the reason, and the page tells the truth.
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "Penghitungan skor Januari 2020 tercatat, tetapi antrean tugas (Redis) tidak dapat dihubungi. "
        "Penghitungan dimulai otomatis setelah antrean pulih; Anda juga dapat menekan Hitung ulang nanti."
    ]
    run = ScoringRun.objects.get(period=ended)
    assert run.state == RunState.RUNNING and run.processed == 0
    assert run.stalled and run.error == ScoringRun.QUEUE_UNAVAILABLE
    html = hr.get(page_url(org)).content.decode()
    row = html.split(f'data-testid="period-{ended.pk}"')[1].split("</tr>")[0]
    assert "Terhenti" in row
    assert "Antrean tugas (Redis) tidak dapat dihubungi" in row
    assert "disabled" not in row  # HR may start it again by hand
    assert not PeriodScore.objects.filter(period=ended).exists()

    # While the broker is down the sweep cannot requeue: the run stays stalled for the next sweep.
    assert runs.sweep()["performance.scoring"] == 0
    assert ScoringRun.objects.get(pk=run.pk).stalled

    # The broker is back (here: in-process, the embedded default): the sweep hands the run back.
    dead_broker.in_process()
    assert runs.sweep()["performance.scoring"] == 1
    run.refresh_from_db()
    assert (run.state, run.processed, run.total, run.error) == (ScoringState.DONE, 3, 3, "")
    assert ScoringRun.objects.filter(period=ended).count() == 1  # the same run, taken over
    assert PeriodScore.objects.filter(period=ended).count() == 3
    assert runs.sweep()["performance.scoring"] == 0


def test_a_running_run_without_a_heartbeat_for_the_limit_is_shown_stalled_and_is_swept(
    org, as_persona, ended, settings
):
    settings.RUN_STALE_AFTER_SECONDS = 120
    clean = scoring.score_period_run(period_id=ended.pk)
    expected = scores(ended)
    PeriodScore.objects.filter(period=ended).delete()
    beat = timezone.now() - timezone.timedelta(seconds=100)
    run = ScoringRun.objects.create(
        period=ended, state=RunState.RUNNING, total=3, processed=1, heartbeat_at=beat
    )
    hr = as_persona("hr_sorong")

    assert not run.stalled
    row = (
        hr.get(page_url(org)).content.decode().split(f'data-testid="period-{ended.pk}"')[1].split("</tr>")[0]
    )
    assert "Sedang berjalan" in row and "Terhenti" not in row
    assert runs.sweep()["performance.scoring"] == 0  # 100 s: still within the limit

    ScoringRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timezone.timedelta(seconds=125))
    row = (
        hr.get(page_url(org)).content.decode().split(f'data-testid="period-{ended.pk}"')[1].split("</tr>")[0]
    )
    assert "Terhenti" in row and "Pekerja tugas berhenti di tengah jalan" in row
    progress = hr.get(reverse("performance:scoring_progress", args=[run.pk])).json()
    assert progress["stalled"] is True  # the polling script stops and reloads

    assert runs.sweep()["performance.scoring"] == 1
    run.refresh_from_db()
    assert run.state == ScoringState.DONE
    assert scores(ended) == expected
    assert clean.state == ScoringState.DONE


def test_the_sweep_runs_every_minute_and_the_stale_limit_is_two_minutes():
    entry = django_settings.CELERY_BEAT_SCHEDULE["core-sweep-stalled-runs"]
    assert entry["task"] == "core.tasks.sweep_stalled_runs"
    assert entry["schedule"].total_seconds() == 60
    assert runs.stale_limit().total_seconds() == 120
    assert "performance.scoring" in runs.JOBS


# --- A real worker killed in the middle of a run (PostgreSQL and Redis) --------------------------------


def _worker(tmp_path: Path, name: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "SCORING_BATCH_SIZE": "50",
        "SCORING_WORKERS": "1",
        "RUN_STALE_AFTER_SECONDS": "1",
    }
    log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "asn_portal",
            "worker",
            "--pool",
            "solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "info",
            "-n",
            f"{name}-{os.getpid()}@%h",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_is_shown_stalled_and_another_worker_finishes_the_run(
    org, as_persona, tmp_path, settings, time_machine
):
    import psycopg2

    # The workers are other processes, on the real clock: this test runs on it too (the heartbeats
    # they write are compared with this process's now).
    real_now = float(subprocess.check_output(["date", "+%s.%N"], text=True))
    time_machine.move_to(datetime.fromtimestamp(real_now, tz=UTC), tick=True)

    assert connection.vendor == "postgresql" and not django_settings.CELERY_TASK_ALWAYS_EAGER
    app.conf.task_always_eager = False
    app.control.purge()
    ended = period(make_year(org.sorong, year=2020), 1)
    make_employees_bulk(org.dishub_sorong, 400)
    scoring.score_period_run(period_id=ended.pk)  # every employee has a score row
    before = scores(ended)
    # Everyone in Dishub moves to the other Sorong unit: the run must rewrite every one of their rows.
    moved = list(Employee.objects.filter(unit=org.dishub_sorong).values_list("pk", flat=True))
    assert len(moved) >= 400
    Employee.objects.filter(pk__in=moved).update(unit=org.dinkes_sorong)
    ids = sorted(PeriodScore.objects.filter(period=ended).values_list("employee_id", flat=True))
    half = ids[len(ids) // 2]

    # Another session holds the score rows of the second half: the worker writes batches up to them
    # and then waits, in the middle of the run.
    db = connection.settings_dict
    holder = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    )
    worker = second = None
    try:
        with holder.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM performance_periodscore WHERE period_id = %s AND employee_id > %s FOR UPDATE",
                [ended.pk, half],
            )
        worker = _worker(tmp_path, "first")
        from performance import tasks

        tasks.score_period.delay(period_id=ended.pk)

        def stuck() -> bool:
            run = ScoringRun.objects.filter(period=ended, state=RunState.RUNNING).first()
            if run is None or not 0 < run.processed < run.total:
                return False
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                return cursor.fetchone()[0] > 0

        _wait(stuck, timeout=90, what="the worker to reach the locked rows")
        run = ScoringRun.objects.get(period=ended, state=RunState.RUNNING)
        assert 0 < run.percent < 100
        _kill(worker)  # the worker host dies: no failure is recorded, the message is never acknowledged
        holder.rollback()  # the killed worker's open batch is rolled back by PostgreSQL

        # Within the limit the run still looks alive; past it the page says it stalled.
        settings.RUN_STALE_AFTER_SECONDS = 1
        time.sleep(1.5)
        run.refresh_from_db()
        assert run.state == RunState.RUNNING and run.stalled
        html = as_persona("hr_sorong").get(page_url(org)).content.decode()
        row = html.split(f'data-testid="period-{ended.pk}"')[1].split("</tr>")[0]
        assert "Terhenti" in row

        # The sweep queues it again; another real worker takes the run over and finishes it.
        second = _worker(tmp_path, "second")
        assert runs.sweep()["performance.scoring"] == 1
        _wait(
            lambda: ScoringRun.objects.get(pk=run.pk).state == ScoringState.DONE,
            timeout=90,
            what="the second worker to finish the run",
        )
    finally:
        holder.close()
        for process in (worker, second):
            if process is not None:
                _kill(process)
        import redis

        redis.Redis.from_url(django_settings.CELERY_BROKER_URL).delete("unacked", "unacked_index")
        app.conf.task_always_eager = django_settings.CELERY_TASK_ALWAYS_EAGER

    assert ScoringRun.objects.filter(period=ended).count() == 2  # the clean run and the one taken over
    resumed = scores(ended)
    assert resumed != before
    assert {unit for employee, unit, *_rest in resumed if employee in set(moved)} == {org.dinkes_sorong.pk}
    # A clean re-score now writes the very same rows.
    settings.RUN_STALE_AFTER_SECONDS = 120
    scoring.score_period_run(period_id=ended.pk)
    assert scores(ended) == resumed
