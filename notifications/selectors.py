"""Reads of notifications, scoped through core.access."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from core.access import Actor
from core.sorting import SortSpec

from . import access
from .models import Notification

# The orders of the list (core.sorting): unread first (the default), or by time (-waktu: newest first).
NOTIFICATION_SORT = SortSpec(
    {"dibaca": ("read_group", "-created_at"), "waktu": ("created_at",)},
    default="dibaca",
    tiebreak=("-pk",),
)


def notification_list(
    *, actor: Actor, unread_only: bool = False, sort: str = NOTIFICATION_SORT.default
) -> QuerySet[Notification]:
    """The actor's notifications in the order `sort` asks for (default: unread first, newest
    first within each group)."""
    qs = access.notifications_visible_to(actor)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    unread_first = Case(
        When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return qs.annotate(read_group=unread_first).order_by(*NOTIFICATION_SORT.parse(sort).ordering())


def unread_count(*, user_id: int) -> int:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
