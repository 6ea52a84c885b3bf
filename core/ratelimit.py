"""A per-address request limit in the shared cache (Redis in production, so every worker counts
together): the public survey form, ticket look-ups and the password-reset form use it.

One counter per bucket, address and fixed window. When the cache cannot be reached the request is let
through (and the failure logged): a citizen's submission or a reset e-mail matters more than the limit.
"""

from __future__ import annotations

import functools
import logging
import time
from typing import Any

import redis
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


def rate_key(bucket: str, address: str, window: int, now: float | None = None) -> str:
    """The cache key counting `address`'s requests to `bucket` in the current fixed window."""
    slot = int((time.time() if now is None else now) // window)
    return f"skm:rate:{bucket}:{address}:{slot}"


def over_rate_limit(bucket: str, address: str, *, limit: int, window: int) -> bool:
    """Count one request of `address` to `bucket`; True when it is past `limit` in this window of
    `window` seconds."""
    if not address:
        return False
    key = rate_key(bucket, address, window)
    try:
        count = _count(key, window)
    except Exception:  # a frozen or absent Redis must not refuse people
        logger.warning("%s rate limit: cache unavailable, request let through", bucket, exc_info=True)
        return False
    return count > limit


def forgive(bucket: str, address: str, *, window: int) -> None:
    """Take back the request just counted (a limit on failures only: a success does not count)."""
    if not address:
        return
    key = rate_key(bucket, address, window)
    try:
        client = redis_client()
        if client is not None:
            client.decr(cache.make_key(key))
        else:
            cache.decr(key)
    except Exception:  # absent counter or cache: nothing to take back
        logger.debug("%s rate limit: nothing to forgive", bucket, exc_info=True)


def _count(key: str, window: int) -> int:
    """Add one to the counter `key` (created for `window` seconds) and return it."""
    client = redis_client()
    if client is not None:
        # One round trip: create the counter if absent (with its expiry), then increment it atomically.
        full_key = cache.make_key(key)
        pipeline = client.pipeline(transaction=False)
        pipeline.set(full_key, 0, ex=window + 1, nx=True)
        pipeline.incr(full_key)
        return int(pipeline.execute()[1])
    try:  # another cache backend (the in-process one of the embedded default)
        return cache.incr(key)
    except ValueError:  # the first request of this window (or two at once: add() lets one win)
        return 1 if cache.add(key, 1, timeout=window + 1) else cache.incr(key)


@functools.cache
def redis_client() -> Any:
    """A Redis client of the cache's server when the cache is Redis (production), with the cache's
    timeouts; None otherwise. One per process (its connection pool is reused)."""
    if not isinstance(caches["default"], RedisCache):
        return None
    return redis.Redis.from_url(
        settings.CACHES["default"]["LOCATION"],
        socket_connect_timeout=settings.REDIS_CONNECT_TIMEOUT,
        socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
    )
