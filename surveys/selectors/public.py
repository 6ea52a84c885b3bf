"""Reads of the citizens' pages: the open survey of a service unit (by its code), the thank-you page of a
submission (by its key), a follow-up (by its ticket) and the published IKM of an instansi.

These pages take no actor: a citizen reaches a service unit by its public code, a follow-up by its ticket,
and every read below returns only what the page shows, nothing personal (no respondent data, no
suggestion text, no names of staff). Each read is a fixed number of queries, whatever the number of
questions, services or units.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from core.models import Instansi

from .. import rules
from ..choices import Mutu, PeriodState
from ..models import (
    ExtraQuestion,
    FollowUp,
    IkmResult,
    Response,
    Service,
    ServiceUnit,
    SurveyPeriod,
    UnsurWording,
)
from . import units as units_selectors

# --- The form of an open period ---------------------------------------------------------------------


class SurveyUnavailable(Exception):
    """The form cannot be filled in: `reason` says why, for the friendly page (views.public)."""

    UNKNOWN = "unknown"  # no active service unit has this code
    NOT_OPEN = "not_open"  # the unit has no open period (never opened, or closed)
    NOT_STARTED = "not_started"  # open, but its first day is still to come (agency time)
    ENDED = "ended"  # open, but its last day has passed (agency time)

    def __init__(self, reason: str, service_unit: ServiceUnit | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.service_unit = service_unit


@dataclass(frozen=True)
class PublicSurvey:
    """What the public form needs: the unit, its open period and that period's questionnaire version."""

    service_unit: ServiceUnit
    period: SurveyPeriod
    unsur: list[UnsurWording]
    extra_questions: list[ExtraQuestion]
    services: list[Service]

    @property
    def instansi(self) -> Instansi:
        return self.service_unit.unit.instansi

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.instansi.time_zone)

    @functools.cached_property
    def fingerprint(self) -> str:
        """Changes whenever what the blank form shows changes (the key of its cached questions)."""
        shown = (
            self.period.pk,
            self.period.questionnaire_id,
            [(w.code, w.question, w.labels) for w in self.unsur],
            [(q.pk, q.kind, q.text, q.options, q.required) for q in self.extra_questions],
            [(s.pk, s.name) for s in self.services],
        )
        return hashlib.sha256(repr(shown).encode()).hexdigest()[:32]


def agency_today(instansi: Instansi) -> date:
    return timezone.localdate(timezone=ZoneInfo(instansi.time_zone))


# The definition of an open survey (unit, period, questions, services) is read by every GET and POST of
# the form. Each worker process may keep it for SURVEY_FORM_CACHE_SECONDS (0: read it every time): a POST
# still checks inside its transaction that the period is open (services.public._write), so a period HR
# closes refuses submissions at once, and its form gives way to the friendly page within those seconds.
_open_surveys: dict[str, tuple[float, PublicSurvey]] = {}


def open_survey(code: str) -> PublicSurvey:
    """The open period of the active service unit with this code, with its questions and services
    (four queries, or none while this worker keeps it; a fifth only to say why there is none). Raises
    SurveyUnavailable."""
    keep = settings.SURVEY_FORM_CACHE_SECONDS
    kept = _open_surveys.get(code) if keep > 0 else None
    if kept is not None and kept[0] > time.monotonic():
        survey = kept[1]
    else:
        survey = _load_open_survey(code)
        if keep > 0:
            _open_surveys[code] = (time.monotonic() + keep, survey)
    _check_dates(survey)
    return survey


def forget_open_survey(code: str | None = None) -> None:
    """Drop what this worker keeps of one survey (or of all)."""
    if code is None:
        _open_surveys.clear()
    else:
        _open_surveys.pop(code, None)


def _check_dates(survey: PublicSurvey) -> None:
    today = agency_today(survey.instansi)
    if today < survey.period.start:
        raise SurveyUnavailable(SurveyUnavailable.NOT_STARTED, survey.service_unit)
    if today > survey.period.end:
        raise SurveyUnavailable(SurveyUnavailable.ENDED, survey.service_unit)


def _load_open_survey(code: str) -> PublicSurvey:
    period = (
        SurveyPeriod.objects.select_related("service_unit__unit__instansi", "questionnaire")
        .filter(service_unit__code=code, service_unit__is_active=True, state=PeriodState.OPEN)
        .first()
    )
    if period is None:
        unit = ServiceUnit.objects.filter(code=code, is_active=True).select_related("unit__instansi").first()
        raise SurveyUnavailable(SurveyUnavailable.NOT_OPEN if unit else SurveyUnavailable.UNKNOWN, unit)
    service_unit = period.service_unit
    return PublicSurvey(
        service_unit=service_unit,
        period=period,
        unsur=list(UnsurWording.objects.filter(questionnaire_id=period.questionnaire_id).order_by("code")),
        extra_questions=list(
            ExtraQuestion.objects.filter(questionnaire_id=period.questionnaire_id).order_by("position", "pk")
        ),
        services=list(Service.objects.filter(service_unit=service_unit, is_active=True).order_by("name")),
    )


