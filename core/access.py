"""Who may see or change what. Every view, selector, export and task asks here; nothing else decides.

Roles (a user may hold several at once):
- superuser: everything;
- HR officer of an instansi (HrAssignment): every unit and employee of that instansi, may change them;
- head of a unit (the employee holding the unit's head position): sees the unit's subtree;
- employee: sees their own record.

Visibility answers "does this object exist for you?" (no -> 404). Permission answers "may you do
this?" (visible but not allowed -> 403).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from core.models import Instansi, UnitKerja
from employees.models import CorrectionProposal, Document, Employee
from employees.querysets import EmployeeQuerySet
from notifications.models import Notification
from performance.models import (
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


@dataclass(frozen=True)
class HeadOf:
    unit_id: int
    path: str
    instansi_id: int


@dataclass(frozen=True)
class Actor:
    """What the access rules need to know about the person asking, loaded once per request."""

    user_id: int | None
    is_superuser: bool = False
    employee_id: int | None = None
    employee_unit_id: int | None = None
    employee_instansi_id: int | None = None
    hr_instansi_ids: frozenset[int] = field(default_factory=frozenset)
    head_of: tuple[HeadOf, ...] = ()

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_hr(self) -> bool:
        return bool(self.hr_instansi_ids)

    @property
    def is_head(self) -> bool:
        return bool(self.head_of)

    @property
    def is_employee(self) -> bool:
        return self.employee_id is not None

    @property
    def member_instansi_ids(self) -> frozenset[int]:
        """Agencies the actor belongs to, as HR or as an employee."""
        ids = set(self.hr_instansi_ids)
        if self.employee_instansi_id is not None:
            ids.add(self.employee_instansi_id)
        return frozenset(ids)

    @property
    def roles(self) -> list[str]:
        found = []
        if self.is_superuser:
            found.append("superuser")
        if self.is_hr:
            found.append("hr")
        if self.is_head:
            found.append("head")
        if self.is_employee:
            found.append("employee")
        return found


ANONYMOUS = Actor(user_id=None)


def actor_for(user: Any) -> Actor:
    """Build the actor of a user: at most two queries (own employee record, HR assignments)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    employee = (
        Employee.objects.filter(user_id=user.pk, is_active=True)
        .select_related("unit")
        .only("pk", "is_unit_head", "unit__id", "unit__path", "unit__instansi_id")
        .first()
    )
    hr_ids = frozenset(user.hr_assignments.values_list("instansi_id", flat=True))
    head_of: tuple[HeadOf, ...] = ()
    if employee is not None and employee.is_unit_head:
        unit = employee.unit
        head_of = (HeadOf(unit_id=unit.pk, path=unit.path, instansi_id=unit.instansi_id),)
    return Actor(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        employee_id=employee.pk if employee else None,
        employee_unit_id=employee.unit.pk if employee else None,
        employee_instansi_id=employee.unit.instansi_id if employee else None,
        hr_instansi_ids=hr_ids,
        head_of=head_of,
    )


_NOTHING = Q(pk__in=[])


# --- Agencies and units ---------------------------------------------------------------------------
def instansi_visible_to(actor: Actor) -> QuerySet[Instansi]:
    if actor.is_superuser:
        return Instansi.objects.all()
    return Instansi.objects.filter(pk__in=actor.member_instansi_ids)


def instansi_managed_by(actor: Actor) -> QuerySet[Instansi]:
    """Agencies whose HR data the actor keeps."""
    if actor.is_superuser:
        return Instansi.objects.all()
    return Instansi.objects.filter(pk__in=actor.hr_instansi_ids)


def units_visible_to(actor: Actor) -> QuerySet[UnitKerja]:
    """The organisation chart of an agency is open to everyone who works in it."""
    if actor.is_superuser:
        return UnitKerja.objects.all()
    return UnitKerja.objects.filter(instansi_id__in=actor.member_instansi_ids)


def can_manage_units(actor: Actor, instansi_id: int) -> bool:
    return actor.is_superuser or instansi_id in actor.hr_instansi_ids


