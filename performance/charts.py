"""Geometry of the performance charts, computed for the templates so that they only draw (SVG user
units): the predikat history of "SKP saya" as bars, and the predikat distribution of the monitoring
as a stacked bar. Presentation only: the views call it on what the selectors read."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import rules
from .choices import Predikat
from .models import QUARTERS, Appraisal, Period

# --- The predikat history (SKP saya) ---------------------------------------------------------------


@dataclass
class ChartBar:
    label: str
    short_label: str
    indeks: str
    predikat: str
    predikat_label: str
    x: float
    y: float
    height: float
    label_x: float
    value_y: float


@dataclass
class Chart:
    """The predikat history as bars: height = indeks capaian (0-120), colour = predikat."""

    bars: list[ChartBar]
    width: int
    height: int = 150
    top: int = 10
    plot_height: int = 110
    bar_width: int = 28
    gridlines: list[tuple[int, float]] = field(default_factory=list)

    # Drawn at least PX_PER_UNIT screen pixels per SVG unit, so that its 7-unit text is never under
    # 11 px: on a phone (375 px) the chart scrolls sideways in its box instead of shrinking to an
    # unreadable 6 px; on a wider card it grows to the card's width (templates/performance).
    @property
    def min_px_width(self) -> int:
        return math.ceil(self.width * PX_PER_UNIT)

    @property
    def min_px_height(self) -> int:
        return math.ceil(self.height * PX_PER_UNIT)


CHART_MAX = Decimal(120)
PX_PER_UNIT = 1.6
BAR_SLOT = 40
MIN_SLOTS = 8
BAR_WIDTH = Chart.bar_width


def short_label(period: Period) -> str:
    """A period under its bar: "Jan 26", "TW I 26", "Sem II 26", "Thn 2026"."""
    year = f"{period.start:%y}"
    if period.is_annual:
        return _("Thn %(year)s") % {"year": period.start.year}
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    if months == 1:
        return f"{date_format(period.start, 'M')} {year}"
    if months == 3:
        return _("TW %(n)s %(year)s") % {"n": QUARTERS[period.number - 1], "year": year}
    return _("Sem %(n)s %(year)s") % {"n": "I" * period.number, "year": year}


def predikat_chart(appraisals: list[Appraisal]) -> Chart:
    """Bars in period order (oldest left). Coordinates in SVG user units, computed here so that the
    template only draws (as the report charts do)."""
    # At least MIN_SLOTS wide, so that a short history does not blow each bar up to the card's width.
    chart = Chart(bars=[], width=max(len(appraisals), MIN_SLOTS) * BAR_SLOT + 30)
    scale = Decimal(chart.plot_height) / CHART_MAX
    for line in (0, 60, 80, 100, 120):
        chart.gridlines.append((line, float(chart.top + chart.plot_height - Decimal(line) * scale)))
    for i, appraisal in enumerate(appraisals):
        value = min(appraisal.indeks or Decimal(0), CHART_MAX)
        height = value * scale
        x = 30 + i * BAR_SLOT + 6
        chart.bars.append(
            ChartBar(
                label=appraisal.period.label,
                short_label=short_label(appraisal.period),
                indeks=rules.display(appraisal.indeks),
                predikat=appraisal.predikat,
                predikat_label=appraisal.get_predikat_display(),
                x=float(x),
                y=float(chart.top + chart.plot_height - height),
                height=float(height),
                label_x=float(x + BAR_WIDTH / 2),
                value_y=float(chart.top + chart.plot_height - height - 2),
            )
        )
    return chart


# --- The predikat distribution as a stacked bar (monitoring) ---------------------------------------

PREDIKAT_COLOURS: dict[str, str] = {
    Predikat.SANGAT_BAIK: "#198754",
    Predikat.BAIK: "#0d6efd",
    Predikat.BUTUH_PERBAIKAN: "#ffc107",
    Predikat.KURANG: "#fd7e14",
    Predikat.SANGAT_KURANG: "#dc3545",
}


@dataclass(frozen=True)
class Segment:
    predikat: str
    label: str
    count: int
    x: Decimal  # where the segment starts, 0..100
    width: Decimal
    colour: str

    # SVG attributes need a decimal point whatever the language's number format.
    @property
    def x_attr(self) -> str:
        return f"{self.x:.3f}"

    @property
    def width_attr(self) -> str:
        return f"{self.width:.3f}"

    @property
    def percent_display(self) -> str:
        return rules.display(self.width)


def stacked_bar(counts: Mapping[str, int]) -> list[Segment]:
    """Segments of a 100-wide bar, one per predikat with employees, in the order of the matrix."""
    total = sum(counts.get(p, 0) for p in Predikat.values)
    segments: list[Segment] = []
    x = Decimal(0)
    for value, label in Predikat.choices:
        count = counts.get(value, 0)
        if not total or not count:
            continue
        width = Decimal(count * 100) / Decimal(total)
        segments.append(Segment(value, str(label), count, x, width, PREDIKAT_COLOURS[value]))
        x += width
    return segments


def legend() -> list[tuple[str, str]]:
    return [(str(label), PREDIKAT_COLOURS[value]) for value, label in Predikat.choices]
