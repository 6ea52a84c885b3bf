"""Periodic career events (domain.md §4-§5): retirement (BUP), KGB, regular promotion, Satyalancana.

Pure date rules first (unit-tested on their own), then set-based helpers that evaluate them for a
whole queryset in one query. The reference data that has changed before (the BUP table, the
promotion period calendar) is read from the database (RetirementAge, PromotionCalendar), never
from constants here. Our readings where domain.md is silent or unsure are in docs/domain-notes.md.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from .choices import PNS_RANKS, AwardKind, DisciplineLevel, PositionKind, WorkingState
from .models import (
    SATYALANCANA_YEARS,
    AwardHistory,
    DisciplineHistory,
    Employee,
    PromotionCalendar,
    RankHistory,
    RetirementAge,
)

# --- Pure date rules --------------------------------------------------------------------------------


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


def retirement_date(birth_date: date, bup: int) -> date:
    """TMT pensiun: the 1st of the month after the month in which the BUP is reached (§4, Unsure)."""
    return first_of_next_month(add_years(birth_date, bup))


def kgb_dates(tmt_cpns: date, first_golongan: str) -> Iterable[date]:
    """KGB dates: every 2 years of service from TMT CPNS; a first appointment in II/a gets the
    first one after 1 year (PP 7/1977 Pasal 11-13, domain.md §5). Endless; the caller stops."""
    offset = 1 if first_golongan == "II/a" else 2
    years = offset
    while True:
        yield add_years(tmt_cpns, years)
        years += 2


# The KGB notice is issued this many months before the increase takes effect (domain.md §5).
KGB_NOTICE_MONTHS = 2


def kgb_notice_date(kgb_date: date) -> date:
    """The latest date to issue the notice (surat pemberitahuan) of a KGB."""
    return add_months(kgb_date, -KGB_NOTICE_MONTHS)


def next_kgb_date(tmt_cpns: date, first_golongan: str, on: date) -> date:
    """The first KGB date on or after `on`."""
    for day in kgb_dates(tmt_cpns, first_golongan):
        if day >= on:
            return day
    raise AssertionError("unreachable")  # pragma: no cover


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


def satyalancana_due(tmt_cpns: date, on: date, held: set[str]) -> str | None:
    """The highest Satyalancana Karya Satya whose years of service are reached by `on` and that is
    not held yet (the discipline condition is checked separately)."""
    years = service_years(tmt_cpns, on)
    for kind in (AwardKind.SATYALANCANA_XXX, AwardKind.SATYALANCANA_XX, AwardKind.SATYALANCANA_X):
        if years >= SATYALANCANA_YEARS[kind]:
            return None if kind in held else kind
    return None


# Years in the current pangkat before a regular promotion (PP 99/2000 jo. PP 12/2002, §5).
PROMOTION_YEARS_REGULAR = 4
PROMOTION_YEARS_FUNCTIONAL = 2
PROMOTION_PERFORMANCE_YEARS = 2
HIGHEST_RANK = "IV/e"


def next_golongan(golongan: str) -> str | None:
    """The pangkat a regular promotion leads to: one step up (III/d -> IV/a); None at IV/e or for
    anything that is not a PNS golongan/ruang."""
    codes = [code for code, _name in PNS_RANKS]
    if golongan not in codes or golongan == HIGHEST_RANK:
        return None
    return codes[codes.index(golongan) + 1]


# --- Reference data ---------------------------------------------------------------------------------


def promotion_periods(
    after: date, count: int, calendars: list[PromotionCalendar] | None = None
) -> list[date]:
    """The next `count` promotion dates (the 1st of a period month) strictly after `after`, each
    taken from the calendar valid on that date."""
    calendars = calendars if calendars is not None else list(PromotionCalendar.objects.all())
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


def next_promotion_period(after: date) -> date | None:
    periods = promotion_periods(after, 1)
    return periods[0] if periods else None


def retirement_ages(on: date) -> list[RetirementAge]:
    """The BUP rows valid on `on`, specific levels before blank ones."""
    rows = RetirementAge.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)
    return sorted(rows, key=lambda r: (r.kind, r.level == ""))


def bup_expression(
    on: date, prefix: str = "current_position__", rows: list[RetirementAge] | None = None
) -> Case:
    """BUP of an employee as SQL: the position's own BUP, else the table row for its kind/level."""
    whens = [When(**{f"{prefix}retirement_age__isnull": False}, then=F(f"{prefix}retirement_age"))]
    for row in rows if rows is not None else retirement_ages(on):
        condition = {f"{prefix}kind": row.kind}
        if row.level:
            condition[f"{prefix}level"] = row.level
        whens.append(When(**condition, then=Value(row.age)))
    return Case(*whens, default=Value(58), output_field=IntegerField())


