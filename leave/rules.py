"""Pure rules of leave (domain.md §6 and §10): the days off of a year, the working-day count of a
request, the cuti tahunan buckets N, N-1, N-2 with their carry-over caps, and service length.

No ORM: the services read the stored calendar corrections, ledger sums and employee dates and pass
them in.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import holidays

from .choices import DayOffKind

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


def national_days_off(year: int) -> list[DayOff]:
    """National holidays (public) and cuti bersama (government) of a year from the `holidays`
    package, in Indonesian, by date. Cuti bersama is set each year by Keppres; the package knows a
    year's list only from the release after the decree (pinned in pyproject.toml; tested against
    domain.md §6 for 2026)."""
    public = holidays.country_holidays("ID", years=year, categories=("public",), language="id")
    joint = holidays.country_holidays("ID", years=year, categories=("government",), language="id")
    days = [DayOff(d, name, DayOffKind.LIBUR_NASIONAL) for d, name in public.items()]
    days += [DayOff(d, name, DayOffKind.CUTI_BERSAMA) for d, name in joint.items() if d not in public]
    return sorted(days, key=lambda d: d.day)


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
