"""Reads of the JP compliance (the 20 JP duty): the rules in force, the dashboard's unit rows and
totals, the list of those below target, and an employee's own JP ("JP saya").

Every function that shows people takes the actor and scopes through training.access first. The
dashboard reads what the nightly recompute wrote (JpUnitSummary, JpSummary); "JP saya" reads the
employee's riwayat diklat live, with the same rule (rules.compliance.jp_earned).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from core.access import Actor
from core.models import Instansi, UnitKerja
from core.sorting import SortSpec, nulls_last
from employees.choices import EmployeeKind
from employees.models import Employee, TrainingHistory

from .. import access
from ..models import JpRuleSet, JpSummary, JpUnitSummary, JpYear
from ..rules.compliance import (
    DEFAULT_RULES,
    Activity,
    JpRules,
    factor_for,
    jp_earned,
    meets,
    share_percent,
    shortfall,
    trimmed,
    year_bounds,
)

# --- The rules in force -------------------------------------------------------------------------------


def rules_for(instansi_id: int, year: int) -> JpRules:
    """The targets and factors of the agency's rule set in force on the year's last day (the latest
    `valid_from` on or before it whose `valid_to` has not passed); the built-in defaults without one.
    Two queries at most."""
    last_day = year_bounds(year)[1]
    rule_set = (
        JpRuleSet.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=last_day),
            instansi_id=instansi_id,
            valid_from__lte=last_day,
        )
        .order_by("-valid_from")
        .first()
    )
    if rule_set is None:
        return DEFAULT_RULES
    factors = dict(rule_set.factors.values_list("category", "factor"))
    return JpRules(
        pns_target=rule_set.pns_target,
        pppk_target=rule_set.pppk_target,
        pppk_cap=rule_set.pppk_cap,
        factors=factors,
        version=f"{rule_set.valid_from:%d-%m-%Y}",
    )


def jp_year(instansi: Instansi, year: int) -> JpYear | None:
    return JpYear.objects.filter(instansi=instansi, year=year).first()


def computed_years(instansi: Instansi) -> list[int]:
    """The years of the agency with a recompute, newest first."""
    return list(JpYear.objects.filter(instansi=instansi).order_by("-year").values_list("year", flat=True))


# --- The dashboard: units ------------------------------------------------------------------------------

KINDS = (EmployeeKind.PNS.value, EmployeeKind.PPPK.value)


def _counts(kind: str) -> tuple[F | Coalesce, F | Coalesce]:
    """(employees, met) of a JpUnitSummary row for the kind filter ("" = both)."""
    if kind == EmployeeKind.PNS:
        return F("pns"), F("pns_met")
    if kind == EmployeeKind.PPPK:
        return F("pppk"), F("pppk_met")
    return F("pns") + F("pppk"), F("pns_met") + F("pppk_met")  # type: ignore[return-value]


def dashboard_units(actor: Actor, instansi: Instansi) -> QuerySet[UnitKerja]:
    """The agency's active units the actor's dashboard covers, in tree order (the unit filter)."""
    return (
        UnitKerja.objects.filter(access.compliance_unit_scope(actor, instansi.pk), is_active=True)
        .only("pk", "name", "path", "depth", "instansi_id")
        .order_by("path")
    )


def unit_rows(
    *, actor: Actor, jp_year: JpYear, unit: UnitKerja | None, kind: str = ""
) -> QuerySet[JpUnitSummary]:
    """The unit rows of the year in the actor's scope (in `unit`'s subtree), in tree order, each
    annotated with `employees` and `met` for the kind filter."""
    employees, met = _counts(kind)
    units = UnitKerja.objects.filter(access.compliance_unit_scope(actor, jp_year.instansi_id))
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    return (
        JpUnitSummary.objects.filter(jp_year=jp_year, unit__in=units)
        .select_related("unit")
        .annotate(employees=employees, met=met)
        .order_by("unit__path", "pk")
    )


@dataclass
class Totals:
    employees: int = 0
    met: int = 0
    jp_total: Decimal | None = Decimal(0)

    @property
    def below(self) -> int:
        return self.employees - self.met

    @property
    def share(self) -> Decimal | None:
        return share_percent(self.met, self.employees)

    @property
    def average(self) -> Decimal | None:
        if not self.employees or self.jp_total is None:
            return None
        return (self.jp_total / self.employees).quantize(Decimal("0.1"))


def totals(*, actor: Actor, jp_year: JpYear, unit: UnitKerja | None, kind: str = "") -> Totals:
    """The scope's totals in one query: the unit's own row (it covers its subtree), or for the whole
    agency the sum of its top units' rows."""
    employees, met = _counts(kind)
    rows = JpUnitSummary.objects.filter(jp_year=jp_year)
    if unit is not None:
        rows = rows.filter(unit=unit)
    else:
        rows = rows.filter(unit__parent__isnull=True, unit__instansi_id=jp_year.instansi_id)
    found = rows.aggregate(
        employees=Coalesce(Sum(employees, output_field=IntegerField()), 0),
        met=Coalesce(Sum(met, output_field=IntegerField()), 0),
        jp_total=Sum("jp_total"),
    )
    # The JP sum is kept over both kinds only: no average for one kind.
    jp_total = Decimal(found["jp_total"] or 0) if not kind else None
    return Totals(int(found["employees"]), int(found["met"]), jp_total)


