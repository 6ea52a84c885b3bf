"""Reads of the monitoring: the units and period it looks at, the scores per unit (from the scoring
job's UnitScore rows) and the live lists beside them, reward candidates and coaching plans.

Every function takes the actor and scopes through performance.access first; each list is one query for
the rows (plus the paginator's count), whatever the number of units or employees.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.access import Actor
from core.models import Instansi, UnitKerja
from core.sorting import SortSpec, nulls_last
from employees.models import Employee
from employees.querysets import EmployeeQuerySet

from .. import access
from ..choices import AppraisalState, CoachingState, OrganisationPredikat, Predikat, SkpState
from ..models import (
    Appraisal,
    CoachingPlan,
    DistributionLimit,
    DistributionRuleSet,
    PerformanceYear,
    Period,
    Skp,
    UnitPredikat,
    UnitScore,
)
from ..rules import (
    DistributionRule,
    display,
    distribution_rules_incomplete,
    distribution_rules_missing,
    distribution_warnings,
)

# --- Which period, which units ----------------------------------------------------------------------


def scored_period_ids(periods: Sequence[Period]) -> set[int]:
    """The periods among `periods` the scoring job has written unit scores for: one query."""
    ids = [p.pk for p in periods]
    return set(UnitScore.objects.filter(period_id__in=ids).values_list("period_id", flat=True).distinct())


def latest_scored_year(instansi: Instansi) -> int | None:
    """The year (number) of the agency's latest period with unit scores; None when none is scored."""
    return (
        UnitScore.objects.filter(period__year__instansi=instansi)
        .order_by("-period__end", "-period__kind")
        .values_list("period__year__year", flat=True)
        .first()
    )


def default_period(
    periods: Sequence[Period], today: date, scored: Collection[int] = frozenset()
) -> Period | None:
    """The period HR looks at first: the latest scored one (`scored`: ids with unit scores; the
    monitoring shows those) that has ended — a period still running has only provisional scores —,
    else the latest scored one, else the latest periodic period that has ended, else the first one.
    `periods` are in calendar order (selectors.years.periods_of); `today` is the agency's date."""
    with_scores = [p for p in periods if p.pk in scored]
    final = [p for p in with_scores if p.end < today]
    if final:
        return final[-1]
    if with_scores:
        return with_scores[-1]
    periodic = [p for p in periods if not p.is_annual]
    ended = [p for p in periodic if p.end < today]
    if ended:
        return ended[-1]
    return periodic[0] if periodic else (periods[0] if periods else None)


def agency_units(instansi: Instansi) -> QuerySet[UnitKerja]:
    """The agency's active units in tree order (filters of the HR lists)."""
    return (
        UnitKerja.objects.filter(instansi=instansi, is_active=True)
        .only("pk", "name", "path", "depth", "instansi_id")
        .order_by("path")
    )


# --- The distribution rules in force (domain §7, versioned reference data) ---------------------------


@dataclass(frozen=True)
class DistributionRules:
    """The limits of one DistributionRuleSet, by organisation predikat, for rules.distribution_warnings."""

    version: str
    by_org: dict[str, tuple[DistributionRule, ...]]


def distribution_rules_on(day: date) -> DistributionRules | None:
    """The limits of the version of the distribution rules in force on `day` (the latest
    `valid_from` on or before it whose `valid_to` has not passed), or None when there is none (or
    it holds no limit): one query. Nothing falls back to built-in values."""
    in_force = (
        DistributionRuleSet.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day
        )
        .order_by("-valid_from")
        .values("pk")[:1]
    )
    limits = list(DistributionLimit.objects.filter(rule_set_id=Subquery(in_force)).select_related("rule_set"))
    if not limits:
        return None
    by_org: dict[str, list[DistributionRule]] = {}
    for limit in limits:  # in Meta order: org predikat, position
        rule = DistributionRule(
            limit.kind,  # type: ignore[arg-type]  # DistributionLimitKind values
            tuple(Predikat(p) for p in limit.predikat_values),
            limit.limit,
        )
        by_org.setdefault(limit.org_predikat, []).append(rule)
    return DistributionRules(limits[0].rule_set.version, {org: tuple(rules) for org, rules in by_org.items()})


