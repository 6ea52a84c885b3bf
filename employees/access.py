"""Who may see or change the personnel record: employees, their documents and histories, correction
proposals, subordinates, the list's filters, exports and imports. Built only from core.access.

HR officers keep the record of their agency (never their own); heads read their unit's subtree; every
employee reads their own record and proposes corrections to it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from core.access import (
    Actor,
    agencies,
    build_actor,
    can_view_history,
    get_instansi,
    get_or_404,
    get_unit,
    has_employee_record,
    has_hr_or_head_role,
    has_hr_role,
    heads_over,
    instansi_managed_by,
    is_hr_of,
    is_self,
    people_in_scope,
    require,
    units_in_scope,
)
from core.models import HrAssignment, Instansi, UnitKerja

from .models import CorrectionProposal, DecreeRecord, Document, Employee
from .querysets import EmployeeQuerySet

__all__ = [
    "Actor",
    "can_view_history",
    "get_instansi",
    "get_unit",
    "instansi_managed_by",
    "require",
]  # re-exported for the app's views


# --- The actor (settings.ACTOR_LOADER) --------------------------------------------------------------
def load_actor(user: Any) -> Actor:
    """Build the actor of a signed-in user: one query for an employee who is no HR officer (own
    employee record, with whether any HR assignment exists), a second for the HR assignments only
    when there are some or there is no employee record."""
    employee = (
        Employee.objects.filter(user_id=user.pk, is_active=True)
        .select_related("unit")
        .only("pk", "is_unit_head", "unit__id", "unit__path", "unit__instansi_id")
        .annotate(is_hr=Exists(HrAssignment.objects.filter(user_id=OuterRef("user_id"))))
        .first()
    )
    hr_instansi_ids: Any = ()
    if employee is None or employee.is_hr:  # type: ignore[attr-defined]  # the annotation
        hr_instansi_ids = user.hr_assignments.values_list("instansi_id", flat=True)
    return build_actor(
        user=user,
        employee_id=employee.pk if employee else None,
        unit_id=employee.unit.pk if employee else None,
        unit_path=employee.unit.path if employee else None,
        instansi_id=employee.unit.instansi_id if employee else None,
        is_unit_head=bool(employee and employee.is_unit_head),
        hr_instansi_ids=hr_instansi_ids,
    )


# --- Employees --------------------------------------------------------------------------------------
def employee_scope(actor: Actor) -> Q:
    """A filter on Employee for everything the actor may see."""
    return people_in_scope(actor)


def employees_visible_to(actor: Actor, queryset: EmployeeQuerySet | None = None) -> EmployeeQuerySet:
    qs = Employee.objects.all() if queryset is None else queryset
    return qs.filter(employee_scope(actor))


def can_view_employee(actor: Actor, employee: Employee) -> bool:
    unit = employee.unit
    return is_self(actor, employee.pk) or is_hr_of(actor, unit.instansi_id) or heads_over(actor, unit.path)


def can_change_employee(actor: Actor, employee: Employee) -> bool:
    """Only HR (of the employee's agency) writes the personnel record, and never their own."""
    if actor.is_superuser:
        return True
    return is_hr_of(actor, employee.unit.instansi_id) and not is_self(actor, employee.pk)


def can_view_sensitive(actor: Actor, employee: Employee) -> bool:
    """NIK, religion, family (UU 27/2022): the employee and HR only; HR views are logged."""
    return is_self(actor, employee.pk) or is_hr_of(actor, employee.unit.instansi_id)


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
    return has_hr_role(actor)


def can_create_employee_in(actor: Actor, unit: UnitKerja) -> bool:
    return is_hr_of(actor, unit.instansi_id)


def units_for_employee_form(actor: Actor) -> QuerySet[UnitKerja]:
    """Units an actor may place an employee in."""
    return UnitKerja.objects.active().filter(units_in_scope(actor, heads=False))


def get_document(actor: Actor, pk: int) -> Document:
    """A document whose employee the actor may see, or 404; reading it is a separate check."""
    return get_or_404(
        Document.objects.select_related("employee__unit"), pk=pk, employee__in=employees_visible_to(actor)
    )


def get_history_row(actor: Actor, model: type[DecreeRecord], pk: int) -> DecreeRecord:
    """A history row (of `model`) whose employee the actor may see, or 404; changing it is a
    separate check."""
    rows: QuerySet[Any] = model._default_manager.all()  # every concrete history has an `employee`
    row: DecreeRecord = get_or_404(
        rows.select_related("employee__unit", "scan"), pk=pk, employee__in=employees_visible_to(actor)
    )
    return row


def get_employee(actor: Actor, pk: int) -> Employee:
    """An employee the actor may see, or 404."""
    return get_or_404(
        employees_visible_to(actor).select_related(
            "unit", "unit__instansi", "user", "current_rank", "current_position"
        ),
        pk=pk,
    )


# --- Correction proposals (usulan perubahan data) ----------------------------------------------------
def can_propose_correction(actor: Actor, employee: Employee) -> bool:
    """An employee proposes corrections of their own record only (HR edits it directly)."""
    return is_self(actor, employee.pk)


def correction_scope(actor: Actor) -> Q:
    """A filter on CorrectionProposal: the employee's own, and every one of an HR officer's agency."""
    return people_in_scope(actor, via="employee__", heads=False)


def corrections_visible_to(actor: Actor) -> QuerySet[CorrectionProposal]:
    return CorrectionProposal.objects.filter(correction_scope(actor))


def can_review_corrections(actor: Actor) -> bool:
    """The HR queue of proposals."""
    return has_hr_role(actor)


def can_decide_correction(actor: Actor, proposal: CorrectionProposal) -> bool:
    """HR of the employee's agency, never for their own record: the same rule as writing it."""
    return can_change_employee(actor, proposal.employee)


def can_withdraw_correction(actor: Actor, proposal: CorrectionProposal) -> bool:
    return is_self(actor, proposal.employee_id)


def get_correction(actor: Actor, pk: int) -> CorrectionProposal:
    return get_or_404(
        corrections_visible_to(actor).select_related(
            "employee__unit__instansi",
            "employee__current_rank",
            "employee__current_position",
            "attachment",
            "submitted_by",
            "decided_by",
        ),
        pk=pk,
    )


# --- Own record and subordinates (pegawai bawahan) ----------------------------------------------------
def has_own_record(actor: Actor) -> bool:
    """Profil saya: an account linked to an active employee record."""
    return has_employee_record(actor)


def can_view_subordinates(actor: Actor) -> bool:
    """Heads see their unit subtree; HR officers may open it for any unit of their agency."""
    return has_hr_or_head_role(actor)


def subordinate_scope(actor: Actor) -> Q:
    """A filter on Employee: the heads' subtrees and the HR agencies, never the actor themself."""
    return people_in_scope(actor, own=False, not_self=True)


# --- Employee list filters, exports and imports ----------------------------------------------------
def units_for_employee_filter(actor: Actor) -> QuerySet[UnitKerja]:
    """Units offered as a filter of the employee list: those whose employees the actor may list."""
    return UnitKerja.objects.filter(units_in_scope(actor))


def can_export_employees(actor: Actor) -> bool:
    """Bulk exports of the personnel list (birth dates and places of many people at once) are for
    HR and the superuser only; heads see their subtree on screen but take no copies (UU 27/2022:
    data minimisation). The rows exported are still employees_visible_to(actor)."""
    return has_hr_role(actor)


def can_import_employees(actor: Actor) -> bool:
    """Imports write the personnel record: HR (into their own agencies) and the superuser."""
    return has_hr_role(actor)


# --- The home page (dashboard panels of this app) ------------------------------------------------------
def dashboard_agencies(actor: Actor) -> QuerySet[Instansi] | None:
    """The agencies whose overview an HR officer (or the superuser) sees on the home page, or None."""
    return agencies(actor) if has_hr_role(actor) else None


def dashboard_head_unit(actor: Actor) -> tuple[int, str] | None:
    """(unit id, path) of the unit whose subordinates a head sees on the home page, or None."""
    if not actor.is_head:
        return None
    head = actor.head_of[0]
    return head.unit_id, head.path


def employee_list_in_menu(actor: Actor) -> bool:
    """The employee list is open to all (it shows what the actor may see); the menu offers it to HR
    and heads, for whom it holds more than their own row."""
    return has_hr_or_head_role(actor)


def employee_search_in_menu(actor: Actor) -> bool:
    """The navbar's search box (name or NIP) goes to those the employee list is offered to. The
    search page itself is scoped like the list (employees_visible_to): anyone else finds at most
    their own record there."""
    return employee_list_in_menu(actor)


# --- Who appraises whom: the top of the agency and acting appraisers (HR of the agency) -----------------
def can_manage_superiors(actor: Actor, instansi_id: int) -> bool:
    """The Sekda and kepala daerah posts and the acting appraisers of units: HR of the agency."""
    return is_hr_of(actor, instansi_id)
