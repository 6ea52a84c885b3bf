"""/healthz for a load balancer: database, cache and broker, each 'ok' or the error's class."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    cache.set("healthz", "1", 10)
    return "ok" if cache.get("healthz") == "1" else "unreadable"


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok (in-process)"
    from asn_portal.celery import app

    url = app.conf.broker_url
    if url.startswith(("redis://", "rediss://")):
        # A direct PING with a short timeout: with a frozen Redis the cache probe (its own timeout)
        # and this one together still answer 503 within 2 seconds.
        import redis

        timeout = min(settings.REDIS_SOCKET_TIMEOUT, 0.5)
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
        return "ok"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {}
    healthy = True
    for name, probe in (("database", _database), ("cache", _cache), ("broker", _broker)):
        try:
            checks[name] = probe()
        except Exception as exc:  # report any failure; a health check must not raise
            checks[name] = f"error: {type(exc).__name__}"
        healthy = healthy and checks[name].startswith("ok")
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
