"""Reads of the leave app: the agency's calendar and a unit's working week, the leave types open to
an employee, balances and ledgers, who recommends and decides, and the scoped lists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from core.access import Actor
from core.choices import RunState
from core.models import UnitKerja, ids_from_path
from core.paging import KeyPagedRows
from core.sorting import SortSpec
from employees.choices import PNS_RANKS, OfficialKind
from employees.models import Employee
from employees.querysets import EmployeeQuerySet
from employees.selectors.superiors import atasan_langsung, officials

from . import access, rules
from .choices import DayOffKind, DeciderKind, Decision, EntryKind, LeaveKind, RequestState
from .models import CalendarDay, LeaveRequest, LeaveType, LedgerEntry, PybRule, UnitWorkWeek, YearOpeningRun

RANKS = [code for code, _name in PNS_RANKS]


# --- Calendar ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CalendarRow:
    day: date
    name: str
    kind: str
    is_off: bool
    national: bool  # from the `holidays` package
    correction: CalendarDay | None  # HR's row for that day, if any

    @property
    def kind_label(self) -> str:
        return str(DayOffKind(self.kind).label) if self.kind in DayOffKind.values else self.kind


def calendar_of(instansi_id: int, year: int) -> list[CalendarRow]:
    """The year's days off of an agency: the national list with HR's additions and corrections (one
    query)."""
    corrections = {c.day: c for c in CalendarDay.objects.filter(instansi_id=instansi_id, day__year=year)}
    rows: dict[date, CalendarRow] = {}
    for off in rules.national_days_off(year, rules.holiday_language(get_language())):
        rows[off.day] = CalendarRow(off.day, off.name, off.kind, True, True, None)
    for day, c in corrections.items():
        rows[day] = CalendarRow(day, c.name, c.kind, c.is_off, day in rows, c)
    return [rows[d] for d in sorted(rows)]


def days_off(instansi_id: int, start: date, end: date) -> set[date]:
    """The days off of an agency between two dates (one query)."""
    return set(named_days_off(instansi_id, start, end))


def named_days_off(instansi_id: int, start: date, end: date) -> dict[date, str]:
    """The days off of an agency between two dates with their names in the page's language (HR's
    own names as HR wrote them): what a request's preview lists as not counted. One query."""
    names: dict[date, str] = {}
    language = rules.holiday_language(get_language())
    for year in range(start.year, end.year + 1):
        names.update({d.day: d.name for d in rules.national_days_off(year, language)})
    for day, is_off, name in CalendarDay.objects.filter(
        instansi_id=instansi_id, day__gte=start, day__lte=end
    ).values_list("day", "is_off", "name"):
        if is_off:
            names[day] = name
        else:
            names.pop(day, None)
    return {d: names[d] for d in sorted(names) if start <= d <= end}


def work_week(unit: UnitKerja) -> int:
    """Working days a week of a unit: its own setting, else the nearest unit above with one, else 5."""
    ids = ids_from_path(unit.path)
    found = dict(UnitWorkWeek.objects.filter(unit_id__in=ids).values_list("unit_id", "days"))
    for unit_id in reversed(ids):
        if unit_id in found:
            return found[unit_id]
    return 5


def work_weeks(instansi_id: int) -> QuerySet[UnitWorkWeek]:
    return UnitWorkWeek.objects.filter(unit__instansi_id=instansi_id).select_related("unit")


def request_length(employee: Employee, leave_type: LeaveType, start: date, end: date) -> rules.Length:
    return rules.request_length(
        leave_type.length_unit,
        start,
        end,
        days_off=days_off(employee.unit.instansi_id, start, end),
        weekend=rules.weekend_of(work_week(employee.unit)),
    )


# --- Leave types ------------------------------------------------------------------------------------------
def types_in_force(on: date) -> QuerySet[LeaveType]:
    return LeaveType.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)


def types_for(employee: Employee, on: date) -> QuerySet[LeaveType]:
    """The types an employee may choose from (their kind, their sex where a type has one)."""
    qs = types_in_force(on).filter(employee_kind=employee.kind)
    return qs.filter(Q(gender="") | Q(gender=employee.gender)).order_by("order")


