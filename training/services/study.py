"""Writes of study assignments: the employee's request (eligibility checked), the atasan's
recommendation, HR's decision, the semester reports, the completion and a withdrawal.

The working state belongs to the personnel record: an approved tugas belajar sets it to
"tugas belajar", its completion back to "aktif", both through employees.services.records in the
same transaction (a failure there undoes the decision). Izin belajar leaves it as it is.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import Actor
from core.audit import stamp
from core.files import store_upload
from employees.choices import WorkingState
from employees.models import Employee
from employees.rules.documents import sniff_document_type
from employees.selectors.superiors import atasan_langsung
from employees.services.records import employee_update, working_state_follow
from notifications.services import NotificationItem, notify_many
from notifications.texts import Message

from .. import access
from ..choices import StudyKind, StudyState
from ..models import STUDY_TEXT_MAX, StudyAssignment, StudyReport
from ..rules.study import eligibility, next_report_due, obligation_end
from ..selectors import study as selectors
from .notify import hr_user_ids

FILE_MAX_BYTES = 5 * 1024 * 1024

# Notification titles (msgids; each reader sees them in their own language).
REQUESTED = gettext_lazy("%(name)s mengajukan %(kind)s di %(institution)s")
RECOMMENDED = gettext_lazy("Pengajuan %(kind)s %(name)s menunggu keputusan kepegawaian")
APPROVED = gettext_lazy("%(kind)s %(name)s disetujui")
REJECTED = gettext_lazy("%(kind)s %(name)s ditolak")
REPORTED = gettext_lazy("%(name)s mengirim laporan kemajuan studi")
COMPLETED = gettext_lazy("%(kind)s %(name)s selesai")
WITHDRAWN = gettext_lazy("Pengajuan %(kind)s %(name)s ditarik")


def _notify(
    study: StudyAssignment,
    *,
    event: str,
    title: str | Promise,
    employees: list[Employee | None] = (),  # type: ignore[assignment]
    hr: bool = False,
    skip_user_id: int | None = None,
) -> None:
    """Tell each named employee with an account (and the agency's HR when `hr`), once per event,
    never the one who acted; inside the caller's transaction."""
    recipients = {e.user_id for e in employees if e is not None and e.user_id is not None}
    if hr:
        recipients |= set(hr_user_ids(study.instansi_id))
    if skip_user_id is not None:
        recipients.discard(skip_user_id)
    message = Message(
        title,
        {"name": study.employee.name, "kind": study.get_kind_display(), "institution": study.institution},
    )
    notify_many(
        NotificationItem(
            recipient_id=user_id,
            kind=f"training_study_{event}",
            title=message,
            key=f"training:study:{study.pk}:{event}",
            url=study.get_absolute_url(),
        )
        for user_id in sorted(recipients)
    )


def check_document(upload: UploadedFile, field: str) -> None:
    """A PDF, JPG or PNG (read from its first bytes) of at most 5 MB, as the other uploads."""
    if upload.size is not None and upload.size > FILE_MAX_BYTES:
        raise ValidationError({field: [_("Berkas paling besar 5 MB.")]})
    head = upload.read(16)
    upload.seek(0)
    if sniff_document_type(head) is None:
        raise ValidationError({field: [_("Berkas harus berupa PDF, JPG atau PNG.")]})


def _store(field_file: FieldFile, upload: UploadedFile) -> str:
    name = (upload.name or "berkas")[:255]
    store_upload(field_file, upload, name)
    return name


def _lock(study: StudyAssignment) -> StudyAssignment:
    return (
        StudyAssignment.objects.select_for_update(of=("self",))
        .select_related("instansi", "employee__unit", "approver")
        .get(pk=study.pk)
    )


def _text(value: str) -> str:
    return value.strip()[:STUDY_TEXT_MAX]


def eligibility_of(
    employee: Employee, *, kind: str, level: str, today: date, excluding: int | None = None
) -> list[Any]:
    """The checks shown on the form and enforced by study_request; shown again to the atasan and HR
    on the request's page (`excluding` that request), as they stand on the day they decide."""
    study_rules = selectors.rules()
    return eligibility(
        selectors.candidate(employee, today=today, study_rules=study_rules, excluding=excluding),
        kind=kind,
        level=level,
        today=today,
        rules=study_rules,
    )


@transaction.atomic
def study_request(*, actor: Actor, data: dict[str, Any], letter: UploadedFile) -> StudyAssignment:
    """The employee asks for a tugas or izin belajar; their atasan langsung recommends next (HR
    decides directly when nobody is above). Every eligibility check must pass."""
    access.require(access.can_request_study(actor))
    assert actor.employee_id is not None
    # Lock the employee's row: two requests at once cannot both pass the "no other study" check.
    employee = Employee.objects.select_for_update().select_related("unit").get(pk=actor.employee_id)
    today = timezone.localdate()
    checks = eligibility_of(employee, kind=data["kind"], level=data["level"], today=today)
    failed = [c for c in checks if not c.ok]
    if failed:
        raise ValidationError(
            [_("Belum memenuhi syarat: %(label)s.") % {"label": c.label} for c in failed], code="ineligible"
        )
    if data["start_date"] < today:
        raise ValidationError({"start_date": [_("Rencana mulai tidak boleh sebelum hari ini.")]})
    check_document(letter, "acceptance_letter")
    approver = atasan_langsung(employee)
    study = StudyAssignment(
        instansi_id=employee.unit.instansi_id,
        employee=employee,
        kind=data["kind"],
        level=data["level"],
        study_programme=_text(data["study_programme"]),
        institution=_text(data["institution"]),
        country=data["country"],
        country_name=_text(data.get("country_name", "")),
        funding=data["funding"],
        funding_note=_text(data.get("funding_note", "")),
        start_date=data["start_date"],
        end_date=data["end_date"],
        approver=approver,
        state=StudyState.REQUESTED if approver is not None else StudyState.RECOMMENDED,
    )
    study.full_clean(exclude=["acceptance_letter"])
    study.acceptance_letter_name = _store(study.acceptance_letter, letter)
    stamp(study, actor)
    try:
        with transaction.atomic():
            study.save()
    except IntegrityError as exc:  # training_one_active_study
        raise ValidationError(_("Anda sedang mengajukan atau menjalani tugas/izin belajar.")) from exc
    if approver is None:
        _notify(study, event="recommended", title=RECOMMENDED, hr=True, skip_user_id=actor.user_id)
    else:
        _notify(study, event="requested", title=REQUESTED, employees=[approver])
    return study


@transaction.atomic
def study_recommend(
    *, actor: Actor, study: StudyAssignment, recommended: bool, reason: str = ""
) -> StudyAssignment:
    """The atasan langsung recommends (or not, with a reason); HR decides next either way."""
    study = _lock(study)
    if access.is_study_employee(actor, study):
        raise PermissionDenied(_("Anda tidak dapat merekomendasikan pengajuan Anda sendiri."))
    access.require(access.can_recommend_study(actor, study))
    if not recommended and not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan bila tidak merekomendasikan.")]})
    study.recommended = recommended
    study.recommendation_reason = _text(reason)
    study.recommended_at = timezone.now()
    study.state = StudyState.RECOMMENDED
    stamp(study, actor)
    study.save(update_fields=["recommended", "recommendation_reason", "recommended_at", "state"])
    _notify(study, event="recommended", title=RECOMMENDED, employees=[study.employee], hr=True,
            skip_user_id=actor.user_id)  # fmt: skip
    return study


@transaction.atomic
def study_decide(
    *,
    actor: Actor,
    study: StudyAssignment,
    approve: bool,
    reason: str = "",
    decree_number: str = "",
    decree_date: date | None = None,
) -> StudyAssignment:
    """HR approves (with the decree's number and date) or rejects (with a reason). An approved tugas
    belajar sets the employee's working state in the same transaction."""
    study = _lock(study)
    if access.is_study_employee(actor, study):
        raise PermissionDenied(_("Anda tidak dapat memutuskan pengajuan Anda sendiri."))
    access.require(access.can_decide_study(actor, study))
    study.decided_by_id = actor.user_id
    study.decided_at = timezone.now()
    study.decision_reason = _text(reason)
    if not approve:
        if not reason.strip():
            raise ValidationError({"reason": [_("Tuliskan alasan penolakan.")]})
        study.state = StudyState.REJECTED
    else:
        errors = {}
        if not decree_number.strip():
            errors["decree_number"] = [_("Isi nomor keputusan.")]
        if decree_date is None:
            errors["decree_date"] = [_("Isi tanggal keputusan.")]
        if errors:
            raise ValidationError(errors)
        study.decree_number = decree_number.strip()[:100]
        study.decree_date = decree_date
        study.state = StudyState.ONGOING
        study.next_report_due = next_report_due(start=study.start_date, reported=0, rules=selectors.rules())
        if study.kind == StudyKind.TUGAS_BELAJAR:
            employee = study.employee
            if employee.working_state != WorkingState.AKTIF:
                raise ValidationError(
                    _(
                        "Keadaan kepegawaian %(name)s bukan aktif (%(state)s): tugas belajar tidak dapat dimulai."
                    )
                    % {"name": employee.name, "state": employee.get_working_state_display()}
                )
            if study.start_date <= timezone.localdate():  # else on its first day (study_states_sync)
                employee_update(
                    actor=actor, employee=employee, data={"working_state": WorkingState.TUGAS_BELAJAR}
                )
    study.full_clean(exclude=["acceptance_letter", "diploma"])
    stamp(study, actor)
    study.save()
    event, title = ("approved", APPROVED) if approve else ("rejected", REJECTED)
    _notify(study, event=event, title=title, employees=[study.employee, study.approver],
            skip_user_id=actor.user_id)  # fmt: skip
    return study


@transaction.atomic
def study_report_submit(
    *,
    actor: Actor,
    study: StudyAssignment,
    semester: int,
    gpa: Decimal,
    credits: int,
    transcript: UploadedFile,
    note: str = "",
) -> StudyReport:
    """The employee's report of a semester; the next one is due a semester later."""
    study = _lock(study)
    access.require(access.can_report_study(actor, study))
    if timezone.localdate() < study.start_date:
        raise ValidationError(
            _("Laporan semester dikirim setelah studi dimulai (%(date)s).")
            % {"date": date_format(study.start_date, "j F Y")}
        )
    check_document(transcript, "transcript")
    report = StudyReport(assignment=study, semester=semester, gpa=gpa, credits=credits, note=_text(note))
    report.full_clean(exclude=["transcript", "assignment"])
    if study.reports.filter(semester=semester).exists():
        raise ValidationError({"semester": [_("Laporan semester ini sudah dikirim.")]})
    report.transcript_name = _store(report.transcript, transcript)
    report.save()
    reported = study.reports.count()
    study.next_report_due = next_report_due(
        start=study.start_date, reported=reported, rules=selectors.rules()
    )
    study.save(update_fields=["next_report_due"])
    _notify(study, event=f"report{semester}", title=REPORTED, hr=True, skip_user_id=actor.user_id)
    return report


@transaction.atomic
def study_complete(
    *, actor: Actor, study: StudyAssignment, graduation_date: date, diploma: UploadedFile
) -> StudyAssignment:
    """HR records the graduation: the assignment ends, a tugas belajar's working state is aktif
    again and its service obligation runs from the graduation date."""
    study = _lock(study)
    if access.is_study_employee(actor, study):
        raise PermissionDenied(_("Anda tidak dapat menyelesaikan tugas belajar Anda sendiri."))
    access.require(access.can_complete_study(actor, study))
    if graduation_date <= study.start_date:
        raise ValidationError({"graduation_date": [_("Tanggal lulus harus sesudah tanggal mulai studi.")]})
    if graduation_date > timezone.localdate():
        raise ValidationError({"graduation_date": [_("Tanggal lulus tidak boleh di masa depan.")]})
    check_document(diploma, "diploma")
    study.graduation_date = graduation_date
    study.state = StudyState.COMPLETED
    study.next_report_due = None
    if study.kind == StudyKind.TUGAS_BELAJAR:
        study.obligation_end = obligation_end(
            start=study.start_date, graduation=graduation_date, rules=selectors.rules()
        )
        employee = study.employee
        if employee.working_state == WorkingState.TUGAS_BELAJAR:
            employee_update(actor=actor, employee=employee, data={"working_state": WorkingState.AKTIF})
    study.diploma_name = _store(study.diploma, diploma)
    stamp(study, actor)
    study.save()
    _notify(study, event="completed", title=COMPLETED, employees=[study.employee], skip_user_id=actor.user_id)
    return study


@transaction.atomic
def study_withdraw(*, actor: Actor, study: StudyAssignment) -> StudyAssignment:
    """The employee withdraws their request before HR decides."""
    study = _lock(study)
    access.require(access.can_withdraw_study(actor, study))
    study.state = StudyState.WITHDRAWN
    stamp(study, actor)
    study.save(update_fields=["state"])
    _notify(study, event="withdrawn", title=WITHDRAWN, employees=[study.approver], hr=True,
            skip_user_id=actor.user_id)  # fmt: skip
    return study


def study_states_sync(*, actor: Actor, on: date | None = None) -> int:
    """Daily (training.tasks.sync_study_states): those whose approved tugas belajar has started move
    from *aktif* to *tugas belajar* (a decision taken before the first day changes nothing yet).
    Set-based: one query finds who moves; HR's own setting of another state is never overwritten.
    Idempotent. Returns how many moved."""
    on = on or timezone.localdate()
    starting = StudyAssignment.objects.filter(
        kind=StudyKind.TUGAS_BELAJAR,
        state=StudyState.ONGOING,
        start_date__lte=on,
        employee__working_state=WorkingState.AKTIF,
    ).values_list("employee_id", flat=True)
    return len(
        working_state_follow(
            actor=actor,
            employee_ids=list(starting),
            state=WorkingState.TUGAS_BELAJAR,
            from_state=WorkingState.AKTIF,
        )
    )
