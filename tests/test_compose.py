"""Docker cannot run here: read the compose file and check it matches the code."""

from pathlib import Path

import yaml

BASE = Path(__file__).resolve().parents[1]


def load():
    return yaml.safe_load((BASE / "docker-compose.yml").read_text())


def test_compose_defines_the_production_services_with_health_checks_and_volumes():
    compose = load()
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert {"pgdata", "redisdata", "media"} <= set(compose["volumes"])


def test_app_services_share_the_image_and_the_settings_the_code_reads():
    services = load()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://redis:6379")
        assert env["DEBUG"] == "False"
        assert "SECRET_KEY" in env
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    settings_text = (BASE / "asn_portal" / "settings.py").read_text()
    for variable in services["web"]["environment"]:
        assert f'"{variable}"' in settings_text, f"compose sets {variable}, which settings never read"


def test_commands_run_gunicorn_celery_worker_and_beat_on_our_app():
    services = load()["services"]
    assert "gunicorn asn_portal.wsgi:application" in services["web"]["command"]
    assert "migrate" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "asn_portal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "asn_portal", "beat"]
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert (BASE / "Dockerfile").exists()
