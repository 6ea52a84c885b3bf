"""What the performance services share: notifications, and who may still act as the atasan."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.access import Actor
from employees.models import Employee
from employees.selectors.records import atasan_langsung
from notifications.services import NotificationItem, notify_many

from ..models import Skp


def notify_employees(
    employees: Iterable[Employee | None], *, kind: str, title: str, key: str, url: str, body: str = ""
) -> None:
    """Notify each employee that has a user account, inside the caller's transaction (a rollback
    takes the notification with it; the e-mail copy goes out after commit)."""
    items = [
        NotificationItem(recipient_id=e.user_id, kind=kind, title=title, key=key, url=url, body=body)
        for e in employees
        if e is not None and e.user_id is not None
    ]
    notify_many(items)


def require_current_atasan(actor: Actor, skp: Skp) -> None:
    """The appraiser recorded on an SKP must still be the employee's atasan langsung: a head who has
    moved on no longer approves, returns or rates (one query)."""
    current = atasan_langsung(skp.employee)
    if current is None or current.pk != actor.employee_id:
        raise PermissionDenied(_("Anda bukan lagi atasan langsung pegawai ini."))
