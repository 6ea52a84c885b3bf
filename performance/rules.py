"""Pure rules of performance management (domain.md §7, PermenPANRB 6/2022). No ORM here.

- `predikat`: the predikat kinerja pegawai from rating hasil kerja × rating perilaku kerja.
- `capaian`, `capaian_exact`, `indeks`, `annual_indeks`, `suggested_rating`, `display`: our numeric score (Policy).
  Everything is Decimal and unrounded; only `display` rounds (half-up, 2 decimals);
  `number_display` writes a target or realisation as typed.
- `periods_for`: the periodic evaluation periods of a year; `is_late`: a report after its deadline;
  `skp_review_deadline`, `days_overdue`: the overdue flags of the head's queue.
- `TRANSITIONS`, `next_state`: the SKP state machine.
- `distribution_warnings`: the allowed distribution of employee predikat per organisation predikat
  (a warning, never a block), for the limits of the version in force that the caller passes in.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from fractions import Fraction
from typing import Literal
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _

from .choices import Direction, Frequency, OrganisationPredikat, Predikat, Rating, SkpAction, SkpState

# Every division here runs in this context: 28 significant digits (the decimal module's default), so
# results do not depend on whatever context the caller happens to have set.
PRECISION = 28
DECIMAL_CONTEXT = Context(prec=PRECISION, rounding=ROUND_HALF_EVEN)

CAPAIAN_CAP = Decimal("1.2")  # capaian never exceeds 120
HUNDRED = Decimal(100)
DEFAULT_ABOVE = Decimal(110)
DEFAULT_MEETS = Decimal(80)
EMPTY_DISPLAY = "–"


# --- Predikat kinerja pegawai -------------------------------------------------------------------------

# Rows: rating hasil kerja; columns: rating perilaku kerja (domain.md §7, the 3×3 table).
PREDIKAT_MATRIX: dict[tuple[Rating, Rating], Predikat] = {
    (Rating.ABOVE, Rating.BELOW): Predikat.KURANG,
    (Rating.ABOVE, Rating.MEETS): Predikat.BAIK,
    (Rating.ABOVE, Rating.ABOVE): Predikat.SANGAT_BAIK,
    (Rating.MEETS, Rating.BELOW): Predikat.KURANG,
    (Rating.MEETS, Rating.MEETS): Predikat.BAIK,
    (Rating.MEETS, Rating.ABOVE): Predikat.BAIK,
    (Rating.BELOW, Rating.BELOW): Predikat.SANGAT_KURANG,
    (Rating.BELOW, Rating.MEETS): Predikat.BUTUH_PERBAIKAN,
    (Rating.BELOW, Rating.ABOVE): Predikat.BUTUH_PERBAIKAN,
}


def _rating(value: str, what: str) -> Rating:
    try:
        return Rating(value)
    except ValueError:
        raise ValueError(f"Unknown {what} rating: {value!r}") from None


def predikat(hasil: str, perilaku: str) -> str:
    """The predikat kinerja pegawai for a rating hasil kerja and a rating perilaku kerja."""
    return PREDIKAT_MATRIX[(_rating(hasil, "hasil kerja"), _rating(perilaku, "perilaku kerja"))]


# --- Capaian and indeks (Policy) --------------------------------------------------------------------


def _decimal(value: Decimal | int, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal or an int, not {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{name} must be a finite number, not {number}")
    return number


def capaian_exact(target: Decimal, realisation: Decimal, direction: str) -> Fraction:
    """Capaian of one IKI in percent as an exact fraction, in [0, 120] (see `capaian`).

    The indeks averages these exact values, so that a mean that is exactly a threshold (two IKI at
    103⅓ and 56⅔ average exactly 80) is not pushed below it by rounding each capaian first.
    """
    t = _decimal(target, "target")
    r = _decimal(realisation, "realisation")
    if t <= 0:
        raise ValueError(_("Target harus lebih besar dari nol."))
    if r < 0:
        raise ValueError(_("Realisasi tidak boleh negatif."))
    try:
        kind = Direction(direction)
    except ValueError:
        raise ValueError(f"Unknown direction: {direction!r}") from None
    cap = Fraction(CAPAIAN_CAP)
    if kind == Direction.HIGHER:
        ratio = Fraction(r) / Fraction(t)
    elif r == 0:
        ratio = cap
    else:
        ratio = Fraction(t) / Fraction(r)
    return min(ratio, cap) * 100


def _fraction_decimal(value: Fraction) -> Decimal:
    """An exact fraction as a Decimal, rounded once to 28 significant digits (DECIMAL_CONTEXT)."""
    with localcontext(DECIMAL_CONTEXT):
        return Decimal(value.numerator) / Decimal(value.denominator)


def capaian(target: Decimal, realisation: Decimal, direction: str) -> Decimal:
    """Capaian of one IKI in percent, unrounded, in [0, 120].

    Higher is better: min(R / T, 1.2) × 100. Lower is better: min(T / R, 1.2) × 100, and R = 0 gives 120.
    T must be > 0 and R ≥ 0 (ValueError otherwise).

    The exact value (`capaian_exact`) is rounded once to 28 significant digits (DECIMAL_CONTEXT), so
    capaian(k·T, k·R) == capaian(T, R). For an indeks, average `capaian_exact` instead: rounding each
    capaian before averaging can move a mean that is exactly a threshold below it. The SQL of the
    scoring job computes the same formula (LEAST(R / T, 1.2) * 100, resp. CASE WHEN R = 0 THEN 120
    ELSE LEAST(T / R, 1.2) * 100 END) over numeric columns; keep the two in step when either changes.
    """
    return _fraction_decimal(capaian_exact(target, realisation, direction))


def _number(value: Decimal | int | Fraction, name: str) -> Fraction:
    if isinstance(value, Fraction):
        return value
    return Fraction(_decimal(value, name))


def indeks(items: Iterable[tuple[Decimal | Fraction, Decimal]]) -> Decimal | None:
    """Indeks capaian: the weighted mean of (capaian, weight) pairs; None when there is none.

    Capaian may be exact fractions (`capaian_exact`, what the pages pass) or Decimals. Weights must be
    > 0 (ValueError otherwise). The sums are exact (fractions); the mean is rounded once to 28
    significant digits, so it always lies between the smallest and the largest capaian and does not
    change when every weight is multiplied by the same factor.
    """
    weighted_sum = Fraction(0)
    total_weight = Fraction(0)
    for value, weight in items:
        c = _number(value, "capaian")
        w = _decimal(weight, "weight")
        if w <= 0:
            raise ValueError(_("Bobot harus lebih besar dari nol."))
        weighted_sum += c * Fraction(w)
        total_weight += Fraction(w)
    if total_weight == 0:
        return None
    return _fraction_decimal(weighted_sum / total_weight)


ANNUAL_POLICY = (
    "The annual indeks is the weighted mean of capaian over every (IKI, period) reported in the year; "
    "each report counts with its IKI's weight. It is computed by annual_indeks, which is indeks."
)


def annual_indeks(items: Iterable[tuple[Decimal | Fraction, Decimal]]) -> Decimal | None:
    """The annual indeks capaian of an employee (ANNUAL_POLICY).

    The weighted mean of capaian over every (IKI, period) reported in the year: pass one
    (capaian, weight of its IKI) pair per report. It is the same computation as `indeks`, so an IKI
    reported in more periods counts more often, and periods without a report count for nothing.
    """
    return indeks(items)


def suggested_rating(
    indeks: Decimal | None, *, above: Decimal = DEFAULT_ABOVE, meets: Decimal = DEFAULT_MEETS
) -> str | None:
    """The rating hasil kerja suggested by an indeks (the superior decides); None without an indeks.

    ≥ above: Di Atas Ekspektasi; ≥ meets: Sesuai Ekspektasi; else Di Bawah Ekspektasi. The thresholds
    are configurable per instansi and must satisfy above > meets (ValueError otherwise).
    """
    upper = _decimal(above, "above")
    lower = _decimal(meets, "meets")
    if upper <= lower:
        raise ValueError(_("Ambang Di Atas Ekspektasi harus lebih besar dari ambang Sesuai Ekspektasi."))
    if indeks is None:
        return None
    value = _decimal(indeks, "indeks")
    if value >= upper:
        return Rating.ABOVE
    if value >= lower:
        return Rating.MEETS
    return Rating.BELOW


def _separators() -> tuple[str, str]:
    """The active language's decimal and thousands separators: "," and "." in Indonesian (also the
    default, e.g. in a job), "." and "," in English (asn_portal/formats)."""
    return str(get_format("DECIMAL_SEPARATOR")), str(get_format("THOUSAND_SEPARATOR"))


def display(value: Decimal | None) -> str:
    """Round half-up to 2 decimals in the active language's style ("87,50"; "87.50" in English); "–"
    for None. For display only."""
    if value is None:
        return EMPTY_DISPLAY
    number = _decimal(value, "value")
    # Enough digits that quantize never fails on a large value.
    context = Context(prec=max(PRECISION, number.adjusted() + 3), rounding=ROUND_HALF_UP)
    rounded = number.quantize(Decimal("0.01"), context=context)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0,00"
    return f"{rounded:f}".replace(".", _separators()[0])


def number_display(value: Decimal | None) -> str:
    """A target or realisation as written on the form: no trailing zeros, the language's decimal mark."""
    if value is None:
        return EMPTY_DISPLAY
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", _separators()[0])