# --- The dashboard: those below target -----------------------------------------------------------------

# The sortable columns of the list (core.sorting); lowest JP first by default.
BELOW_SORT = SortSpec(
    {
        "jp": ("jp",),
        "nama": ("employee__name", "employee__nip"),
        "nip": ("employee__nip",),
        "unit": ("employee__unit__path", "employee__name"),
        "jabatan": (nulls_last("employee__current_position__name"), "employee__name"),
    },
    default="jp",
)


def below_target(
    *,
    actor: Actor,
    jp_year: JpYear,
    unit: UnitKerja | None = None,
    kind: str = "",
    search: str = "",
    sort: str = BELOW_SORT.default,
) -> QuerySet[JpSummary]:
    """Employees in the actor's scope below target in the year (as the last recompute found them),
    still active, in the order `sort` asks for (BELOW_SORT)."""
    qs = JpSummary.objects.filter(
        access.compliance_people_scope(actor, jp_year.instansi_id),
        jp_year=jp_year,
        met=False,
        employee__is_active=True,
    )
    if unit is not None:
        qs = qs.filter(employee__unit__path__startswith=unit.path)
    if kind in KINDS:
        qs = qs.filter(kind=kind)
    if search.strip():
        qs = qs.filter(employee__in=Employee.objects.search(search).values("pk"))
    return qs.order_by(*BELOW_SORT.parse(sort).ordering())


def below_rows(queryset: QuerySet[JpSummary]) -> QuerySet[JpSummary]:
    """The joins a page or export of the list shows."""
    return queryset.select_related("employee__unit", "employee__current_position", "employee__current_rank")


# --- JP saya -------------------------------------------------------------------------------------------


@dataclass
class CountedRow:
    record: TrainingHistory
    factor: Decimal
    jp: Decimal


@dataclass
class OwnJp:
    employee: Employee
    year: int
    rules: JpRules
    rows: list[CountedRow]
    jp: Decimal
    target: int

    @property
    def met(self) -> bool:
        return meets(self.jp, self.target)

    @property
    def missing(self) -> Decimal:
        return trimmed(shortfall(self.jp, self.target))

    @property
    def jp_shown(self) -> Decimal:
        return trimmed(self.jp)

    @property
    def percent(self) -> int:
        """Progress towards the target, 0–100 (for the bar)."""
        if not self.target:
            return 100
        return int(min(Decimal(100), self.jp * 100 / self.target))


def own_employee(actor: Actor) -> Employee | None:
    if not access.can_view_own_jp(actor) or actor.employee_id is None:
        return None
    return Employee.objects.select_related("unit__instansi").filter(pk=actor.employee_id).first()


def own_jp(employee: Employee, year: int) -> OwnJp:
    """The employee's JP of the year, read live from their riwayat diklat (three queries)."""
    rules = rules_for(employee.unit.instansi_id, year)
    first, last = year_bounds(year)
    records = list(
        TrainingHistory.objects.filter(employee=employee, end_date__gte=first, end_date__lte=last).order_by(
            "-end_date", "-pk"
        )
    )
    rows = []
    for record in records:
        factor = factor_for(record.category, rules.factors)
        rows.append(CountedRow(record, factor, Decimal(record.hours) * factor))
    total = jp_earned((Activity(r.category, r.end_date, r.hours) for r in records), year, rules.factors)
    return OwnJp(employee, year, rules, rows, total, rules.target(employee.kind))


def own_years(employee: Employee, today: date) -> list[int]:
    """The years "JP saya" offers: this year and the four before it."""
    return [today.year - n for n in range(5)]
