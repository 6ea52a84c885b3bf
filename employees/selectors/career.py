"""Career events read set-based (domain.md §4-§5): retirement (BUP), KGB, regular promotion,
Satyalancana, each evaluated for a whole queryset in one query.

The rules themselves are pure functions in employees.rules.career; the reference data that has
changed before (the BUP table, the promotion period calendar) is read here from the database
(RetirementAge, PromotionCalendar), never from constants.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from django.db.models import (
    Case,
    CharField,
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
from django.db.models.functions import Coalesce, ExtractYear, Greatest, Least
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual, In, LessThan, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from core.functions import DayOfMonth, MonthOf, YearOf, idiv, imod, month_index_of
from core.models import HrAssignment, Instansi

from ..choices import DisciplineLevel, PositionKind, WorkingState
from ..models import AwardHistory, DisciplineHistory, Employee, PromotionCalendar, RankHistory, RetirementAge
from ..rules.career import (
    HIGHEST_RANK,
    PROMOTION_PERFORMANCE_YEARS,
    PROMOTION_YEARS_FUNCTIONAL,
    PROMOTION_YEARS_REGULAR,
    SATYALANCANA_YEARS,
    add_months,
    add_years,
    next_kgb_date,
    promotion_periods,
)

# --- Reference data ---------------------------------------------------------------------------------
logger = logging.getLogger(__name__)


def promotion_calendars() -> list[PromotionCalendar]:
    """Every version of the promotion period calendar, oldest first."""
    return list(PromotionCalendar.objects.all())


def next_promotion_period(after: date) -> date | None:
    periods = promotion_periods(after, 1, promotion_calendars())
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


# A queryset of employees, of whatever class (EmployeeQuerySet): the functions below keep it.
EmployeesT = TypeVar("EmployeesT", bound=QuerySet[Employee])


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
    years before it (our reading of "2 tahun terakhir", noted in docs/domain-notes.md). The
    caller reads those years' predikat (see promotion_candidates)."""
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


def kgb_basis(employee: Employee) -> tuple[date, int, int] | None:
    """What the KGB of an employee is counted from: the current rank row's TMT and its stored masa
    kerja golongan (years, months); without a rank row, TMT CPNS with no MKG; None without either.
    Load `current_rank` with the employee (select_related)."""
    rank = employee.current_rank
    if rank is not None:
        return rank.tmt, rank.mk_years, rank.mk_months
    if employee.tmt_cpns is not None:
        return employee.tmt_cpns, 0, 0
    return None


def next_kgb(employee: Employee, on: date) -> date | None:
    """The next KGB (on or after `on`) of an employee annotated with `first_golongan`
    (first_rank_subquery) and loaded with its current rank; None when it cannot be counted."""
    basis = kgb_basis(employee)
    if basis is None:
        return None
    try:
        return next_kgb_date(*basis, getattr(employee, "first_golongan", "") or "", on)
    except (ValueError, OverflowError):
        # A date stored before the forms and the import bounded them (core.bounds), e.g. a TMT of
        # 9999-12-31: this employee's KGB cannot be counted; nobody else's list may break for it.
        logger.warning("KGB of employee %s not counted: its dates are out of range %s", employee.pk, basis)
        return None


def next_promotion_date(employee: Employee, today: date) -> date | None:
    """The first promotion period, after `today`, by which an active PNS meets the time-in-rank
    condition of promotion_candidates (4 years in the pangkat, 2 in a functional position), from
    the current rank row (load it with the employee); None for PPPK, the highest rank, or without a
    rank row. The performance condition and angka kredit are HR's to check. One query (the calendar)."""
    rank = employee.current_rank
    if employee.kind != "PNS" or rank is None or rank.golongan == HIGHEST_RANK:
        return None
    position = employee.current_position
    functional = position is not None and position.kind == PositionKind.FUNGSIONAL
    eligible = add_years(rank.tmt, PROMOTION_YEARS_FUNCTIONAL if functional else PROMOTION_YEARS_REGULAR)
    # promotion_periods counts strictly after its date: the day before `eligible` lets a period
    # falling on that very day count.
    after = max(today, eligible - timedelta(days=1))
    periods = promotion_periods(after, 1, promotion_calendars())
    return periods[0] if periods else None


# --- Due dates computed in SQL -----------------------------------------------------------------------
# The reports filter, sort and page the due dates in the database (issue 11), so they are computed
# there with the integer arithmetic of core.functions, which PostgreSQL and SQLite evaluate alike: a
# month is its index (year * 12 + month - 1), a due date that index and a day. The Python rules
# (employees.rules.career) stay the reference: tests/employees/test_career.py checks that the SQL
# gives their dates for awkward TMTs (month ends, 29 February), stored MKG and windows.