def can_view_history(actor: Actor, instansi_id: int) -> bool:
    """The audit trail of HR data is for the HR officers of the agency."""
    return actor.is_superuser or instansi_id in actor.hr_instansi_ids


# --- Employees ------------------------------------------------------------------------------------
def employee_scope(actor: Actor) -> Q:
    """A filter on Employee for everything the actor may see."""
    if actor.is_superuser:
        return Q()
    q = _NOTHING
    if actor.hr_instansi_ids:
        q |= Q(unit__instansi_id__in=actor.hr_instansi_ids)
    for head in actor.head_of:
        q |= Q(unit__path__startswith=head.path)
    if actor.employee_id is not None:
        q |= Q(pk=actor.employee_id)
    return q


def employees_visible_to(actor: Actor, queryset: EmployeeQuerySet | None = None) -> EmployeeQuerySet:
    qs = Employee.objects.all() if queryset is None else queryset
    return qs.filter(employee_scope(actor))


def can_view_employee(actor: Actor, employee: Employee) -> bool:
    if actor.is_superuser or employee.pk == actor.employee_id:
        return True
    unit = employee.unit
    if unit.instansi_id in actor.hr_instansi_ids:
        return True
    return any(unit.path.startswith(head.path) for head in actor.head_of)


def can_change_employee(actor: Actor, employee: Employee) -> bool:
    """Only HR (of the employee's agency) writes the personnel record, and never their own."""
    if actor.is_superuser:
        return True
    return employee.unit.instansi_id in actor.hr_instansi_ids and employee.pk != actor.employee_id


def can_view_sensitive(actor: Actor, employee: Employee) -> bool:
    """NIK, religion, family (UU 27/2022): the employee and HR only; HR views are logged."""
    if actor.is_superuser or employee.pk == actor.employee_id:
        return True
    return employee.unit.instansi_id in actor.hr_instansi_ids


def sensitive_view_is_logged(actor: Actor, employee: Employee) -> bool:
    return employee.pk != actor.employee_id


def can_view_documents(actor: Actor, employee: Employee) -> bool:
    """Scanned documents are personal data too: the same rule as the sensitive fields."""
    return can_view_sensitive(actor, employee)


def can_upload_document(actor: Actor, employee: Employee) -> bool:
    return can_view_documents(actor, employee)


def can_delete_document(actor: Actor, employee: Employee) -> bool:
    return can_change_employee(actor, employee)


def can_create_employees(actor: Actor) -> bool:
    return actor.is_superuser or actor.is_hr


def can_create_employee_in(actor: Actor, unit: UnitKerja) -> bool:
    return actor.is_superuser or unit.instansi_id in actor.hr_instansi_ids


def units_for_employee_form(actor: Actor) -> QuerySet[UnitKerja]:
    """Units an actor may place an employee in."""
    if actor.is_superuser:
        return UnitKerja.objects.active()
    return UnitKerja.objects.active().filter(instansi_id__in=actor.hr_instansi_ids)


# --- Enforcement helpers for views -----------------------------------------------------------------
def require(allowed: bool) -> None:
    """Visible but not allowed: 403."""
    if not allowed:
        raise PermissionDenied


def get_instansi(actor: Actor, pk: int) -> Instansi:
    try:
        return instansi_visible_to(actor).get(pk=pk)
    except Instansi.DoesNotExist as exc:
        raise Http404 from exc


def get_unit(actor: Actor, pk: int) -> UnitKerja:
    try:
        return units_visible_to(actor).select_related("instansi", "parent").get(pk=pk)
    except UnitKerja.DoesNotExist as exc:
        raise Http404 from exc


def get_document(actor: Actor, pk: int) -> Document:
    """A document whose employee the actor may see, or 404; reading it is a separate check."""
    try:
        return Document.objects.select_related("employee__unit").get(
            pk=pk, employee__in=employees_visible_to(actor)
        )
    except Document.DoesNotExist as exc:
        raise Http404 from exc


def get_employee(actor: Actor, pk: int) -> Employee:
    """An employee the actor may see, or 404."""
    try:
        return (
            employees_visible_to(actor)
            .select_related("unit", "unit__instansi", "user", "current_rank", "current_position")
            .get(pk=pk)
        )
    except Employee.DoesNotExist as exc:
        raise Http404 from exc


