"""Pure rules of leave (domain.md §6 and §10): the days off of a year, the working-day count of a
request, the cuti tahunan buckets N, N-1, N-2 with their carry-over caps, and service length.

No ORM: the services read the stored calendar corrections, ledger sums and employee dates and pass
them in.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import holidays

from .choices import DayOffKind, LengthUnit

# Perpres 21/2023: Monday to Friday. date.weekday(): Monday 0 … Sunday 6.
FIVE_DAY_WEEKEND = frozenset({5, 6})
SIX_DAY_WEEKEND = frozenset({6})

# Cuti tahunan (PP 11/2017 Pasal 310–313, domain.md §6).
TAHUNAN_DAYS = 12
CARRY_OVER_CAP = 6  # days of one earlier year that survive into the next: at most 18 in all
MAX_AFTER_ONE_YEAR = TAHUNAN_DAYS + CARRY_OVER_CAP  # 18
MAX_AFTER_TWO_UNUSED_YEARS = TAHUNAN_DAYS + 2 * CARRY_OVER_CAP  # 24
TAHUNAN_SERVICE_YEARS = 1
BESAR_SERVICE_YEARS = 5
CLTN_SERVICE_YEARS = 5


@dataclass(frozen=True)
class DayOff:
    day: date
    name: str
    kind: str  # DayOffKind


def national_days_off(year: int, language: str = "id") -> list[DayOff]:
    """National holidays (public) and cuti bersama (government) of a year from the `holidays`
    package, by date, named in `language` ("id", or "en_US" for the English pages: the package
    translates the names). Cuti bersama is set each year by Keppres; the package knows a
    year's list only from the release after the decree (pinned in pyproject.toml; tested against
    domain.md §6 for 2026)."""
    public = holidays.country_holidays("ID", years=year, categories=("public",), language=language)
    joint = holidays.country_holidays("ID", years=year, categories=("government",), language=language)
    days = [DayOff(d, name, DayOffKind.LIBUR_NASIONAL) for d, name in public.items()]
    days += [DayOff(d, name, DayOffKind.CUTI_BERSAMA) for d, name in joint.items() if d not in public]
    return sorted(days, key=lambda d: d.day)


def holiday_language(active: str | None) -> str:
    """The `holidays` package's language for a page in Django's `active` language."""
    return "en_US" if (active or "").startswith("en") else "id"


def days_between(start: date, end: date) -> Iterator[date]:
    """Every date from start to end, both included."""
    for n in range((end - start).days + 1):
        yield start + timedelta(days=n)


def working_days(
    start: date, end: date, *, days_off: Collection[date], weekend: Collection[int] = FIVE_DAY_WEEKEND
) -> list[date]:
    """The working days from start to end (both included): not a weekend day of the unit's week,
    not a day off (national holiday, cuti bersama, a day the agency added)."""
    return [d for d in days_between(start, end) if d.weekday() not in weekend and d not in days_off]


def calendar_days(start: date, end: date) -> int:
    return (end - start).days + 1


def full_years(since: date, on: date) -> int:
    """Whole years from `since` to `on` (a 29 February anniversary falls on 28 February)."""
    years = on.year - since.year
    try:
        anniversary = since.replace(year=on.year)
    except ValueError:
        anniversary = date(on.year, 2, 28)
    return years - (1 if on < anniversary else 0)


# --- Cuti tahunan buckets --------------------------------------------------------------------------------
def year_opening(
    remaining: Mapping[int, int], *, year: int, used_in: Collection[int], entitled: bool = True
) -> dict[int, int]:
    """The ledger changes that open `year`, per entitlement year (bucket): the new year's 12 days,
    and what expires of the earlier ones.

    `remaining` holds the days left in each bucket before the opening; `used_in` the years in which
    the employee took cuti tahunan. Of year N-1 at most 6 days survive (at most 18 with the new 12);
    of N-2 at most 6 more, only when no cuti tahunan was taken in N-2 nor in N-1 ("tidak digunakan
    2 tahun atau lebih berturut-turut": at most 24); anything older expires.
    """
    changes: dict[int, int] = {}
    if entitled:
        changes[year] = TAHUNAN_DAYS
    for bucket, days in remaining.items():
        if bucket >= year or days <= 0:
            continue
        unused_two_years = not ({year - 2, year - 1} & set(used_in))
        survives = bucket == year - 1 or (bucket == year - 2 and unused_two_years)
        keep = min(days, CARRY_OVER_CAP) if survives else 0
        if keep != days:
            changes[bucket] = keep - days
    return changes


class NotEnoughDays(ValueError):
    """A request for more cuti tahunan than the buckets hold."""

    def __init__(self, wanted: int, available: int) -> None:
        super().__init__(f"wanted {wanted}, available {available}")
        self.wanted, self.available = wanted, available


def draw(remaining: Mapping[int, int], days: int) -> dict[int, int]:
    """Take `days` from the buckets, the oldest first (what would expire soonest): the days taken
    per bucket. Raises NotEnoughDays when the buckets hold fewer."""
    available = sum(d for d in remaining.values() if d > 0)
    if days > available:
        raise NotEnoughDays(days, available)
    taken: dict[int, int] = {}
    left = days
    for bucket in sorted(remaining):
        if left == 0:
            break
        take = min(max(remaining[bucket], 0), left)
        if take:
            taken[bucket] = take
            left -= take
    return taken


def balance_of(entries: Iterable[tuple[int, int]]) -> dict[int, int]:
    """The days left per bucket from ledger rows given as (bucket, days): their sum, so the order in
    which the rows are read never matters. Buckets that add up to nothing are left out."""
    totals: dict[int, int] = {}
    for bucket, days in entries:
        totals[bucket] = totals.get(bucket, 0) + days
    return {bucket: days for bucket, days in sorted(totals.items()) if days}


# --- Lengths of a request -------------------------------------------------------------------------------
def add_months(start: date, months: int) -> date:
    """The same day `months` later (the last day of a shorter month: 31 Jan + 1 = 28/29 Feb)."""
    month_index = start.year * 12 + start.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, min(start.day, day))
        except ValueError:
            continue
    raise ValueError(start)  # pragma: no cover - day 28 exists in every month


def months_spanned(start: date, end: date) -> int:
    """Whole months a leave from start to end (both included) takes, a part month counting as one:
    1 Mar–31 May is 3, 1 Mar–1 Jun is 4."""
    months = 0
    while add_months(start, months) <= end:
        months += 1
    return months


@dataclass(frozen=True)
class Length:
    """What a request's dates amount to: the count in the type's unit (checked against its maximum),
    the working days and the calendar days; `shown`/`shown_unit` is how people read it (a months-based
    type taken for less than a whole month reads in calendar days: "3 hari kalender", not "1 bulan")."""

    count: int
    working: int
    calendar: int
    shown: int = 0
    shown_unit: str = ""


def request_length(
    unit: str,
    start: date,
    end: date,
    *,
    days_off: Collection[date],
    weekend: Collection[int] = FIVE_DAY_WEEKEND,
) -> Length:
    """The length of a request in its type's unit (LengthUnit): working days for cuti tahunan,
    calendar days or months where the type says so."""
    working = len(working_days(start, end, days_off=days_off, weekend=weekend))
    calendar = calendar_days(start, end)
    shown, shown_unit = 0, unit
    if unit == LengthUnit.HARI_KERJA:
        count = working
    elif unit == LengthUnit.BULAN:
        count = months_spanned(start, end)
        if add_months(start, 1) > end + timedelta(days=1):  # less than one whole month
            shown, shown_unit = calendar, LengthUnit.HARI_KALENDER
    else:
        count = calendar
    return Length(
        count=count, working=working, calendar=calendar, shown=shown or count, shown_unit=shown_unit
    )


def weekend_of(days_a_week: int) -> frozenset[int]:
    return SIX_DAY_WEEKEND if days_a_week == 6 else FIVE_DAY_WEEKEND


# --- Who decides (the PyB rule table) ---------------------------------------------------------------------
@dataclass(frozen=True)
class PybCriteria:
    """One row of an agency's PyB table, as the rule reads it: empty criteria match anything."""

    rule_id: int
    leave_kind: str = ""
    position_kind: str = ""
    rank_from: int | None = None  # golongan order (golongan_order), both ends included
    rank_to: int | None = None
    unit_path: str = ""  # the rule holds for this unit's subtree


def golongan_order(golongan: str, ranks: Sequence[str]) -> int | None:
    """The place of a golongan in `ranks` (I/a = 0 … IV/e = 16); None for anything else (PPPK)."""
    try:
        return list(ranks).index(golongan)
    except ValueError:
        return None


def matching_pyb_rule(
    rules: Sequence[PybCriteria], *, leave_kind: str, position_kind: str, rank: int | None, unit_path: str
) -> int | None:
    """The first rule (in the given order: the table's priority) whose criteria all hold; None when
    none does (the default: the head of the OPD)."""
    for rule in rules:
        if rule.leave_kind and rule.leave_kind != leave_kind:
            continue
        if rule.position_kind and rule.position_kind != position_kind:
            continue
        if rule.rank_from is not None or rule.rank_to is not None:
            if rank is None:
                continue
            if rule.rank_from is not None and rank < rule.rank_from:
                continue
            if rule.rank_to is not None and rank > rule.rank_to:
                continue
        if rule.unit_path and not unit_path.startswith(rule.unit_path):
            continue
        return rule.rule_id
    return None


def overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    return a_start <= b_end and b_start <= a_end