# Added before a mod so that a negative difference of month indexes is positive (any multiple of
# 24 above the largest month index, 9999-12).
_MONTHS_OFFSET = 24 * 10_000


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def from_month_index(index: int, day: int) -> date:
    """The date `day` of the month `index`, clamped to the month's last day."""
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day, calendar.monthrange(year, month + 1)[1]))


def _is_leap(year: Any) -> Q:
    return Q(Exact(imod(year, 4), 0)) & ~Q(Exact(imod(year, 100), 0)) | Q(Exact(imod(year, 400), 0))


def _clamped_day(day: Any, month_of_year: Any, index: Any) -> Case:
    """`day` clamped to the last day of the month `index` (whose month of the year, 0-11, is
    `month_of_year`, given separately because it is cheaper to compute): only a 29th-31st moves."""
    return Case(
        When(LessThanOrEqual(day, 28), then=day),
        When(In(month_of_year, [3, 5, 8, 10]), then=Least(day, Value(30))),
        When(
            Exact(month_of_year, 1),
            then=Case(When(_is_leap(idiv(index, 12)), then=Value(29)), default=Value(28)),
        ),
        default=day,
        output_field=IntegerField(),
    )


# --- KGB --------------------------------------------------------------------------------------------
def _next_on_cycle(first: Any, earliest: Any) -> Greatest:
    """The first month index on or after `earliest` of the 24-month cycle that starts at `first`."""
    return Greatest(
        first,
        earliest + imod(first - earliest + Value(_MONTHS_OFFSET), 24),
        output_field=IntegerField(),
    )


