"""Who may see or change attendance objects. Built only from core.access.

- Every employee records their own presensi (check-in and check-out) and sees their own days.
- HR officers of an agency keep its work locations (geofences) and read its schedules.
- HR of the agency and the heads of units record official travel (dinas luar) of the people below
  them, never their own.
- (Later: heads read their subtree's days; the atasan decides corrections; nobody decides their own.)

- HR officers of an agency read its discipline thresholds (PP 94/2021) and set its attendance switches;
  a head reads the thresholds of the people below them (the detail a notification links to), never
  their own.
- Heads read their subtree's presensi: today and the month (Presensi unit).
- (Later: the atasan decides corrections; nobody decides their own.)

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
    has_head_role,
    has_hr_or_head_role,
    has_hr_role,
    heads_over,
    is_hr_of,
    is_self,
    people_in_scope,
    require,
    require_in_agency,
    units_in_scope,
)
from core.models import Instansi, UnitKerja
from employees.models import Employee

from .choices import CorrectionState
from .models import BandTable, Correction, Device, DinasLuar, FlexibleWork, Shift, WorkLocation

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


# --- HR: presensi devices and device-file imports ------------------------------------------------------
def can_manage_devices(actor: Actor, instansi_id: int) -> bool:
    return is_hr_of(actor, instansi_id)


def get_device(actor: Actor, pk: int) -> Device:
    """A device of the actor's own agency (403 unless HR of it); of any other agency a 404."""
    device = get_or_404(
        Device.objects.filter(instansi__in=agencies(actor, own=True)).select_related("instansi"), pk=pk
    )
    require_in_agency(actor, is_hr_of(actor, device.instansi_id), device.instansi_id)
    return device


def can_import_presence(actor: Actor, instansi_id: int) -> bool:
    """HR of the agency imports its device files."""
    return is_hr_of(actor, instansi_id)


# --- Shifts and the roster -------------------------------------------------------------------------------
def can_manage_shifts(actor: Actor, instansi_id: int) -> bool:
    """HR of the agency keeps its shifts (the hours of each)."""
    return is_hr_of(actor, instansi_id)


def get_shift(actor: Actor, pk: int) -> Shift:
    """A shift of the actor's own agency (403 unless HR of it); of any other agency a 404."""
    shift = get_or_404(Shift.objects.filter(instansi__in=agencies(actor, own=True)), pk=pk)
    require_in_agency(actor, can_manage_shifts(actor, shift.instansi_id), shift.instansi_id)
    return shift


def roster_in_menu(actor: Actor) -> bool:
    return has_hr_role(actor) or has_head_role(actor)


def can_edit_roster(actor: Actor, unit: UnitKerja) -> bool:
    """HR of the agency, or the head of the unit or of a unit above it, sets who works which shift."""
    return is_hr_of(actor, unit.instansi_id) or heads_over(actor, unit.path, unit.instansi_id)


def roster_units(actor: Actor) -> QuerySet[UnitKerja]:
    """The units whose roster the actor may open: HR's agencies' units and the subtrees they head."""
    return UnitKerja.objects.filter(units_in_scope(actor))


def get_roster_unit(actor: Actor, pk: int) -> UnitKerja:
    """A unit whose roster the actor sets (403 for a unit of the actor's agency outside their scope; 404
    for another agency's)."""
    unit: UnitKerja = get_or_404(
        UnitKerja.objects.filter(instansi__in=agencies(actor, own=True, heads=True)), pk=pk
    )
    require_in_agency(actor, can_edit_roster(actor, unit), unit.instansi_id)
    return unit


# --- HR: the monthly recap and the band tables --------------------------------------------------------------
def can_read_recap(actor: Actor, instansi_id: int) -> bool:
    """The agency's monthly recap (and its export): HR of it, or the superuser."""
    return is_hr_of(actor, instansi_id)


def recap_units(actor: Actor, instansi_id: int) -> QuerySet[UnitKerja]:
    """The units the recap may be narrowed to (the whole agency for its HR)."""
    return UnitKerja.objects.filter(units_in_scope(actor, heads=False, instansi_id=instansi_id))


def can_manage_band_tables(actor: Actor, instansi_id: int) -> bool:
    return is_hr_of(actor, instansi_id)


def get_band_table(actor: Actor, pk: int) -> BandTable:
    """A band table of the actor's own agency (403 unless HR of it); of any other agency a 404."""
    table = get_or_404(BandTable.objects.filter(instansi__in=agencies(actor, own=True)), pk=pk)
    require_in_agency(actor, is_hr_of(actor, table.instansi_id), table.instansi_id)
    return table


# --- Dinas luar (official travel) -------------------------------------------------------------------------
# Recorded by HR of the employee's agency or by the head of the employee's unit or of a unit above
# it; never by the traveller (a head's own travel is recorded by their own head or HR).
def dinas_luar_in_menu(actor: Actor) -> bool:
    return has_hr_or_head_role(actor)


def dinas_luar_agencies(actor: Actor) -> QuerySet[Instansi]:
    """The agencies whose travels the actor records: as HR, or as the head of one of its units."""
    return agencies(actor, heads=True)