# --- Balances ---------------------------------------------------------------------------------------------
def balances(employee_id: int, year: int | None = None) -> dict[int, int]:
    """Days left per bucket (entitlement year) of an employee's cuti tahunan in `year` (default: this
    year): the ledger rows in effect by then (a row's `year` at most `year`: what an opening of the
    next year run ahead of 1 January writes counts from that day on). One query."""
    upto = max(year or 0, access.today().year)
    rows = (
        LedgerEntry.objects.filter(employee_id=employee_id, year__lte=upto)
        .values_list("bucket")
        .annotate(total=Sum("days"))
    )
    return rules.balance_of(rows)


def three_buckets(balance: dict[int, int], year: int) -> list[tuple[str, int, int]]:
    """(label, year, days) for N-2, N-1 and N, as section V of the form shows them."""
    return [(label, y, balance.get(y, 0)) for label, y in (("N-2", year - 2), ("N-1", year - 1), ("N", year))]


def ledger(employee_id: int) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.filter(employee_id=employee_id)
        .select_related("request__leave_type", "created_by")
        .order_by("-created_at", "-pk")
    )


def years_used(employee_id: int) -> set[int]:
    """Years in which the employee took cuti tahunan (uses not returned)."""
    rows = (
        LedgerEntry.objects.filter(
            employee_id=employee_id, request__isnull=False, kind__in=["pakai", "kembali"]
        )
        .values_list("year")
        .annotate(total=Sum("days"))
    )
    return {year for year, total in rows if total < 0}


# --- Who recommends and who decides ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Deciders:
    atasan: Employee | None
    pyb: Employee | None
    pyb_title: str


def _not_self(candidate: Employee | None, employee: Employee) -> Employee | None:
    return None if candidate is None or candidate.pk == employee.pk else candidate


def pyb_for(employee: Employee, leave_kind: str) -> tuple[Employee | None, str]:
    """The official who decides on a request (the PyB), from the agency's rule table; without a
    matching row the head of the employee's OPD (the head of the root of their unit's tree). Where
    that is the employee themself (or nobody), the Sekda; where that is them too, the PPK, whose
    decision HR records (None)."""
    instansi_id = employee.unit.instansi_id
    table = list(PybRule.objects.filter(instansi_id=instansi_id).select_related("unit", "official__unit"))
    criteria = [
        rules.PybCriteria(
            rule_id=r.pk,
            leave_kind=r.leave_kind,
            position_kind=r.position_kind,
            rank_from=rules.golongan_order(r.golongan_from, RANKS),
            rank_to=rules.golongan_order(r.golongan_to, RANKS),
            unit_path=r.unit.path if r.unit else "",
        )
        for r in table
    ]
    chosen_id = rules.matching_pyb_rule(
        criteria,
        leave_kind=leave_kind,
        position_kind=employee.position_kind,
        rank=rules.golongan_order(employee.golongan, RANKS),
        unit_path=employee.unit.path,
    )
    rule = next((r for r in table if r.pk == chosen_id), None)
    decider = rule.decider if rule else DeciderKind.KEPALA_OPD
    posts = officials(instansi_id)
    sekda_post = posts.get(OfficialKind.SEKDA)
    sekda = _not_self(sekda_post.employee if sekda_post else None, employee)
    ppk_post = posts.get(OfficialKind.KEPALA_DAERAH)
    ppk_title = ppk_post.title if ppk_post else employee.unit.instansi.ppk_title
    if decider == DeciderKind.PPK:
        return None, ppk_title
    found: Employee | None = None
    if decider == DeciderKind.PEGAWAI and rule is not None:
        found = _not_self(rule.official, employee)
    elif decider == DeciderKind.KEPALA_OPD:
        root_id = ids_from_path(employee.unit.path)[0]
        head = (
            Employee.objects.filter(unit_id=root_id, is_unit_head=True, is_active=True)
            .select_related("unit", "current_position")
            .first()
        )
        found = _not_self(head, employee)
    if found is not None:
        return found, found.position_name or found.unit.head_title
    if sekda is not None:
        return sekda, sekda_post.title if sekda_post else ""
    return None, ppk_title


def deciders(employee: Employee, leave_kind: str) -> Deciders:
    pyb, title = pyb_for(employee, leave_kind)
    return Deciders(atasan=_not_self(atasan_langsung(employee), employee), pyb=pyb, pyb_title=title)


def pyb_rules(instansi_id: int) -> QuerySet[PybRule]:
    return PybRule.objects.filter(instansi_id=instansi_id).select_related("unit", "official")


# --- Lists -------------------------------------------------------------------------------------------------
REQUEST_JOINS = ("employee__unit", "leave_type")


