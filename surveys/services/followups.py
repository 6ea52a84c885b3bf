"""Writes of follow-ups (tindak lanjut) of citizens' suggestions: assign, answer, close.

States: new → assigned → answered → closed. The head of the service unit's unit (or above) or HR
(surveys.access.can_handle_follow_up) does each step; a follow-up is answered before it is closed
and may be answered again until then; a closed one no longer changes. The citizen reads the state
and the answer with the ticket code (views/public.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import Actor
from employees.models import Employee
from notifications.services import NotificationItem, notify_many
from notifications.texts import Message

from .. import access
from ..choices import FollowUpState
from ..models import FollowUp

ANSWER_MAX = 2000


def _lock(actor: Actor, follow_up: FollowUp, *, answering: bool = False) -> FollowUp:
    allowed = access.can_answer_follow_up if answering else access.can_handle_follow_up
    access.require(allowed(actor, follow_up))
    locked = FollowUp.objects.select_for_update().select_related("service_unit__unit").get(pk=follow_up.pk)
    if locked.state == FollowUpState.CLOSED:
        raise ValidationError(_("Tindak lanjut ini sudah selesai dan tidak dapat diubah lagi."))
    return locked


def _save(follow_up: FollowUp, actor: Actor, fields: list[str]) -> FollowUp:
    follow_up.updated_by_id = actor.user_id
    follow_up.save(update_fields=[*fields, "updated_by"])
    return follow_up


@transaction.atomic
def follow_up_assign(*, actor: Actor, follow_up: FollowUp, employee: Employee) -> FollowUp:
    """Assign the follow-up to an employee of the service unit's unit (or its sub-units)."""
    follow_up = _lock(actor, follow_up)
    if not access.employees_for_follow_up(actor, follow_up).filter(pk=employee.pk).exists():
        raise ValidationError(
            {"employee": _("Pilih pegawai aktif dari unit kerja unit layanan ini atau sub-unitnya.")}
        )
    follow_up.assigned_to = employee
    if follow_up.state == FollowUpState.NEW:
        follow_up.state = FollowUpState.ASSIGNED
    _save(follow_up, actor, ["assigned_to", "state"])
    if employee.user_id is not None and not access.is_self(actor, employee.pk):
        notify_many(
            [
                NotificationItem(
                    recipient_id=employee.user_id,
                    kind="survey_follow_up",
                    title=Message(
                        gettext_lazy("Saran masyarakat %(ticket)s ditugaskan kepada Anda untuk dijawab"),
                        {"ticket": follow_up.ticket},
                    ),
                    key=f"follow_up:{follow_up.pk}:assigned:{employee.pk}",
                    url=follow_up.get_absolute_url(),
                )
            ]
        )
    return follow_up


@transaction.atomic
def follow_up_answer(*, actor: Actor, follow_up: FollowUp, answer: str) -> FollowUp:
    """Answer the citizen (what the ticket page shows); an answer may be changed until it closes. Who
    handles it, or the employee it is assigned to."""
    follow_up = _lock(actor, follow_up, answering=True)
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Tulis jawaban untuk masyarakat.")})
    if len(answer) > ANSWER_MAX:
        raise ValidationError({"answer": _("Jawaban paling banyak %(n)s karakter.") % {"n": ANSWER_MAX}})
    follow_up.answer = answer
    follow_up.answered_at = timezone.now()
    follow_up.state = FollowUpState.ANSWERED
    return _save(follow_up, actor, ["answer", "answered_at", "state"])


@transaction.atomic
def follow_up_close(*, actor: Actor, follow_up: FollowUp) -> FollowUp:
    """Close an answered follow-up; it no longer changes."""
    follow_up = _lock(actor, follow_up)
    if follow_up.state != FollowUpState.ANSWERED or not follow_up.answer.strip():
        raise ValidationError(_("Tindak lanjut hanya dapat diselesaikan setelah dijawab."))
    follow_up.state = FollowUpState.CLOSED
    follow_up.closed_at = timezone.now()
    return _save(follow_up, actor, ["state", "closed_at"])
