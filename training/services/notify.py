"""How the training writes tell people: the employee, their atasan, and the HR officers of the
programme's agency; inside the caller's transaction (a rollback takes the notification with it)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from core.models import HrAssignment
from employees.models import Employee
from notifications.services import NotificationItem, notify_many
from notifications.texts import Message

from ..models import Enrolment


def hr_user_ids(instansi_id: int) -> list[int]:
    return list(HrAssignment.objects.filter(instansi_id=instansi_id).values_list("user_id", flat=True))


def notify(
    enrolment: Enrolment,
    *,
    event: str,
    title: Message,
    employees: Iterable[Employee | None] = (),
    hr: bool = False,
    skip_user_id: int | None = None,
) -> None:
    """Notify each named employee with an account (and the agency's HR officers when `hr`), keyed by
    the enrolment and the event so that a repeated call notifies once; never the one who acted."""
    recipients = {e.user_id for e in employees if e is not None and e.user_id is not None}
    if hr:
        recipients |= set(hr_user_ids(enrolment.programme.instansi_id))
    if skip_user_id is not None:
        recipients.discard(skip_user_id)
    notify_many(
        NotificationItem(
            recipient_id=user_id,
            kind=f"training_{event}",
            title=title,
            key=f"training:enrolment:{enrolment.pk}:{event}",
            url=enrolment.get_absolute_url(),
        )
        for user_id in sorted(recipients)
    )


def text(message: str | Promise, enrolment: Enrolment, **extra: str) -> Message:
    """A title naming the employee and the programme (and any `extra` parameter of the message)."""
    return Message(
        message, {"name": enrolment.employee.name, "programme": enrolment.programme.title, **extra}
    )


# The titles (msgids in the catalogues; each reader sees them in their own language).
REQUESTED = gettext_lazy("%(name)s meminta persetujuan mengikuti %(programme)s")
NOMINATED = gettext_lazy("%(name)s diusulkan mengikuti %(programme)s")
APPROVED = gettext_lazy("Pendaftaran %(name)s pada %(programme)s disetujui atasan")
REJECTED = gettext_lazy("Pendaftaran %(name)s pada %(programme)s ditolak")
CONFIRMED = gettext_lazy("%(name)s terdaftar sebagai peserta %(programme)s")
WAITLISTED = gettext_lazy("%(name)s masuk daftar tunggu %(programme)s")
PROMOTED = gettext_lazy("%(name)s naik dari daftar tunggu menjadi peserta %(programme)s")
CANCELLED = gettext_lazy("Pendaftaran %(name)s pada %(programme)s dibatalkan")
COMPLETED = gettext_lazy("%(name)s telah menyelesaikan %(programme)s")
CANCELLED_WITH_REASON = gettext_lazy("Pendaftaran %(name)s pada %(programme)s dibatalkan: %(reason)s")
CLOSED_ENDED = gettext_lazy(
    "Pendaftaran %(name)s pada %(programme)s ditutup: program sudah berakhir sebelum diputuskan"
)
