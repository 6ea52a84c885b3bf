"""Reads of realisations: what each IKI of an SKP reported in a period (every periodic report of
the year for the annual evaluation) with its capaian, and the indeks and rating they suggest."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q

from .. import rules
from ..choices import AppraisalState, PeriodKind, Rating
from ..models import Appraisal, Iki, Period, Realisation, Skp


@dataclass
class IkiLine:
    """One IKI of an SKP in a period: what was reported and its capaian (annual: every periodic
    report of the year, ANNUAL_POLICY)."""

    iki: Iki
    realisation: Realisation | None = None  # periodic: the period's report
    capaian: Decimal | None = None  # annual: the mean of the reports' capaian
    late: bool = False
    reports: int = 0  # annual: how many periods reported this IKI
    rows: list[Realisation] = field(default_factory=list)
    capaians: list[tuple[Fraction, Decimal]] = field(default_factory=list)  # exact, for the mean

    @property
    def capaian_display(self) -> str:
        return rules.display(self.capaian)

    @property
    def values(self) -> list[Decimal]:
        return [r.value for r in self.rows if r.value is not None]


@dataclass
class Basis:
    """What an appraisal rests on: the lines per IKI, the indeks and the suggested rating."""

    lines: list[IkiLine]
    indeks: Decimal | None
    suggested: str | None
    reported: int = 0

    @property
    def indeks_display(self) -> str:
        return rules.display(self.indeks)

    @property
    def suggested_label(self) -> str:
        return str(Rating(self.suggested).label) if self.suggested else ""


def skp_ikis(skp: Skp) -> list[Iki]:
    return list(
        Iki.objects.filter(rhk__skp=skp).select_related("rhk").order_by("rhk__order", "rhk_id", "order", "pk")
    )


def periodic_periods(skp: Skp) -> list[Period]:
    return list(Period.objects.filter(year_id=skp.year_id, kind=PeriodKind.PERIODIC).order_by("number"))


def _capaian(iki: Iki, value: Decimal | None) -> Fraction | None:
    """The exact capaian: the indeks averages exact values and rounds once (domain §7)."""
    if not iki.is_numeric or value is None:
        return None
    return rules.capaian_exact(iki.target, value, iki.direction)  # type: ignore[arg-type]


def period_basis(skp: Skp, period: Period) -> Basis:
    """The lines of a periodic period (capaian per IKI) or of the annual evaluation (every periodic
    report of the year, ANNUAL_POLICY), with the indeks and the rating it suggests.

    The indeks counts every report of the employee in the period(s), as the scoring job does; a
    report on the IKI a revision was copied from shows on the copy's line, and one on an IKI the
    revision dropped counts without a line. Two queries."""
    lines = [IkiLine(iki=iki) for iki in skp_ikis(skp)]
    line_of = {line.iki.pk: line for line in lines}
    line_of |= {
        line.iki.origin_id: line for line in lines if line.iki.origin_id and line.iki.origin_id not in line_of
    }
    reports = Realisation.objects.filter(employee_id=skp.employee_id).select_related("iki", "evidence")
    if period.is_annual:
        reports = reports.filter(period__year_id=skp.year_id, period__kind=PeriodKind.PERIODIC)
    else:
        reports = reports.filter(period=period)
    time_zone = skp.year.instansi.time_zone
    pairs: list[tuple[Fraction, Decimal]] = []
    for r in reports.order_by("period__end", "pk"):
        c = _capaian(r.iki, r.value)
        if c is not None:
            pairs.append((c, r.iki.weight))
        line = line_of.get(r.iki_id)
        if line is None:
            continue
        line.rows.append(r)
        line.reports += 1
        if c is not None:
            line.capaians.append((c, r.iki.weight))
        if not period.is_annual:
            line.realisation = r
            line.late = rules.is_late(r.reported_at, period.realisation_deadline, time_zone)
    for line in lines:
        line.capaian = rules.indeks(line.capaians)
    value = rules.annual_indeks(pairs) if period.is_annual else rules.indeks(pairs)
    year = skp.year
    suggested = rules.suggested_rating(value, above=year.threshold_above, meets=year.threshold_meets)
    return Basis(
        lines=lines, indeks=value, suggested=suggested, reported=sum(1 for line in lines if line.reports)
    )


def final_appraisal_blocks(skp: Skp, period: Period) -> bool:
    """A final appraisal of the period, or of the year, fixes the realisations it was based on."""
    return Appraisal.objects.filter(
        Q(period_id=period.pk) | Q(period__year_id=period.year_id, period__kind=PeriodKind.ANNUAL),
        employee_id=skp.employee_id,
        state=AppraisalState.FINAL,
    ).exists()
