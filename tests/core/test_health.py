import json

from django.test import Client, override_settings


def test_healthz_reports_database_cache_and_broker(db):
    response = Client().get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert body["broker"].startswith("ok")
    assert response["Cache-Control"].startswith("max-age=0")


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_healthz_says_503_when_the_broker_is_unreachable(db, monkeypatch):
    from asn_portal.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = Client().get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["broker"].startswith("error")
    assert body["database"] == "ok"
