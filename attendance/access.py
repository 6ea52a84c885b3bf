"""Who may see or change attendance objects. Built only from core.access.

- Every employee records their own presensi (check-in and check-out) and sees their own days.
- HR officers of an agency keep its work locations (geofences) and read its schedules.
- (Later: heads read their subtree's days; the atasan decides corrections; nobody decides their own.)
"""

from __future__ import annotations

from django.db.models import QuerySet

from core.access import (
    Actor,
    agencies,
    get_or_404,
    has_employee_record,
    has_hr_role,
    is_hr_of,
    require,
    require_in_agency,
    units_in_scope,
)
from core.models import Instansi, UnitKerja

from .models import BandTable, WorkLocation

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
