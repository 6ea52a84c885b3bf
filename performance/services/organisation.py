"""Writes of the organisation side of performance: the predikat kinerja organisasi of a unit per
year (set by the agency's HR; audited through simple_history)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.access import Actor
from core.audit import stamp
from core.models import UnitKerja

from .. import access
from ..choices import OrganisationPredikat
from ..models import PerformanceYear, UnitPredikat


@transaction.atomic
def unit_predikat_set(
    *, actor: Actor, year: PerformanceYear, unit: UnitKerja, predikat: str
) -> UnitPredikat | None:
    """Set (or, with an empty predikat, remove) the organisation predikat of a unit for a year.

    Returns the row, or None when it was removed. Setting the value it already has writes nothing
    (no history row)."""
    access.require(access.can_manage_performance(actor, year.instansi_id))
    if unit.instansi_id != year.instansi_id:
        raise ValidationError(_("Unit kerja %(unit)s bukan bagian dari instansi ini.") % {"unit": unit.name})
    if predikat and predikat not in OrganisationPredikat.values:
        raise ValidationError({"predikat": _("Predikat organisasi tidak dikenal.")})
    existing = UnitPredikat.objects.select_for_update().filter(year=year, unit=unit).first()
    if not predikat:
        if existing is not None:
            stamp(existing, actor)
            existing.delete()
        return None
    if existing is not None and existing.predikat == predikat:
        return existing
    record = existing or UnitPredikat(year=year, unit=unit)
    record.predikat = predikat
    record.set_by_id = actor.user_id
    record.full_clean(validate_constraints=False)  # the unique pair is guarded by the database below
    stamp(record, actor)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:  # someone set it at the same moment
        raise ValidationError(
            _("Predikat unit %(unit)s baru saja diubah oleh pengguna lain; muat ulang halaman.")
            % {"unit": unit.name}
        ) from exc
    return record


@transaction.atomic
def unit_predikat_save(*, actor: Actor, year: PerformanceYear, values: Mapping[UnitKerja, str]) -> int:
    """Set the predikat of several units at once (the HR form); all or nothing.

    Only the units whose value differs from what is stored are written. Returns how many changed."""
    access.require(access.can_manage_performance(actor, year.instansi_id))
    stored = dict(
        UnitPredikat.objects.filter(year=year, unit__in=list(values)).values_list("unit_id", "predikat")
    )
    changed = 0
    for unit, predikat in values.items():
        if stored.get(unit.pk, "") == (predikat or ""):
            continue
        unit_predikat_set(actor=actor, year=year, unit=unit, predikat=predikat)
        changed += 1
    return changed
