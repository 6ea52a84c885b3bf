"""Who may see or change attendance objects. Built only from core.access.

- Every employee records their own presensi (check-in and check-out) and sees their own days.
- HR officers of an agency keep its work locations (geofences) and read its schedules.
- An employee asks for corrections of their own days and cancels them while open; the atasan
  langsung named on a correction approves or rejects it; nobody decides their own. Heads of the
  subtree and HR of the agency may read a correction (and its evidence), not decide it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.access import (
    Actor,
    agencies,
    get_or_404,
    has_employee_record,
    has_hr_role,
    is_hr_of,
    is_self,
    people_in_scope,
    require,
    require_in_agency,
)
from core.models import Instansi

from .choices import CorrectionState
from .models import Correction, WorkLocation

__all__ = ["Actor", "require", "require_in_agency"]


# --- Presensi -------------------------------------------------------------------------------------------
def can_record_presence(actor: Actor) -> bool:
    """Only someone with an employee record checks in (HR accounts without one do not)."""
    return has_employee_record(actor)


def attendance_in_menu(actor: Actor) -> bool:
    return has_employee_record(actor)


# --- HR: work locations and schedules ---------------------------------------------------------------------
def hr_attendance_in_menu(actor: Actor) -> bool:
    return has_hr_role(actor)


def can_manage_attendance_any(actor: Actor) -> bool:
    return has_hr_role(actor)


def attendance_agencies(actor: Actor) -> QuerySet[Instansi]:
    """The agencies whose attendance settings the actor keeps (HR of them, or the superuser)."""
    return agencies(actor)


def can_manage_locations(actor: Actor, instansi_id: int) -> bool:
    return is_hr_of(actor, instansi_id)


def get_work_location(actor: Actor, pk: int) -> WorkLocation:
    """A work location of the actor's own agency (403 unless HR of it); of any other agency a 404."""
    location = get_or_404(WorkLocation.objects.filter(instansi__in=agencies(actor, own=True)), pk=pk)
    require_in_agency(actor, is_hr_of(actor, location.instansi_id), location.instansi_id)
    return location


# --- Corrections ------------------------------------------------------------------------------------------
def can_request_correction(actor: Actor) -> bool:
    return has_employee_record(actor)


def correction_scope(actor: Actor) -> Q:
    """Corrections the actor may see: their own, those naming them as atasan, their subtree as a head,
    their agency as HR."""
    return people_in_scope(actor, via="employee__", also=("atasan_id",))


def get_correction(actor: Actor, pk: int) -> Correction:
    """A correction the actor may see, else 404."""
    return get_or_404(
        Correction.objects.filter(correction_scope(actor)).select_related("employee__unit__instansi"), pk=pk
    )


def can_decide_correction(actor: Actor, correction: Correction) -> bool:
    """The atasan named on an open correction decides it; never the employee themself."""
    return (
        correction.state == CorrectionState.DIAJUKAN
        and not is_self(actor, correction.employee_id)
        and correction.atasan_id is not None
        and correction.atasan_id == actor.employee_id
    )


def can_cancel_correction(actor: Actor, correction: Correction) -> bool:
    return correction.state == CorrectionState.DIAJUKAN and is_self(actor, correction.employee_id)


def can_view_correction_evidence(actor: Actor, correction: Correction) -> bool:
    return bool(correction.evidence)


def correction_queue_scope(actor: Actor) -> Q:
    """Open corrections waiting for the actor as atasan (never their own)."""
    if actor.employee_id is None:
        return Q(pk__in=[])
    return Q(state=CorrectionState.DIAJUKAN, atasan_id=actor.employee_id) & ~Q(employee_id=actor.employee_id)


def has_correction_queue(actor: Actor) -> bool:
    return has_employee_record(actor)
