"""Factories of the surveys app: service units with services, periods in any state, responses and
follow-ups, agency questionnaires.

They write rows directly (no services, no permission checks) so that a test sets up exactly the
state it needs; the ones a permission-matrix row calls are idempotent (get_or_create by a key).
"""

from __future__ import annotations

import itertools
from datetime import date

from django.utils import timezone

from core.models import Instansi, UnitKerja
from surveys.choices import FollowUpState, PeriodKind, PeriodState, QuestionKind, ServiceUnitKind
from surveys.models import (
    BandTable,
    ExtraQuestion,
    FollowUp,
    Questionnaire,
    Response,
    Service,
    ServiceUnit,
    SurveyPeriod,
    UnsurWording,
)

_serial = itertools.count(1)


def standard_questionnaire() -> Questionnaire:
    """Version 1 of the national standard (loaded by migration 0002)."""
    return Questionnaire.objects.filter(instansi__isnull=True).order_by("version").first()


def make_service_unit(unit: UnitKerja, code: str, **overrides) -> ServiceUnit:
    defaults = dict(name=f"Layanan {code}", kind=ServiceUnitKind.DINAS, population=1000)
    defaults.update(overrides)
    service_unit, _created = ServiceUnit.objects.get_or_create(code=code, defaults={"unit": unit, **defaults})
    return service_unit


def make_service(service_unit: ServiceUnit, name: str = "Pelayanan umum", **overrides) -> Service:
    service, _created = Service.objects.get_or_create(
        service_unit=service_unit, name=name, defaults=overrides
    )
    return service


def make_period(
    service_unit: ServiceUnit,
    *,
    start: date = date(2026, 1, 1),
    end: date = date(2026, 12, 31),
    state: str = PeriodState.DRAFT,
    questionnaire: Questionnaire | None = None,
    **overrides,
) -> SurveyPeriod:
    existing = SurveyPeriod.objects.filter(service_unit=service_unit, start=start, end=end).first()
    if existing is not None:
        return existing
    fields = dict(kind=PeriodKind.YEAR, weighting="exact")
    fields.update(overrides)
    if state != PeriodState.DRAFT:
        fields.setdefault("band_table", BandTable.objects.order_by("-valid_from").first())
        fields.setdefault("opened_at", timezone.now())
    if state == PeriodState.CLOSED:
        fields.setdefault("closed_at", timezone.now())
    return SurveyPeriod.objects.create(
        service_unit=service_unit,
        questionnaire=questionnaire or standard_questionnaire(),
        start=start,
        end=end,
        state=state,
        **fields,
    )


def make_response(period: SurveyPeriod, *, answers: int | list[int] = 3, **overrides) -> Response:
    values = answers if isinstance(answers, list) else [answers] * 9
    fields = dict(age=35, sex="P", education="SMA", occupation="Wiraswasta")
    fields.update(overrides)
    return Response.objects.create(period=period, **{f"u{i}": v for i, v in enumerate(values, 1)}, **fields)


def make_follow_up(
    period: SurveyPeriod,
    *,
    suggestion: str = "Antrean terlalu lama pada pagi hari.",
    state: str = FollowUpState.NEW,
    ticket: str | None = None,
    **overrides,
) -> FollowUp:
    if ticket is not None:
        existing = FollowUp.objects.filter(ticket=ticket).first()
        if existing is not None:
            return existing
    response = make_response(period, suggestion=suggestion)
    fields = dict(overrides)
    if state in (FollowUpState.ANSWERED, FollowUpState.CLOSED):
        fields.setdefault("answer", "Terima kasih, loket tambahan dibuka mulai bulan depan.")
        fields.setdefault("answered_at", timezone.now())
    if state == FollowUpState.CLOSED:
        fields.setdefault("closed_at", timezone.now())
    return FollowUp.objects.create(
        response=response,
        service_unit=period.service_unit,
        ticket=ticket or f"TL{next(_serial):06d}",
        state=state,
        **fields,
    )


def make_questionnaire(instansi: Instansi, name: str = "Kuesioner instansi", **overrides) -> Questionnaire:
    """An agency questionnaire, version 1, with the standard's wording and one scale question."""
    existing = Questionnaire.objects.filter(instansi=instansi, name=name, version=1).first()
    if existing is not None:
        return existing
    questionnaire = Questionnaire.objects.create(instansi=instansi, name=name, version=1, **overrides)
    for w in standard_questionnaire().unsur.all():
        UnsurWording.objects.create(
            questionnaire=questionnaire,
            code=w.code,
            question=w.question,
            label_1=w.label_1,
            label_2=w.label_2,
            label_3=w.label_3,
            label_4=w.label_4,
        )
    ExtraQuestion.objects.create(
        questionnaire=questionnaire,
        position=1,
        kind=QuestionKind.SCALE,
        text="Bagaimana kebersihan ruang tunggu?",
        required=True,
    )
    return questionnaire
