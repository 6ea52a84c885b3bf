"""Writes of the citizens' pages: a submission of the public form (the response, its extra answers, the
follow-up of its suggestion and the use of a one-time token, in one transaction) and the per-address
rate limit in the cache.

A submission is written once: the form carries a key (Response.submission_key) from render to submit,
so a second POST of the same form (double click, back and resubmit) finds the first one and is not
saved again. Nothing is half-saved: anything that fails rolls the whole submission back.
"""

from __future__ import annotations

import functools
import logging
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import redis
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import PeriodState, QuestionKind
from ..models import AccessToken, ExtraAnswer, FollowUp, Response, SurveyPeriod
from ..rules import UNSUR_CODES
from ..selectors.public import TICKET_ALPHABET, TICKET_LENGTH, PublicSurvey, SurveyUnavailable

logger = logging.getLogger(__name__)

TOKEN_UNKNOWN = _(
    "Kode kunjungan tidak dikenal untuk unit layanan ini. Periksa kembali kode pada kertas Anda."
)
TOKEN_USED = _("Kode kunjungan ini sudah dipakai. Setiap kode hanya berlaku untuk satu kali pengisian.")


@dataclass(frozen=True)
class Submitted:
    """The outcome of a submission: its key (the thank-you page's address) and its ticket, if any.
    `duplicate` when the same form had been submitted before (nothing new was saved)."""

    submission_key: UUID
    ticket: str
    duplicate: bool = False


# --- The rate limit ----------------------------------------------------------------------------------


