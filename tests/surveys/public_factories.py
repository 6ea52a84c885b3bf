"""Factories of the citizens' side of the surveys tests (public form, tokens, poster): plain functions
`make_<model>(**overrides)` that create what they are asked. tests/surveys/factories.py holds the
get-or-create ones of the management and results tests."""

from __future__ import annotations

import importlib
import itertools
import uuid
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from surveys.choices import PeriodKind, PeriodState, QuestionKind
from surveys.models import (
    AccessToken,
    BandTable,
    ExtraQuestion,
    FollowUp,
    IkmResult,
    Questionnaire,
    Response,
    Service,
    ServiceUnit,
    SurveyPeriod,
)

STANDARD_NAME = "Kuesioner SKM standar (PermenPANRB 14/2017)"
_numbers = itertools.count(1)


def standard_questionnaire() -> Questionnaire:
    """The national standard (version 1) that migration 0002 loads, with the 9 unsur wordings. A
    transactional test (the browser journeys) empties every table after it ran, reference data
    included: the migration's own loader (idempotent) puts it back."""
    found = Questionnaire.objects.filter(instansi=None, name=STANDARD_NAME, version=1).first()
    if found is None:
        importlib.import_module("surveys.migrations.0002_skm_reference_data").load(apps, None)
        found = Questionnaire.objects.get(instansi=None, name=STANDARD_NAME, version=1)
    return found


def make_service_unit(unit, code: str | None = None, **overrides) -> ServiceUnit:
    code = code or f"layanan-{next(_numbers)}"
    fields = dict(name=f"Loket {code}", kind="dinas", population=1000)
    fields.update(overrides)
    return ServiceUnit.objects.create(unit=unit, code=code, **fields)


def make_service(service_unit: ServiceUnit, name: str | None = None, **overrides) -> Service:
    return Service.objects.create(
        service_unit=service_unit, name=name or f"Layanan {next(_numbers)}", **overrides
    )


def make_period(
    service_unit: ServiceUnit,
    *,
    state: str = PeriodState.OPEN,
    start: date = date(2026, 1, 1),
    end: date = date(2026, 12, 31),
    questionnaire: Questionnaire | None = None,
    **overrides,
) -> SurveyPeriod:
    questionnaire = questionnaire or standard_questionnaire()  # (re)loads the reference data first
    fields = dict(
        kind=PeriodKind.YEAR,
        weighting="exact",
        band_table=BandTable.objects.order_by("-valid_from").first(),
        opened_at=timezone.now() if state != PeriodState.DRAFT else None,
        closed_at=timezone.now() if state == PeriodState.CLOSED else None,
    )
    fields.update(overrides)
    return SurveyPeriod.objects.create(
        service_unit=service_unit,
        questionnaire=questionnaire,
        state=state,
        start=start,
        end=end,
        **fields,
    )


def make_questionnaire_with_extras(instansi, *kinds: str) -> Questionnaire:
    """An instansi's own version: the standard's 9 unsur plus one extra question per kind given."""
    standard = standard_questionnaire()
    own = Questionnaire.objects.create(instansi=instansi, name="Kuesioner instansi", version=1)
    for wording in standard.unsur.all():
        wording.pk = None
        wording.questionnaire = own
        wording.save()
    for position, kind in enumerate(kinds, 1):
        ExtraQuestion.objects.create(
            questionnaire=own,
            position=position,
            kind=kind,
            text=f"Pertanyaan tambahan {position} ({kind})",
            options=["Media sosial", "Teman", "Spanduk"] if kind == QuestionKind.CHOICE else [],
            required=kind != QuestionKind.TEXT,
        )
    return own


def make_response(period: SurveyPeriod, answers: tuple[int, ...] = (3,) * 9, **overrides) -> Response:
    fields = dict(
        age=35,
        sex="L",
        education="sma",
        occupation="swasta",
        submission_key=uuid.uuid4(),
        **{f"u{i}": value for i, value in enumerate(answers, 1)},
    )
    fields.update(overrides)
    return Response.objects.create(period=period, **fields)


def make_follow_up(response: Response, ticket: str = "K7M3-Q9X2", **overrides) -> FollowUp:
    return FollowUp.objects.create(
        response=response, service_unit=response.period.service_unit, ticket=ticket, **overrides
    )


def make_token(service_unit: ServiceUnit, code: str = "ABCD2345", **overrides) -> AccessToken:
    return AccessToken.objects.create(service_unit=service_unit, code=code, **overrides)


def make_ikm_result(
    period: SurveyPeriod, *, konversi: str = "80.56", mutu: str = "B", respondents: int = 4, service=None
) -> IkmResult:
    """The whole period's totals as the IKM job writes them (only what the pages read matters here)."""
    return IkmResult.objects.create(
        period=period, service=service, respondents=respondents, konversi=Decimal(konversi), mutu=mutu
    )