def own_requests(actor: Actor) -> QuerySet[LeaveRequest]:
    return (
        LeaveRequest.objects.filter(employee_id=actor.employee_id or 0)
        .select_related(*REQUEST_JOINS)
        .order_by("-start", "-pk")
    )


def queue(actor: Actor) -> QuerySet[LeaveRequest]:
    """The requests waiting for the actor's recommendation or decision, the soonest to start first
    (found by the trial: by sending date, a leave starting tomorrow sat below next month's)."""
    acting_for = access.stands_for(actor)
    return (
        LeaveRequest.objects.filter(access.queue_scope(actor, acting_for))
        .select_related(*REQUEST_JOINS)
        .order_by("start", "submitted_at", "pk")
    )


@dataclass(frozen=True)
class QueueSummary:
    count: int
    nearest_start: date | None


def queue_summary(actor: Actor) -> QueueSummary:
    """How many requests wait for the actor (queue's scope) and the nearest start among them: the
    home page's line. Two queries (the Plt ranges, the aggregate)."""
    found = LeaveRequest.objects.filter(access.queue_scope(actor, access.stands_for(actor))).aggregate(
        count=Count("pk"), nearest=Min("start")
    )
    return QueueSummary(count=found["count"], nearest_start=found["nearest"])


@dataclass(frozen=True)
class RequestFilters:
    q: str = ""
    unit: UnitKerja | None = None
    kind: str = ""
    state: str = ""
    date_from: date | None = None
    date_to: date | None = None


REQUEST_SORT = SortSpec(
    {
        "nama": ("employee__name", "employee__nip"),
        "mulai": ("start",),
        "jenis": ("leave_type__order",),
        "status": ("state",),
        "diajukan": ("submitted_at",),
    },
    default="-diajukan",
)


