"""Pure rules of a career (domain.md §3-§5): rank, dates of service and age, retirement (BUP), KGB,
regular promotion, Satyalancana, the level of a disciplinary penalty. No ORM here.

The reference data that has changed before (the BUP table, the promotion period calendar) is read
by employees.selectors.career and passed in; the set-based evaluation of these rules for a whole
queryset is there too. Our readings where domain.md is silent or unsure are in docs/domain-notes.md.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ..choices import PNS_RANKS, PPPK_GRADES, AwardKind, DisciplineLevel, DisciplineType


# --- Rank (domain.md §3) ------------------------------------------------------------------------
def rank_order(golongan: str) -> int:
    """A sortable number for a golongan: PNS I/a=1 … IV/e=17; PPPK I=1 … XVII=17; unknown 0."""
    for i, (code, _name) in enumerate(PNS_RANKS, start=1):
        if code == golongan:
            return i
    if golongan.startswith("PPPK-"):
        grade = golongan.removeprefix("PPPK-")
        if grade in PPPK_GRADES:
            return PPPK_GRADES.index(grade) + 1
    return 0


# Lowest PPPK golongan for a level of education (PermenPANRB 72/2020, domain.md §3).
PPPK_MINIMUM_BY_EDUCATION = {
    "SD": "I",
    "SMP": "IV",
    "SLTA": "V",
    "D-I": "V",
    "D-II": "VI",
    "D-III": "VII",
    "D-IV": "IX",
    "S-1": "IX",
    "S-2": "X",
    "S-3": "XI",
}


def pppk_minimum_warning(golongan: str, education: str) -> str | None:
    """A warning when a PPPK golongan is below the minimum for the employee's education."""
    minimum = PPPK_MINIMUM_BY_EDUCATION.get(education)
    if not golongan.startswith("PPPK-") or minimum is None:
        return None
    if rank_order(golongan) < PPPK_GRADES.index(minimum) + 1:
        return _(
            "Golongan PPPK %(golongan)s di bawah golongan minimum %(minimum)s untuk pendidikan %(education)s."
        ) % {
            "golongan": golongan.removeprefix("PPPK-"),
            "minimum": minimum,
            "education": education,
        }
    return None


HIGHEST_RANK = "IV/e"


def next_golongan(golongan: str) -> str | None:
    """The pangkat a regular promotion leads to: one step up (III/d -> IV/a); None at IV/e or for
    anything that is not a PNS golongan/ruang."""
    codes = [code for code, _name in PNS_RANKS]
    if golongan not in codes or golongan == HIGHEST_RANK:
        return None
    return codes[codes.index(golongan) + 1]


# --- Dates, years of service, age ------------------------------------------------------------------
def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_of_next_month(day: date) -> date:
    return add_months(day.replace(day=1), 1)


def service_years(tmt_cpns: date, on: date) -> int:
    """Whole years from TMT CPNS to `on`."""
    years = on.year - tmt_cpns.year
    return years - 1 if (on.month, on.day) < (tmt_cpns.month, tmt_cpns.day) else years


