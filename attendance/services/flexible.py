"""Flexible-work arrangements (PermenPANRB 4/2025): recorded by HR or the employee's head on the
decision letter; one arrangement at a time per employee. The days it covers up to today are built
again at once (services.daily), so the employee's calendar and the recap follow."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import audit
from core.access import Actor
from core.models import Instansi
from employees.models import Employee

from .. import access
from ..choices import FlexibleMode
from ..models import FlexibleWork
from . import daily

# An arrangement for more than a year is a typing error (a year typed wrong); a new letter renews it.
LONGEST_DAYS = 366


def _worker(actor: Actor, instansi: Instansi, nip: str) -> Employee:
    """The employee by NIP among those whose arrangements the actor records, row-locked so that two
    arrangements recorded at once for one employee cannot both pass the overlap check."""
    nip = "".join(nip.split())
    found = (
        Employee.objects.filter(access.flexible_people(actor, instansi.pk), nip=nip, is_active=True)
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        raise ValidationError(
            {
                "nip": [
                    _(
                        "Tidak ada pegawai aktif dengan NIP ini yang kerja fleksibelnya dapat Anda catat di instansi ini."
                    )
                ]
            }
        )
    return Employee.objects.select_for_update(of=("self",)).select_related("unit").get(pk=found)


@transaction.atomic
def flexible_create(
    *,
    actor: Actor,
    instansi: Instansi,
    nip: str,
    start: date,
    end: date,
    mode: str,
    letter_number: str,
    letter_date: date,
    note: str = "",
) -> FlexibleWork:
    """Record an arrangement of an employee of the agency; the covered days up to today are rebuilt."""
    access.require(access.flexible_in_menu(actor))
    employee = _worker(actor, instansi, nip)
    access.require(access.can_record_flexible(actor, employee))
    if mode not in FlexibleMode.values:
        raise ValidationError({"mode": [_("Pilih jenis kerja fleksibel.")]})
    if end < start:
        raise ValidationError({"end": [_("Tanggal selesai tidak boleh sebelum tanggal mulai.")]})
    if (end - start).days + 1 > LONGEST_DAYS:
        raise ValidationError(
            {"end": [_("Kerja fleksibel paling lama satu tahun per surat keputusan; periksa tanggalnya.")]}
        )
    if letter_date > end:
        raise ValidationError(
            {"letter_date": [_("Tanggal surat keputusan tidak boleh sesudah kerja fleksibel berakhir.")]}
        )
    if not letter_number.strip():
        raise ValidationError({"letter_number": [_("Tuliskan nomor surat keputusan.")]})
    overlap = FlexibleWork.objects.filter(employee=employee, start__lte=end, end__gte=start).first()
    if overlap is not None:
        raise ValidationError(
            _(
                "Pegawai ini sudah tercatat kerja fleksibel %(start)s–%(end)s (surat %(number)s) pada "
                "tanggal yang bertumpang tindih. Hapus atau sesuaikan catatan itu lebih dulu."
            )
            % {
                "start": date_format(overlap.start, "j F Y"),
                "end": date_format(overlap.end, "j F Y"),
                "number": overlap.letter_number,
            }
        )
    arrangement = FlexibleWork(
        employee=employee,
        start=start,
        end=end,
        mode=mode,
        letter_number=letter_number.strip(),
        letter_date=letter_date,
        note=note.strip(),
        recorded_by_id=actor.user_id,
    )
    arrangement.full_clean()
    audit.stamp(arrangement, actor)
    arrangement.save()
    daily.build_days(start=start, end=end, employee_ids=[employee.pk])
    return arrangement


@transaction.atomic
def flexible_delete(*, actor: Actor, arrangement: FlexibleWork) -> None:
    """Remove an arrangement recorded by mistake; its days are built again from the records."""
    access.require(access.can_record_flexible(actor, arrangement.employee))
    audit.stamp(arrangement, actor)
    employee_id, start, end = arrangement.employee_id, arrangement.start, arrangement.end
    arrangement.delete()
    daily.build_days(start=start, end=end, employee_ids=[employee_id])