def grouped_display(value: Decimal) -> str:
    """A limit with its thousands grouped: 99999999999.9999 is 99.999.999.999,9999 in Indonesian,
    99,999,999,999.9999 in English."""
    decimal_mark, thousands = _separators()
    whole, _dot, fraction = f"{_decimal(value, 'value'):f}".partition(".")
    text = f"{abs(int(whole)):,}".replace(",", thousands)
    text = f"-{text}" if whole.startswith("-") else text
    return f"{text}{decimal_mark}{fraction}" if fraction else text


# --- Periods -----------------------------------------------------------------------------------------

MONTHS_PER_PERIOD: dict[Frequency, int] = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.SEMESTER: 6,
}


def periods_for(year: int, frequency: str) -> list[tuple[int, date, date]]:
    """The periodic evaluation periods of a year: (number from 1, first day, last day)."""
    try:
        months = MONTHS_PER_PERIOD[Frequency(frequency)]
    except ValueError:
        raise ValueError(f"Unknown frequency: {frequency!r}") from None
    periods = []
    for number, first_month in enumerate(range(1, 13, months), start=1):
        last_month = first_month + months - 1
        last_day = calendar.monthrange(year, last_month)[1]
        periods.append((number, date(year, first_month, 1), date(year, last_month, last_day)))
    return periods


