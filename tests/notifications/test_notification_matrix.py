"""Permission matrix of the notification pages: everyone sees and marks only their own."""

import pytest
from django.urls import reverse as R

from notifications.models import Notification
from notifications.services import NotificationItem, notify_many

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params
from ..conftest import PERSONAS


def nurse_notification(org) -> Notification:
    user = org.users["employee_dinkes_sorong"]
    notify_many([NotificationItem(recipient_id=user.pk, kind="uji", title="Untuk perawat", key="matrix")])
    return Notification.objects.get(recipient=user, key="matrix")


def everyone_has_unread(org) -> str:
    notify_many(
        [
            NotificationItem(recipient_id=u.pk, kind="uji", title="Semua", key="matrix-all")
            for u in org.users.values()
        ]
    )
    return R("notifications:read_all")


ROWS = [
    Row(
        "notifications:list", "own list", lambda o: R("notifications:list"), expect(anonymous=302, others=200)
    ),
    Row(
        "notifications:read",
        "nurse's own",
        lambda o: R("notifications:read", args=[nurse_notification(o).pk]),
        expect(anonymous=302, employee_dinkes_sorong=302, others=404),
        method="post",
        allowed={"employee_dinkes_sorong"},
    ),
    Row(
        "notifications:read",
        "GET is refused",
        lambda o: R("notifications:read", args=[nurse_notification(o).pk]),
        expect(anonymous=302, others=405),
    ),
    Row(
        "notifications:read_all",
        "post",
        everyone_has_unread,
        expect(anonymous=302, others=302),
        method="post",
        allowed=set(PERSONAS) - {"anonymous"},
    ),
    Row("notifications:read_all", "GET is refused", everyone_has_unread, expect(anonymous=302, others=405)),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_notification_matrix(org, row, persona):
    check_row(org, row, persona)
