"""How the performance writes tell people: a notification to each employee with a user account.

Titles are Messages (notifications.texts): each reader sees them in their own language.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy

from core.models import HrAssignment
from employees.models import Employee
from notifications.services import NotificationItem, notify_many
from notifications.texts import DateParam, Message

from ..models import QUARTERS, Period


def notify_employees(
    employees: Iterable[Employee | None],
    *,
    kind: str,
    title: str | Message,
    key: str,
    url: str,
    body: str | Message = "",
) -> None:
    """Notify each employee that has a user account, inside the caller's transaction (a rollback
    takes the notification with it; the e-mail copy goes out after commit)."""
    items = [
        NotificationItem(recipient_id=e.user_id, kind=kind, title=title, key=key, url=url, body=body)
        for e in employees
        if e is not None and e.user_id is not None
    ]
    notify_many(items)


def notify_hr_officers(
    instansi_id: int,
    *,
    kind: str,
    title: str | Message,
    key: str,
    url: str,
    body: str | Message = "",
    exclude_user_id: int | None = None,
) -> None:
    """Notify the HR officers of an agency (e.g. of a decision they record for the kepala daerah)."""
    officers = HrAssignment.objects.filter(instansi_id=instansi_id)
    if exclude_user_id is not None:
        officers = officers.exclude(user_id=exclude_user_id)
    notify_many(
        NotificationItem(recipient_id=user_id, kind=kind, title=title, key=key, url=url, body=body)
        for user_id in officers.values_list("user_id", flat=True)
    )


def period_label(period: Period) -> Message | DateParam:
    """Period.label as a text translated for each reader ("Triwulan I 2026", "Januari 2026")."""
    year = period.start.year
    if period.is_annual:
        return Message(gettext_lazy("Tahunan %(year)s"), {"year": year})
    length = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    if length == 1:
        return DateParam(period.start, "F Y")
    if length == 3:
        return Message(
            gettext_lazy("Triwulan %(n)s %(year)s"), {"n": QUARTERS[period.number - 1], "year": year}
        )
    return Message(gettext_lazy("Semester %(n)s %(year)s"), {"n": "I" * period.number, "year": year})