def agency_requests(*, actor: Actor, instansi_id: int, filters: RequestFilters) -> QuerySet[LeaveRequest]:
    """The requests of an agency for HR, filtered: unit subtree, type, state, overlapping the dates,
    a name or NIP."""
    qs = LeaveRequest.objects.filter(
        access.request_scope(actor), employee__unit__instansi_id=instansi_id
    ).select_related(*REQUEST_JOINS)
    if filters.unit is not None:
        qs = qs.filter(employee__unit__path__startswith=filters.unit.path)
    if filters.kind:
        qs = qs.filter(leave_type__kind=filters.kind)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.date_from:
        qs = qs.filter(end__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(start__lte=filters.date_to)
    if filters.q.strip():
        ids = Employee.objects.search(filters.q).values("pk")
        qs = qs.filter(employee_id__in=ids)
    return qs


BALANCE_SORT = SortSpec(
    {"nama": ("name", "nip"), "n": ("n_days",), "sisa": ("total_days",)},
    default="nama",
)


def balance_employees(
    *, actor: Actor, instansi_id: int, q: str = "", unit: UnitKerja | None = None
) -> QuerySet[Employee]:
    """The active employees of an agency whose balances the actor keeps, filtered (no sums). The
    scope's filter itself (a join on the unit), not `pk IN (…)`: a count reads the employees once."""
    qs = cast(EmployeeQuerySet, access.employees_managed(actor, instansi_id)).active()
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if q.strip():
        qs = qs.search(q)
    return qs


def with_balances(qs: QuerySet[Employee], year: int) -> QuerySet[Employee]:
    """Employees with their N-2, N-1, N days and the total of the three, read from the summary
    (models.Balance, the ledger's sums kept by services.balances.refresh_balances): a LEFT JOIN on
    the year's row, zeros without one."""

    def days(name: str) -> Coalesce:
        return Coalesce(F(f"year_balance__{name}"), Value(0), output_field=IntegerField())

    return qs.annotate(
        year_balance=FilteredRelation("leave_balances", condition=Q(leave_balances__year=year))
    ).annotate(
        n2_days=days("n2_days"),
        n1_days=days("n1_days"),
        n_days=days("n_days"),
        total_days=days("total_days"),
    )


BALANCE_SUM_SORTS = {"n", "sisa"}


def balance_page_rows(
    *, actor: Actor, instansi_id: int, year: int, sorting, q: str = "", unit: UnitKerja | None = None
) -> KeyPagedRows:
    """HR's balances list as pages of a constant number of queries (issue 15 item 8). Sorted by name:
    the count and a page's keys read the employees only. Sorted by N or the total, once the agency's
    year is opened (`year_opened`): every active employee has the summary's row of the year by then
    (the opening writes it for all, and whoever joins the active staff later gets it in the same
    transaction: services.balances.employees_joined; the daily job repairs a row written behind the
    services' back), so a page's keys walk the summary's index in the page's order (the year's rows,
    joined to the employees in scope). Before the opening, the keys come from the employees with the
    summary LEFT JOINed as zeros, sorted in full. The page's 50 rows are read with their summary
    (bench/leave_balances.py)."""
    employees = balance_employees(actor=actor, instansi_id=instansi_id, q=q, unit=unit)
    rows = with_balances(Employee.objects.select_related("unit"), year)
    if sorting.key not in BALANCE_SUM_SORTS:
        return KeyPagedRows(sorting.apply(employees), rows=rows, counted=employees)
    keyed: QuerySet[Employee]
    if year_opened(instansi_id, year):
        # Filtered before the figures are named: one INNER JOIN (after, Django would add a second).
        keyed = (
            employees.annotate(
                year_balance=FilteredRelation("leave_balances", condition=Q(leave_balances__year=year))
            )
            .filter(year_balance__isnull=False)
            .annotate(n_days=F("year_balance__n_days"), total_days=F("year_balance__total_days"))
        )
    else:
        keyed = with_balances(employees, year)
    return KeyPagedRows(sorting.apply(keyed), rows=rows, counted=employees)


def year_opened(instansi_id: int, year: int) -> bool:
    """Whether a run of the agency's yearly opening of `year` has finished (one query)."""
    return YearOpeningRun.objects.filter(
        opening__instansi_id=instansi_id, opening__year=year, state=RunState.DONE
    ).exists()


def balance_rows(*, actor: Actor, instansi_id: int, year: int, q: str = "", unit: UnitKerja | None = None):
    """Employees of an agency with their N-2, N-1 and N days (from the summary)."""
    employees = balance_employees(actor=actor, instansi_id=instansi_id, q=q, unit=unit)
    return with_balances(employees.select_related("unit"), year)


def open_counts(employee_id: int) -> dict[str, int]:
    return dict(
        LeaveRequest.objects.filter(employee_id=employee_id)
        .values_list("state")
        .annotate(n=Count("pk"))
        .filter(state__in=[RequestState.ATASAN, RequestState.PYB])
    )


# --- For other apps (attendance, reports) ---------------------------------------------------------------------
def approved_leave_days(employee_ids: Iterable[int], start: date, end: date) -> dict[int, dict[date, str]]:
    """Per employee, per day between `start` and `end` (both included), the kind of approved leave
    (LeaveKind value) they are on: the days the coming attendance app does not count as absences.
    Every calendar day of an approved leave is listed (weekends and holidays too: the caller knows
    its own schedule). One query."""
    ids = list(employee_ids)
    result: dict[int, dict[date, str]] = {}
    if not ids or end < start:
        return result
    rows = (
        LeaveRequest.objects.filter(
            employee_id__in=ids, state=RequestState.DISETUJUI, start__lte=end, end__gte=start
        )
        .order_by("employee_id", "start")
        .values_list("employee_id", "start", "end", "leave_type__kind")
    )
    for employee_id, first, last, kind in rows:
        days = result.setdefault(employee_id, {})
        day = max(first, start)
        while day <= min(last, end):
            days[day] = kind
            day += timedelta(days=1)
    return result


def leave_working_days(
    instansi_id: int, employee_ids: Iterable[int], start: date, end: date
) -> dict[int, dict[str, int]]:
    """Per employee, per leave kind, the working days of approved leave between `start` and `end`
    (the agency's days off and weekends excluded; 5-day week): the monthly recap's leave columns.
    Two queries."""
    off = days_off(instansi_id, start, end)
    result: dict[int, dict[str, int]] = {}
    for employee_id, days in approved_leave_days(employee_ids, start, end).items():
        counts = result.setdefault(employee_id, {})
        for day, kind in days.items():
            if day.weekday() < 5 and day not in off:
                counts[kind] = counts.get(kind, 0) + 1
    return result


def leave_taken(actor: Actor, employee_id: int) -> QuerySet[LeaveRequest]:
    """The granted requests of an employee that the actor may see (the record's history), newest
    first."""
    return (
        LeaveRequest.objects.filter(
            access.request_scope(actor, access.stands_for(actor)),
            employee_id=employee_id,
            state=RequestState.DISETUJUI,
        )
        .select_related("leave_type")
        .order_by("-start", "-pk")
    )


def balance_export_rows(
    *, actor: Actor, instansi_id: int, year: int, q: str = "", unit: UnitKerja | None = None
):
    """balance_rows with, per employee, the cuti tahunan days used in the year by approved requests
    (uses less what came back) and their cuti besar of the year (granted, waiting): one query for the whole export."""

    def besar(*states: str) -> Exists:
        return Exists(
            LeaveRequest.objects.filter(
                employee_id=OuterRef("pk"),
                leave_type__kind=LeaveKind.BESAR,
                start__year=year,
                state__in=states,
            )
        )

    used = Sum(
        "leave_entries__days",
        filter=Q(
            leave_entries__year=year,
            leave_entries__kind__in=[EntryKind.PAKAI, EntryKind.KEMBALI],
            # Approved only: a request still waiting holds its days but has not used them (probe).
            leave_entries__request__state=RequestState.DISETUJUI,
        ),
    )
    return (
        balance_rows(actor=actor, instansi_id=instansi_id, year=year, q=q, unit=unit)
        .annotate(
            used_days=Coalesce(used, Value(0), output_field=IntegerField()),
            besar_granted=besar(RequestState.DISETUJUI),
            besar_open=besar(RequestState.ATASAN, RequestState.PYB),
        )
        .order_by("unit__path", "name", "nip")
    )


# --- The decision history of a request -------------------------------------------------------------------------
@dataclass(frozen=True)
class DecisionStep:
    """One recommendation (section VII) or decision (section VIII) a request has had, with the dates
    it was about: an amended (Perubahan) or postponed (Ditangguhkan) request keeps its earlier ones."""

    is_decision: bool
    option: str
    option_label: str
    reason: str
    by: str
    at: datetime
    start: date
    end: date
    current: bool


def decision_history(leave: LeaveRequest) -> list[DecisionStep]:
    """Every recommendation and decision the request had, oldest first, read from its history (the
    request's row keeps only the last round: amending clears them, deciding again overwrites). At most
    three queries: the history rows, the people who acted, the accounts without an employee record."""
    rows = (
        LeaveRequest.history.filter(id=leave.pk)
        .order_by("history_date", "history_id")
        .values(
            "start",
            "end",
            "recommendation",
            "recommendation_reason",
            "recommended_by_id",
            "recommended_at",
            "decision",
            "decision_reason",
            "decided_by_id",
            "decided_at",
        )
    )
    found: dict[tuple[bool, datetime], dict] = {}
    for row in rows:
        for is_decision, prefix, at_key, by_key in (
            (False, "recommendation", "recommended_at", "recommended_by_id"),
            (True, "decision", "decided_at", "decided_by_id"),
        ):
            at = row[at_key]
            if at is None or not row[prefix] or (is_decision, at) in found:
                continue
            found[(is_decision, at)] = {
                "option": row[prefix],
                "reason": row[f"{prefix}_reason"],
                "by": row[by_key],
                "start": row["start"],
                "end": row["end"],
            }
    employee_ids = {v["by"] for (d, _at), v in found.items() if not d and v["by"]}
    user_ids = {v["by"] for (d, _at), v in found.items() if d and v["by"]}
    employees: dict[int, str] = {}
    users: dict[int, str] = {}
    if employee_ids or user_ids:
        for person in Employee.objects.filter(Q(pk__in=employee_ids) | Q(user_id__in=user_ids)).only(
            "front_title", "name", "back_title", "user_id"
        ):
            employees[person.pk] = person.full_name
            if person.user_id is not None:
                users[person.user_id] = person.full_name
    if missing := user_ids - users.keys():  # an account without an employee record (HR): its login
        users.update(get_user_model().objects.filter(pk__in=missing).values_list("pk", "username"))
    steps = [
        DecisionStep(
            is_decision=is_decision,
            option=v["option"],
            option_label=str(Decision(v["option"]).label) if v["option"] in Decision.values else v["option"],
            reason=v["reason"],
            by=(users if is_decision else employees).get(v["by"], "") if v["by"] else "",
            at=at,
            start=v["start"],
            end=v["end"],
            current=at == (leave.decided_at if is_decision else leave.recommended_at),
        )
        for (is_decision, at), v in found.items()
    ]
    return sorted(steps, key=lambda s: s.at)
