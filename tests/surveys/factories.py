"""Factories of the surveys app: service units, services, periods and responses.

They write rows directly (no services, no permission checks) so that a test sets up exactly the
state it needs; the get-or-create ones are idempotent where a permission-matrix row may call them
twice. Answers are given as {code: value} ("U1": 3 …) or as a list of nine values.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.apps import apps
from django.utils import timezone

from core.models import UnitKerja
from surveys.choices import PeriodKind, PeriodState, ServiceUnitKind, Weighting
from surveys.models import BandTable, Questionnaire, Response, Service, ServiceUnit, SurveyPeriod
from surveys.rules import UNSUR_CODES


def reference_data() -> None:
    """The reference data of migration 0002 (bands, sample table, standard questionnaire), loaded
    again when missing: a transactional test (a real worker, a browser) flushes the tables after
    itself, data migrations included. Idempotent."""
    if not BandTable.objects.exists() or not Questionnaire.objects.filter(instansi__isnull=True).exists():
        importlib.import_module("surveys.migrations.0002_skm_reference_data").load(apps, None)


def standard_questionnaire() -> Questionnaire:
    """The national standard questionnaire, version 1 (migration 0002)."""
    reference_data()
    return Questionnaire.objects.filter(instansi__isnull=True).order_by("version", "pk").first()  # type: ignore[return-value]


def band_table_2017() -> BandTable:
    reference_data()
    return BandTable.objects.get(name="PermenPANRB 14/2017")


def make_service_unit(unit: UnitKerja, code: str | None = None, **overrides: Any) -> ServiceUnit:
    """A service unit of `unit` (get-or-create by code)."""
    code = code or f"layanan-{unit.pk}"
    fields: dict[str, Any] = dict(
        unit=unit, name=f"Layanan {unit.name}", kind=ServiceUnitKind.DINAS, population=1000
    )
    fields.update(overrides)
    service_unit, _created = ServiceUnit.objects.get_or_create(code=code, defaults=fields)
    return service_unit


def make_service(service_unit: ServiceUnit, name: str = "Layanan umum", **overrides: Any) -> Service:
    service, _created = Service.objects.get_or_create(
        service_unit=service_unit, name=name, defaults=overrides
    )
    return service


def make_period(
    service_unit: ServiceUnit,
    *,
    start: date = date(2026, 1, 1),
    end: date = date(2026, 6, 30),
    state: str = PeriodState.CLOSED,
    weighting: str = Weighting.EXACT,
    fixed_bands: bool = True,
    **overrides: Any,
) -> SurveyPeriod:
    """A period of the service unit (get-or-create by its dates), closed by default, with the
    standard questionnaire and the 2017 band table fixed on it."""
    existing = SurveyPeriod.objects.filter(service_unit=service_unit, start=start, end=end).first()
    if existing is not None:
        return existing
    now = timezone.now()
    fields: dict[str, Any] = dict(
        questionnaire=standard_questionnaire(),
        kind=PeriodKind.SEMESTER,
        state=state,
        weighting=weighting,
        band_table=band_table_2017() if fixed_bands else None,
        opened_at=now if state != PeriodState.DRAFT else None,
        closed_at=now if state == PeriodState.CLOSED else None,
    )
    fields.update(overrides)
    return SurveyPeriod.objects.create(service_unit=service_unit, start=start, end=end, **fields)


def _answers(answers: Mapping[str, int] | Sequence[int]) -> dict[str, int]:
    values = [answers[c] for c in UNSUR_CODES] if isinstance(answers, Mapping) else list(answers)
    assert len(values) == 9
    return {f"u{n}": v for n, v in enumerate(values, start=1)}


def response_row(
    period: SurveyPeriod,
    answers: Mapping[str, int] | Sequence[int] = (3,) * 9,
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
    answers: Mapping[str, int] | Sequence[int] = (3,) * 9,
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