def period_date(period: Period) -> date:
    """The day whose distribution rules apply to a period: its last day (the predikat is given then)."""
    return period.end


def distribution_check(
    rules: DistributionRules | None, day: date, org_predikat: str, counts: dict[str, int]
) -> list[str]:
    """The distribution warnings of a unit with organisation predikat `org_predikat` (none without
    one); says so when no version is in force on `day` or the version has no limit for it."""
    if not org_predikat:
        return []
    if rules is None:
        return [distribution_rules_missing(day)]
    limits = rules.by_org.get(org_predikat)
    if not limits:
        return [distribution_rules_incomplete(rules.version, org_predikat)]
    return distribution_warnings(org_predikat, counts, limits)


# --- Monitoring: the unit scores ---------------------------------------------------------------------


def percent(part: int, whole: int) -> Decimal | None:
    return Decimal(part * 100) / Decimal(whole) if whole else None


@dataclass
class UnitRow:
    """One UnitScore row as the monitoring shows it."""

    score: UnitScore
    indent: int
    org_predikat: str = ""
    warnings: list[str] = field(default_factory=list)
    segments: list[Any] = field(default_factory=list)  # the predikat bar, drawn by the view (charts.py)

    @property
    def unit(self) -> UnitKerja:
        return self.score.unit

    @property
    def counts(self) -> dict[str, int]:
        return self.score.predikat_counts

    @property
    def final_total(self) -> int:
        return sum(self.counts.values())

    @property
    def completion(self) -> Decimal | None:
        """Share of the unit's employees whose appraisal of the period is final."""
        return percent(self.score.appraised, self.score.employees)

    @property
    def completion_display(self) -> str:
        return display(self.completion)

    @property
    def avg_display(self) -> str:
        return display(self.score.avg_indeks)

    @property
    def org_predikat_label(self) -> str:
        return str(OrganisationPredikat(self.org_predikat).label) if self.org_predikat else ""


def monitored_units(actor: Actor, instansi: Instansi, unit: UnitKerja | None) -> QuerySet[UnitKerja]:
    units = UnitKerja.objects.filter(access.performance_unit_scope(actor, instansi.pk))
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    return units


def unit_scores(
    *, actor: Actor, instansi: Instansi, period: Period, unit: UnitKerja | None = None
) -> QuerySet[UnitScore]:
    """The scoring job's rows of the period for the units the actor monitors (in `unit`'s
    subtree), in tree order, each with the organisation predikat of its unit for the year."""
    org = UnitPredikat.objects.filter(year_id=period.year_id, unit_id=OuterRef("unit_id")).values("predikat")
    return (
        UnitScore.objects.filter(period=period, unit__in=monitored_units(actor, instansi, unit))
        .select_related("unit", "period")
        .annotate(org_predikat=Subquery(org[:1]))
        .order_by("unit__path", "pk")
    )


def unit_rows(scores: Sequence[UnitScore], *, top_depth: int) -> list[UnitRow]:
    """Rows with their indentation and the distribution warnings (never a block; domain §7) under
    the rules in force on the period's date: one query per period (the rows are of one period)."""
    rows = []
    in_force: dict[int, DistributionRules | None] = {}
    for score in scores:
        org = getattr(score, "org_predikat", None) or ""
        day = period_date(score.period)
        if score.period_id not in in_force:
            in_force[score.period_id] = distribution_rules_on(day)
        warnings = distribution_check(in_force[score.period_id], day, org, score.predikat_counts)
        rows.append(UnitRow(score, max(0, score.unit.depth - top_depth), org, warnings))
    return rows


