"""Pure rules of evaluation (issue 14 item 8): when the participant's reaction and the atasan's
evaluation of applied learning are open, and the 1–5 scale.

- Reaction (participant): opens when their enrolment is completed (recorded on or after the
  programme's last day) and may be changed until FEEDBACK_DAYS after that last day, then it is closed.
  One per enrolment.
- Applied learning (the atasan recorded on the enrolment, never the participant): opens
  APPLIED_DELAY_MONTHS after the last day and stays open; given once (no change afterwards).
See docs/domain-notes.md ("Evaluasi pelatihan").
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

RATING_MIN, RATING_MAX = 1, 5
RATINGS = tuple(range(RATING_MIN, RATING_MAX + 1))
# The reaction may be given and changed until this many days after the programme's last day.
FEEDBACK_DAYS = 30
# The atasan evaluates applied learning from this many months after the programme's last day.
APPLIED_DELAY_MONTHS = 3
# The four aspects of the reaction form (field names of training.models.ReactionFeedback).
ASPECTS = ("content", "trainer", "organisation", "usefulness")


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter: 30 Nov + 3 = 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def feedback_closes(end: date) -> date:
    """The last day the participant may give or change their reaction."""
    return end + timedelta(days=FEEDBACK_DAYS)


def feedback_open(today: date, end: date) -> bool:
    return end <= today <= feedback_closes(end)


def feedback_problem(today: date, end: date) -> str:
    if today < end:
        return _("Umpan balik dibuka setelah program berakhir.")
    if today > feedback_closes(end):
        return _("Umpan balik program ini sudah ditutup pada %(day)s.") % {
            "day": feedback_closes(end).strftime("%d-%m-%Y")
        }
    return ""


def applied_opens(end: date) -> date:
    """The first day the atasan may evaluate applied learning."""
    return add_months(end, APPLIED_DELAY_MONTHS)


def applied_open(today: date, end: date) -> bool:
    return today >= applied_opens(end)


def applied_problem(today: date, end: date) -> str:
    if not applied_open(today, end):
        return _("Evaluasi penerapan dibuka mulai %(day)s (%(months)s bulan setelah program berakhir).") % {
            "day": applied_opens(end).strftime("%d-%m-%Y"),
            "months": APPLIED_DELAY_MONTHS,
        }
    return ""


def rating_problem(value: object) -> str:
    if not isinstance(value, int) or isinstance(value, bool) or not RATING_MIN <= value <= RATING_MAX:
        return _("Nilai harus antara 1 dan 5.")
    return ""


def average(counts: Mapping[int, int]) -> Decimal | None:
    """The mean of a distribution (rating → count), to two decimals; None without any rating."""
    total = sum(counts.values())
    if not total:
        return None
    mean = Decimal(sum(r * n for r, n in counts.items())) / Decimal(total)
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def distribution(values: Iterable[int]) -> dict[int, int]:
    """How many of each rating 1–5 (every rating present, 0 when none)."""
    counts = dict.fromkeys(RATINGS, 0)
    for v in values:
        if v in counts:
            counts[v] += 1
    return counts


def applied_latest_end(today: date) -> date:
    """The latest programme end whose applied evaluation is open on `today` (applied_opens(end) <=
    today), for selecting in SQL: three months back, to the month's end when today is a month's end."""
    back = add_months(today, -APPLIED_DELAY_MONTHS)
    if today.day == calendar.monthrange(today.year, today.month)[1]:
        back = back.replace(day=calendar.monthrange(back.year, back.month)[1])
    return back
