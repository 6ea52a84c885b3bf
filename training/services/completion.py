"""Writes of attendance and completion: HR marks a session's attendance for the whole list in one
transaction, then records each participant's result; a pass issues the certificate's code and writes
the employee's riwayat diklat with its JP through the employees app's service (one row per
enrolment, written again rather than twice)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import Actor
from core.audit import stamp
from employees.services.histories import training_record_save

from .. import access
from ..choices import CompletionResult, EnrolmentAction, EnrolmentState, ProgrammeState
from ..models import Attendance, Enrolment, Programme, Session
from ..rules import history_category, new_certificate_code, score_problem
from . import notify
from .enrolment import move

NOTE_MAX = 200


@dataclass(frozen=True)
class Mark:
    present: bool
    note: str = ""


@transaction.atomic
def attendance_save(*, actor: Actor, session: Session, marks: Mapping[int, Mark]) -> int:
    """Attendance of a session for every participant named in `marks` (enrolment id → mark), written
    in one statement; a participant who is not on the list is refused, nothing is half-saved."""
    programme = session.programme
    access.check(actor, access.can_mark_attendance(actor, programme), programme)
    if programme.state in (ProgrammeState.DRAFT, ProgrammeState.CANCELLED, ProgrammeState.FINISHED):
        # A finished programme's attendance backs its certificates: it is not rewritten.
        raise ValidationError(_("Kehadiran hanya dicatat untuk program yang berjalan."))
    if session.date > timezone.localdate():
        raise ValidationError(_("Kehadiran sesi yang belum berlangsung belum dapat dicatat."))
    on_list = set(
        programme.enrolments.filter(
            state__in=[EnrolmentState.CONFIRMED, EnrolmentState.COMPLETED]
        ).values_list("pk", flat=True)
    )
    unknown = set(marks) - on_list
    if unknown:
        raise ValidationError(_("Ada peserta yang tidak terdaftar pada program ini."))
    if (
        actor.employee_id is not None
        and programme.enrolments.filter(pk__in=list(marks), employee_id=actor.employee_id).exists()
    ):
        raise ValidationError(_("Kehadiran Anda sendiri dicatat oleh petugas lain."))
    now = timezone.now()
    rows = [
        Attendance(
            enrolment_id=pk,
            session=session,
            present=mark.present,
            note=mark.note.strip()[:NOTE_MAX],
            marked_by_id=actor.user_id,
            marked_at=now,
        )
        for pk, mark in sorted(marks.items())
    ]
    Attendance.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["enrolment", "session"],
        update_fields=["present", "note", "marked_by", "marked_at"],
    )
    return len(rows)


@dataclass(frozen=True)
class Outcome:
    result: str
    score: Decimal | None = None


@transaction.atomic
def completion_save(
    *, actor: Actor, programme: Programme, outcomes: Mapping[int, Outcome]
) -> list[Enrolment]:
    """Record the results of confirmed participants (enrolment id → outcome). A pass gets a
    certificate code and a riwayat diklat row carrying the programme's JP; a participant may be
    completed once. All or nothing."""
    access.check(actor, access.can_record_completion(actor, programme), programme)
    programme = (
        Programme.objects.select_for_update(of=("self",))
        .select_related("instansi", "partner", "organiser_unit")
        .get(pk=programme.pk)
    )
    if programme.state in (ProgrammeState.DRAFT, ProgrammeState.CANCELLED, ProgrammeState.FINISHED):
        raise ValidationError(_("Hasil hanya dicatat untuk program yang berjalan."))
    if programme.start_date > timezone.localdate():
        raise ValidationError(_("Program belum dimulai; hasilnya belum dapat dicatat."))
    if programme.end_date > timezone.localdate():
        # A certificate (and the JP it writes) only for what has been taken, to the last day.
        raise ValidationError(_("Program belum berakhir; hasilnya dicatat mulai hari terakhirnya."))
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.select_for_update(of=("self",))
        .filter(programme=programme, pk__in=list(outcomes))
        .select_related("employee__unit", "approver")
    }
    if set(outcomes) - set(enrolments):
        raise ValidationError(_("Ada peserta yang tidak terdaftar pada program ini."))
    done: list[Enrolment] = []
    now = timezone.now()
    for pk, outcome in sorted(outcomes.items()):
        enrolment = enrolments[pk]
        if access.is_enrolee(actor, enrolment):
            raise ValidationError(_("Anda tidak dapat mencatat hasil pelatihan Anda sendiri."))
        if outcome.result not in CompletionResult.values:
            raise ValidationError(_("Pilih hasil: lulus atau tidak lulus."))
        problem = score_problem(outcome.score)
        if problem:
            raise ValidationError(problem)
        enrolment.programme = programme
        move(enrolment, EnrolmentAction.COMPLETE, actor=actor)
        enrolment.result, enrolment.score, enrolment.completed_at = outcome.result, outcome.score, now
        if outcome.result == CompletionResult.PASSED:
            _issue_certificate(enrolment)
            training_record_save(
                actor=actor,
                employee=enrolment.employee,
                source_ref=enrolment.source_ref,
                name=programme.title,
                category=history_category(programme.kind, programme.form),
                organiser=programme.organiser_label,
                start_date=programme.start_date,
                end_date=programme.end_date,
                hours=programme.jp,
            )
        stamp(enrolment, actor)
        enrolment.save(update_fields=["state", "result", "score", "completed_at", "certificate_code"])
        notify.notify(
            enrolment,
            event="completed",
            title=notify.text(notify.COMPLETED, enrolment),
            employees=[enrolment.employee],
        )
        done.append(enrolment)
    return done


def _issue_certificate(enrolment: Enrolment, attempts: int = 5) -> None:
    """A fresh random code; a collision (about one in 10^18) draws again."""
    for _attempt in range(attempts):
        code = new_certificate_code()
        if not Enrolment.objects.filter(certificate_code=code).exists():
            enrolment.certificate_code = code
            return
    raise IntegrityError("no free certificate code")  # pragma: no cover