def years_and_months(start: date, on: date) -> tuple[int, int]:
    """Whole years and remaining whole months from `start` to `on` (masa kerja, age); (0, 0) when
    `on` is before `start`. The years agree with service_years()."""
    months = (on.year - start.year) * 12 + on.month - start.month - (1 if on.day < start.day else 0)
    years, rest = divmod(max(months, 0), 12)
    return years, rest


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February falls back to the 28th.

    Someone born on the returned day turns `years` old on `day` (a 29 February birthday is
    reached on 1 March in a common year, as years_and_months counts ages).
    """
    return add_years(day, -years)


@dataclass(frozen=True)
class AgeBand:
    """Ages from `low` (inclusive) to `high` (exclusive), in whole years; None: unbounded."""

    code: str
    label: str | Promise
    low: int | None
    high: int | None


def birth_date_range(today: date, band: AgeBand) -> tuple[date | None, date | None]:
    """(born after, born on or before): the birth dates of everyone whose age on `today` is in the band.

    age >= n exactly when birth_date <= years_before(today, n); so the band [low, high) is
    years_before(today, high) < birth_date <= years_before(today, low).
    """
    born_after = years_before(today, band.high) if band.high is not None else None
    born_on_or_before = years_before(today, band.low) if band.low is not None else None
    return born_after, born_on_or_before


# --- Retirement (BUP, domain.md §4) ------------------------------------------------------------------
class BupRow(Protocol):
    """A row of the BUP table in force (employees.models.RetirementAge)."""

    kind: str
    level: str
    age: int


def retirement_date(birth_date: date, bup: int) -> date:
    """TMT pensiun: the 1st of the month after the month in which the BUP is reached (§4, Unsure)."""
    return first_of_next_month(add_years(birth_date, bup))


def bup_for(kind: str, level: str, override: int | None, rows: Sequence[BupRow]) -> int:
    """The BUP of one position: its own, else the table row for its kind/level (as
    employees.selectors.career.bup_expression has it in SQL)."""
    if override:
        return override
    for row in rows:
        if row.kind == kind and row.level in (level, ""):
            return row.age
    return 58


# --- KGB (domain.md §5) -------------------------------------------------------------------------------
# KGB is counted in masa kerja golongan (MKG): the MKG an SK of rank states for its TMT (the years and
# months already counted: prior service, the carry-over from the previous rank), plus the time
# since that TMT. The increase falls every 2 whole years of MKG, i.e. on even MKG years (2, 4, 6, ...);
# a PNS first appointed in II/a gets the first after 1 year, so theirs fall on odd years (1, 3, 5, ...).
FIRST_KGB_AFTER_ONE_YEAR = "II/a"


def mkg_at(rank_tmt: date, mk_years: int, mk_months: int, on: date) -> tuple[int, int]:
    """Masa kerja golongan on `on` (years, months): the MKG stored for the rank's TMT plus the whole
    months since; the stored MKG itself when `on` is before the TMT."""
    counted = mk_years * 12 + mk_months
    elapsed = years_and_months(rank_tmt, on)
    years, months = divmod(counted + elapsed[0] * 12 + elapsed[1], 12)
    return years, months


def kgb_dates(rank_tmt: date, mk_years: int, mk_months: int, first_golongan: str) -> Iterator[date]:
    """KGB dates after a rank row (its TMT and stored masa kerja golongan): each day on which the MKG
    reaches a whole number of years on the 2-year cycle (even years; odd when first appointed in
    II/a), strictly after the rank's TMT (PP 7/1977 Pasal 11-13, domain.md §5). Endless; the
    caller stops."""
    counted = mk_years * 12 + mk_months
    parity = 1 if first_golongan == FIRST_KGB_AFTER_ONE_YEAR else 0
    year = counted // 12 + 1  # the first whole MKG year after the TMT
    if year % 2 != parity:
        year += 1
    while True:
        yield add_months(rank_tmt, year * 12 - counted)
        year += 2


def mkg_on_kgb(rank_tmt: date, mk_years: int, mk_months: int, kgb_date: date) -> tuple[int, int]:
    """Masa kerja golongan on a KGB date of that rank row (kgb_dates): whole calendar months, so that
    a KGB counted from the 31st and moved to 28 February still shows the whole year it marks
    (mkg_at would count that month only once the 31st is reached)."""
    counted = mk_years * 12 + mk_months
    months = counted + (kgb_date.year - rank_tmt.year) * 12 + kgb_date.month - rank_tmt.month
    years, rest = divmod(months, 12)
    return years, rest


# The KGB notice is issued this many months before the increase takes effect (domain.md §5).
KGB_NOTICE_MONTHS = 2


def kgb_notice_date(kgb_date: date) -> date:
    """The latest date to issue the notice (surat pemberitahuan) of a KGB."""
    return add_months(kgb_date, -KGB_NOTICE_MONTHS)


def next_kgb_date(rank_tmt: date, mk_years: int, mk_months: int, first_golongan: str, on: date) -> date:
    """The first KGB date on or after `on` (see kgb_dates)."""
    for day in kgb_dates(rank_tmt, mk_years, mk_months, first_golongan):
        if day >= on:
            return day
    raise AssertionError("unreachable")  # pragma: no cover


# --- Regular promotion (domain.md §5) -----------------------------------------------------------------
# Years in the current pangkat before a regular promotion (PP 99/2000 jo. PP 12/2002, §5).
PROMOTION_YEARS_REGULAR = 4
PROMOTION_YEARS_FUNCTIONAL = 2
PROMOTION_PERFORMANCE_YEARS = 2


class PeriodCalendar(Protocol):
    """A version of the promotion period calendar (employees.models.PromotionCalendar)."""

    valid_from: date
    valid_to: date | None

    @property
    def month_numbers(self) -> list[int]: ...


def promotion_periods(after: date, count: int, calendars: Sequence[PeriodCalendar]) -> list[date]:
    """The next `count` promotion dates (the 1st of a period month) strictly after `after`, each
    taken from the calendar valid on that date."""
    found: list[date] = []
    day = first_of_next_month(after)
    for _i in range(12 * 30):  # at most 30 years ahead
        rule = next(
            (c for c in calendars if c.valid_from <= day and (c.valid_to is None or day <= c.valid_to)), None
        )
        if rule is not None and day.month in rule.month_numbers:
            found.append(day)
            if len(found) == count:
                break
        day = add_months(day, 1)
    return found


# --- Satyalancana Karya Satya (domain.md §5) ------------------------------------------------------------
# Years of service for each Satyalancana Karya Satya (domain.md §5).
SATYALANCANA_YEARS = {
    AwardKind.SATYALANCANA_X: 10,
    AwardKind.SATYALANCANA_XX: 20,
    AwardKind.SATYALANCANA_XXX: 30,
}


def satyalancana_due(tmt_cpns: date, on: date, held: set[str]) -> str | None:
    """The highest Satyalancana Karya Satya whose years of service are reached by `on` and that is
    not held yet (the discipline condition is checked separately)."""
    years = service_years(tmt_cpns, on)
    for kind in (AwardKind.SATYALANCANA_XXX, AwardKind.SATYALANCANA_XX, AwardKind.SATYALANCANA_X):
        if years >= SATYALANCANA_YEARS[kind]:
            return None if kind in held else kind
    return None


# --- Discipline (PP 94/2021) -------------------------------------------------------------------------
# The level of each penalty (Pasal 8); a medium or heavy one bars the Satyalancana.
DISCIPLINE_LEVEL = {
    DisciplineType.TEGURAN_LISAN: DisciplineLevel.RINGAN,
    DisciplineType.TEGURAN_TERTULIS: DisciplineLevel.RINGAN,
    DisciplineType.TIDAK_PUAS: DisciplineLevel.RINGAN,
    DisciplineType.POTONG_TUKIN_6: DisciplineLevel.SEDANG,
    DisciplineType.POTONG_TUKIN_9: DisciplineLevel.SEDANG,
    DisciplineType.POTONG_TUKIN_12: DisciplineLevel.SEDANG,
    DisciplineType.PENURUNAN_JABATAN: DisciplineLevel.BERAT,
    DisciplineType.PEMBEBASAN_JABATAN: DisciplineLevel.BERAT,
    DisciplineType.PEMBERHENTIAN: DisciplineLevel.BERAT,
}
