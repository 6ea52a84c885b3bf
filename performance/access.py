"""Who may see or change performance objects (SKP, RHK/IKI, realisations, dialog, appraisal, coaching,
performance years, monitoring, scoring runs). Built only from core.access.

The employee drafts and reports on their own SKP; the atasan langsung recorded on the SKP approves,
sets expectations, gives feedback and rates; heads read their subtree; HR officers read the whole
agency, run the scoring and reopen appraisals. Nobody approves or rates their own SKP.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from core.access import (
    Actor,
    agencies,
    deny,
    get_instansi,
    get_or_404,
    get_unit,
    has_employee_record,
    has_head_role,
    has_hr_or_head_role,
    has_hr_role,
    head_start_unit_id,
    heads_over,
    instansi_managed_by,
    instansi_visible_to,
    is_hr_of,
    is_self,
    people_in_scope,
    require,
    require_in_agency,
    units_in_scope,
)
from core.models import Instansi, UnitKerja
from employees.access import get_employee
from employees.models import ActingAppraiser, Employee
from employees.selectors.records import atasan_langsung

from .choices import AppraisalState, SkpState
from .models import (
    Appraisal,
    CoachingPlan,
    Iki,
    PerformanceYear,
    Period,
    Realisation,
    Rhk,
    ScoringRun,
    Skp,
)

__all__ = [
    "Actor",
    "get_employee",
    "get_instansi",
    "get_unit",
    "head_start_unit_id",
    "instansi_managed_by",
    "require",
]


# --- SKP ----------------------------------------------------------------------------------------------
def skp_scope(actor: Actor) -> Q:
    """A filter on Skp (and, through `employee__`, on anything hanging off it) the actor may see."""
    return people_in_scope(actor, via="employee__", also=("appraiser_id",))


def skps_visible_to(actor: Actor) -> QuerySet[Skp]:
    return Skp.objects.filter(skp_scope(actor))


def get_skp(actor: Actor, pk: int) -> Skp:
    """An SKP the actor may see, or 404."""
    return get_or_404(
        skps_visible_to(actor).select_related(
            "employee__unit__instansi",
            "employee__current_rank",
            "employee__current_position",
            "appraiser__unit",
            "appraiser__current_rank",
            "appraiser__current_position",
            "year__instansi",
        ),
        pk=pk,
    )


def is_skp_owner(actor: Actor, skp: Skp) -> bool:
    return is_self(actor, skp.employee_id)


def is_skp_appraiser(actor: Actor, skp: Skp) -> bool:
    """The atasan langsung recorded on the SKP, and never the employee themself."""
    return is_self(actor, skp.appraiser_id) and not is_self(actor, skp.employee_id)


def records_for_kepala_daerah(actor: Actor, skp: Skp) -> bool:
    """The Sekda's pejabat penilai is the kepala daerah, who has no account: HR officers of the
    agency record the kepala daerah's decisions (approval, return, expectations, ratings) from the
    signed paper, never on their own SKP."""
    return (
        skp.kepala_daerah_appraises
        and is_hr_of(actor, skp.employee.unit.instansi_id)
        and not is_self(actor, skp.employee_id)
    )


def decides_as_appraiser(actor: Actor, skp: Skp) -> bool:
    """Whoever takes the appraiser's decisions on this SKP: its atasan langsung, or HR for the
    kepala daerah."""
    return is_skp_appraiser(actor, skp) or records_for_kepala_daerah(actor, skp)


def can_draft_skp(actor: Actor) -> bool:
    """Every employee drafts their own SKP (PNS and PPPK alike)."""
    return has_employee_record(actor)


def can_edit_skp(actor: Actor, skp: Skp) -> bool:
    """The employee edits their RHK and IKI while the SKP is a draft or was returned."""
    return is_skp_owner(actor, skp) and skp.is_editable


def can_set_expectations(actor: Actor, skp: Skp) -> bool:
    """The superior writes the behaviour expectations until approval (the RHK and IKI stay the
    employee's: see can_edit_skp)."""
    return decides_as_appraiser(actor, skp) and skp.state in (
        SkpState.DRAFT,
        SkpState.SUBMITTED,
        SkpState.RETURNED,
    )


def can_review_skp(actor: Actor, skp: Skp) -> bool:
    """Approve or return: the atasan langsung only (HR records the kepala daerah's for the Sekda)."""
    return decides_as_appraiser(actor, skp)


def require_current_atasan(actor: Actor, skp: Skp) -> None:
    """The appraiser recorded on an SKP must still be the employee's atasan langsung: a head who has
    moved on no longer approves, returns or rates (three queries). An appraiser HR named for this
    SKP stays its appraiser whatever the tree says, and so does the kepala daerah for the Sekda."""
    if skp.appraiser_named or skp.kepala_daerah_appraises:
        return
    current = atasan_langsung(skp.employee)
    if current is None or current.pk != actor.employee_id:
        raise PermissionDenied(_("Anda bukan lagi atasan langsung pegawai ini."))


def can_name_appraiser(actor: Actor, skp: Skp) -> bool:
    """HR of the employee's agency names another appraiser for an SKP (never for their own)."""
    return is_hr_of(actor, skp.employee.unit.instansi_id) and not is_self(actor, skp.employee_id)


def can_revise_skp(actor: Actor, skp: Skp) -> bool:
    return is_skp_owner(actor, skp) and skp.state == SkpState.APPROVED


def can_report_realisation(actor: Actor, skp: Skp) -> bool:
    """Realisations go on the employee's approved SKP."""
    return is_skp_owner(actor, skp) and skp.state == SkpState.APPROVED


def can_discuss_skp(actor: Actor, skp: Skp) -> bool:
    """The dialog kinerja is between the employee and their atasan langsung."""
    return is_skp_owner(actor, skp) or is_skp_appraiser(actor, skp)


def can_appraise(actor: Actor, skp: Skp) -> bool:
    """A head rates only their own subordinates (the SKP's appraiser), never themself; HR records
    the kepala daerah's rating of the Sekda."""
    return decides_as_appraiser(actor, skp)


def can_copy_rhk_down(actor: Actor) -> bool:
    """Heads cascade their RHK to the subordinates they appraise."""
    return has_head_role(actor)


def can_view_performance_queue(actor: Actor) -> bool:
    """Kinerja bawahan: heads (their queue) and whoever appraises someone."""
    return has_head_role(actor) or has_employee_record(actor)


def has_own_skp_pages(actor: Actor) -> bool:
    """SKP saya: an account with an employee record."""
    return has_employee_record(actor)


# --- RHK, IKI, realisations ---------------------------------------------------------------------------
def get_rhk(actor: Actor, pk: int) -> Rhk:
    """A RHK of an SKP the actor may see, or 404 (with its SKP and the SKP's people)."""
    return get_or_404(
        Rhk.objects.select_related("skp__employee", "skp__year"), pk=pk, skp__in=skps_visible_to(actor)
    )


def get_iki(actor: Actor, pk: int) -> Iki:
    """An IKI of an SKP the actor may see, or 404."""
    return get_or_404(
        Iki.objects.select_related("rhk__skp__employee", "rhk__skp__year"),
        pk=pk,
        rhk__skp__in=skps_visible_to(actor),
    )


def get_realisation(actor: Actor, pk: int) -> Realisation:
    """A realisation on an SKP the actor may see, or 404. Its evidence is read by whoever may read the
    SKP (the employee, the appraiser who rates on it, heads of the subtree, the agency's HR), unlike
    personal documents such as the KTP."""
    return get_or_404(
        Realisation.objects.select_related("evidence", "iki__rhk__skp"),
        pk=pk,
        iki__rhk__skp__in=skps_visible_to(actor),
    )


def get_own_performance_year(actor: Actor, pk: int) -> PerformanceYear:
    """A performance year of the actor's own agency, in which they draft their SKP; 404 otherwise."""
    if actor.employee_instansi_id is None:
        raise Http404
    return get_or_404(
        PerformanceYear.objects.select_related("instansi"), pk=pk, instansi_id=actor.employee_instansi_id
    )


# --- Appraisal and coaching ---------------------------------------------------------------------------
def appraisal_scope(actor: Actor) -> Q:
    """A filter on Appraisal: the same people as skp_scope."""
    return skp_scope(actor)


def get_appraisal(actor: Actor, pk: int) -> Appraisal:
    return get_or_404(
        Appraisal.objects.filter(appraisal_scope(actor)).select_related(
            "employee__unit__instansi", "appraiser", "period__year", "skp"
        ),
        pk=pk,
    )


def can_see_appraisal_draft(actor: Actor, appraisal: Appraisal) -> bool:
    """Everyone who sees the SKP reads the ratings once final. Until then a draft is its author's
    working copy: the appraiser who wrote it (or the atasan recorded on the SKP, who continues it)
    and HR of the employee's agency; not the employee, and not the heads above the appraiser."""
    if appraisal.state == AppraisalState.FINAL:
        return True
    if is_self(actor, appraisal.employee_id):
        return False
    if is_self(actor, appraisal.appraiser_id) or is_self(actor, appraisal.skp.appraiser_id):
        return True
    return is_hr_of(actor, appraisal.employee.unit.instansi_id)


def can_reopen_appraisal(actor: Actor, appraisal: Appraisal) -> bool:
    """HR of the employee's agency reopens a final appraisal (with a reason), never their own."""
    if actor.is_superuser:
        return True
    return is_hr_of(actor, appraisal.employee.unit.instansi_id) and not is_self(actor, appraisal.employee_id)


def coaching_scope(actor: Actor) -> Q:
    """A filter on CoachingPlan: the employee's own, the head who leads it, the agency's HR."""
    return people_in_scope(actor, via="employee__", heads=False, also=("head_id",))


def get_coaching_plan(actor: Actor, pk: int) -> CoachingPlan:
    return get_or_404(
        CoachingPlan.objects.filter(coaching_scope(actor)).select_related(
            "employee__unit", "head", "appraisal__period"
        ),
        pk=pk,
    )


def can_fill_coaching(actor: Actor, plan: CoachingPlan) -> bool:
    """The superior who gave the rating fills the plan."""
    return is_self(actor, plan.head_id) and not is_self(actor, plan.employee_id)


def can_view_rewards(actor: Actor) -> bool:
    """The reward candidates and the coaching overview are HR work lists."""
    return has_hr_role(actor)


# --- Performance years, monitoring (HR of the agency; heads on their subtree) -------------------------
def can_manage_performance(actor: Actor, instansi_id: int) -> bool:
    """Performance years, periods, organisation predikat and scoring runs: the agency's HR."""
    return is_hr_of(actor, instansi_id)


def can_manage_any_performance(actor: Actor) -> bool:
    """The menu entries for the HR performance pages."""
    return has_hr_role(actor)


def can_monitor_performance(actor: Actor) -> bool:
    """The monitoring pages: HR (whole agency) and heads (their subtree)."""
    return has_hr_or_head_role(actor)


def performance_employee_scope(actor: Actor, instansi_id: int) -> Q:
    """A filter on Employee: whom the actor monitors in `instansi_id` (HR: all; head: subtree)."""
    return people_in_scope(actor, instansi_id=instansi_id, own=False)


def performance_unit_scope(actor: Actor, instansi_id: int) -> Q:
    """A filter on UnitKerja: the units the actor monitors in `instansi_id`."""
    return units_in_scope(actor, instansi_id=instansi_id)


def monitoring_instansi(actor: Actor) -> QuerySet[Instansi]:
    return agencies(actor, heads=True)


def get_monitoring_instansi(actor: Actor, pk: int) -> Instansi:
    try:
        return monitoring_instansi(actor).get(pk=pk)
    except Instansi.DoesNotExist:
        deny(actor, pk)


def can_monitor_unit(actor: Actor, unit: UnitKerja) -> bool:
    """May the actor narrow the monitoring to `unit`: HR of its agency, or a head above it."""
    return is_hr_of(actor, unit.instansi_id) or heads_over(actor, unit.path, unit.instansi_id)


def get_performance_year(actor: Actor, pk: int) -> PerformanceYear:
    """A performance year of an agency the actor belongs to, or 404; managing it is a separate
    check (can_manage_performance: 403 for the agency's heads and employees)."""
    return get_or_404(
        PerformanceYear.objects.select_related("instansi"), pk=pk, instansi__in=instansi_visible_to(actor)
    )


# --- The scoring runs (HR of the agency) -------------------------------------------------------------
def scoring_instansi(actor: Actor) -> QuerySet[Instansi]:
    """Agencies whose scoring the actor runs (can_manage_performance)."""
    return agencies(actor)


def get_scoring_instansi(actor: Actor, pk: int) -> Instansi:
    instansi = get_or_404(Instansi.objects.all(), pk=pk)
    require_in_agency(actor, can_manage_performance(actor, instansi.pk), instansi.pk)
    return instansi


def get_scoring_period(actor: Actor, pk: int) -> Period:
    """A period whose scoring the actor may start, or 404/403."""
    period = get_or_404(Period.objects.select_related("year__instansi"), pk=pk)
    instansi_id = period.year.instansi_id
    require_in_agency(actor, can_manage_performance(actor, instansi_id), instansi_id)
    return period


def get_scoring_run(actor: Actor, pk: int) -> ScoringRun:
    """A scoring run whose progress the actor may follow, or 404/403."""
    run = get_or_404(ScoringRun.objects.select_related("period__year"), pk=pk)
    instansi_id = run.period.year.instansi_id
    require_in_agency(actor, can_manage_performance(actor, instansi_id), instansi_id)
    return run


# --- Who appraises whom (HR of the agency) -------------------------------------------------------------
def can_manage_appraisers(actor: Actor, instansi_id: int) -> bool:
    """The Sekda and kepala daerah posts, acting appraisers and re-pointing SKPs: HR of the agency."""
    return is_hr_of(actor, instansi_id)


def appraisers_in_menu(actor: Actor) -> bool:
    return has_hr_role(actor)


def appraiser_instansi(actor: Actor) -> QuerySet[Instansi]:
    """Agencies whose appraisers the actor manages."""
    return agencies(actor)


def get_appraisers_instansi(actor: Actor, pk: int) -> Instansi:
    """An agency whose appraisers the actor manages: 403 for its own heads and employees, else 404."""
    instansi = get_or_404(Instansi.objects.all(), pk=pk)
    require_in_agency(actor, can_manage_appraisers(actor, instansi.pk), instansi.pk)
    return instansi


def get_acting_appraiser(actor: Actor, pk: int) -> ActingAppraiser:
    acting = get_or_404(ActingAppraiser.objects.select_related("unit__instansi", "employee"), pk=pk)
    require_in_agency(actor, can_manage_appraisers(actor, acting.unit.instansi_id), acting.unit.instansi_id)
    return acting


def appraiser_candidates(actor: Actor, instansi_id: int) -> QuerySet[Employee]:
    """Whom HR may name as an appraiser in an agency: its active employees."""
    if not can_manage_appraisers(actor, instansi_id):
        return Employee.objects.none()
    return Employee.objects.filter(unit__instansi_id=instansi_id, is_active=True)


def queue_in_menu(actor: Actor) -> bool:
    """The menu offers Kinerja bawahan to heads (others reach their queue from SKP saya)."""
    return has_head_role(actor)
