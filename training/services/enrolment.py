"""Writes of enrolments: a request or a nomination, the atasan's approval, HR's confirmation (a place
or the waitlist), rejection, cancellation and the waitlist's promotion.

Places are counted under a lock on the programme's row (select_for_update), so two confirmations or
a cancellation and a confirmation at the same moment never give more places than the quota; a
place freed by a cancellation goes to the first on the waitlist in the same transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.access import Actor
from core.audit import stamp
from employees.models import Employee
from employees.selectors.superiors import atasan_langsung

from .. import access
from ..choices import EnrolmentAction, EnrolmentOrigin, EnrolmentState, ProgrammeState
from ..models import Enrolment, EnrolmentStep, Programme
from ..rules import (
    ACTIVE_STATES,
    PENDING_STATES,
    SEAT_STATES,
    InvalidTransition,
    cancel_deadline,
    confirm_outcome,
    has_ended,
    has_started,
    may_cancel,
    next_state,
)
from ..selectors.catalogue import candidate, is_eligible
from . import notify

REASON_MAX = 2000
REASON_IN_TITLE = 200  # the notification quotes the start of the reason; the page shows it whole


def _lock_programme(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().get(pk=programme.pk)


def _lock(enrolment: Enrolment) -> Enrolment:
    """The enrolment row, locked for the rest of the transaction (no two decisions at once), with
    what the rules and the notifications read."""
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("programme__instansi", "employee__unit", "approver")
        .get(pk=enrolment.pk)
    )


def move(enrolment: Enrolment, action: str, *, actor: Actor, comment: str = "") -> EnrolmentStep:
    """Move the enrolment along the state machine and record the step (the caller saves the row)."""
    try:
        to_state = next_state(enrolment.state, action)
    except InvalidTransition as exc:
        raise ValidationError(str(exc)) from exc
    step = EnrolmentStep.objects.create(
        enrolment=enrolment,
        action=action,
        from_state=enrolment.state,
        to_state=to_state,
        actor_id=actor.user_id,
        comment=comment[:REASON_MAX],
    )
    enrolment.state = to_state
    return step


def _taken(programme: Programme) -> int:
    return programme.enrolments.filter(state__in=sorted(SEAT_STATES)).count()


def _employee(pk: int) -> Employee:
    return Employee.objects.select_related("unit", "current_rank", "current_position").get(pk=pk)


def _open_for(programme: Programme, employee: Employee) -> None:
    """The checks every new enrolment passes: the programme takes requests and has not started, the
    employee is active, eligible and not enrolled already."""
    if programme.state != ProgrammeState.OPEN:
        raise ValidationError(_("Pendaftaran program ini tidak sedang dibuka."))
    if has_started(programme.start_date, timezone.localdate()):
        raise ValidationError(
            _("Program ini sudah dimulai pada %(date)s; pendaftaran baru tidak diterima lagi.")
            % {"date": date_format(programme.start_date, "j F Y")}
        )
    if not employee.is_active:
        raise ValidationError(_("Pegawai ini tidak aktif."))
    if not is_eligible(programme, candidate(employee)):
        raise ValidationError(_("Pegawai ini tidak memenuhi syarat peserta program ini."))
    if programme.enrolments.filter(employee=employee, state__in=sorted(ACTIVE_STATES)).exists():
        raise ValidationError(_("Pegawai ini sudah terdaftar pada program ini."))


def _not_ended(programme: Programme) -> None:
    """A decision on an enrolment of a programme that is already over comes too late."""
    if has_ended(programme.end_date, timezone.localdate()):
        raise ValidationError(
            _("Program ini sudah berakhir pada %(date)s; pendaftaran ini tidak dapat diputuskan lagi.")
            % {"date": date_format(programme.end_date, "j F Y")}
        )


def _create(
    *,
    actor: Actor,
    programme: Programme,
    employee: Employee,
    origin: str,
    approver: Employee | None,
    reason: str,
) -> Enrolment:
    enrolment = Enrolment(
        programme=programme,
        employee=employee,
        origin=origin,
        approver=approver,
        requested_by_id=actor.user_id,
        reason=reason.strip()[:REASON_MAX],
        state=EnrolmentState.REQUESTED,
    )
    stamp(enrolment, actor)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as exc:  # a second request at the same moment (training_one_active_enrolment)
        raise ValidationError(_("Pegawai ini sudah terdaftar pada program ini.")) from exc
    EnrolmentStep.objects.create(
        enrolment=enrolment,
        action=EnrolmentAction.REQUEST if origin == EnrolmentOrigin.SELF else EnrolmentAction.NOMINATE,
        from_state="",
        to_state=EnrolmentState.REQUESTED,
        actor_id=actor.user_id,
        comment=enrolment.reason,
    )
    return enrolment


@transaction.atomic
def enrolment_request(*, actor: Actor, programme: Programme, reason: str = "") -> Enrolment:
    """The employee asks for a place; their atasan langsung approves next (HR, when nobody is above)."""
    access.check(actor, access.can_request_place(actor, programme), programme)
    assert actor.employee_id is not None  # can_request_place
    programme = _lock_programme(programme)
    employee = _employee(actor.employee_id)
    _open_for(programme, employee)
    approver = atasan_langsung(employee)
    enrolment = _create(
        actor=actor,
        programme=programme,
        employee=employee,
        origin=EnrolmentOrigin.SELF,
        approver=approver,
        reason=reason,
    )
    if approver is None:  # the top of the agency: HR confirms directly
        move(enrolment, EnrolmentAction.APPROVE, actor=actor, comment=_("Tidak ada atasan langsung."))
        enrolment.save(update_fields=["state"])
        notify.notify(enrolment, event="approved", title=notify.text(notify.APPROVED, enrolment), hr=True)
    else:
        notify.notify(
            enrolment, event="requested", title=notify.text(notify.REQUESTED, enrolment), employees=[approver]
        )
    return enrolment


@transaction.atomic
def enrolment_nominate(
    *, actor: Actor, programme: Programme, employee: Employee, reason: str = ""
) -> Enrolment:
    """A head or HR puts an employee forward. The atasan langsung approves next, unless the one
    nominating is that atasan: their nomination is their approval."""
    access.check(actor, access.can_nominate(actor, programme), programme)
    if not access.nominees_for(actor, programme).filter(pk=employee.pk).exists():
        raise PermissionDenied
    programme = _lock_programme(programme)
    employee = _employee(employee.pk)
    _open_for(programme, employee)
    approver = atasan_langsung(employee)
    origin = EnrolmentOrigin.HR if access.can_manage_programme(actor, programme) else EnrolmentOrigin.HEAD
    enrolment = _create(
        actor=actor, programme=programme, employee=employee, origin=origin, approver=approver, reason=reason
    )
    if approver is None or approver.pk == actor.employee_id:
        move(enrolment, EnrolmentAction.APPROVE, actor=actor)
        enrolment.save(update_fields=["state"])
        notify.notify(
            enrolment,
            event="nominated",
            title=notify.text(notify.NOMINATED, enrolment),
            employees=[employee],
            hr=True,
            skip_user_id=actor.user_id,
        )
    else:
        notify.notify(
            enrolment,
            event="nominated",
            title=notify.text(notify.NOMINATED, enrolment),
            employees=[employee, approver],
            skip_user_id=actor.user_id,
        )
    return enrolment


NOMINATE_MAX = 100  # one page of the nomination list at its largest


def enrolment_nominate_many(
    *, actor: Actor, programme: Programme, employees: list[Employee], reason: str = ""
) -> tuple[list[Enrolment], list[tuple[Employee, str]]]:
    """Nominate several employees at once: each nomination is `enrolment_nominate`, all or nothing
    on its own (a savepoint each), so one refused (not eligible, enrolled already, out of scope)
    is reported with its reason and the others are made. Returns (made, refused with reasons)."""
    access.check(actor, access.can_nominate(actor, programme), programme)
    if not employees:
        raise ValidationError({"employee": _("Pilih sedikitnya satu pegawai.")})
    if len(employees) > NOMINATE_MAX:
        raise ValidationError(
            {"employee": _("Paling banyak %(max)d pegawai sekali usul.") % {"max": NOMINATE_MAX}}
        )
    made: list[Enrolment] = []
    refused: list[tuple[Employee, str]] = []
    for employee in employees:
        try:
            made.append(
                enrolment_nominate(actor=actor, programme=programme, employee=employee, reason=reason)
            )
        except ValidationError as exc:
            refused.append((employee, " ".join(exc.messages)))
        except PermissionDenied:
            refused.append((employee, _("Pegawai ini di luar wewenang Anda.")))
    return made, refused


@transaction.atomic
def enrolment_approve(*, actor: Actor, enrolment: Enrolment, comment: str = "") -> Enrolment:
    """The atasan langsung approves; HR confirms next. Nobody approves their own enrolment."""
    enrolment = _lock(enrolment)
    if access.is_enrolee(actor, enrolment):
        raise PermissionDenied(_("Anda tidak dapat menyetujui pendaftaran Anda sendiri."))
    if enrolment.state != EnrolmentState.REQUESTED:
        raise ValidationError(_("Pendaftaran ini sudah diputuskan."))
    access.require(access.can_approve(actor, enrolment))
    _not_ended(enrolment.programme)
    move(enrolment, EnrolmentAction.APPROVE, actor=actor, comment=comment)
    enrolment.save(update_fields=["state"])
    notify.notify(
        enrolment,
        event="approved",
        title=notify.text(notify.APPROVED, enrolment),
        employees=[enrolment.employee],
        hr=True,
        skip_user_id=actor.user_id,
    )
    return enrolment


@transaction.atomic
def enrolment_reject(*, actor: Actor, enrolment: Enrolment, comment: str) -> Enrolment:
    enrolment = _lock(enrolment)
    if access.is_enrolee(actor, enrolment):
        raise PermissionDenied(_("Anda tidak dapat memutuskan pendaftaran Anda sendiri."))
    if not comment.strip():
        raise ValidationError({"comment": _("Tuliskan alasan penolakan.")})
    if enrolment.state not in (EnrolmentState.REQUESTED, EnrolmentState.APPROVED, EnrolmentState.WAITLISTED):
        raise ValidationError(_("Pendaftaran ini sudah diputuskan."))
    access.require(access.can_reject(actor, enrolment))
    move(enrolment, EnrolmentAction.REJECT, actor=actor, comment=comment.strip())
    enrolment.waitlisted_at = None
    enrolment.save(update_fields=["state", "waitlisted_at"])
    notify.notify(
        enrolment,
        event="rejected",
        title=notify.text(notify.REJECTED, enrolment),
        employees=[enrolment.employee],
        skip_user_id=actor.user_id,
    )
    return enrolment


@transaction.atomic
def enrolment_confirm(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """HR confirms an approved enrolment: a place while one is left, else the waitlist."""
    programme = _lock_programme(enrolment.programme)  # always the programme first, then the enrolment
    enrolment = _lock(enrolment)
    if access.is_enrolee(actor, enrolment):
        raise PermissionDenied(_("Anda tidak dapat mengonfirmasi pendaftaran Anda sendiri."))
    if enrolment.state != EnrolmentState.APPROVED:
        raise ValidationError(_("Pendaftaran ini sudah diputuskan."))
    access.require(access.can_confirm(actor, enrolment))
    if programme.state not in (ProgrammeState.OPEN, ProgrammeState.CLOSED):
        raise ValidationError(_("Program ini tidak lagi menerima peserta."))
    _not_ended(programme)
    action = confirm_outcome(programme.quota, _taken(programme))
    move(enrolment, action, actor=actor)
    if action == EnrolmentAction.WAITLIST:
        enrolment.waitlisted_at = timezone.now()
    enrolment.save(update_fields=["state", "waitlisted_at"])
    confirmed = action == EnrolmentAction.CONFIRM
    notify.notify(
        enrolment,
        event="confirmed" if confirmed else "waitlisted",
        title=notify.text(notify.CONFIRMED if confirmed else notify.WAITLISTED, enrolment),
        employees=[enrolment.employee, enrolment.approver],
        skip_user_id=actor.user_id,
    )
    return enrolment


@transaction.atomic
def enrolment_cancel(*, actor: Actor, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """The participant withdraws (until the programme's deadline) or HR withdraws them; a place
    freed goes to the first on the waitlist in the same transaction."""
    programme = _lock_programme(enrolment.programme)
    enrolment = _lock(enrolment)
    access.require(access.can_cancel(actor, enrolment))
    by_officer = not access.is_enrolee(actor, enrolment)
    reason = reason.strip()
    if by_officer and not reason:
        # The participant reads why they were withdrawn (the page and the notification).
        raise ValidationError({"comment": _("Tuliskan alasan pembatalan; peserta akan membacanya.")})
    today = timezone.localdate()
    if not access.cancel_ignores_deadline(actor, enrolment) and not may_cancel(
        today, programme.start_date, programme.cancel_days_before
    ):
        raise ValidationError(
            _("Batas pembatalan sudah lewat (%(date)s). Hubungi petugas kepegawaian.")
            % {
                "date": date_format(
                    cancel_deadline(programme.start_date, programme.cancel_days_before), "j F Y"
                )
            }
        )
    freed = enrolment.state in SEAT_STATES
    move(enrolment, EnrolmentAction.CANCEL, actor=actor, comment=reason)
    enrolment.waitlisted_at = None
    enrolment.save(update_fields=["state", "waitlisted_at"])
    notify.notify(
        enrolment,
        event="cancelled",
        title=notify.text(notify.CANCELLED_WITH_REASON, enrolment, reason=reason)
        if by_officer
        else notify.text(notify.CANCELLED, enrolment),
        employees=[enrolment.employee, enrolment.approver],
        hr=freed,
        skip_user_id=actor.user_id,
    )
    if freed:
        promote_waitlist(actor=actor, programme=programme)
    return enrolment


def promote_waitlist(*, actor: Actor, programme: Programme) -> list[Enrolment]:
    """Give the places left to the waitlist in its order, inside the caller's transaction (which
    holds the programme's lock or takes it here). Once the programme has started nobody is promoted:
    they would have missed its first sessions (the waitlist is closed when it finishes)."""
    programme = _lock_programme(programme)
    if has_started(programme.start_date, timezone.localdate()):
        return []
    free = programme.quota - _taken(programme)
    if free <= 0:
        return []
    promoted = list(
        Enrolment.objects.select_for_update(of=("self",))
        .filter(programme=programme, state=EnrolmentState.WAITLISTED)
        .select_related("programme", "employee", "approver")
        .order_by("waitlisted_at", "pk")[:free]
    )
    for enrolment in promoted:
        move(enrolment, EnrolmentAction.PROMOTE, actor=actor)
        enrolment.waitlisted_at = None
        enrolment.save(update_fields=["state", "waitlisted_at"])
        notify.notify(
            enrolment,
            event="promoted",
            title=notify.text(notify.PROMOTED, enrolment),
            employees=[enrolment.employee, enrolment.approver],
            hr=True,
        )
    return promoted


def cancel_all(*, actor: Actor, programme: Programme, reason: str) -> int:
    """Withdraw every enrolment still open (the programme is cancelled), inside the caller's transaction."""
    open_ones = list(
        Enrolment.objects.select_for_update(of=("self",))
        .filter(programme=programme, state__in=list(access.CANCELLABLE))
        .select_related("programme", "employee", "approver")
    )
    for enrolment in open_ones:
        move(enrolment, EnrolmentAction.CANCEL, actor=actor, comment=reason)
        enrolment.waitlisted_at = None
        enrolment.save(update_fields=["state", "waitlisted_at"])
        notify.notify(
            enrolment,
            event="cancelled",
            title=notify.text(notify.CANCELLED, enrolment),
            employees=[enrolment.employee, enrolment.approver],
        )
    return len(open_ones)


def close_pending(*, actor: Actor, programme: Programme, finished: bool = False) -> int:
    """Close the enrolments still waiting for a decision (requested, approved, on the waitlist) of a
    programme that has ended, each with a note and a notification, inside the caller's transaction
    (which holds the programme's lock). Nothing to decide remains on an ended programme, nor on one
    HR declared finished (`finished`)."""
    if not finished and not has_ended(programme.end_date, timezone.localdate()):
        return 0
    pending = list(
        Enrolment.objects.select_for_update(of=("self",))
        .filter(programme=programme, state__in=sorted(PENDING_STATES))
        .select_related("programme", "employee", "approver")
    )
    note = _("Ditutup otomatis: program sudah berakhir (%(date)s) sebelum pendaftaran ini diputuskan.") % {
        "date": date_format(programme.end_date, "j F Y")
    }
    for enrolment in pending:
        move(enrolment, EnrolmentAction.CANCEL, actor=actor, comment=note)
        enrolment.waitlisted_at = None
        enrolment.save(update_fields=["state", "waitlisted_at"])
        notify.notify(
            enrolment,
            event="closed",
            title=notify.text(notify.CLOSED_ENDED, enrolment),
            employees=[enrolment.employee, enrolment.approver],
            skip_user_id=actor.user_id,
        )
    return len(pending)
