"""The 20 JP duty (domain.md §8; docs/domain-notes.md, "Competency development"): pure rules, no ORM.

- A riwayat diklat row counts in the calendar year its activity ENDS (`counted_year`): a course of
  December to January counts once, in January's year, when its JP are earned in full.
- JP earned = Σ hours × the conversion factor of the row's category (`jp_earned`). The factors are
  configuration per instansi with validity dates (training.models.JpRuleSet / JpFactor); a category
  without one counts 1 : 1 (DEFAULT_FACTOR). Unsure (domain.md): the conversion of non-classical
  activities is the instansi's to set.
- The target: 20 JP a year for a PNS (PP 11/2017 as amended by PP 17/2020, Pasal 203(4)). For a PPPK
  domain.md gives "at most 24 JP per contract year": a ceiling on the right to development, not a
  target. Unsure: the portal measures PPPK against the same 20 JP by default (configurable per
  instansi, `pppk_target`) and shows the 24 JP ceiling beside it; JP above the ceiling still count.
- Reminders start in the third quarter (from 1 July, in the agency's own time zone) and go out at
  most once a month per person (`reminder_key`).

The recompute job writes the same sum in SQL (training.services.compliance); tests compare the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

PNS = "PNS"
PPPK = "PPPK"

DEFAULT_FACTOR = Decimal("1.00")
PNS_TARGET = 20  # PP 17/2020 Pasal 203(4)
PPPK_TARGET = 20  # Unsure: domain.md names only a ceiling for PPPK (see the module docstring)
PPPK_CAP = 24  # "at most 24 JP per contract year" (domain.md §8): shown, never enforced
FACTOR_MAX = Decimal("10.00")  # a factor above this is a typing error, not a policy
REMINDER_FROM_MONTH = 7  # the third quarter
JP_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class JpRules:
    """The rules in force for an agency and year: targets and conversion factors by category."""

    pns_target: int = PNS_TARGET
    pppk_target: int = PPPK_TARGET
    pppk_cap: int | None = PPPK_CAP
    factors: Mapping[str, Decimal] = field(default_factory=dict)
    version: str = ""  # the rule set's label; "" for the built-in defaults

    def factor(self, category: str) -> Decimal:
        return factor_for(category, self.factors)

    def target(self, kind: str) -> int:
        return target_for(kind, self)


DEFAULT_RULES = JpRules()


@dataclass(frozen=True)
class Activity:
    """One riwayat diklat row as the rule needs it."""

    category: str
    end_date: date
    hours: int


def counted_year(end_date: date) -> int:
    """The year whose JP an activity counts towards: the year it ends."""
    return end_date.year


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def factor_for(category: str, factors: Mapping[str, Decimal]) -> Decimal:
    """The conversion factor of a category (1.00 when the instansi set none)."""
    return Decimal(factors.get(category, DEFAULT_FACTOR))


def converted(hours: int, factor: Decimal) -> Decimal:
    """The JP one activity earns, to two decimals (half up, as the SQL ROUND does on numerics)."""
    return (Decimal(hours) * factor).quantize(JP_PLACES, rounding=ROUND_HALF_UP)


def jp_earned(activities: Iterable[Activity], year: int, factors: Mapping[str, Decimal]) -> Decimal:
    """JP earned in `year`: the converted hours of every activity that ends in it."""
    total = sum(
        (
            Decimal(a.hours) * factor_for(a.category, factors)
            for a in activities
            if counted_year(a.end_date) == year
        ),
        Decimal(0),
    )
    return total.quantize(JP_PLACES, rounding=ROUND_HALF_UP)


def target_for(kind: str, rules: JpRules = DEFAULT_RULES) -> int:
    """The yearly target of an employee of this kind (PNS or PPPK)."""
    return rules.pppk_target if kind == PPPK else rules.pns_target


def meets(jp: Decimal, target: int) -> bool:
    return jp >= target


def shortfall(jp: Decimal, target: int) -> Decimal:
    """JP still missing to reach the target (0 when met)."""
    return max(Decimal(target) - jp, Decimal(0))


def share_percent(met: int, total: int) -> Decimal | None:
    """Share of employees at or above target, in percent (None without employees)."""
    if total <= 0:
        return None
    return (Decimal(met * 100) / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def reminders_due(today: date) -> bool:
    """Reminders go out from 1 July (the third quarter) to the end of the year: `today` is the
    agency's own date."""
    return today.month >= REMINDER_FROM_MONTH


def reminder_key(today: date) -> str:
    """The notification key of a month's reminder: one per person per month (notifications are
    unique per recipient and key)."""
    return f"training.jp:{today:%Y-%m}"


def years_to_recompute(today: date) -> list[int]:
    """The years the nightly job recomputes on the agency's date `today`: this year, and last year
    during the first quarter (records of last year's activities are still being entered)."""
    years = [today.year]
    if today.month <= 3:
        years.insert(0, today.year - 1)
    return years


def trimmed(value: Decimal) -> Decimal:
    """JP without trailing zeros and never in exponent form: 12.50 → 12.5, 20.00 → 20."""
    text = f"{Decimal(value).quantize(JP_PLACES, rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Decimal(text)


def jp_display(value: Decimal, decimal_separator: str = ",") -> str:
    """JP as text ("12,5", "20"): for a notification, stored once in the default language."""
    return f"{trimmed(value):f}".replace(".", decimal_separator)