def rate_key(bucket: str, address: str, window: int, now: float | None = None) -> str:
    """The cache key counting `address`'s requests to `bucket` in the current fixed window."""
    slot = int((time.time() if now is None else now) // window)
    return f"skm:rate:{bucket}:{address}:{slot}"


def over_rate_limit(bucket: str, address: str, *, limit: int, window: int) -> bool:
    """Count one request of `address` to `bucket`; True when it is past `limit` in this window of
    `window` seconds. One counter per address and window in the shared cache (Redis in production, so
    every worker counts together). When the cache is unreachable the request is let through: a
    citizen's submission matters more than the limit (the failure is logged)."""
    if not address:
        return False
    key = rate_key(bucket, address, window)
    try:
        count = _count(key, window)
    except Exception:  # a frozen or absent Redis must not refuse citizens
        logger.warning("survey rate limit: cache unavailable, request let through", exc_info=True)
        return False
    return count > limit


def _count(key: str, window: int) -> int:
    """Add one to the counter `key` (created for `window` seconds) and return it."""
    client = _redis()
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
def _redis() -> Any:
    """A Redis client of the cache's server when the cache is Redis (production), with the cache's
    timeouts; None otherwise. One per process (its connection pool is reused)."""
    if not isinstance(caches["default"], RedisCache):
        return None
    return redis.Redis.from_url(
        settings.CACHES["default"]["LOCATION"],
        socket_connect_timeout=settings.REDIS_CONNECT_TIMEOUT,
        socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
    )


def submission_over_limit(address: str) -> bool:
    return over_rate_limit(
        "submit", address, limit=settings.SURVEY_SUBMIT_LIMIT, window=settings.SURVEY_SUBMIT_WINDOW
    )


def lookup_over_limit(address: str) -> bool:
    """Ticket look-ups: a separate, higher limit (guessing tickets is the abuse it stops)."""
    return over_rate_limit(
        "ticket", address, limit=settings.SURVEY_LOOKUP_LIMIT, window=settings.SURVEY_SUBMIT_WINDOW
    )


# --- Tickets -----------------------------------------------------------------------------------------------


def new_ticket() -> str:
    """A random ticket (8 symbols of an alphabet without 0/O and 1/I: about 10^12 codes), as K7M3-Q9X2."""
    letters = "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_LENGTH))
    return f"{letters[:4]}-{letters[4:]}"


# --- A submission ----------------------------------------------------------------------------------------


def survey_submit(*, survey: PublicSurvey, data: Mapping[str, Any]) -> Submitted:
    """Save a submission of the public form (data: the form's cleaned_data). A key seen before returns
    the first submission (duplicate). A token that is unknown or used raises ValidationError (nothing
    saved). A period closed meanwhile raises SurveyUnavailable (nothing saved).

    The key is not looked up first: a second POST of the same form (a double click, back and resubmit,
    or two at once) fails on the key's unique index, its transaction is rolled back whole, and the first
    submission is returned. The common case, a new key, costs no extra query."""
    key = data["submission_key"]
    try:
        return _write(survey=survey, data=data)
    except ValidationError:
        # The form's token was used by this very form's first submission: a repeat, not a refusal.
        previous = _submitted(key) if data.get("token") else None
        if previous is not None:
            return previous
        raise
    except IntegrityError:
        previous = _submitted(key)
        if previous is not None:
            return previous
        if (
            data.get("token")
            and AccessToken.objects.filter(code=data["token"], used_at__isnull=False).exists()
        ):
            raise ValidationError({"token": TOKEN_USED}) from None
        raise


def _submitted(key: UUID) -> Submitted | None:
    row = Response.objects.filter(submission_key=key).values_list("follow_up__ticket").first()
    return None if row is None else Submitted(submission_key=key, ticket=row[0] or "", duplicate=True)


@transaction.atomic
def _write(*, survey: PublicSurvey, data: Mapping[str, Any]) -> Submitted:
    # The survey may come from what this worker keeps (selectors.public.open_survey): the period must
    # still be open now, inside the transaction.
    if not SurveyPeriod.objects.filter(pk=survey.period.pk, state=PeriodState.OPEN).exists():
        raise SurveyUnavailable(SurveyUnavailable.NOT_OPEN, survey.service_unit)
    now = timezone.now()
    token_id = _use_token(survey, data.get("token") or "", now) if data.get("token") else None
    response = Response(
        period=survey.period,
        service=data.get("service"),
        submitted_at=now,
        submission_key=data["submission_key"],
        token_id=token_id,
        age=data["age"],
        sex=data["sex"],
        education=data["education"],
        occupation=data["occupation"],
        suggestion=(data.get("suggestion") or "").strip(),
        **{code.lower(): int(data[code.lower()]) for code in UNSUR_CODES},
    )
    # Field checks only: the foreign keys come from the database, the unique key and the answer
    # constraint are enforced by the database itself (checking them here would cost a query each).
    response.full_clean(
        exclude=["period", "service", "token"], validate_unique=False, validate_constraints=False
    )
    response.save(force_insert=True)
    answers = []
    for question in survey.extra_questions:
        value = data.get(f"extra_{question.pk}")
        if value in (None, ""):
            continue
        if question.kind == QuestionKind.SCALE:
            answers.append(ExtraAnswer(response=response, question=question, value=int(value)))
        else:
            answers.append(ExtraAnswer(response=response, question=question, text=str(value)))
    if answers:
        ExtraAnswer.objects.bulk_create(answers)
    ticket = ""
    if response.suggestion:
        ticket = new_ticket()
        FollowUp.objects.create(
            response=response, service_unit_id=survey.service_unit.pk, ticket=ticket, created_at=now
        )
    return Submitted(submission_key=response.submission_key, ticket=ticket)


def _use_token(survey: PublicSurvey, code: str, now: Any) -> int:
    """Mark the unit's token used (a conditional UPDATE: two submissions cannot both take it)."""
    tokens = AccessToken.objects.filter(service_unit_id=survey.service_unit.pk, code=code)
    if tokens.filter(used_at__isnull=True).update(used_at=now) == 1:
        return tokens.values_list("pk", flat=True).get()
    raise ValidationError({"token": TOKEN_USED if tokens.exists() else TOKEN_UNKNOWN})
