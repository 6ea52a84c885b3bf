"""Writes of an employee's histories (riwayat) and documents: each history row with its optional
scan, each document validated by its content and stored privately; all or nothing."""

from __future__ import annotations

import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.access import Actor
from core.audit import stamp
from core.files import store_upload

from .. import access
from ..choices import DocumentKind
from ..models import DecreeRecord, Document, Employee, RankHistory, TrainingHistory
from ..rules.career import pppk_minimum_warning
from ..rules.documents import sniff_document_type
from ..selectors.histories import HistoryKind
from .records import check_history_row, refresh_current


# --- History rows ------------------------------------------------------------------------------------
def history_save(
    *,
    actor: Actor,
    employee: Employee,
    kind: HistoryKind,
    row: DecreeRecord,
    scan: UploadedFile | None = None,
) -> tuple[DecreeRecord, list[str]]:
    """Save a row (new or changed) and its optional scan, all or nothing; return (row, warnings)."""
    access.require(access.can_change_employee(actor, employee))
    if kind.decree_required and not (row.sk_number and row.sk_date):
        raise ValidationError({"sk_number": _("Nomor dan tanggal SK wajib diisi untuk riwayat ini.")})
    row.employee = employee  # type: ignore[attr-defined]
    check_history_row(employee, row)
    warnings = []
    if isinstance(row, RankHistory):
        warning = pppk_minimum_warning(row.golongan, employee.education)
        if warning:
            warnings.append(warning)
    with transaction.atomic():
        if scan is not None:
            try:
                row.scan = document_upload(
                    actor=actor,
                    employee=employee,
                    kind=kind.document_kind,
                    upload=scan,
                    title=str(kind.label),
                )
            except ValidationError as exc:
                raise ValidationError({"scan_file": exc.messages}) from exc
        stamp(row, actor)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as exc:  # unique TMT per employee, one Satyalancana of each kind
            raise ValidationError(_("Riwayat yang sama sudah tercatat (tanggal atau jenis ganda).")) from exc
        if kind.moves_current:
            refresh_current([employee.pk])
    return row, warnings


def history_delete(*, actor: Actor, kind: HistoryKind, row: DecreeRecord) -> None:
    employee: Employee = row.employee  # type: ignore[attr-defined]
    access.require(access.can_change_employee(actor, employee))
    with transaction.atomic():
        if kind.moves_current and getattr(employee, kind.related_name).count() <= 1:
            raise ValidationError(
                _("Riwayat ini satu-satunya; tambahkan yang benar dulu, baru hapus yang salah.")
            )
        stamp(row, actor)
        row.delete()
        if kind.moves_current:
            refresh_current([employee.pk])


# --- Training records fed by the training app --------------------------------------------------------
@transaction.atomic
def training_record_save(
    *,
    actor: Actor,
    employee: Employee,
    source_ref: str,
    name: str,
    category: str,
    organiser: str,
    start_date: date,
    end_date: date,
    hours: int,
) -> TrainingHistory:
    """The riwayat diklat row another app keeps for `source_ref` (the training app's completed
    enrolment), created or brought up to date: idempotent, one row per source (its unique key)."""
    access.require(access.can_change_employee(actor, employee))
    if not source_ref:
        raise ValueError("a training record written by another app names its source")
    row = TrainingHistory.objects.select_for_update().filter(source_ref=source_ref).first()
    if row is None:
        row = TrainingHistory(employee=employee, source_ref=source_ref)
    elif row.employee_id != employee.pk:
        raise ValidationError(_("Riwayat diklat ini milik pegawai lain."))
    row.name, row.category, row.organiser = name[:200], category, organiser[:200]
    row.start_date, row.end_date, row.hours = start_date, end_date, hours
    row.full_clean(validate_unique=False, validate_constraints=False)
    stamp(row, actor)
    row.save()
    return row


# --- Documents ---------------------------------------------------------------------------------------
def check_upload(upload: UploadedFile) -> tuple[str, str]:
    """(content type, extension) of an acceptable upload, or ValidationError in Indonesian."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": _("Berkas kosong. Pilih berkas PDF, JPEG, atau PNG.")})
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("Berkas terlalu besar (%(size)s). Batasnya %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    sniffed = sniff_document_type(head)
    if sniffed is None:
        raise ValidationError(
            {"file": _("Isi berkas bukan PDF, JPEG, atau PNG (nama berkas tidak menentukan jenisnya).")}
        )
    return sniffed


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def document_upload(
    *, actor: Actor, employee: Employee, kind: str, upload: UploadedFile, title: str = ""
) -> Document:
    access.require(access.can_upload_document(actor, employee))
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Pilih jenis dokumen.")})
    content_type, extension = check_upload(upload)
    document = Document(
        employee=employee,
        kind=kind,
        title=title,
        original_name=(upload.name or "berkas")[:255],
        content_type=content_type,
        extension=extension,
        size=upload.size or 0,
        sha256=_sha256(upload),
        uploaded_by_id=actor.user_id,
    )
    stamp(document, actor)
    try:
        with transaction.atomic():
            store_upload(document.file, upload)
            document.full_clean()
            document.save()
    except BaseException:
        # The row was not saved: remove the file so that nothing is left half-stored.
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


def document_delete(*, actor: Actor, document: Document) -> None:
    access.require(access.can_delete_document(actor, document.employee))
    name, storage = document.file.name, document.file.storage
    stamp(document, actor)
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))
