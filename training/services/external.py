"""Writes of external learning: the employee records, changes or withdraws a record with its
certificate (validated by content and size as the employees app validates documents); HR of the
employee's agency verifies it, writing the riwayat diklat row (and so its JP) in the same
transaction, or rejects it with a reason. The employee is told of the decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import Actor
from core.audit import stamp
from core.files import store_upload
from employees.models import Employee
from employees.services.histories import check_upload, training_record_save
from notifications.services import NotificationItem, notify_many
from notifications.texts import Message

from .. import access
from ..choices import ExternalState, ProgrammeForm, ProgrammeKind
from ..models import ExternalLearning
from ..rules import history_category
from ..rules.external import record_problems, reject_problem

VERIFIED = gettext_lazy("Pembelajaran mandiri “%(title)s” diverifikasi; JP-nya dihitung")
REJECTED = gettext_lazy("Pembelajaran mandiri “%(title)s” ditolak")


@dataclass(frozen=True)
class Details:
    """What the employee records (the form's cleaned data)."""

    title: str
    kind: str
    form: str
    organiser: str
    start_date: date
    end_date: date
    jp: int


def _check(details: Details) -> None:
    problems = record_problems(
        start=details.start_date, end=details.end_date, jp=details.jp, today=timezone.localdate()
    )
    if details.kind not in ProgrammeKind.values:
        problems["kind"] = _("Pilih jenis kompetensi.")
    if details.form not in ProgrammeForm.values:
        problems["form"] = _("Pilih bentuk kegiatan.")
    if not details.title.strip():
        problems["title"] = _("Isi nama kegiatan.")
    if not details.organiser.strip():
        problems["organiser"] = _("Isi penyelenggara.")
    if problems:
        raise ValidationError(problems)


def _apply(record: ExternalLearning, details: Details) -> None:
    record.title, record.kind, record.form = details.title.strip()[:200], details.kind, details.form
    record.organiser = details.organiser.strip()[:200]
    record.start_date, record.end_date, record.jp = details.start_date, details.end_date, details.jp


def _attach(record: ExternalLearning, upload: UploadedFile) -> None:
    try:
        content_type, extension = check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"certificate": exc.messages}) from exc
    record.certificate_name = (upload.name or "sertifikat")[:255]
    record.certificate_type, record.certificate_extension = content_type, extension
    store_upload(record.certificate, upload, upload.name or "sertifikat")


def _save_with_file(record: ExternalLearning, old_name: str = "") -> None:
    """Save the row; a failure removes the new file, a success removes the file it replaced."""
    new_name = record.certificate.name if record.certificate.name != old_name else ""
    storage = record.certificate.storage
    try:
        with transaction.atomic():
            record.full_clean(exclude=["certificate"] if not record.certificate.name else None)
            record.save()
    except BaseException:
        if new_name:
            storage.delete(new_name)
        raise
    if new_name and old_name:
        transaction.on_commit(lambda: storage.delete(old_name))


@transaction.atomic
def external_record(*, actor: Actor, details: Details, certificate: UploadedFile | None) -> ExternalLearning:
    """The actor records their own external learning; it waits for HR's verification."""
    access.require(access.can_record_external(actor))
    employee = Employee.objects.select_related("unit").get(pk=actor.employee_id or 0)
    _check(details)
    if certificate is None:
        raise ValidationError(
            {"certificate": _("Unggah sertifikat atau bukti kegiatan (PDF, JPEG, atau PNG).")}
        )
    record = ExternalLearning(employee=employee, state=ExternalState.PENDING, submitted_at=timezone.now())
    _apply(record, details)
    _attach(record, certificate)
    stamp(record, actor)
    _save_with_file(record)
    return record


def _locked(record: ExternalLearning) -> ExternalLearning:
    return (
        ExternalLearning.objects.select_for_update(of=("self",))
        .select_related("employee__unit__instansi")
        .get(pk=record.pk)
    )


@transaction.atomic
def external_update(
    *, actor: Actor, record: ExternalLearning, details: Details, certificate: UploadedFile | None = None
) -> ExternalLearning:
    """The employee changes their waiting record (and may replace its certificate)."""
    record = _locked(record)
    access.require(access.is_external_owner(actor, record))
    if not access.can_edit_external(actor, record):
        raise ValidationError(_("Catatan ini sudah diputuskan dan tidak dapat diubah lagi."))
    _check(details)
    _apply(record, details)
    old_name = record.certificate.name
    if certificate is not None:
        _attach(record, certificate)
    stamp(record, actor)
    _save_with_file(record, old_name)
    return record


@transaction.atomic
def external_withdraw(*, actor: Actor, record: ExternalLearning) -> ExternalLearning:
    record = _locked(record)
    access.require(access.is_external_owner(actor, record))
    if not access.can_edit_external(actor, record):
        raise ValidationError(_("Catatan ini sudah diputuskan dan tidak dapat ditarik lagi."))
    record.state = ExternalState.WITHDRAWN
    stamp(record, actor)
    record.save(update_fields=["state"])
    return record


def _decide(actor: Actor, record: ExternalLearning, state: str, note: str) -> ExternalLearning:
    record.state, record.decision_note = state, note.strip()
    record.decided_by_id, record.decided_at = actor.user_id, timezone.now()
    stamp(record, actor)
    record.save(update_fields=["state", "decision_note", "decided_by", "decided_at"])
    if record.employee.user_id is not None and record.employee.user_id != actor.user_id:
        notify_many(
            [
                NotificationItem(
                    recipient_id=record.employee.user_id,
                    kind=f"training_external_{state}",
                    title=Message(
                        VERIFIED if state == ExternalState.VERIFIED else REJECTED, {"title": record.title}
                    ),
                    key=f"training:external:{record.pk}:{state}",
                    url=record.get_absolute_url(),
                )
            ]
        )
    return record


def _decidable(actor: Actor, record: ExternalLearning) -> ExternalLearning:
    record = _locked(record)
    access.require_in_agency(
        actor, access.is_external_verifier(actor, record), record.employee.unit.instansi_id
    )
    if not access.can_decide_external(actor, record):
        raise ValidationError(
            _(
                "Catatan ini berstatus “%(state)s”; hanya catatan yang menunggu verifikasi yang dapat diputuskan."
            )
            % {"state": record.get_state_display()}
        )
    return record


@transaction.atomic
def external_verify(*, actor: Actor, record: ExternalLearning, note: str = "") -> ExternalLearning:
    """HR verifies: the riwayat diklat row is written (its JP count from then on), all or nothing."""
    record = _decidable(actor, record)
    training_record_save(
        actor=actor,
        employee=record.employee,
        source_ref=record.source_ref,
        name=record.title,
        category=history_category(record.kind, record.form),
        organiser=record.organiser,
        start_date=record.start_date,
        end_date=record.end_date,
        hours=record.jp,
    )
    return _decide(actor, record, ExternalState.VERIFIED, note)


@transaction.atomic
def external_reject(*, actor: Actor, record: ExternalLearning, reason: str) -> ExternalLearning:
    """HR rejects with a reason the employee reads; nothing is written to the riwayat diklat."""
    record = _decidable(actor, record)
    problem = reject_problem(reason)
    if problem:
        raise ValidationError({"reason": problem})
    return _decide(actor, record, ExternalState.REJECTED, reason)
