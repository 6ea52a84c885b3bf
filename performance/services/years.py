"""Writes of performance years (HR of the agency): a year with its periods, and the predikat kinerja
organisasi of each unit for the year (audited through simple_history)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.access import Actor
from core.audit import stamp
from core.models import Instansi, UnitKerja

from .. import access
from ..choices import OrganisationPredikat, PeriodKind
from ..models import Feedback, PerformanceYear, Period, UnitPredikat
from ..rules import periods_for


def period_rows(year: PerformanceYear) -> list[Period]:
    rows = []
    for number, start, end in periods_for(year.year, year.frequency):
        rows.append(
            Period(
                year=year,
                kind=PeriodKind.PERIODIC,
                number=number,
                start=start,
                end=end,
                realisation_deadline=end + timedelta(days=year.realisation_days),
                appraisal_deadline=end + timedelta(days=year.appraisal_days),
            )
        )
    first, last = rows[0].start, rows[-1].end
    rows.append(
        Period(
            year=year,
            kind=PeriodKind.ANNUAL,
            number=0,
            start=first,
            end=last,
            realisation_deadline=last + timedelta(days=year.realisation_days),
            appraisal_deadline=last + timedelta(days=year.appraisal_days),
        )
    )
    return rows


@transaction.atomic
def year_create(
    *,
    actor: Actor,
    instansi: Instansi,
    year: int,
    frequency: str,
    skp_deadline: date,
    realisation_days: int = 5,
    appraisal_days: int = 10,
    threshold_above: Decimal = Decimal(110),
    threshold_meets: Decimal = Decimal(80),
) -> PerformanceYear:
    """Open a performance year for an agency, with its periodic periods and the annual evaluation."""
    access.require(access.can_manage_performance(actor, instansi.pk))
    record = PerformanceYear(
        instansi=instansi,
        year=year,
        frequency=frequency,
        skp_deadline=skp_deadline,
        realisation_days=realisation_days,
        appraisal_days=appraisal_days,
        threshold_above=threshold_above,
        threshold_meets=threshold_meets,
    )
    if Decimal(threshold_above) <= Decimal(threshold_meets):
        raise ValidationError(
            {
                "threshold_above": _(
                    "Ambang Di Atas Ekspektasi harus lebih tinggi dari ambang Sesuai Ekspektasi."
                )
            }
        )
    if PerformanceYear.objects.filter(instansi=instansi, year=year).exists():
        raise ValidationError({"year": _("Tahun kinerja %(year)s sudah dibuka.") % {"year": year}})
    record.full_clean()
    stamp(record, actor)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:
        raise ValidationError({"year": _("Tahun kinerja %(year)s sudah dibuka.") % {"year": year}}) from exc
    Period.objects.bulk_create(period_rows(record))
    return record


@transaction.atomic
def year_update(*, actor: Actor, record: PerformanceYear, **changes: object) -> PerformanceYear:
    """Change deadlines and thresholds; the frequency is fixed once SKPs exist (periods hang on it)."""
    access.require(access.can_manage_performance(actor, record.instansi_id))
    record = PerformanceYear.objects.select_for_update().get(pk=record.pk)
    frequency = changes.get("frequency", record.frequency)
    used = (
        record.periods.filter(Q(realisations__isnull=False) | Q(appraisals__isnull=False)).exists()
        or Feedback.objects.filter(period__year=record).exists()
    )
    if frequency != record.frequency and used:
        raise ValidationError(
            {
                "frequency": _(
                    "Frekuensi tidak dapat diubah karena realisasi, dialog kinerja, atau penilaian sudah ada pada tahun ini."
                )
            }
        )
    for name, value in changes.items():
        setattr(record, name, value)
    if Decimal(str(record.threshold_above)) <= Decimal(str(record.threshold_meets)):
        raise ValidationError(
            {
                "threshold_above": _(
                    "Ambang Di Atas Ekspektasi harus lebih tinggi dari ambang Sesuai Ekspektasi."
                )
            }
        )
    record.full_clean()
    stamp(record, actor)
    record.save()
    # Rebuild the periods when the frequency changed; otherwise move the deadlines only.
    existing = list(record.periods.all())
    wanted = period_rows(record)
    if [(p.kind, p.number) for p in existing] != [(p.kind, p.number) for p in wanted]:
        record.periods.all().delete()
        Period.objects.bulk_create(wanted)
    else:
        for old, new in zip(existing, wanted, strict=True):
            old.realisation_deadline = new.realisation_deadline
            old.appraisal_deadline = new.appraisal_deadline
        Period.objects.bulk_update(existing, ["realisation_deadline", "appraisal_deadline"])
    return record


# --- The organisation predikat of units -------------------------------------------------------------
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