@dataclass
class Summary:
    """The totals at the head of the monitoring: the chosen unit's row, or the top units summed."""

    employees: int = 0
    skp_approved: int = 0
    reported: int = 0
    appraised: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Predikat.values, 0))
    avg_indeks: Decimal | None = None
    org_predikat: str = ""
    warnings: list[str] = field(default_factory=list)
    segments: list[Any] = field(default_factory=list)  # the predikat bar, drawn by the view (charts.py)

    @property
    def completion_display(self) -> str:
        return display(percent(self.appraised, self.employees))

    @property
    def avg_display(self) -> str:
        return display(self.avg_indeks)

    @property
    def final_total(self) -> int:
        return sum(self.counts.values())


def summary(*, instansi: Instansi, period: Period, unit: UnitKerja | None, actor: Actor) -> Summary | None:
    """Totals of the scope in two queries at most: the unit's own row, or the sum of the rows of the
    outermost units the actor monitors (each UnitScore covers its whole subtree)."""
    scores = unit_scores(actor=actor, instansi=instansi, period=period, unit=unit)
    if unit is not None:
        row = scores.filter(unit=unit).first()
        if row is None:
            return None
        total = Summary(row.employees, row.skp_approved, row.reported, row.appraised, row.predikat_counts)
        total.avg_indeks = row.avg_indeks
        total.org_predikat = getattr(row, "org_predikat", None) or ""
        day = period_date(period)
        total.warnings = distribution_check(distribution_rules_on(day), day, total.org_predikat, total.counts)
        return total
    top = list(scores.exclude(unit__parent__in=monitored_units(actor, instansi, None)))
    if not top:
        return None
    total = Summary()
    for row in top:
        total.employees += row.employees
        total.skp_approved += row.skp_approved
        total.reported += row.reported
        total.appraised += row.appraised
        for key, n in row.predikat_counts.items():
            total.counts[key] += n
    return total


# --- Monitoring: the live lists ----------------------------------------------------------------------

# The sortable columns of the live lists (core.sorting: ?sort=key or -key, then pk).
PEOPLE_SORT = SortSpec(
    {
        "nama": ("name", "nip"),
        "nip": ("nip",),
        "jabatan": (nulls_last("current_position__name"), "name"),
        "unit": ("unit__path", "name"),
    },
    default="nama",
)


def _employees(actor: Actor, instansi: Instansi, unit: UnitKerja | None, search: str) -> EmployeeQuerySet:
    qs = Employee.objects.filter(access.performance_employee_scope(actor, instansi.pk), is_active=True)
    if unit is not None:
        qs = qs.in_subtree(unit.path)
    return qs.search(search).select_related("unit", "current_position", "current_rank")


def _current_skp(year_id: int) -> QuerySet[Skp]:
    """The employee's newest SKP version of the year that still counts (a revision in the works
    comes before the approved version it will replace)."""
    return (
        Skp.objects.filter(employee_id=OuterRef("pk"), year_id=year_id)
        .exclude(state=SkpState.SUPERSEDED)
        .order_by("-version")
    )


def without_skp(
    *,
    actor: Actor,
    instansi: Instansi,
    year: PerformanceYear,
    unit: UnitKerja | None = None,
    search: str = "",
    sort: str = "nama",
) -> QuerySet[Employee]:
    """Belum mengajukan SKP: active employees in scope with no submitted or approved SKP for the
    year; `skp_state` says where they are (draft, returned, or None: not started)."""
    sent = Skp.objects.filter(
        employee_id=OuterRef("pk"), year=year, state__in=[SkpState.SUBMITTED, SkpState.APPROVED]
    )
    return (
        _employees(actor, instansi, unit, search)
        .filter(~Exists(sent))
        .annotate(
            skp_state=Subquery(_current_skp(year.pk).values("state")[:1]),
            skp_id=Subquery(_current_skp(year.pk).values("pk")[:1]),
        )
        .order_by(*PEOPLE_SORT.parse(sort).ordering())
    )


