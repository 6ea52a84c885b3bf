"""Correction proposals (usulan perubahan data): the employee proposes, HR of the agency decides.

Approval applies the changes through employees.services.records.employee_update, so every rule of
the record runs, in one transaction with the status change: either both happen or neither does.
The employee and HR hear of each step through notifications.services.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import Actor
from core.audit import stamp
from core.models import HrAssignment
from notifications.services import NotificationItem, notify_many
from notifications.texts import Message

from .. import access
from ..choices import CorrectionStatus, DocumentKind
from ..models import SENSITIVE_FIELDS, CorrectionProposal, Employee
from ..selectors.corrections import CORRECTABLE_FIELDS, current_values, employee_field, field_label, serialize
from .histories import document_upload
from .records import check_identity, employee_update, sensitive_view_log

NOTIFY_SUBMITTED = "correction_submitted"
NOTIFY_DECIDED = "correction_decided"


# --- Values -----------------------------------------------------------------------------------------
def diff(employee: Employee, proposed: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The changed fields only, in the order of CORRECTABLE_FIELDS."""
    now = current_values(employee)
    return {
        name: {"old": now[name], "new": serialize(proposed[name])}
        for name in CORRECTABLE_FIELDS
        if name in proposed and serialize(proposed[name]) != now[name]
    }


