"""Settings from the environment: refuse to start without a secret; deploy checks are clean."""

import os
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "Xy9#mQ2$vL7@pR4!tW8^zN1&bC6*eF3(hJ5)"


# Variables the test run sets (pyproject's pytest_env) that a real deployment would not have.
TEST_ONLY = {
    "SECRET_KEY",
    "DEBUG",
    "HTTPS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "STATIC_MANIFEST",
    "WHITENOISE_USE_FINDERS",
    "DATABASE_URL",
    "REDIS_URL",
}


def run_manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE, env=env, capture_output=True, text=True, timeout=120
    )


def test_without_debug_the_app_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_development_key_is_refused_in_production():
    result = run_manage("check", DEBUG="False", SECRET_KEY="dev-only-insecure-key-do-not-use-in-production")
    assert result.returncode != 0
    assert "SECRET_KEY is too short" in result.stderr


def test_check_deploy_is_clean_with_the_production_defaults():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="False", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_plain_http_intranet_can_switch_https_off():
    result = run_manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE)",
        DEBUG="False",
        SECRET_KEY=STRONG_KEY,
        HTTPS="False",
    )
    assert result.stdout.strip() == "False False", result.stderr


def test_behind_a_tls_proxy_the_forwarded_protocol_is_trusted():
    result = run_manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT)",
        DEBUG="False",
        SECRET_KEY=STRONG_KEY,
        BEHIND_TLS_PROXY="True",
    )
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') True", result.stderr


def test_without_redis_tasks_run_in_process_and_with_it_redis_is_broker_and_cache():
    code = (
        "from django.conf import settings as s; "
        "print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND'].rsplit('.', 1)[1])"
    )
    embedded = run_manage("shell", "-v0", "-c", code, DEBUG="True")
    assert embedded.stdout.strip() == "True memory://localhost/ LocMemCache", embedded.stderr
    with_redis = run_manage("shell", "-v0", "-c", code, DEBUG="True", REDIS_URL="redis://127.0.0.1:6379/3")
    assert with_redis.stdout.strip() == "False redis://127.0.0.1:6379/3 RedisCache", with_redis.stderr


def test_the_default_database_is_a_sqlite_file_under_the_project():
    code = "from django.conf import settings as s; d=s.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    result = run_manage("shell", "-v0", "-c", code, DEBUG="True")
    engine, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(BASE / "var" / "asn_portal.sqlite3")
