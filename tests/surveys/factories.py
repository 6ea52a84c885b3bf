"""Factories of the surveys app: service units with services, periods in any state, responses and
follow-ups, agency questionnaires.

They write rows directly (no services, no permission checks) so that a test sets up exactly the
state it needs; the ones a permission-matrix row calls are idempotent (get_or_create by a key).
Answers are given as one value for all nine unsur, a list of nine values, or {code: value}.
"""

from __future__ import annotations

import importlib
import itertools
import random
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.apps import apps
from django.utils import timezone

from core.models import Instansi, UnitKerja
from surveys.choices import FollowUpState, PeriodKind, PeriodState, QuestionKind, ServiceUnitKind, Weighting
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
from surveys.rules import UNSUR_CODES

_serial = itertools.count(1)


def reference_data() -> None:
    """The reference data of migration 0002 (bands, sample table, standard questionnaire), loaded
    again when missing: a transactional test (a real worker, a browser) flushes the tables after
    itself, data migrations included. Idempotent."""
    if not BandTable.objects.exists() or not Questionnaire.objects.filter(instansi__isnull=True).exists():
        importlib.import_module("surveys.migrations.0002_skm_reference_data").load(apps, None)


def standard_questionnaire() -> Questionnaire:
    """Version 1 of the national standard (loaded by migration 0002)."""
    reference_data()
    return Questionnaire.objects.filter(instansi__isnull=True).order_by("version", "pk").first()  # type: ignore[return-value]


def band_table_2017() -> BandTable:
    reference_data()
    return BandTable.objects.get(name="PermenPANRB 14/2017")


def make_service_unit(unit: UnitKerja, code: str | None = None, **overrides: Any) -> ServiceUnit:
    """A service unit of `unit` (get-or-create by code)."""
    code = code or f"layanan-{unit.pk}"
    defaults: dict[str, Any] = dict(name=f"Layanan {code}", kind=ServiceUnitKind.DINAS, population=1000)
    defaults.update(overrides)
    service_unit, _created = ServiceUnit.objects.get_or_create(code=code, defaults={"unit": unit, **defaults})
    return service_unit


def make_service(service_unit: ServiceUnit, name: str = "Pelayanan umum", **overrides: Any) -> Service:
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
    **overrides: Any,
) -> SurveyPeriod:
    """A period of the service unit (get-or-create by its dates): a draft year by default; an
    opened one gets the latest band table and its opening time, a closed one its closing time."""
    existing = SurveyPeriod.objects.filter(service_unit=service_unit, start=start, end=end).first()
    if existing is not None:
        return existing
    fields: dict[str, Any] = dict(kind=PeriodKind.YEAR, weighting=Weighting.EXACT)
    fields.update(overrides)
    if state != PeriodState.DRAFT:
        reference_data()
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


def semester_period(
    service_unit: ServiceUnit,
    *,
    start: date = date(2026, 1, 1),
    end: date = date(2026, 6, 30),
    state: str = PeriodState.CLOSED,
    weighting: str = Weighting.EXACT,
    fixed_bands: bool = True,
    **overrides: Any,
) -> SurveyPeriod:
    """A surveyed semester (January–June 2026 by default), closed by default, with the band table of
    PermenPANRB 14/2017 fixed on it (`fixed_bands=False`: none, graded with the one in force)."""
    return make_period(
        service_unit,
        start=start,
        end=end,
        state=state,
        kind=PeriodKind.SEMESTER,
        weighting=weighting,
        band_table=band_table_2017() if fixed_bands else None,
        **overrides,
    )


def _answers(answers: int | Mapping[str, int] | Sequence[int]) -> dict[str, int]:
    if isinstance(answers, int):
        values = [answers] * 9
    elif isinstance(answers, Mapping):
        values = [answers[c] for c in UNSUR_CODES]
    else:
        values = list(answers)
    assert len(values) == 9
    return {f"u{n}": v for n, v in enumerate(values, start=1)}


def response_row(
    period: SurveyPeriod,
    answers: int | Mapping[str, int] | Sequence[int] = 3,
    *,
    service: Service | None = None,
    **overrides: Any,
) -> Response:
    """An unsaved response (for bulk_create)."""
    fields: dict[str, Any] = dict(age=35, sex="P", education="SMA", occupation="Wiraswasta")
    fields.update(overrides)
    return Response(period=period, service=service, **_answers(answers), **fields)


def make_response(
    period: SurveyPeriod,
    answers: int | Mapping[str, int] | Sequence[int] = 3,
    *,
    service: Service | None = None,
    **overrides: Any,
) -> Response:
    response = response_row(period, answers, service=service, **overrides)
    response.save()
    return response


def make_responses(
    period: SurveyPeriod,
    count: int,
    *,
    services: Sequence[Service | None] = (None,),
    seed: int = 12,
    **overrides: Any,
) -> list[Response]:
    """`count` responses with random answers (mostly 3 and 4), spread over `services`."""
    rng = random.Random(seed)
    rows = [
        response_row(
            period,
            [rng.choice((2, 3, 3, 3, 4, 4)) for _ in range(9)],
            service=services[i % len(services)],
            age=rng.randint(17, 70),
            sex=rng.choice("LP"),
            **overrides,
        )
        for i in range(count)
    ]
    return Response.objects.bulk_create(rows)


# The worked example of domain.md §9: four respondents' answers per unsur.
WORKED = {
    "U1": [3, 4, 3, 3], "U2": [3, 3, 3, 2], "U3": [2, 3, 3, 3], "U4": [4, 4, 4, 4], "U5": [3, 3, 4, 3],
    "U6": [3, 4, 4, 3], "U7": [4, 4, 3, 4], "U8": [2, 3, 3, 3], "U9": [3, 3, 3, 3],
}  # fmt: skip


def worked_example(period: SurveyPeriod, *, service: Service | None = None) -> list[Response]:
    """The four respondents of the worked example (konversi 80.56, mutu B)."""
    return [
        make_response(period, [WORKED[code][i] for code in UNSUR_CODES], service=service) for i in range(4)
    ]


def make_follow_up(
    period: SurveyPeriod,
    *,
    suggestion: str = "Antrean terlalu lama pada pagi hari.",
    state: str = FollowUpState.NEW,
    ticket: str | None = None,
    **overrides: Any,
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


def make_questionnaire(
    instansi: Instansi, name: str = "Kuesioner instansi", **overrides: Any
) -> Questionnaire:
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
