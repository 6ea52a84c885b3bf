"""How the performance writes tell people: a notification to each employee with a user account."""

from __future__ import annotations

from collections.abc import Iterable

from employees.models import Employee
from notifications.services import NotificationItem, notify_many


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
