"""Celery wiring: eager in the embedded default; a real worker against the real Redis."""

import pytest
from django.conf import settings

from asn_portal.celery import app
from core.models import UnitKerja
from core.tasks import ping, repair_unit_paths


def test_tasks_have_time_limits_and_late_acks():
    assert settings.CELERY_TASK_ACKS_LATE
    assert settings.CELERY_TASK_TIME_LIMIT > settings.CELERY_TASK_SOFT_TIME_LIMIT > 0
    assert repair_unit_paths.time_limit == 600
    assert "core.tasks.repair_unit_paths" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    app.loader.import_default_modules()  # what a worker does at start: every app's tasks module
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, f"beat names an unknown task {entry['task']}"
    ours = [
        task for name, task in app.tasks.items() if name.startswith(("core.", "employees.", "performance."))
    ]
    assert ours
    for task in ours:
        hard = task.time_limit or settings.CELERY_TASK_TIME_LIMIT
        soft = task.soft_time_limit or settings.CELERY_TASK_SOFT_TIME_LIMIT
        assert soft <= hard, f"{task.name}: soft limit {soft}s exceeds the hard limit {hard}s"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_runs_a_task_against_the_database(org):
    from celery.contrib.testing.worker import start_worker

    assert not settings.CELERY_TASK_ALWAYS_EAGER, "this test needs REDIS_URL"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    app.conf.task_always_eager = False
    UnitKerja.objects.filter(pk=org.pkm_sorong.pk).update(path="rusak/")
    app.control.purge()  # messages left by an interrupted earlier run are not ours
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert ping.delay().get(timeout=20) == "pong"
        fixed = repair_unit_paths.delay(instansi_id=org.sorong.pk).get(timeout=20)
    assert fixed == 1
    org.pkm_sorong.refresh_from_db()
    assert org.pkm_sorong.path.startswith(org.dinkes_sorong.path)