def not_appraised(
    *,
    actor: Actor,
    instansi: Instansi,
    period: Period,
    unit: UnitKerja | None = None,
    search: str = "",
    sort: str = "nama",
) -> QuerySet[Employee]:
    """Belum dinilai: active employees in scope without a final appraisal for the period, with the
    state of their appraisal (if any), whether their SKP is approved, and who appraises them."""
    appraisal = Appraisal.objects.filter(employee_id=OuterRef("pk"), period=period)
    approved = Skp.objects.filter(employee_id=OuterRef("pk"), year_id=period.year_id, state=SkpState.APPROVED)
    return (
        _employees(actor, instansi, unit, search)
        .filter(~Exists(appraisal.filter(state=AppraisalState.FINAL)))
        .annotate(
            appraisal_state=Subquery(appraisal.values("state")[:1]),
            has_approved_skp=Exists(approved),
            appraiser_name=Coalesce(
                Subquery(appraisal.values("appraiser__name")[:1]),
                Subquery(_current_skp(period.year_id).values("appraiser__name")[:1]),
            ),
            skp_id=Subquery(_current_skp(period.year_id).values("pk")[:1]),
            # The Sekda: the kepala daerah appraises (no employee record, so no name above).
            by_kepala_daerah=Subquery(_current_skp(period.year_id).values("kepala_daerah_appraises")[:1]),
        )
        .order_by(*PEOPLE_SORT.parse(sort).ordering())
    )


# --- Rewards and coaching ----------------------------------------------------------------------------


# The sortable columns of the reward candidates (core.sorting); by default best indeks first.
REWARD_SORT = SortSpec(
    {
        "nama": ("employee__name",),
        "jabatan": (nulls_last("employee__current_position__name"),),
        "unit": ("employee__unit__path",),
        "indeks": ("indeks",),
        "penilai": ("appraiser__name",),
        "final": (nulls_last("finalised_at"),),
    },
    default="-indeks",
    tiebreak=("employee__name", "pk"),
)


def reward_candidates(
    *, actor: Actor, instansi: Instansi, period: Period, sort: str = REWARD_SORT.default
) -> QuerySet[Appraisal]:
    """Employees whose final appraisal of the period has the predikat Sangat Baik, in the order
    `sort` asks for (REWARD_SORT; default best indeks first)."""
    return (
        Appraisal.objects.filter(
            access.appraisal_scope(actor),
            period=period,
            state=AppraisalState.FINAL,
            predikat=Predikat.SANGAT_BAIK,
            employee__unit__instansi_id=instansi.pk,
        )
        .select_related("employee__unit", "employee__current_position", "employee__current_rank", "appraiser")
        .order_by(*REWARD_SORT.parse(sort).ordering())
    )


# The sortable columns of the coaching plans (core.sorting); by default newest first.
COACHING_SORT = SortSpec(
    {
        "pegawai": ("employee__name",),
        "periode": ("appraisal__period__end", "appraisal__period__kind"),
        "atasan": ("head__name",),
        "status": ("state",),
        "target": (nulls_last("due_date"),),
        "dibuat": ("created_at",),
    },
    default="-dibuat",
    tiebreak=("-pk",),
)


def coaching_plans(
    *,
    actor: Actor,
    instansi: Instansi,
    state: str = "",
    unit: UnitKerja | None = None,
    sort: str = COACHING_SORT.default,
) -> QuerySet[CoachingPlan]:
    """The agency's coaching plans (rencana pembinaan), in the order `sort` asks for
    (COACHING_SORT; default newest first)."""
    qs = CoachingPlan.objects.filter(access.coaching_scope(actor), employee__unit__instansi_id=instansi.pk)
    if state in CoachingState.values:
        qs = qs.filter(state=state)
    if unit is not None:
        qs = qs.filter(employee__unit__path__startswith=unit.path)
    return qs.select_related(
        "employee__unit", "employee__current_position", "head", "appraisal__period"
    ).order_by(*COACHING_SORT.parse(sort).ordering())
