"""Writes of notifications: set-based, idempotent by (recipient, key), one e-mail per new row."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection, send_mass_mail
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation

from core.access import Actor

from .models import Notification
from .texts import Message, render

logger = logging.getLogger(__name__)

# Pairs looked up or inserted per statement (SQLite allows 999 bound variables on old builds).
CHUNK = 400


@dataclass(frozen=True)
class NotificationItem:
    """What to tell whom; `key` identifies the event, e.g. "correction:12:submitted"."""

    recipient_id: int
    kind: str
    # A Message is shown in each reader's language; a plain str is shown as it is (free text).
    title: str | Message
    key: str
    body: str | Message = ""
    url: str = ""


def notify_many(items: Iterable[NotificationItem]) -> list[Notification]:
    """Insert the notifications that do not exist yet; e-mail each new one after commit.

    Idempotent: an item whose (recipient, key) exists already is skipped, so a job that runs
    twice notifies once. Rows inserted by a concurrent call are not counted as ours (the `batch`
    token tells), so no e-mail is sent twice either. Returns the rows created by this call.
    """
    wanted: dict[tuple[int, str], NotificationItem] = {}
    for item in items:
        wanted.setdefault((item.recipient_id, item.key), item)
    if not wanted:
        return []
    batch = uuid.uuid4()
    now = timezone.now()
    created: list[Notification] = []
    pairs = list(wanted)
    with transaction.atomic():
        for start in range(0, len(pairs), CHUNK):
            chunk = pairs[start : start + CHUNK]
            recipients = {r for r, _k in chunk}
            keys = {k for _r, k in chunk}
            existing = set(
                Notification.objects.filter(recipient_id__in=recipients, key__in=keys).values_list(
                    "recipient_id", "key"
                )
            )
            fresh = [_row(wanted[pair], batch=batch, now=now) for pair in chunk if pair not in existing]
            if not fresh:
                continue
            # ignore_conflicts: a concurrent call may have inserted the same key in the meantime.
            Notification.objects.bulk_create(fresh, ignore_conflicts=True)
            created += Notification.objects.filter(
                recipient_id__in=recipients, key__in=keys, batch=batch
            ).order_by("pk")
        ids = [n.pk for n in created]
        if ids:
            transaction.on_commit(lambda: send_emails(ids))
    return created


def _texts(item: NotificationItem) -> tuple[str, str, dict[str, Any] | None]:
    """The title and body in the default language, and the message ids to show them in any."""
    message: dict[str, Any] = {}
    texts: list[str] = []
    for name, value in (("title", item.title), ("body", item.body)):
        if isinstance(value, Message):
            message[name] = value.encode()
            with translation.override(settings.LANGUAGE_CODE):
                texts.append(render(message[name]))
        else:
            texts.append(value)
    return texts[0], texts[1], message or None


def _row(item: NotificationItem, *, batch: uuid.UUID, now: Any) -> Notification:
    title, body, message = _texts(item)
    return Notification(
        recipient_id=item.recipient_id,
        kind=item.kind[:50],
        title=title[:200],
        body=body,
        message=message,
        url=item.url[:500],
        key=item.key[:200],
        created_at=now,
        batch=batch,
    )


def send_emails(notification_ids: list[int]) -> int:
    """One e-mail per notification whose recipient has an address; a mail outage is logged only.

    The address is the account's, or else the one in the recipient's personnel record.
    """
    rows = list(Notification.objects.filter(pk__in=notification_ids).order_by("pk"))
    addresses = {
        pk: account or record or ""
        for pk, account, record in get_user_model()
        .objects.filter(pk__in={n.recipient_id for n in rows})
        .values_list("pk", "email", "employee__email")
    }
    messages = [
        (n.title, _email_body(n), settings.DEFAULT_FROM_EMAIL, [addresses[n.recipient_id]])
        for n in rows
        if addresses.get(n.recipient_id)
    ]
    if not messages:
        return 0
    try:
        return send_mass_mail(tuple(messages), fail_silently=False, connection=get_connection())
    except Exception:  # the in-app notification stands; the mail server must not undo a decision
        logger.exception("sending %d notification e-mails failed", len(messages))
        return 0


def _email_body(notification: Notification) -> str:
    parts = [notification.body] if notification.body else []
    if notification.url:
        base = getattr(settings, "PORTAL_BASE_URL", "").rstrip("/")
        parts.append(f"{base}{notification.url}")
    parts.append("— ASN Portal")
    return "\n\n".join(parts)


def _own(actor: Actor) -> Any:
    if actor.user_id is None:
        raise Http404
    return Notification.objects.filter(recipient_id=actor.user_id)


def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications as read (the view fetched it through access)."""
    if notification.recipient_id != actor.user_id:
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        _own(actor).filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notification_mark_all_read(*, actor: Actor) -> int:
    return _own(actor).filter(read_at__isnull=True).update(read_at=timezone.now())