def python_values(changes: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The new values as the model's Python types (a date for birth_date)."""
    values = {}
    for name, change in changes.items():
        if name not in CORRECTABLE_FIELDS:  # a stored proposal is data: trust only known fields
            raise ValidationError(
                _("Usulan memuat isian yang tidak boleh diubah: %(name)s.") % {"name": name}
            )
        values[name] = employee_field(name).to_python(change["new"])
    return values


def conflicts(proposal: CorrectionProposal, employee: Employee) -> list[str]:
    """Fields whose current value is no longer the proposal's "old" value (changed meanwhile)."""
    now = current_values(employee)
    return [name for name, change in proposal.changes.items() if now.get(name) != change["old"]]


def _labelled(exc: ValidationError, keep: tuple[str, ...] = ()) -> ValidationError:
    """Field errors of the record as "Label: message" lines (the decision forms have no such
    fields), except the ones named in `keep`, which stay attached to their field."""
    if not hasattr(exc, "error_dict"):
        return exc
    kept: dict[str, list[str]] = {}
    lines: list[str] = []
    for name, errors in exc.message_dict.items():
        if name in keep:
            kept[name] = errors
            continue
        try:
            label = field_label(name)
        except FieldDoesNotExist:  # NON_FIELD_ERRORS ("__all__")
            label = ""
        lines += [f"{label}: {message}" if label else message for message in errors]
    if kept:
        if lines:
            kept["__all__"] = lines
        return ValidationError(kept)
    return ValidationError(lines)


def check_values(
    employee: Employee, changes: dict[str, dict[str, str]], *, nip_mismatch_confirmed: bool
) -> None:
    """Validate the proposed record without saving it: the rules employee_update would apply."""
    copy = Employee.objects.get(pk=employee.pk)
    for name, value in python_values(changes).items():
        setattr(copy, name, value)
    if nip_mismatch_confirmed:
        copy.nip_mismatch_confirmed = True
    check_identity(copy)
    copy.full_clean()


# --- The workflow -----------------------------------------------------------------------------------
def correction_submit(
    *,
    actor: Actor,
    employee: Employee,
    proposed: dict[str, Any],
    reason: str,
    nip_mismatch_confirmed: bool = False,
    upload: UploadedFile | None = None,
    attachment_kind: str = DocumentKind.LAINNYA,
) -> CorrectionProposal:
    """The employee's proposal: only changed fields, valid values, at most one pending."""
    access.require(access.can_propose_correction(actor, employee))
    user_id = actor.user_id
    assert user_id is not None  # an actor with an employee record is a logged-in user
    with transaction.atomic():
        # Lock the record: two submits of the same employee run one after the other.
        employee = Employee.objects.select_for_update().select_related("unit").get(pk=employee.pk)
        changes = diff(employee, proposed)
        if not changes:
            raise ValidationError(_("Tidak ada data yang diubah. Ubah setidaknya satu isian."))
        if not reason.strip():
            raise ValidationError({"reason": _("Tuliskan alasan perubahan.")})
        if CorrectionProposal.objects.filter(employee=employee, status=CorrectionStatus.DIAJUKAN).exists():
            raise ValidationError(_pending_message())
        check_values(employee, changes, nip_mismatch_confirmed=nip_mismatch_confirmed)
        proposal = CorrectionProposal(
            employee=employee, changes=changes, reason=reason.strip(), submitted_by_id=user_id
        )
        stamp(proposal, actor)
        try:
            with transaction.atomic():
                proposal.save()
        except IntegrityError as exc:  # a concurrent submit won the one-pending constraint
            raise ValidationError(_pending_message()) from exc
        if upload is not None:
            proposal.attachment = document_upload(
                actor=actor,
                employee=employee,
                kind=attachment_kind,
                upload=upload,
                title=_("Lampiran usulan perubahan data"),
            )
            name = proposal.attachment.file.name
            try:
                proposal.save(update_fields=["attachment"])
            except BaseException:
                proposal.attachment.file.storage.delete(name)
                raise
        _notify_hr(proposal)
    return proposal


def _pending_message() -> str:
    return _(
        "Anda masih memiliki usulan perubahan data yang menunggu keputusan. "
        "Tunggu keputusannya atau batalkan usulan itu terlebih dahulu."
    )


def _lock_pending(proposal: CorrectionProposal) -> CorrectionProposal:
    locked = (
        CorrectionProposal.objects.select_for_update(of=("self",))
        .select_related("employee__unit", "employee__user")
        .get(pk=proposal.pk)
    )
    if not locked.is_pending:
        raise ValidationError(
            _("Usulan ini sudah %(status)s; tidak dapat diubah lagi.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def _close(proposal: CorrectionProposal, actor: Actor, status: str, note: str = "") -> None:
    proposal.status = status
    proposal.decided_by_id = actor.user_id
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    stamp(proposal, actor)
    proposal.full_clean(exclude=["employee", "attachment", "submitted_by", "decided_by"])
    proposal.save()


@transaction.atomic
def correction_approve(
    *,
    actor: Actor,
    proposal: CorrectionProposal,
    confirm_conflicts: bool = False,
    nip_mismatch_confirmed: bool = False,
    note: str = "",
) -> CorrectionProposal:
    """Apply the changes through employee_update and close the proposal, all or nothing."""
    access.require(access.can_decide_correction(actor, proposal))
    proposal = _lock_pending(proposal)
    access.require(access.can_decide_correction(actor, proposal))
    changed_meanwhile = conflicts(proposal, proposal.employee)
    if changed_meanwhile and not confirm_conflicts:
        raise ValidationError(
            {
                "confirm_conflicts": _(
                    "Data terkini sudah berbeda dengan data lama pada usulan (%(fields)s). "
                    "Periksa perbedaannya, lalu centang konfirmasi bila usulan tetap akan diterapkan."
                )
                % {"fields": ", ".join(field_label(name) for name in changed_meanwhile)}
            }
        )
    data = python_values(proposal.changes)
    if nip_mismatch_confirmed:
        data["nip_mismatch_confirmed"] = True
    try:
        employee_update(actor=actor, employee=proposal.employee, data=data)
    except ValidationError as exc:
        raise _labelled(exc, keep=("nip_mismatch_confirmed",)) from exc
    proposal.conflict_confirmed = bool(changed_meanwhile)
    _close(proposal, actor, CorrectionStatus.DISETUJUI, note.strip())
    _notify_employee(proposal)
    return proposal


@transaction.atomic
def correction_reject(*, actor: Actor, proposal: CorrectionProposal, reason: str) -> CorrectionProposal:
    access.require(access.can_decide_correction(actor, proposal))
    if not reason.strip():
        raise ValidationError({"decision_note": _("Tuliskan alasan penolakan.")})
    proposal = _lock_pending(proposal)
    _close(proposal, actor, CorrectionStatus.DITOLAK, reason.strip())
    _notify_employee(proposal)
    return proposal


@transaction.atomic
def correction_withdraw(*, actor: Actor, proposal: CorrectionProposal) -> CorrectionProposal:
    """The employee withdraws their own pending proposal."""
    access.require(access.can_withdraw_correction(actor, proposal))
    proposal = _lock_pending(proposal)
    _close(proposal, actor, CorrectionStatus.DIBATALKAN)
    return proposal


def correction_read(*, actor: Actor, proposal: CorrectionProposal) -> bool:
    """May the actor see the sensitive values in this proposal? A read by HR is logged (UU 27/2022)."""
    employee = proposal.employee
    if not access.can_view_sensitive(actor, employee):
        return False
    shown = [name for name in proposal.changes if name in SENSITIVE_FIELDS]
    if shown:
        sensitive_view_log(actor=actor, employee=employee, fields=[f"usulan:{name}" for name in shown])
    return True


# --- Notifications ----------------------------------------------------------------------------------
def _notify_hr(proposal: CorrectionProposal) -> None:
    employee = proposal.employee
    officers = (
        HrAssignment.objects.filter(instansi_id=employee.unit.instansi_id)
        .exclude(user_id=proposal.submitted_by_id)
        .values_list("user_id", flat=True)
    )
    url = reverse("employees:correction_detail", args=[proposal.pk])
    # Message ids (notifications.texts): each officer reads them in their own language.
    title = Message(gettext_lazy("Usulan perubahan data dari %(name)s"), {"name": employee.full_name})
    body = Message(
        gettext_lazy("Isian yang diusulkan untuk diubah: %(fields)s."),
        {"fields": [employee_field(name).verbose_name for name in proposal.changes]},
    )
    notify_many(
        NotificationItem(
            recipient_id=user_id,
            kind=NOTIFY_SUBMITTED,
            title=title,
            body=body,
            url=url,
            key=f"correction:{proposal.pk}:submitted",
        )
        for user_id in officers
    )


def _notify_employee(proposal: CorrectionProposal) -> None:
    user_id = proposal.employee.user_id
    if user_id is None:
        return
    if proposal.status == CorrectionStatus.DISETUJUI:
        title = Message(gettext_lazy("Usulan perubahan data Anda disetujui"))
        body = Message(gettext_lazy("Data Anda sudah diperbarui."))
    else:
        title = Message(gettext_lazy("Usulan perubahan data Anda ditolak"))
        body = Message(gettext_lazy("Alasan: %(reason)s"), {"reason": proposal.decision_note})
    notify_many(
        [
            NotificationItem(
                recipient_id=user_id,
                kind=NOTIFY_DECIDED,
                title=title,
                body=body,
                url=reverse("employees:correction_detail", args=[proposal.pk]),
                key=f"correction:{proposal.pk}:{proposal.status}",
            )
        ]
    )
