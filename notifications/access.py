"""Who may see notifications: everyone sees only their own, the superuser included. Built on core.access."""

from __future__ import annotations

from django.db.models import QuerySet

from core.access import Actor, get_or_404, require

from .models import Notification

__all__ = ["Actor", "require"]


def notifications_visible_to(actor: Actor) -> QuerySet[Notification]:
    if actor.user_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=actor.user_id)


def get_notification(actor: Actor, pk: int) -> Notification:
    return get_or_404(notifications_visible_to(actor), pk=pk)