def dinas_luar_people(actor: Actor, instansi_id: int) -> Q:
    """A filter on Employee: whose travel the actor may record in the agency (never their own)."""
    return people_in_scope(actor, instansi_id=instansi_id, own=False, not_self=True)


def can_record_dinas_luar(actor: Actor, employee: Employee) -> bool:
    instansi_id = employee.unit.instansi_id
    return not is_self(actor, employee.pk) and (
        is_hr_of(actor, instansi_id) or heads_over(actor, employee.unit.path, instansi_id)
    )


def get_dinas_luar(actor: Actor, pk: int) -> DinasLuar:
    """A travel of someone the actor records travels of (404 otherwise, their own too)."""
    scope = people_in_scope(actor, via="employee__", own=False, not_self=True)
    travel = get_or_404(DinasLuar.objects.filter(scope).select_related("employee__unit"), pk=pk)
    require(can_record_dinas_luar(actor, travel.employee))
    return travel


def dinas_luar_rows(actor: Actor, instansi_id: int) -> Q:
    """A filter on DinasLuar: the travels of the people whose travel the actor records in the agency."""
    return people_in_scope(actor, via="employee__", instansi_id=instansi_id, own=False, not_self=True)


# --- The daily statuses ------------------------------------------------------------------------------------
def can_rebuild_daily(actor: Actor, instansi_id: int) -> bool:
    """HR of the agency starts the build of its daily statuses again ("Hitung ulang")."""
    return is_hr_of(actor, instansi_id)


# --- Discipline thresholds (PP 94/2021) and the agency's attendance settings --------------------------------
def can_manage_attendance_settings(actor: Actor, instansi_id: int) -> bool:
    return is_hr_of(actor, instansi_id)


def attendance_units_of_agency(actor: Actor, instansi_id: int) -> QuerySet[UnitKerja]:
    """The units of an agency whose attendance the actor keeps as HR (the unit filter)."""
    return UnitKerja.objects.filter(units_in_scope(actor, heads=False, instansi_id=instansi_id))


def discipline_of_agency(actor: Actor, instansi_id: int) -> Q:
    """HR's list of an agency's flags (HR of it, or the superuser)."""
    return people_in_scope(actor, via="employee__", heads=False, own=False, instansi_id=instansi_id)


def get_discipline_employee(actor: Actor, employee_id: int) -> Employee:
    """An employee whose flags the actor reads: HR of their agency or a head above them (not
    themself); 404 out of sight."""
    return get_or_404(
        Employee.objects.filter(
            people_in_scope(actor, hr=True, heads=True, own=False, not_self=True)
        ).select_related("unit__instansi", "current_rank", "current_position"),
        pk=employee_id,
    )


# --- The head's unit pages ("Presensi unit": today and the month) ------------------------------------------
def can_view_unit_attendance(actor: Actor) -> bool:
    """A head of a unit sees the presensi of their subtree."""
    return has_head_role(actor)


def unit_attendance_units(actor: Actor) -> QuerySet[UnitKerja]:
    """The units whose presensi the actor reads as a head (their subtrees)."""
    return UnitKerja.objects.filter(units_in_scope(actor, hr=False, heads=True))


def unit_attendance_people(actor: Actor) -> Q:
    """The employees of the subtrees the actor heads (themself included)."""
    return people_in_scope(actor, hr=False, heads=True, own=False)


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
    """The page of corrections to decide and decided: whoever may be named atasan (anyone with an
    employee record: an acting appraiser reaches it from the notification) and HR (the history)."""
    return has_employee_record(actor) or has_hr_role(actor)


# --- Flexible work (PermenPANRB 4/2025) -----------------------------------------------------------------
# Kept as dinas luar is, by the same rule: HR of the employee's agency or the head of the employee's
# unit or of a unit above it; never by the employee themself.
flexible_in_menu = dinas_luar_in_menu
flexible_agencies = dinas_luar_agencies
flexible_people = dinas_luar_people
can_record_flexible = can_record_dinas_luar
flexible_rows = dinas_luar_rows  # a filter on FlexibleWork (its `employee` as DinasLuar's)


def get_flexible(actor: Actor, pk: int) -> FlexibleWork:
    """An arrangement of someone the actor records arrangements of (404 otherwise, their own too)."""
    scope = people_in_scope(actor, via="employee__", own=False, not_self=True)
    arrangement = get_or_404(FlexibleWork.objects.filter(scope).select_related("employee__unit"), pk=pk)
    require(can_record_flexible(actor, arrangement.employee))
    return arrangement


# --- Corrections: the menu entry and the history ---------------------------------------------------------
def correction_queue_in_menu(actor: Actor) -> bool:
    """The menu offers "Koreksi presensi bawahan" to heads and HR; an acting appraiser named as atasan
    opens the page from the notification of a request."""
    return has_hr_or_head_role(actor)


def correction_history_scope(actor: Actor) -> Q:
    """Decided corrections (approved or rejected) the actor may read back: those naming them as atasan,
    their subtree's as a head, their agency's as HR; never their own."""
    return Q(state__in=[CorrectionState.DISETUJUI, CorrectionState.DITOLAK]) & people_in_scope(
        actor, via="employee__", also=("atasan_id",), not_self=True
    )