def agency_time_zone(actor: Actor) -> str | None:
    """The IANA zone of the actor's agency (own record first, then the HR agency)."""
    instansi_id = actor.employee_instansi_id
    if instansi_id is None and actor.hr_instansi_ids:
        instansi_id = min(actor.hr_instansi_ids)
    if instansi_id is None:
        return None
    return Instansi.objects.filter(pk=instansi_id).values_list("time_zone", flat=True).first()


# --- Notifications --------------------------------------------------------------------------------
def notifications_visible_to(actor: Actor) -> QuerySet[Notification]:
    """Everyone sees only their own notifications, the superuser included."""
    if actor.user_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=actor.user_id)


def get_notification(actor: Actor, pk: int) -> Notification:
    try:
        return notifications_visible_to(actor).get(pk=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc


# --- Reports (reports app) ------------------------------------------------------------------------
# HR officers report on their whole agency. Heads of unit see the reports that help them run their
# own subtree (who ranks where, how the unit is staffed, who retires soon); the HR work lists (KGB,
# promotions, Satyalancana, which reveal performance and discipline) are for HR only.
REPORTS_FOR_HEADS = frozenset({"duk", "rekap", "pensiun"})


def can_view_reports(actor: Actor) -> bool:
    """The reports menu: superusers, HR officers and heads of unit; employees get 403."""
    return actor.is_superuser or actor.is_hr or actor.is_head


def can_view_report(actor: Actor, report: str) -> bool:
    if actor.is_superuser or actor.is_hr:
        return True
    return actor.is_head and report in REPORTS_FOR_HEADS


def reports_on_whole_agency(actor: Actor, instansi_id: int) -> bool:
    """HR officers (and superusers) report on the whole agency; heads only on their subtree."""
    return actor.is_superuser or instansi_id in actor.hr_instansi_ids


def _report_head_paths(actor: Actor, report: str, instansi_id: int) -> list[str]:
    if report not in REPORTS_FOR_HEADS:
        return []
    return [head.path for head in actor.head_of if head.instansi_id == instansi_id]


def report_instansi(actor: Actor, report: str) -> QuerySet[Instansi]:
    """Agencies the actor may run `report` on (HR: theirs; head: the agency of their unit)."""
    if actor.is_superuser:
        return Instansi.objects.all()
    ids = set(actor.hr_instansi_ids)
    if report in REPORTS_FOR_HEADS:
        ids |= {head.instansi_id for head in actor.head_of}
    return Instansi.objects.filter(pk__in=ids)


def get_report_instansi(actor: Actor, report: str, pk: int) -> Instansi:
    """An agency the actor may report on, or 404 (an agency they cannot see) / 403 (their own)."""
    try:
        return report_instansi(actor, report).get(pk=pk)
    except Instansi.DoesNotExist as exc:
        if actor.is_authenticated and pk in actor.member_instansi_ids:
            raise PermissionDenied from exc
        raise Http404 from exc


def report_employee_scope(actor: Actor, report: str, instansi: Instansi) -> Q:
    """A filter on Employee: who `report` on `instansi` covers for this actor."""
    if reports_on_whole_agency(actor, instansi.pk):
        return Q(unit__instansi_id=instansi.pk)
    q = _NOTHING
    for path in _report_head_paths(actor, report, instansi.pk):
        q |= Q(unit__path__startswith=path)
    return q


def report_units(actor: Actor, report: str, instansi: Instansi) -> QuerySet[UnitKerja]:
    """Units a report on `instansi` may be narrowed to (a head: their own subtree)."""
    units = UnitKerja.objects.filter(instansi_id=instansi.pk)
    if reports_on_whole_agency(actor, instansi.pk):
        return units
    q = _NOTHING
    for path in _report_head_paths(actor, report, instansi.pk):
        q |= Q(path__startswith=path)
    return units.filter(q)


def can_report_on_unit(actor: Actor, report: str, unit: UnitKerja) -> bool:
    if not can_view_report(actor, report):
        return False
    if reports_on_whole_agency(actor, unit.instansi_id):
        return True
    return any(unit.path.startswith(p) for p in _report_head_paths(actor, report, unit.instansi_id))


# --- Correction proposals (usulan perubahan data) ----------------------------------------------------
def can_propose_correction(actor: Actor, employee: Employee) -> bool:
    """An employee proposes corrections of their own record only (HR edits it directly)."""
    return actor.employee_id is not None and employee.pk == actor.employee_id


def correction_scope(actor: Actor) -> Q:
    """A filter on CorrectionProposal: the employee's own, and every one of an HR officer's agency."""
    if actor.is_superuser:
        return Q()
    q = _NOTHING
    if actor.hr_instansi_ids:
        q |= Q(employee__unit__instansi_id__in=actor.hr_instansi_ids)
    if actor.employee_id is not None:
        q |= Q(employee_id=actor.employee_id)
    return q


def corrections_visible_to(actor: Actor) -> QuerySet[CorrectionProposal]:
    return CorrectionProposal.objects.filter(correction_scope(actor))


def can_review_corrections(actor: Actor) -> bool:
    """The HR queue of proposals."""
    return actor.is_superuser or actor.is_hr


def can_decide_correction(actor: Actor, proposal: CorrectionProposal) -> bool:
    """HR of the employee's agency, never for their own record: the same rule as writing it."""
    return can_change_employee(actor, proposal.employee)


def can_withdraw_correction(actor: Actor, proposal: CorrectionProposal) -> bool:
    return actor.employee_id is not None and proposal.employee_id == actor.employee_id


def get_correction(actor: Actor, pk: int) -> CorrectionProposal:
    try:
        return (
            corrections_visible_to(actor)
            .select_related(
                "employee__unit__instansi",
                "employee__current_rank",
                "employee__current_position",
                "attachment",
                "submitted_by",
                "decided_by",
            )
            .get(pk=pk)
        )
    except CorrectionProposal.DoesNotExist as exc:
        raise Http404 from exc


# --- Subordinates (pegawai bawahan) ----------------------------------------------------------------
def can_view_subordinates(actor: Actor) -> bool:
    """Heads see their unit subtree; HR officers may open it for any unit of their agency."""
    return actor.is_superuser or actor.is_hr or actor.is_head


def subordinate_scope(actor: Actor) -> Q:
    """A filter on Employee: the heads' subtrees and the HR agencies, never the actor themself."""
    if actor.is_superuser:
        q = Q()
    else:
        q = _NOTHING
        if actor.hr_instansi_ids:
            q |= Q(unit__instansi_id__in=actor.hr_instansi_ids)
        for head in actor.head_of:
            q |= Q(unit__path__startswith=head.path)
    if actor.employee_id is not None:
        q &= ~Q(pk=actor.employee_id)
    return q


# --- Employee list filters, exports and imports ----------------------------------------------------
def units_for_employee_filter(actor: Actor) -> QuerySet[UnitKerja]:
    """Units offered as a filter of the employee list: those whose employees the actor may list."""
    if actor.is_superuser:
        return UnitKerja.objects.all()
    q = _NOTHING
    if actor.hr_instansi_ids:
        q |= Q(instansi_id__in=actor.hr_instansi_ids)
    for head in actor.head_of:
        q |= Q(path__startswith=head.path)
    return UnitKerja.objects.filter(q)


def can_export_employees(actor: Actor) -> bool:
    """Bulk exports of the personnel list (birth dates and places of many people at once) are for
    HR and the superuser only; heads see their subtree on screen but take no copies (UU 27/2022:
    data minimisation). The rows exported are still employees_visible_to(actor)."""
    return actor.is_superuser or actor.is_hr


def can_import_employees(actor: Actor) -> bool:
    """Imports write the personnel record: HR (into their own agencies) and the superuser."""
    return actor.is_superuser or actor.is_hr


# --- Performance (SKP, realisations, dialog, appraisal) --------------------------------------------
# The employee drafts and reports on their own SKP; the atasan langsung recorded on the SKP approves,
# sets expectations, gives feedback and rates; heads read their subtree; HR officers read the whole
# agency, run the scoring and reopen appraisals. Nobody approves or rates their own SKP.
def skp_scope(actor: Actor) -> Q:
    """A filter on Skp (and, through `employee__`, on anything hanging off it) the actor may see."""
    if actor.is_superuser:
        return Q()
    q = _NOTHING
    if actor.hr_instansi_ids:
        q |= Q(employee__unit__instansi_id__in=actor.hr_instansi_ids)
    for head in actor.head_of:
        q |= Q(employee__unit__path__startswith=head.path)
    if actor.employee_id is not None:
        q |= Q(employee_id=actor.employee_id) | Q(appraiser_id=actor.employee_id)
    return q


def skps_visible_to(actor: Actor) -> QuerySet[Skp]:
    return Skp.objects.filter(skp_scope(actor))


def get_skp(actor: Actor, pk: int) -> Skp:
    """An SKP the actor may see, or 404."""
    try:
        return (
            skps_visible_to(actor)
            .select_related(
                "employee__unit__instansi",
                "employee__current_rank",
                "employee__current_position",
                "appraiser__unit",
                "appraiser__current_rank",
                "appraiser__current_position",
                "year__instansi",
            )
            .get(pk=pk)
        )
    except Skp.DoesNotExist as exc:
        raise Http404 from exc


def is_skp_owner(actor: Actor, skp: Skp) -> bool:
    return actor.employee_id is not None and skp.employee_id == actor.employee_id


def is_skp_appraiser(actor: Actor, skp: Skp) -> bool:
    """The atasan langsung recorded on the SKP, and never the employee themself."""
    return (
        actor.employee_id is not None
        and skp.appraiser_id == actor.employee_id
        and skp.employee_id != actor.employee_id
    )


def can_draft_skp(actor: Actor) -> bool:
    """Every employee drafts their own SKP (PNS and PPPK alike)."""
    return actor.employee_id is not None


def can_edit_skp(actor: Actor, skp: Skp) -> bool:
    """The employee edits their RHK and IKI while the SKP is a draft or was returned."""
    return is_skp_owner(actor, skp) and skp.is_editable


def can_set_expectations(actor: Actor, skp: Skp) -> bool:
    """The superior writes the behaviour expectations until approval (the RHK and IKI stay the
    employee's: see can_edit_skp)."""
    return is_skp_appraiser(actor, skp) and skp.state in ("draft", "submitted", "returned")


def can_review_skp(actor: Actor, skp: Skp) -> bool:
    """Approve or return: the atasan langsung only."""
    return is_skp_appraiser(actor, skp)


def can_revise_skp(actor: Actor, skp: Skp) -> bool:
    return is_skp_owner(actor, skp) and skp.state == "approved"


def can_report_realisation(actor: Actor, skp: Skp) -> bool:
    """Realisations go on the employee's approved SKP."""
    return is_skp_owner(actor, skp) and skp.state == "approved"


def can_discuss_skp(actor: Actor, skp: Skp) -> bool:
    """The dialog kinerja is between the employee and their atasan langsung."""
    return is_skp_owner(actor, skp) or is_skp_appraiser(actor, skp)


def can_appraise(actor: Actor, skp: Skp) -> bool:
    """A head rates only their own subordinates (the SKP's appraiser), never themself."""
    return is_skp_appraiser(actor, skp)


def can_copy_rhk_down(actor: Actor) -> bool:
    """Heads cascade their RHK to the subordinates they appraise."""
    return actor.is_head


def can_view_performance_queue(actor: Actor) -> bool:
    """Kinerja bawahan: heads (their queue) and whoever appraises someone."""
    return actor.is_head or actor.employee_id is not None


def can_manage_performance(actor: Actor, instansi_id: int) -> bool:
    """Performance years, periods, organisation predikat and scoring runs: the agency's HR."""
    return actor.is_superuser or instansi_id in actor.hr_instansi_ids


def can_monitor_performance(actor: Actor) -> bool:
    """The monitoring pages: HR (whole agency) and heads (their subtree)."""
    return actor.is_superuser or actor.is_hr or actor.is_head


def performance_employee_scope(actor: Actor, instansi_id: int) -> Q:
    """A filter on Employee: whom the actor monitors in `instansi_id` (HR: all; head: subtree)."""
    if actor.is_superuser or instansi_id in actor.hr_instansi_ids:
        return Q(unit__instansi_id=instansi_id)
    q = _NOTHING
    for head in actor.head_of:
        if head.instansi_id == instansi_id:
            q |= Q(unit__path__startswith=head.path)
    return q


def performance_unit_scope(actor: Actor, instansi_id: int) -> Q:
    """A filter on UnitKerja: the units the actor monitors in `instansi_id`."""
    if actor.is_superuser or instansi_id in actor.hr_instansi_ids:
        return Q(instansi_id=instansi_id)
    q = _NOTHING
    for head in actor.head_of:
        if head.instansi_id == instansi_id:
            q |= Q(path__startswith=head.path)
    return q


def monitoring_instansi(actor: Actor) -> QuerySet[Instansi]:
    if actor.is_superuser:
        return Instansi.objects.all()
    ids = set(actor.hr_instansi_ids) | {head.instansi_id for head in actor.head_of}
    return Instansi.objects.filter(pk__in=ids)


def get_monitoring_instansi(actor: Actor, pk: int) -> Instansi:
    try:
        return monitoring_instansi(actor).get(pk=pk)
    except Instansi.DoesNotExist as exc:
        if actor.is_authenticated and pk in actor.member_instansi_ids:
            raise PermissionDenied from exc
        raise Http404 from exc


def can_reopen_appraisal(actor: Actor, appraisal: Appraisal) -> bool:
    """HR of the employee's agency reopens a final appraisal (with a reason), never their own."""
    if actor.is_superuser:
        return True
    return (
        appraisal.employee.unit.instansi_id in actor.hr_instansi_ids
        and appraisal.employee_id != actor.employee_id
    )


def appraisal_scope(actor: Actor) -> Q:
    """A filter on Appraisal: the same people as skp_scope."""
    return skp_scope(actor)


def get_appraisal(actor: Actor, pk: int) -> Appraisal:
    try:
        return (
            Appraisal.objects.filter(appraisal_scope(actor))
            .select_related("employee__unit__instansi", "appraiser", "period__year", "skp")
            .get(pk=pk)
        )
    except Appraisal.DoesNotExist as exc:
        raise Http404 from exc


def can_view_rewards(actor: Actor) -> bool:
    """The reward candidates and the coaching overview are HR work lists."""
    return actor.is_superuser or actor.is_hr


def coaching_scope(actor: Actor) -> Q:
    """A filter on CoachingPlan: the employee's own, the head who leads it, the agency's HR."""
    if actor.is_superuser:
        return Q()
    q = _NOTHING
    if actor.hr_instansi_ids:
        q |= Q(employee__unit__instansi_id__in=actor.hr_instansi_ids)
    if actor.employee_id is not None:
        q |= Q(employee_id=actor.employee_id) | Q(head_id=actor.employee_id)
    return q


def get_coaching_plan(actor: Actor, pk: int) -> CoachingPlan:
    try:
        return (
            CoachingPlan.objects.filter(coaching_scope(actor))
            .select_related("employee__unit", "head", "appraisal__period")
            .get(pk=pk)
        )
    except CoachingPlan.DoesNotExist as exc:
        raise Http404 from exc


def can_fill_coaching(actor: Actor, plan: CoachingPlan) -> bool:
    """The superior who gave the rating fills the plan."""
    return actor.employee_id is not None and plan.head_id == actor.employee_id != plan.employee_id


# --- Performance: realisation evidence and draft appraisals (appraisal area) -------------------------
def get_realisation(actor: Actor, pk: int) -> Realisation:
    """A realisation on an SKP the actor may see, or 404. Its evidence is read by whoever may read the
    SKP (the employee, the appraiser who rates on it, heads of the subtree, the agency's HR), unlike
    personal documents such as the KTP."""
    try:
        return Realisation.objects.select_related("evidence", "iki__rhk__skp").get(
            pk=pk, iki__rhk__skp__in=skps_visible_to(actor)
        )
    except Realisation.DoesNotExist as exc:
        raise Http404 from exc


def can_see_appraisal_draft(actor: Actor, appraisal: Appraisal) -> bool:
    """The employee sees their ratings once final; a draft is the appraiser's (and HR's) working copy."""
    return appraisal.state == "final" or appraisal.employee_id != actor.employee_id


# --- Performance: SKP planning (RHK and IKI of a visible SKP, the employee's own years) ------------
def get_rhk(actor: Actor, pk: int) -> Rhk:
    """A RHK of an SKP the actor may see, or 404 (with its SKP and the SKP's people)."""
    try:
        return Rhk.objects.select_related("skp__employee", "skp__year").get(
            pk=pk, skp__in=skps_visible_to(actor)
        )
    except Rhk.DoesNotExist as exc:
        raise Http404 from exc


def get_iki(actor: Actor, pk: int) -> Iki:
    """An IKI of an SKP the actor may see, or 404."""
    try:
        return Iki.objects.select_related("rhk__skp__employee", "rhk__skp__year").get(
            pk=pk, rhk__skp__in=skps_visible_to(actor)
        )
    except Iki.DoesNotExist as exc:
        raise Http404 from exc


def get_own_performance_year(actor: Actor, pk: int) -> PerformanceYear:
    """A performance year of the actor's own agency, in which they draft their SKP; 404 otherwise."""
    if actor.employee_instansi_id is None:
        raise Http404
    try:
        return PerformanceYear.objects.select_related("instansi").get(
            pk=pk, instansi_id=actor.employee_instansi_id
        )
    except PerformanceYear.DoesNotExist as exc:
        raise Http404 from exc


# --- Performance: the HR pages (years, unit predikat, monitoring, rewards) ---------------------------
def get_performance_year(actor: Actor, pk: int) -> PerformanceYear:
    """A performance year of an agency the actor belongs to, or 404; managing it is a separate
    check (can_manage_performance: 403 for the agency's heads and employees)."""
    try:
        return PerformanceYear.objects.select_related("instansi").get(
            pk=pk, instansi__in=instansi_visible_to(actor)
        )
    except PerformanceYear.DoesNotExist as exc:
        raise Http404 from exc


def can_monitor_unit(actor: Actor, unit: UnitKerja) -> bool:
    """May the actor narrow the monitoring to `unit`: HR of its agency, or a head above it."""
    if actor.is_superuser or unit.instansi_id in actor.hr_instansi_ids:
        return True
    return any(
        head.instansi_id == unit.instansi_id and unit.path.startswith(head.path) for head in actor.head_of
    )


# --- Performance: the scoring runs (HR of the agency) -------------------------------------------------
def scoring_instansi(actor: Actor) -> QuerySet[Instansi]:
    """Agencies whose scoring the actor runs (can_manage_performance)."""
    return instansi_managed_by(actor)


def _require_performance_manager(actor: Actor, instansi_id: int) -> None:
    """403 in the actor's own agency (heads, employees), 404 in any other."""
    if can_manage_performance(actor, instansi_id):
        return
    if actor.is_authenticated and instansi_id in actor.member_instansi_ids:
        raise PermissionDenied
    raise Http404


def get_scoring_instansi(actor: Actor, pk: int) -> Instansi:
    try:
        instansi = Instansi.objects.get(pk=pk)
    except Instansi.DoesNotExist as exc:
        raise Http404 from exc
    _require_performance_manager(actor, instansi.pk)
    return instansi


def get_scoring_period(actor: Actor, pk: int) -> Period:
    """A period whose scoring the actor may start, or 404/403."""
    try:
        period = Period.objects.select_related("year__instansi").get(pk=pk)
    except Period.DoesNotExist as exc:
        raise Http404 from exc
    _require_performance_manager(actor, period.year.instansi_id)
    return period


def get_scoring_run(actor: Actor, pk: int) -> ScoringRun:
    """A scoring run whose progress the actor may follow, or 404/403."""
    try:
        run = ScoringRun.objects.select_related("period__year").get(pk=pk)
    except ScoringRun.DoesNotExist as exc:
        raise Http404 from exc
    _require_performance_manager(actor, run.period.year.instansi_id)
    return run
