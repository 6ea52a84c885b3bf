"""Reads of survey periods: the band table in force on a date, the questionnaires a period may use,
the periods a new one would overlap, and a period's page (respondents against the minimum sample)."""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, QuerySet

from ..choices import PeriodState
from ..models import BandTable, Questionnaire, ServiceUnit, SurveyPeriod
from . import units


def band_table_on(day: date) -> BandTable | None:
    """The band table in force on `day` (domain §9: graded with the table of the survey date)."""
    return (
        BandTable.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)
        .order_by("-valid_from", "-pk")
        .first()
    )


def latest_versions() -> QuerySet[Questionnaire]:
    """Questionnaires that no newer version replaces."""
    return Questionnaire.objects.filter(next_version__isnull=True)


def questionnaires_for_period(instansi_id: int) -> QuerySet[Questionnaire]:
    """What a new period of the agency may use: the latest national standard and the latest version
    of each of the agency's own questionnaires (the standard first)."""
    return (
        latest_versions()
        .filter(Q(instansi__isnull=True) | Q(instansi_id=instansi_id))
        .order_by(F("instansi_id").asc(nulls_first=True), "name", "pk")
    )


def overlapping(
    service_unit: ServiceUnit, start: date, end: date, *, exclude_pk: int | None = None
) -> QuerySet[SurveyPeriod]:
    """The unit's periods that share a day with start..end."""
    qs = SurveyPeriod.objects.filter(service_unit=service_unit, start__lte=end, end__gte=start)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("start")


def open_period_of(service_unit: ServiceUnit, *, exclude_pk: int | None = None) -> SurveyPeriod | None:
    qs = SurveyPeriod.objects.filter(service_unit=service_unit, state=PeriodState.OPEN)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def response_count(period: SurveyPeriod) -> int:
    return period.responses.count()


def minimum_sample(period: SurveyPeriod) -> int:
    """The minimum sample of the period's unit, from its yearly population."""
    return units.minimum_sample(period.service_unit.population)
