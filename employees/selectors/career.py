"""Career events read set-based (domain.md §4-§5): retirement (BUP), KGB, regular promotion,
Satyalancana, each evaluated for a whole queryset in one query.

The rules themselves are pure functions in employees.rules.career; the reference data that has
changed before (the BUP table, the promotion period calendar) is read here from the database
(RetirementAge, PromotionCalendar), never from constants.
"""

from __future__ import annotations

import logging
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
from django.db.models.functions import ExtractMonth, ExtractYear, Mod
from django.utils.translation import gettext_lazy as _

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
    retirement_date,
    satyalancana_due,
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


def kgb_anniversary_month() -> Case:
    """The calendar month of every KGB of an employee, in SQL, as kgb_basis and
    rules.career.kgb_dates have it in Python: the month of the rank TMT less the stored MKG months
    (the MKG years and the 2-year cycle move the year only), else the month of TMT CPNS."""
    return Case(
        When(current_rank__isnull=True, then=ExtractMonth("tmt_cpns")),
        default=Mod(ExtractMonth("current_rank__tmt") + 11 - F("current_rank__mk_months"), 12) + 1,
        output_field=IntegerField(),
    )


def kgb_between(queryset: QuerySet[Employee], start: date, end: date) -> list[tuple[Employee, date]]:
    """(employee, KGB date) for active PNS whose next KGB falls in [start, end], by date. One query:
    only employees whose KGB month (kgb_anniversary_month) occurs in the window are fetched; the
    date itself is the Python rule's (next_kgb)."""
    months: set[int] = set()
    day = start.replace(day=1)
    while day <= end and len(months) < 12:
        months.add(day.month)
        day = add_months(day, 1)
    candidates = (
        queryset.filter(kind="PNS", is_active=True, working_state=WorkingState.AKTIF)
        .filter(Q(current_rank__isnull=False) | Q(tmt_cpns__isnull=False))
        .select_related("current_rank")
        .annotate(kgb_month=kgb_anniversary_month(), first_golongan=first_rank_subquery())
        .filter(kgb_month__in=sorted(months))
    )
    found: list[tuple[Employee, date]] = []
    for employee in candidates:
        due = next_kgb(employee, start)
        if due is not None and due <= end:
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
