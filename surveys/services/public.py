"""Writes of the citizens' pages: a submission of the public form (the response, its extra answers, the
follow-up of its suggestion and the use of a one-time token, in one transaction) and the per-address
rate limit in the cache.

A submission is written once: the form carries a key (Response.submission_key) from render to submit,
so a second POST of the same form (double click, back and resubmit) finds the first one and is not
saved again. Nothing is half-saved: anything that fails rolls the whole submission back.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.ratelimit import over_rate_limit

from ..choices import PeriodState, QuestionKind
from ..models import AccessToken, ExtraAnswer, FollowUp, Response, SurveyPeriod
from ..rules import UNSUR_CODES
from ..selectors.public import TICKET_ALPHABET, TICKET_LENGTH, PublicSurvey, SurveyUnavailable

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


# --- The rate limit (core.ratelimit) ---------------------------------------------------------------


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
