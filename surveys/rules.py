"""Pure rules of the SKM (PermenPANRB 14/2017, domain.md §9): NRR, IKM, konversi, mutu and the
minimum sample. No ORM here: the band table and the sample table are versioned reference data that
surveys.selectors reads and passes in.

Arithmetic is exact (fractions) with the exact weight 1/9 by default; values are rounded half-up
to 2 decimals only for display (display()). A rounded weight (0.111 or 0.11) is a per-period
setting so that an old report can be reproduced.
"""

from __future__ import annotations

import calendar
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Protocol

UNSUR_CODES = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
ANSWER_MIN = 1
ANSWER_MAX = 4
KONVERSI_FACTOR = 25

WEIGHTS = {"exact": Fraction(1, 9), "0.111": Fraction(111, 1000), "0.11": Fraction(11, 100)}


def weight(weighting: str) -> Fraction:
    """The weight of one unsur: exact 1/9, or the rounded weight of an old report."""
    return WEIGHTS[weighting]


def is_valid_answer(value: object) -> bool:
    """1–4 only (an int, not a bool); anything else is rejected (domain §9)."""
    return isinstance(value, int) and not isinstance(value, bool) and ANSWER_MIN <= value <= ANSWER_MAX


def display(value: Fraction, places: int = 2) -> Decimal:
    """Half-up rounding for display (80.555… → 80.56), from the exact value."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class UnsurTotal:
    """The answers to one unsur over a set of responses: their sum and how many answered it."""

    code: str
    total: int
    count: int

    def __add__(self, other: UnsurTotal) -> UnsurTotal:
        assert self.code == other.code
        return UnsurTotal(self.code, self.total + other.total, self.count + other.count)

    @property
    def nrr(self) -> Fraction | None:
        """Nilai rata-rata: sum of answers / number of respondents who answered it."""
        return Fraction(self.total, self.count) if self.count else None


class Band(Protocol):
    """A row of the band table in force (surveys.models.MutuBand)."""

    grade: str
    minimum: Decimal  # the lowest konversi (2 decimals) of this grade


@dataclass(frozen=True)
class Ikm:
    totals: tuple[UnsurTotal, ...]
    weighting: str
    ikm: Fraction
    konversi: Fraction
    mutu: str

    @property
    def nrr(self) -> dict[str, Fraction]:
        return {t.code: t.nrr for t in self.totals if t.nrr is not None}

    @property
    def weighted(self) -> dict[str, Fraction]:
        """NRR tertimbang per unsur: NRR × weight."""
        w = weight(self.weighting)
        return {code: value * w for code, value in self.nrr.items()}

    @property
    def konversi_display(self) -> Decimal:
        return display(self.konversi)

    def priorities(self, count: int = 3) -> list[str]:
        """The lowest unsur (the improvement priorities), lowest first; ties in code order. Only unsur
        below the best one: where every unsur scores the same, none stands out to improve first."""
        if not self.nrr:
            return []
        best = max(self.nrr.values())
        ranked = sorted(self.nrr.items(), key=lambda item: (item[1], UNSUR_CODES.index(item[0])))
        return [code for code, value in ranked if value < best][:count]


def mutu(konversi: Fraction, bands: Sequence[Band]) -> str:
    """The grade of a konversi rounded to 2 decimals: the highest band whose minimum it reaches
    (14/2017: A ≥ 88.31, B ≥ 76.61, C ≥ 65.00, else D)."""
    shown = display(konversi)
    ordered = sorted(bands, key=lambda band: band.minimum, reverse=True)
    for band in ordered:
        if shown >= band.minimum:
            return band.grade
    return ordered[-1].grade if ordered else ""


def compute_ikm(totals: Iterable[UnsurTotal], weighting: str, bands: Sequence[Band]) -> Ikm | None:
    """The IKM of a set of responses from their totals per unsur; None without any answer. An unsur
    nobody answered adds nothing (its NRR is unknown); the standard form requires all nine."""
    by_code = {t.code: t for t in totals}
    ordered = tuple(by_code.get(code, UnsurTotal(code, 0, 0)) for code in UNSUR_CODES)
    if not any(t.count for t in ordered):
        return None
    w = weight(weighting)
    ikm = sum((t.nrr * w for t in ordered if t.nrr is not None), Fraction(0))
    konversi = ikm * KONVERSI_FACTOR
    return Ikm(ordered, weighting, ikm, konversi, mutu(konversi, bands))


def pool(groups: Iterable[Iterable[UnsurTotal]]) -> list[UnsurTotal]:
    """The totals of several groups (service units, services) as one: sums and counts add up."""
    pooled = {code: UnsurTotal(code, 0, 0) for code in UNSUR_CODES}
    for group in groups:
        for total in group:
            pooled[total.code] = pooled[total.code] + total
    return [pooled[code] for code in UNSUR_CODES]


def totals_of(answers: Iterable[Mapping[str, int]]) -> list[UnsurTotal]:
    """Totals per unsur of responses given as {code: answer} (what the database sums in SQL)."""
    sums = dict.fromkeys(UNSUR_CODES, 0)
    counts = dict.fromkeys(UNSUR_CODES, 0)
    for response in answers:
        for code, value in response.items():
            sums[code] += value
            counts[code] += 1
    return [UnsurTotal(code, sums[code], counts[code]) for code in UNSUR_CODES]


def minimum_sample(population: int, table: Sequence[tuple[int, int]]) -> int:
    """The Krejcie–Morgan minimum sample for a population of service users, read from the table:
    a tabled population gives its sample; between two rows, the straight line between them rounded
    up (the table tabulates a smooth formula; docs/domain-notes.md); never more than the population
    itself; beyond the last row, its sample."""
    rows = sorted(table)
    if not rows or population <= 0:
        return 0
    if population <= rows[0][0]:
        return min(rows[0][1], population)
    for (low, low_n), (high, high_n) in itertools.pairwise(rows):
        if low <= population <= high:
            exact = Fraction(low_n) + Fraction(high_n - low_n) * Fraction(population - low, high - low)
            return min(math.ceil(exact), population)
    return rows[-1][1]


# --- Survey periods -------------------------------------------------------------------------------------
PERIOD_PARTS = {"year": 1, "semester": 2, "quarter": 4}  # how many periods of a kind make a year


def period_dates(kind: str, year: int, number: int = 1) -> tuple[date, date]:
    """The first and last day of a survey period of a calendar year: the whole year ("year"),
    semester 1–2 ("semester") or quarter (triwulan) 1–4 ("quarter"). A date range is given, not
    computed. Raises ValueError for another kind or a number outside the kind's parts."""
    parts = PERIOD_PARTS.get(kind)
    if parts is None:
        raise ValueError(f"no computed dates for a period of kind {kind!r}")
    if not 1 <= number <= parts:
        raise ValueError(f"a {kind} period is numbered 1 to {parts}, not {number}")
    months = 12 // parts
    first_month = (number - 1) * months + 1
    last_month = first_month + months - 1
    return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


def overlaps(start: date, end: date, other_start: date, other_end: date) -> bool:
    """Two closed date ranges share at least one day."""
    return start <= other_end and other_start <= end
