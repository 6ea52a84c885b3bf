"""Geometry of the results charts, computed for the templates so that they only draw: horizontal
bars (the `<svg class="bar">` rows of templates/surveys/_bars.html, as the report charts draw them),
the width of a bar in percent of its scale. Presentation only: the views call it on what the
selectors read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.formats import date_format, number_format

from . import rules
from .models import IkmResult, SurveyPeriod
from .selectors.results import UnsurRow

NRR_MAX = Fraction(rules.ANSWER_MAX)
KONVERSI_MAX = Fraction(100)


@dataclass(frozen=True)
class Bar:
    label: str  # the row's heading
    value: Decimal | int | str  # the figure shown beside the bar (localised by the template)
    width: Decimal  # percent of the scale (0–100)
    note: str = ""  # a grade or a mark shown after the figure
    highlight: bool = False  # drawn in the warning colour (an improvement priority)
    code: str = ""
    url: str = ""


def _width(value: Fraction, scale: Fraction) -> Decimal:
    return rules.display(min(max(value, Fraction(0)), scale) * 100 / scale, 1)


def unsur_bars(rows: Sequence[UnsurRow]) -> list[Bar]:
    """NRR per unsur on the 1–4 scale; the improvement priorities highlighted."""
    return [
        Bar(
            label=f"{row.code} {row.label}",
            value=rules.display(row.nrr) if row.nrr is not None else "–",
            width=_width(row.nrr or Fraction(0), NRR_MAX),
            highlight=row.priority,
            code=row.code,
        )
        for row in rows
    ]


def short_period(period: SurveyPeriod) -> str:
    """A period under its bar: "Jan–Jun 2026", or "Jul 2025–Jun 2026" across years."""
    if period.start.year == period.end.year:
        return f"{date_format(period.start, 'M')}–{date_format(period.end, 'M')} {period.end.year}"
    return f"{date_format(period.start, 'M Y')}–{date_format(period.end, 'M Y')}"


def trend_bars(results: Sequence[IkmResult], urls: dict[int, str] | None = None) -> list[Bar]:
    """The konversi of each period (0–100), oldest first, with its mutu."""
    urls = urls or {}
    return [
        Bar(
            label=short_period(r.period),
            value=r.konversi if r.konversi is not None else "–",
            width=_width(Fraction(r.konversi or 0), KONVERSI_MAX),
            note=r.mutu,
            url=urls.get(r.period_id, ""),
        )
        for r in results
    ]


def count_bars(counts: Sequence[tuple[str, int]], total: int) -> list[Bar]:
    """Counts as shares of `total` (the respondent profile)."""
    return [
        Bar(
            label=label,
            value=count,
            width=_width(Fraction(count, total) if total else Fraction(0), Fraction(1)),
            note=f"{number_format(rules.display(Fraction(count * 100, total), 1))}%" if total else "",
        )
        for label, count in counts
    ]
