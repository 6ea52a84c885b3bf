"""Reads of the performance years: an agency's years and their periods, and the organisation predikat
of its units per year."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q, QuerySet

from core.models import Instansi, UnitKerja

from ..choices import PeriodKind
from ..models import PerformanceYear, Period, UnitPredikat


def years_of(instansi: Instansi) -> QuerySet[PerformanceYear]:
    """The agency's performance years, newest first, with their numbers of periods and unit predikat."""
    return (
        PerformanceYear.objects.filter(instansi=instansi)
        .annotate(
            period_count=Count("periods", filter=Q(periods__kind=PeriodKind.PERIODIC), distinct=True),
            unit_predikat_count=Count("unit_predikat", distinct=True),
        )
        .order_by("-year")
    )


def periods_of(year: PerformanceYear) -> list[Period]:
    """The periods of a year in calendar order, the annual evaluation last."""
    return list(year.periods.order_by("end", "-kind", "number"))


def unit_predikat_rows(year: PerformanceYear) -> QuerySet[UnitPredikat]:
    return UnitPredikat.objects.filter(year=year).select_related("unit", "set_by").order_by("unit__path")


def predikat_units(year: PerformanceYear) -> QuerySet[UnitKerja]:
    """The units of the year's agency whose organisation predikat HR may set."""
    return UnitKerja.objects.filter(instansi_id=year.instansi_id, is_active=True).order_by("path")


def current_predikat(year: PerformanceYear, units: Sequence[UnitKerja]) -> dict[int, str]:
    return dict(
        UnitPredikat.objects.filter(year=year, unit__in=[u.pk for u in units]).values_list(
            "unit_id", "predikat"
        )
    )
