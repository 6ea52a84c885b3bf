"""Official travel (dinas luar): recorded by HR or the employee's head on its letter (SPT), with an
optional scan of the letter; the days it covers are built again at once (services.daily), so the
employee's calendar and the recap follow."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import audit
from core.access import Actor
from core.files import store_upload
from core.models import Instansi
from employees.models import Employee
from employees.rules.documents import sniff_document_type

from .. import access
from ..models import DinasLuar
from . import daily

FILE_MAX_BYTES = 5 * 1024 * 1024
# A letter for more than a year of travel is a typing error (a year typed wrong).
LONGEST_DAYS = 366


def check_letter(upload: UploadedFile) -> None:
    """A PDF, JPG or PNG by its content (its first bytes, not its name) of at most 5 MB."""
    if upload.size is not None and upload.size > FILE_MAX_BYTES:
        raise ValidationError({"letter_file": [_("Berkas paling besar 5 MB.")]})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if sniff_document_type(head) is None:
        raise ValidationError(
            {
                "letter_file": [
                    _("Isi berkas bukan PDF, JPEG, atau PNG (nama berkas tidak menentukan jenisnya).")
                ]
            }
        )


def _traveller(actor: Actor, instansi: Instansi, nip: str) -> Employee:
    nip = "".join(nip.split())
    employee = (
        Employee.objects.filter(access.dinas_luar_people(actor, instansi.pk), nip=nip, is_active=True)
        .select_related("unit")
        .first()
    )
    if employee is None:
        raise ValidationError(
            {
                "nip": [
                    _(
                        "Tidak ada pegawai aktif dengan NIP ini yang dinas luarnya dapat Anda catat di instansi ini."
                    )
                ]
            }
        )
    return employee


@transaction.atomic
def dinas_luar_create(
    *,
    actor: Actor,
    instansi: Instansi,
    nip: str,
    start: date,
    end: date,
    letter_number: str,
    letter_date: date,
    purpose: str = "",
    letter_file: UploadedFile | None = None,
) -> DinasLuar:
    """Record a travel of an employee of the agency; the covered days up to today are rebuilt."""
    access.require(access.dinas_luar_in_menu(actor))
    employee = _traveller(actor, instansi, nip)
    access.require(access.can_record_dinas_luar(actor, employee))
    if end < start:
        raise ValidationError({"end": [_("Tanggal selesai tidak boleh sebelum tanggal mulai.")]})
    if (end - start).days + 1 > LONGEST_DAYS:
        raise ValidationError({"end": [_("Dinas luar paling lama satu tahun; periksa tanggalnya.")]})
    if letter_date > end:
        raise ValidationError({"letter_date": [_("Tanggal SPT tidak boleh sesudah dinas luar berakhir.")]})
    if not letter_number.strip():
        raise ValidationError({"letter_number": [_("Tuliskan nomor SPT.")]})
    overlap = DinasLuar.objects.filter(employee=employee, start__lte=end, end__gte=start).first()
    if overlap is not None:
        raise ValidationError(
            _(
                "Pegawai ini sudah tercatat dinas luar %(start)s–%(end)s (SPT %(number)s) pada tanggal yang sama."
            )
            % {
                "start": date_format(overlap.start, "j F Y"),
                "end": date_format(overlap.end, "j F Y"),
                "number": overlap.letter_number,
            }
        )
    travel = DinasLuar(
        employee=employee,
        start=start,
        end=end,
        letter_number=letter_number.strip(),
        letter_date=letter_date,
        purpose=purpose.strip(),
        recorded_by_id=actor.user_id,
    )
    travel.full_clean(exclude=["letter_file"])
    if letter_file is not None:
        check_letter(letter_file)
        travel.letter_file_name = (letter_file.name or "spt")[:255]
        store_upload(travel.letter_file, letter_file, travel.letter_file_name)
    audit.stamp(travel, actor)
    travel.save()
    daily.build_days(start=start, end=end, employee_ids=[employee.pk])
    return travel


@transaction.atomic
def dinas_luar_delete(*, actor: Actor, travel: DinasLuar) -> None:
    """Remove a travel recorded by mistake; its days are built again from the records."""
    access.require(access.can_record_dinas_luar(actor, travel.employee))
    audit.stamp(travel, actor)
    employee_id, start, end = travel.employee_id, travel.start, travel.end
    stored = travel.letter_file.name if travel.letter_file else ""
    storage = travel.letter_file.storage
    travel.delete()
    daily.build_days(start=start, end=end, employee_ids=[employee_id])
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