def service_unit_by_code(code: str) -> ServiceUnit | None:
    """An active service unit by its public code (for the friendly pages), with its instansi."""
    return ServiceUnit.objects.filter(code=code, is_active=True).select_related("unit__instansi").first()


# --- The thank-you page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    """What the thank-you page shows: the unit and, when a suggestion was given, its ticket."""

    service_unit: ServiceUnit
    ticket: str


def receipt(code: str, key: UUID) -> Receipt | None:
    """The submission with this key on this unit's form (one query), or None."""
    row = (
        Response.objects.filter(submission_key=key, period__service_unit__code=code)
        .values_list("period__service_unit_id", "follow_up__ticket")
        .first()
    )
    if row is None:
        return None
    service_unit = ServiceUnit.objects.select_related("unit__instansi").get(pk=row[0])
    return Receipt(service_unit=service_unit, ticket=row[1] or "")


# --- A ticket's status ---------------------------------------------------------------------------------------

TICKET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper
TICKET_LENGTH = 8  # shown as two groups of four: K7M3-Q9X2


def normalize_ticket(text: str) -> str:
    """A ticket as typed (lower case, spaces, with or without its dash) in its stored form, or ""."""
    letters = re.sub(r"[^A-Za-z0-9]", "", text or "").upper()
    if len(letters) != TICKET_LENGTH or any(c not in TICKET_ALPHABET for c in letters):
        return ""
    return f"{letters[:4]}-{letters[4:]}"


def follow_up_by_ticket(ticket: str) -> FollowUp | None:
    """The follow-up with this ticket and its unit (one query); only its public fields are loaded."""
    normalized = normalize_ticket(ticket)
    if not normalized:
        return None
    return (
        FollowUp.objects.select_related("service_unit__unit__instansi")
        .only(
            "ticket",
            "state",
            "answer",
            "answered_at",
            "closed_at",
            "created_at",
            "service_unit__name",
            "service_unit__code",
            "service_unit__unit__instansi__name",
            "service_unit__unit__instansi__code",
            "service_unit__unit__instansi__time_zone",
        )
        .filter(ticket=normalized)
        .first()
    )


# --- The published IKM of an instansi ---------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedIkm:
    """One row of the transparency page: a service unit and the IKM of its latest period, if computed."""

    service_unit: ServiceUnit
    period_start: date | None
    period_end: date | None
    is_open: bool  # the unit has an open period (its form is linked)
    interim: bool  # the IKM shown is of the open period, not yet final
    respondents: int | None
    minimum: int | None  # the minimum sample for the unit's population, when it is known
    konversi: Decimal | None
    mutu: str
    computed_at: object | None

    @property
    def has_result(self) -> bool:
        return self.konversi is not None

    @property
    def mutu_label(self) -> str:
        return str(Mutu(self.mutu).label) if self.mutu in Mutu.values else ""

    @property
    def sample_short(self) -> bool:
        return self.minimum is not None and self.respondents is not None and self.respondents < self.minimum


def instansi_by_code(code: str) -> Instansi | None:
    return Instansi.objects.filter(code=code).first()


def published_ikm(instansi: Instansi) -> list[PublishedIkm]:
    """Every active service unit of the instansi with the IKM of its latest closed period (the final
    figure; the whole period's row, service empty), else the interim IKM of its open period, marked as
    such. Each says whether its respondents reach the Krejcie–Morgan minimum for the unit's population.
    Three queries, whatever the number of units."""
    with_result = SurveyPeriod.objects.filter(service_unit=OuterRef("pk"), results__service__isnull=True)
    closed = with_result.filter(state=PeriodState.CLOSED).order_by("-start", "-pk")
    opened = SurveyPeriod.objects.filter(service_unit=OuterRef("pk"), state=PeriodState.OPEN).order_by(
        "-start", "-pk"
    )
    units = list(
        ServiceUnit.objects.filter(unit__instansi=instansi, is_active=True)
        .annotate(closed_id=Subquery(closed.values("pk")[:1]), open_id=Subquery(opened.values("pk")[:1]))
        .order_by("name", "pk")
    )
    shown = {u.pk: u.closed_id or u.open_id for u in units}
    results = {
        r.period_id: r
        for r in IkmResult.objects.filter(
            service__isnull=True, period_id__in=[p for p in shown.values() if p]
        )
        .select_related("period")
        .only(
            "period_id",
            "respondents",
            "konversi",
            "mutu",
            "computed_at",
            "period__start",
            "period__end",
            "period__state",
        )
    }
    table = units_selectors.sample_table() if units else []
    rows = []
    for unit in units:
        result = results.get(shown[unit.pk])
        period = result.period if result else None
        rows.append(
            PublishedIkm(
                service_unit=unit,
                period_start=period.start if period else None,
                period_end=period.end if period else None,
                is_open=unit.open_id is not None,
                interim=period is not None and period.state == PeriodState.OPEN,
                respondents=result.respondents if result else None,
                minimum=rules.minimum_sample(unit.population, table) if unit.population else None,
                konversi=result.konversi if result else None,
                mutu=result.mutu if result else "",
                computed_at=result.computed_at if result else None,
            )
        )
    return rows
