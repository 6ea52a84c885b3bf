"""HR's corrections of the agency's working-day calendar and the units' working weeks."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.access import Actor
from core.bounds import date_in_bounds
from core.models import Instansi, UnitKerja

from .. import access
from ..choices import DayOffKind, WorkWeek
from ..models import CalendarDay, UnitWorkWeek


@transaction.atomic
def calendar_day_set(
    *,
    actor: Actor,
    instansi: Instansi,
    day: date,
    name: str,
    is_off: bool,
    kind: str = DayOffKind.LIBUR_DAERAH,
) -> CalendarDay:
    """Add a day off for the agency, or correct a national one (is_off False: the agency works)."""
    access.require_in_agency(actor, access.can_manage_leave(actor, instansi.pk), instansi.pk)
    if not date_in_bounds(day):
        raise ValidationError({"day": [_("Tanggal di luar rentang yang diizinkan.")]})
    if not name.strip():
        raise ValidationError({"name": [_("Tuliskan keterangan hari ini.")]})
    if kind not in DayOffKind.values:
        raise ValidationError({"kind": [_("Pilih jenis hari.")]})
    row = CalendarDay.objects.filter(instansi=instansi, day=day).first() or CalendarDay(
        instansi=instansi, day=day
    )
    row.name, row.is_off, row.kind, row.created_by_id = name.strip(), is_off, kind, actor.user_id
    row.full_clean()
    audit.stamp(row, actor)
    row.save()
    return row


@transaction.atomic
def calendar_day_delete(*, actor: Actor, row: CalendarDay) -> None:
    access.require_in_agency(actor, access.can_manage_leave(actor, row.instansi_id), row.instansi_id)
    audit.stamp(row, actor)
    row.delete()


@transaction.atomic
def work_week_set(*, actor: Actor, unit: UnitKerja, days: int) -> UnitWorkWeek | None:
    """A unit's working week: 6 days stores the setting, 5 (the Perpres default) removes it."""
    access.require_in_agency(actor, access.can_manage_leave(actor, unit.instansi_id), unit.instansi_id)
    if days not in WorkWeek.values:
        raise ValidationError({"days": [_("Pilih 5 atau 6 hari kerja.")]})
    row = UnitWorkWeek.objects.filter(unit=unit).first()
    if days == WorkWeek.LIMA:
        if row is not None:
            audit.stamp(row, actor)
            row.delete()
        return None
    row = row or UnitWorkWeek(unit=unit)
    row.days = days
    audit.stamp(row, actor)
    row.save()
    return row
