"""Reads of study assignments: the employee's own, the queue (atasan and HR), HR's list with its
filters, an assignment's reports, and what eligibility reads (the performance app's predikat)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from core.access import Actor
from core.sorting import SortSpec
from employees.models import Employee
from performance.choices import PeriodKind
from performance.selectors.planning import final_appraisals

from .. import access
from ..models import StudyAssignment, StudyReport
from ..rules.study import ACTIVE_STUDY_STATES, StudyCandidate, StudyRules

STUDY_SORT = SortSpec(
    {
        "diajukan": ("requested_at",),
        "pegawai": ("employee__name", "requested_at"),
        "mulai": ("start_date", "requested_at"),
        "selesai": ("end_date", "requested_at"),
        "status": ("state", "requested_at"),
        "ikatan": ("obligation_end", "requested_at"),
    },
    default="-diajukan",
)
JOINS = ("instansi", "employee__unit", "approver")


def rules() -> StudyRules:
    """The figures in force: the defaults, overridden by the TRAINING_STUDY_RULES setting."""
    return StudyRules.from_settings(getattr(settings, "TRAINING_STUDY_RULES", None))


def predikat_by_year(employee: Employee, years: list[int]) -> dict[int, str]:
    """The final annual predikat of the employee in each of `years` (through performance's reads)."""
    finals = final_appraisals(employee).filter(period__kind=PeriodKind.ANNUAL, period__year__year__in=years)
    return {a.period.year.year: a.predikat for a in finals}


def candidate(
    employee: Employee, *, today: date, study_rules: StudyRules, excluding: int | None = None
) -> StudyCandidate:
    """What the eligibility rules read of `employee`; `excluding`: the request being decided, which
    is not "another" study."""
    years = [today.year - n for n in range(1, study_rules.good_years + 1)]
    return StudyCandidate(
        kind=employee.kind,
        birth_date=employee.birth_date,
        tmt_cpns=employee.tmt_cpns,
        working_state=employee.working_state,
        predikat_by_year=predikat_by_year(employee, years),
        has_active_study=StudyAssignment.objects.filter(
            employee=employee, state__in=sorted(ACTIVE_STUDY_STATES)
        )
        .exclude(pk__in=[excluding] if excluding is not None else [])
        .exists(),
    )


def _with_reports(qs: QuerySet[StudyAssignment]) -> QuerySet[StudyAssignment]:
    return qs.annotate(report_count=Count("reports"), last_semester=Max("reports__semester"))


def my_studies(actor: Actor) -> QuerySet[StudyAssignment]:
    if actor.employee_id is None:
        return StudyAssignment.objects.none()
    qs = StudyAssignment.objects.filter(employee_id=actor.employee_id).select_related(*JOINS)
    return _with_reports(qs).order_by("-requested_at", "pk")


def queue(actor: Actor) -> QuerySet[StudyAssignment]:
    return access.study_queue(actor).select_related(*JOINS).order_by("requested_at", "pk")


@dataclass(frozen=True)
class StudyFilters:
    search: str = ""
    state: str = ""
    kind: str = ""
    unit_id: int | None = None
    unit_path: str = ""
    year: int | None = None
    overdue: bool = False
    sort: str = STUDY_SORT.default


def study_list(*, actor: Actor, filters: StudyFilters, today: date) -> QuerySet[StudyAssignment]:
    """HR's list (heads: their subtree): every request and assignment in scope, filtered and sorted.
    `year`: the assignments under way at some point of that year."""
    qs = access.studies_visible_to(actor)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.unit_path:
        qs = qs.filter(employee__unit__path__startswith=filters.unit_path)
    if filters.year is not None:
        qs = qs.filter(start_date__year__lte=filters.year, end_date__year__gte=filters.year)
    if filters.overdue:
        qs = qs.filter(state=access.STUDY_ONGOING, next_report_due__lt=today)
    for word in filters.search.split()[:5]:
        qs = qs.filter(
            Q(employee__name__icontains=word)
            | Q(employee__nip=word)
            | Q(institution__icontains=word)
            | Q(study_programme__icontains=word)
        )
    return _with_reports(qs.select_related(*JOINS)).order_by(*STUDY_SORT.parse(filters.sort).ordering())


def reports_of(study: StudyAssignment) -> QuerySet[StudyReport]:
    return study.reports.order_by("semester", "pk")
