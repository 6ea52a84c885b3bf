"""Shifts and the roster: HR keeps an agency's shifts; HR or the unit's head says who works which
shift on which day. The nightly build and the check-in read the roster (selectors.shifts)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core import audit
from core.access import Actor
from core.models import Instansi, UnitKerja

from .. import access
from ..models import Shift, ShiftAssignment
from ..selectors import shifts as selectors

# A roster cell: a shift's id, OFF (a day off on the roster), or FOLLOW (no entry: the schedule applies).
OFF = "libur"
FOLLOW = ""
ROSTER_MAX_DAYS = 31


@transaction.atomic
def shift_save(
    *,
    actor: Actor,
    instansi: Instansi,
    code: str,
    name: str,
    start: time,
    end: time,
    break_start: time | None = None,
    break_end: time | None = None,
    unit: UnitKerja | None = None,
    is_active: bool = True,
    shift: Shift | None = None,
) -> Shift:
    """Add a shift to the agency, or change one."""
    access.require_in_agency(actor, access.can_manage_shifts(actor, instansi.pk), instansi.pk)
    if shift is not None and shift.instansi_id != instansi.pk:
        raise ValidationError(_("Shift ini milik instansi lain."))
    if unit is not None and unit.instansi_id != instansi.pk:
        raise ValidationError({"unit": [_("Unit kerja ini milik instansi lain.")]})
    if end <= start:
        raise ValidationError(
            {"end": [_("Jam pulang harus setelah jam masuk (shift berakhir pada hari yang sama).")]}
        )
    if (break_start is None) != (break_end is None):
        raise ValidationError(
            {"break_end": [_("Isi jam mulai dan selesai istirahat, atau kosongkan keduanya.")]}
        )
    if break_start is not None and break_end is not None and not (start <= break_start < break_end <= end):
        raise ValidationError(
            {"break_start": [_("Istirahat harus berada di antara jam masuk dan jam pulang.")]}
        )
    code = code.strip().upper()
    taken = Shift.objects.filter(instansi=instansi, code=code)
    if shift is not None:
        taken = taken.exclude(pk=shift.pk)
    if taken.exists():
        raise ValidationError({"code": [_("Kode shift ini sudah dipakai di instansi ini.")]})
    row = shift or Shift(instansi=instansi)
    row.code, row.name, row.unit = code, name.strip(), unit
    row.start, row.end, row.break_start, row.break_end, row.is_active = (
        start,
        end,
        break_start,
        break_end,
        is_active,
    )
    row.full_clean()
    audit.stamp(row, actor)
    row.save()
    return row


@transaction.atomic
def shift_delete(*, actor: Actor, shift: Shift) -> None:
    """Remove a shift no roster uses; a used one can only be set inactive."""
    access.require_in_agency(actor, access.can_manage_shifts(actor, shift.instansi_id), shift.instansi_id)
    if ShiftAssignment.objects.filter(shift=shift).exists():
        raise ValidationError(
            _("Shift ini sudah dipakai dalam jadwal pegawai. Nonaktifkan saja agar riwayatnya tetap benar.")
        )
    audit.stamp(shift, actor)
    try:
        shift.delete()
    except IntegrityError as exc:  # a roster took it in between
        raise ValidationError(_("Shift ini baru saja dipakai dalam jadwal pegawai.")) from exc


@transaction.atomic
def roster_save(
    *, actor: Actor, unit: UnitKerja, start: date, days: int, cells: Mapping[tuple[int, date], str]
) -> int:
    """Save a roster grid: each (employee, day) cell is a shift id, OFF or FOLLOW. Everything or
    nothing: a cell naming someone outside the grid, a day outside it, or a shift the unit may not
    use refuses the whole grid. Set-based: one DELETE and one upsert. Returns the cells written."""
    access.require_in_agency(actor, access.can_edit_roster(actor, unit), unit.instansi_id)
    if not 1 <= days <= ROSTER_MAX_DAYS:
        raise ValidationError(_("Jadwal shift hanya dapat diatur untuk paling lama 31 hari sekaligus."))
    dates = {start + timedelta(days=i) for i in range(days)}
    named = {employee_id for employee_id, _on in cells}
    people = set(
        selectors.roster_people(actor=actor, unit=unit).filter(pk__in=named).values_list("pk", flat=True)
    )
    allowed = {s.pk for s in selectors.shifts_for_unit(unit)}
    clear: list[tuple[int, date]] = []
    write: list[ShiftAssignment] = []
    for (employee_id, on), value in cells.items():
        if employee_id not in people or on not in dates:
            raise ValidationError(
                _("Jadwal memuat pegawai atau tanggal di luar unit dan pekan ini. Muat ulang halaman.")
            )
        if value == FOLLOW:
            clear.append((employee_id, on))
        elif value == OFF:
            write.append(
                ShiftAssignment(employee_id=employee_id, date=on, shift=None, set_by_id=actor.user_id)
            )
        else:
            try:
                shift_id = int(value)
            except ValueError:
                shift_id = 0
            if shift_id not in allowed:
                raise ValidationError(_("Shift yang dipilih tidak berlaku untuk unit ini."))
            write.append(
                ShiftAssignment(employee_id=employee_id, date=on, shift_id=shift_id, set_by_id=actor.user_id)
            )
    if clear:
        by_day: dict[date, set[int]] = {}
        for employee_id, on in clear:
            by_day.setdefault(on, set()).add(employee_id)
        pairs = Q()
        for on, ids in by_day.items():
            pairs |= Q(date=on, employee_id__in=ids)
        ShiftAssignment.objects.filter(pairs).delete()
    if write:
        ShiftAssignment.objects.bulk_create(
            write,
            update_conflicts=True,
            unique_fields=["employee", "date"],
            update_fields=["shift", "set_by", "set_at"],
        )
    return len(write) + len(clear)


@transaction.atomic
def roster_copy_week(*, actor: Actor, unit: UnitKerja, start: date) -> int:
    """Copy the previous week's roster of the unit's people onto the week from `start` (entries
    already set in that week are replaced; days the previous week left to the schedule stay so)."""
    access.require_in_agency(actor, access.can_edit_roster(actor, unit), unit.instansi_id)
    people = selectors.roster_people(actor=actor, unit=unit).values("pk")
    previous = ShiftAssignment.objects.filter(
        employee_id__in=people, date__gte=start - timedelta(days=7), date__lt=start
    ).values_list("employee_id", "date", "shift_id")
    write = [
        ShiftAssignment(employee_id=e, date=d + timedelta(days=7), shift_id=s, set_by_id=actor.user_id)
        for e, d, s in previous
    ]
    if not write:
        raise ValidationError(_("Pekan sebelumnya belum berjadwal shift; tidak ada yang disalin."))
    ShiftAssignment.objects.bulk_create(
        write,
        update_conflicts=True,
        unique_fields=["employee", "date"],
        update_fields=["shift", "set_by", "set_at"],
    )
    return len(write)