def is_late(reported_at: datetime | None, deadline: date, time_zone: str) -> bool:
    """Reported after the period's deadline, by the calendar of the agency's zone (late reports are
    accepted, and marked)."""
    if reported_at is None:
        return False
    return timezone.localtime(reported_at, ZoneInfo(time_zone)).date() > deadline


# How long the atasan has to review an SKP submitted after (or shortly before) the year's SKP
# deadline (Policy): the review is due at the year's deadline, and never sooner than this after
# the submission.
SKP_REVIEW_DAYS = 14


def skp_review_deadline(skp_deadline: date, submitted_on: date) -> date:
    """The day by which the atasan should decide on a submitted SKP: the year's SKP deadline, or
    SKP_REVIEW_DAYS after the submission when that is later."""
    return max(skp_deadline, submitted_on + timedelta(days=SKP_REVIEW_DAYS))


def days_overdue(deadline: date | None, today: date) -> int:
    """Whole days past a deadline (0 on the deadline itself, before it, or without one)."""
    if deadline is None:
        return 0
    return max(0, (today - deadline).days)


# --- SKP state machine -------------------------------------------------------------------------------

TRANSITIONS: dict[tuple[str, str], str] = {
    (SkpState.DRAFT, SkpAction.SUBMIT): SkpState.SUBMITTED,
    (SkpState.RETURNED, SkpAction.SUBMIT): SkpState.SUBMITTED,
    (SkpState.SUBMITTED, SkpAction.RETURN): SkpState.RETURNED,
    (SkpState.SUBMITTED, SkpAction.APPROVE): SkpState.APPROVED,
    (SkpState.APPROVED, SkpAction.SUPERSEDE): SkpState.SUPERSEDED,
}


class InvalidTransition(ValueError):
    """The action is not allowed in the SKP's state; the message is for the user (Indonesian)."""