def kgb_due(start: date, end: date) -> dict[str, Any]:
    """Annotations giving the next KGB on or after `start` (rules.career.next_kgb_date) of each
    employee: `kgb_due_month` (month index) and `kgb_due_day`, and `kgb_latest`, the last month index a KGB
    of that employee may fall in to be on or before `end`. Counted from the current rank row's TMT
    and stored masa kerja golongan, else from TMT CPNS (kgb_basis), as Employee.kgb_first_month
    stores it; only the employee row is read.
    """
    # Where the cycle starts (Employee.kgb_first_month, stored by services.refresh_current from the
    # current rank row and the parity of the first); without a rank row, from TMT CPNS with no MKG:
    # the first KGB two years on.
    first = Coalesce("kgb_first_month", month_index_of("tmt_cpns") + Value(24))
    day = Coalesce("kgb_day", DayOfMonth("tmt_cpns"))
    # A KGB in the month of `start` counts only from start's day on (the clamp cannot matter there:
    # start's day exists in its month); one in end's month only up to end's day, unless end is that
    # month's last day.
    earliest = Value(month_index(start)) + Case(
        When(LessThan(day, start.day), then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    last = month_index(end)
    if end.day < calendar.monthrange(end.year, end.month)[1]:
        latest: Any = Value(last) - Case(
            When(GreaterThan(day, end.day), then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    else:
        latest = Value(last)
    due = _next_on_cycle(first, earliest)
    return {
        "kgb_due_month": due,
        "kgb_due_day": _clamped_day(day, imod(first, 12), due),
        "kgb_latest": latest,
    }


def kgb_due_between(queryset: EmployeesT, start: date, end: date) -> EmployeesT:
    """Active PNS whose next KGB on or after `start` falls by `end`, annotated `kgb_due_month`
    and `kgb_due_day` (kgb_date() gives the date), unordered. All in SQL."""
    due = kgb_due(start, end)
    return (
        queryset.filter(kind="PNS", is_active=True, working_state=WorkingState.AKTIF)
        .filter(Q(current_rank__isnull=False) | Q(tmt_cpns__isnull=False))
        .annotate(kgb_due_month=due["kgb_due_month"], kgb_due_day=due["kgb_due_day"])
        .filter(kgb_due_month__lte=due["kgb_latest"])
    )


def kgb_date(employee: Employee) -> date:
    """The KGB date of an employee from kgb_due_between."""
    return from_month_index(employee.kgb_due_month, employee.kgb_due_day)  # type: ignore[attr-defined]


def kgb_between(queryset: QuerySet[Employee], start: date, end: date) -> list[tuple[Employee, date]]:
    """(employee, KGB date) for active PNS whose next KGB falls in [start, end], by date then
    name. One query, which loads only those employees."""
    found = kgb_due_between(queryset, start, end).select_related("current_rank")
    ordered = found.order_by("kgb_due_month", "kgb_due_day", "name", "pk")
    return [(employee, kgb_date(employee)) for employee in ordered]


# --- Retirement (BUP) -------------------------------------------------------------------------------
def retirement_due_between(queryset: EmployeesT, start: date, end: date) -> EmployeesT:
    """Active employees whose TMT pensiun (rules.career.retirement_date: the 1st of the month after
    the BUP birthday) is in [start, end], annotated `bup` and `retirement_month` (its month index;
    retirement_day() gives the date), unordered. All in SQL; the birth-date window, narrowed by the
    lowest and highest BUP in force, lets the database use its birth-date index."""
    rows = retirement_ages(start)
    ages = [r.age for r in rows] or [58]
    youngest_birth = add_years(end, -min(ages))
    oldest_birth = add_years(add_months(start, -1), -max([*ages, 70]))
    first = month_index(start) + (0 if start.day == 1 else 1)
    return (
        queryset.filter(is_active=True, birth_date__lte=youngest_birth, birth_date__gte=oldest_birth)
        .annotate(bup=bup_expression(start, rows=rows))
        .annotate(
            retirement_month=ExpressionWrapper(
                (YearOf("birth_date") + F("bup")) * Value(12) + MonthOf("birth_date"),
                output_field=IntegerField(),
            )
        )
        .filter(retirement_month__gte=first, retirement_month__lte=month_index(end))
    )


def retirement_day(employee: Employee) -> date:
    """The TMT pensiun of an employee from retirement_due_between."""
    return from_month_index(employee.retirement_month, 1)  # type: ignore[attr-defined]


def retiring_between(queryset: QuerySet[Employee], start: date, end: date) -> list[tuple[Employee, date]]:
    """(employee, TMT pensiun) for active employees whose TMT pensiun is in [start, end], by date
    then name. One query, which loads only those employees."""
    found = retirement_due_between(queryset, start, end).order_by("retirement_month", "name", "pk")
    return [(employee, retirement_day(employee)) for employee in found]


# --- Satyalancana -----------------------------------------------------------------------------------
def satyalancana_due_by(queryset: EmployeesT, on: date, award: str = "") -> EmployeesT:
    """Active PNS who reach 10/20/30 years of service by `on` and do not hold that award yet (the
    highest one reached: rules.career.satyalancana_due), without a medium or heavy penalty since TMT
    CPNS, annotated `satyalancana_due` (the award kind; only `award` when given), unordered. All in
    SQL."""
    cutoff = add_years(on, -min(SATYALANCANA_YEARS.values()))
    before_anniversary = Q(tmt_cpns__month__gt=on.month) | Q(
        tmt_cpns__month=on.month, tmt_cpns__day__gt=on.day
    )
    years = ExpressionWrapper(
        Value(on.year)
        - YearOf("tmt_cpns")
        - Case(When(before_anniversary, then=Value(1)), default=Value(0), output_field=IntegerField()),
        output_field=IntegerField(),
    )
    whens = []
    for kind, needed in sorted(SATYALANCANA_YEARS.items(), key=lambda item: -item[1]):
        held = Exists(AwardHistory.objects.filter(employee=OuterRef("pk"), kind=kind))
        whens.append(
            When(
                GreaterThanOrEqual(years, needed),
                then=Case(When(held, then=Value(None)), default=Value(str(kind)), output_field=CharField()),
            )
        )
    found = (
        queryset.filter(kind="PNS", is_active=True, tmt_cpns__isnull=False, tmt_cpns__lte=cutoff)
        .exclude(heavy_discipline_since_cpns())
        .annotate(satyalancana_due=Case(*whens, default=Value(None), output_field=CharField()))
        .filter(satyalancana_due__isnull=False)
    )
    return found.filter(satyalancana_due=award) if award else found


def satyalancana_candidates(queryset: QuerySet[Employee], on: date) -> list[tuple[Employee, str]]:
    """(employee, award kind) for active PNS who reach 10/20/30 years of service by `on`, do not
    hold that award, and have no medium or heavy penalty since TMT CPNS, by TMT CPNS then name. One
    query, which loads only those employees."""
    found = satyalancana_due_by(queryset, on).order_by("tmt_cpns", "name", "pk")
    return [(employee, employee.satyalancana_due) for employee in found]  # type: ignore[attr-defined]


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


# --- Who the daily reminder job tells -------------------------------------------------------------
def hr_officers_by_agency() -> dict[int, list[int]]:
    """instansi id -> the user ids of its HR officers."""
    found: dict[int, list[int]] = {}
    for instansi_id, user_id in HrAssignment.objects.values_list("instansi_id", "user_id"):
        found.setdefault(instansi_id, []).append(user_id)
    return found


def agency_events(instansi: Instansi, today: date) -> tuple[dict[int, list[CareerEvent]], dict[int, int]]:
    """The career events of the agency's active employees (by employee id), and the user id of
    each of those employees who has an account."""
    employees = Employee.objects.filter(unit__instansi=instansi, is_active=True)
    events = upcoming_events(employees, today)
    users = dict(employees.filter(pk__in=list(events), user__isnull=False).values_list("pk", "user_id"))
    return events, users