def bup_for(kind: str, level: str, override: int | None, rows: list[RetirementAge]) -> int:
    """The same rule in Python, for one position."""
    if override:
        return override
    for row in rows:
        if row.kind == kind and row.level in (level, ""):
            return row.age
    return 58


def with_retirement_year(queryset: QuerySet[Employee], on: date) -> QuerySet[Employee]:
    """Annotate `retirement_year`: the year of TMT pensiun (a December birthday retires in January)."""
    return queryset.annotate(
        bup=bup_expression(on),
        retirement_year=ExpressionWrapper(
            ExtractYear("birth_date")
            + F("bup")
            + Case(When(birth_date__month=12, then=Value(1)), default=Value(0)),
            output_field=IntegerField(),
        ),
    )


# --- Set-based evaluation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CareerEvent:
    kind: str  # "kgb", "pangkat", "pensiun", "satyalancana"
    date: date
    label: str


EVENT_LABELS = {
    "kgb": _("Kenaikan gaji berkala"),
    "pangkat": _("Memenuhi syarat kenaikan pangkat (masa kerja)"),
    "pensiun": _("Pensiun (BUP)"),
    "satyalancana": _("Calon Satyalancana Karya Satya"),
}


def first_rank_subquery() -> Subquery:
    return Subquery(
        RankHistory.objects.filter(employee=OuterRef("pk")).order_by("tmt", "pk").values("golongan")[:1]
    )


def heavy_discipline_since_cpns() -> Exists:
    """A medium or heavy disciplinary penalty since TMT CPNS bars the Satyalancana (§5)."""
    return Exists(
        DisciplineHistory.objects.filter(
            employee=OuterRef("pk"),
            level__in=[DisciplineLevel.SEDANG, DisciplineLevel.BERAT],
            start_date__gte=OuterRef("tmt_cpns"),
        )
    )


def performance_years(period: date) -> list[int]:
    """The two years whose annual predikat the promotion of `period` looks at: the last two whole
    years before it (our reading of "2 tahun terakhir", noted in docs/domain-notes.md)."""
    return [period.year - PROMOTION_PERFORMANCE_YEARS + i for i in range(PROMOTION_PERFORMANCE_YEARS)]


def promotion_candidates(queryset: QuerySet[Employee], period: date) -> QuerySet[Employee]:
    """Active PNS whose time in the current pangkat reaches the minimum by `period`: 4 years, or 2
    for functional positions (their angka kredit is not recorded here: HR checks it). The
    performance condition ("baik" in the last 2 years) is annotated by the caller from the
    performance app (see performance_years) and shown, not filtered: older years may not be recorded."""
    regular_cutoff = add_years(period, -PROMOTION_YEARS_REGULAR)
    functional_cutoff = add_years(period, -PROMOTION_YEARS_FUNCTIONAL)
    return queryset.filter(
        Q(current_position__kind=PositionKind.FUNGSIONAL, current_rank__tmt__lte=functional_cutoff)
        | (~Q(current_position__kind=PositionKind.FUNGSIONAL) & Q(current_rank__tmt__lte=regular_cutoff)),
        kind="PNS",
        is_active=True,
        working_state=WorkingState.AKTIF,
        current_rank__isnull=False,
    ).exclude(current_rank__golongan=HIGHEST_RANK)


