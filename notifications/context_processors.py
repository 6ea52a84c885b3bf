from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def bell(request: HttpRequest) -> dict:
    """The unread count for the navbar bell: one COUNT, only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user_id=user.pk))}