def _label(choices: type[SkpState] | type[SkpAction], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def next_state(state: str, action: str) -> str:
    """The state an SKP moves to when `action` is taken; InvalidTransition when it is not allowed."""
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise InvalidTransition(
            _("Tindakan “%(action)s” tidak dapat dilakukan pada SKP berstatus “%(state)s”.")
            % {"action": _label(SkpAction, action), "state": _label(SkpState, state)}
        ) from None


# --- Distribution of employee predikat per organisation predikat --------------------------------------
# domain.md §7 (MenPANRB guidance; exact instrument Unsure): a warning, never a block. The limits are
# versioned reference data (performance.models.DistributionRuleSet / DistributionLimit), read by
# performance.selectors.monitoring for the period's date and passed in here.


@dataclass(frozen=True)
class DistributionRule:
    """One limit on the share (percent) or count of employees with any of `predikat`."""

    kind: Literal["at_most_percent", "at_least_percent", "at_least_count"]
    predikat: tuple[Predikat, ...]
    limit: Decimal


def distribution_rules_missing(day: date) -> str:
    """The warning when no version of the distribution rules is in force on `day`."""
    return _(
        "Tidak ada versi aturan distribusi predikat yang berlaku pada %(date)s; distribusi predikat tidak "
        "diperiksa. Minta admin mengisi data acuan aturan distribusi."
    ) % {"date": date_format(day, "j F Y")}


def distribution_rules_incomplete(version: str, org_predikat: str) -> str:
    """The warning when the version in force has no limit for the organisation predikat."""
    return _(
        "Aturan distribusi predikat versi %(version)s tidak memuat batas untuk predikat organisasi "
        "%(organisation)s; distribusi predikat tidak diperiksa."
    ) % {"version": version, "organisation": str(OrganisationPredikat(org_predikat).label)}


def _percent_text(value: Fraction | Decimal) -> str:
    """A percentage for a message: at most 2 decimals, no trailing zeros ("80", "66,67", "12,5")."""
    with localcontext(DECIMAL_CONTEXT):
        number = (
            Decimal(value) if isinstance(value, Decimal) else Decimal(value.numerator) / value.denominator
        )
    text = display(number).rstrip("0").rstrip(",")
    return text or "0"


def distribution_warnings(
    org_predikat: str, counts: Mapping[str, int], rules: Iterable[DistributionRule]
) -> list[str]:
    """Indonesian warnings for each of `rules` (the limits of the organisation predikat in the
    version in force) that is broken.

    `counts` maps employee predikat (Predikat values) to numbers of employees. No employees, no warnings.
    """
    try:
        OrganisationPredikat(org_predikat)
    except ValueError:
        raise ValueError(f"Unknown organisation predikat: {org_predikat!r}") from None
    for key, count in counts.items():
        if key not in Predikat.values:
            raise ValueError(f"Unknown predikat: {key!r}")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"Count of {key!r} must be a non-negative int, not {count!r}")
    total = sum(counts.values())
    if total == 0:
        return []
    org_label = str(OrganisationPredikat(org_predikat).label)
    warnings = []
    for rule in rules:
        count = sum(counts.get(p, 0) for p in rule.predikat)
        share = Fraction(count * 100, total)
        limit = Fraction(rule.limit)
        params = {
            "predikat": f" {_('atau')} ".join(str(Predikat(p).label) for p in rule.predikat),
            "share": _percent_text(share),
            "limit": _percent_text(rule.limit),
            "count": count,
            "organisation": org_label,
        }
        if rule.kind == "at_most_percent" and share > limit:
            warnings.append(
                _(
                    "%(predikat)s %(share)s%% melebihi batas %(limit)s%% untuk predikat organisasi %(organisation)s."
                )
                % params
            )
        elif rule.kind == "at_least_percent" and share < limit:
            warnings.append(
                _(
                    "%(predikat)s %(share)s%% kurang dari batas minimal %(limit)s%% untuk predikat organisasi "
                    "%(organisation)s."
                )
                % params
            )
        elif rule.kind == "at_least_count" and count < limit:
            warnings.append(
                _(
                    "%(predikat)s %(count)s pegawai, kurang dari batas minimal %(limit)s pegawai untuk predikat "
                    "organisasi %(organisation)s."
                )
                % params
            )
    return warnings