def retiring_between(queryset: QuerySet[Employee], start: date, end: date) -> list[tuple[Employee, date]]:
    """(employee, TMT pensiun) for active employees whose TMT pensiun is in [start, end], by date.

    One query: the birth-date window is narrowed in SQL by the lowest and highest BUP in force,
    the exact date is computed per row from the BUP annotation."""
    rows = retirement_ages(start)
    ages = [r.age for r in rows] or [58]
    youngest_birth = add_years(end, -min(ages))
    oldest_birth = add_years(add_months(start, -1), -max([*ages, 70]))
    found: list[tuple[Employee, date]] = []
    candidates = queryset.filter(
        is_active=True, birth_date__lte=youngest_birth, birth_date__gte=oldest_birth
    ).annotate(bup=bup_expression(start, rows=rows))
    for employee in candidates:
        day = retirement_date(employee.birth_date, employee.bup)
        if start <= day <= end:
            found.append((employee, day))
    found.sort(key=lambda pair: (pair[1], pair[0].name))
    return found


def kgb_between(queryset: QuerySet[Employee], start: date, end: date) -> list[tuple[Employee, date]]:
    """(employee, KGB date) for active PNS whose next KGB falls in [start, end], by date. One query:
    only employees whose TMT CPNS month occurs in the window are fetched."""
    months: set[int] = set()
    day = start.replace(day=1)
    while day <= end and len(months) < 12:
        months.add(day.month)
        day = add_months(day, 1)
    candidates = (
        queryset.filter(kind="PNS", is_active=True, working_state=WorkingState.AKTIF, tmt_cpns__isnull=False)
        .annotate(cpns_month=ExtractMonth("tmt_cpns"), first_golongan=first_rank_subquery())
        .filter(cpns_month__in=sorted(months))
    )
    found: list[tuple[Employee, date]] = []
    for employee in candidates:
        assert employee.tmt_cpns is not None  # filtered above
        due = next_kgb_date(employee.tmt_cpns, employee.first_golongan or "", start)
        if due <= end:
            found.append((employee, due))
    found.sort(key=lambda pair: (pair[1], pair[0].name))
    return found


def satyalancana_candidates(queryset: QuerySet[Employee], on: date) -> list[tuple[Employee, str]]:
    """(employee, award kind) for active PNS who reach 10/20/30 years of service by `on`, do not
    hold that award, and have no medium or heavy penalty since TMT CPNS. One query."""
    cutoff = add_years(on, -min(SATYALANCANA_YEARS.values()))
    held = {
        kind: Exists(AwardHistory.objects.filter(employee=OuterRef("pk"), kind=kind))
        for kind in SATYALANCANA_YEARS
    }
    candidates = (
        queryset.filter(kind="PNS", is_active=True, tmt_cpns__isnull=False, tmt_cpns__lte=cutoff)
        .exclude(heavy_discipline_since_cpns())
        .annotate(**{f"has_{k}": e for k, e in held.items()})
    )
    found: list[tuple[Employee, str]] = []
    for employee in candidates:
        assert employee.tmt_cpns is not None  # filtered above
        owned = {str(k) for k in SATYALANCANA_YEARS if getattr(employee, f"has_{k}")}
        due = satyalancana_due(employee.tmt_cpns, on, owned)
        if due is not None:
            found.append((employee, due))
    found.sort(key=lambda pair: (pair[0].tmt_cpns, pair[0].name))
    return found


def upcoming_events(
    queryset: QuerySet[Employee], today: date, *, kgb_months: int = 2, retirement_months: int = 12
) -> dict[int, list[CareerEvent]]:
    """Career events per employee id: KGB within `kgb_months`, eligibility for the next promotion
    period, retirement within `retirement_months`, a Satyalancana due this year. Six queries."""
    events: dict[int, list[CareerEvent]] = {}

    def add(pk: int, kind: str, day: date) -> None:
        events.setdefault(pk, []).append(CareerEvent(kind, day, str(EVENT_LABELS[kind])))

    for employee, day in kgb_between(queryset, today, add_months(today, kgb_months)):
        add(employee.pk, "kgb", day)
    period = next_promotion_period(today)
    if period is not None:
        for pk in promotion_candidates(queryset, period).values_list("pk", flat=True):
            add(pk, "pangkat", period)
    for employee, day in retiring_between(queryset, today, add_months(today, retirement_months)):
        add(employee.pk, "pensiun", day)
    year_end = date(today.year, 12, 31)
    for employee, _kind in satyalancana_candidates(queryset, year_end):
        add(employee.pk, "satyalancana", year_end)
    for found in events.values():
        found.sort(key=lambda e: e.date)
    return events
