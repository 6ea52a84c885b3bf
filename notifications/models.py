"""In-app notifications (with an e-mail copy), created idempotently by services and jobs."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .texts import render


class Notification(models.Model):
    """One message to one user; `key` makes a re-run of the job that created it a no-op."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("penerima"),
    )
    # Free text rather than choices: every app adds its own kinds without a migration here.
    kind = models.CharField(_("jenis"), max_length=50)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    key = models.CharField(_("kunci"), max_length=200)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    # The call of notify_many that inserted the row: tells it which rows are its own (e-mail once).
    batch = models.UUIDField(null=True, blank=True, editable=False)
    # Title and body as message ids with parameters (notifications.texts), translated when shown in
    # the reader's language; `title` and `body` hold them in the default language (e-mail, admin,
    # and rows written before the texts were kept this way).
    message = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key"),
        ]
        indexes = [
            # The bell (unread count) and the list (unread first, newest first) of one user.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.title}"

    @property
    def display_title(self) -> str:
        """The title in the active language."""
        encoded = (self.message or {}).get("title")
        return render(encoded) if encoded else self.title

    @property
    def display_body(self) -> str:
        """The body in the active language (free text typed by a user stays as it was typed)."""
        encoded = (self.message or {}).get("body")
        return render(encoded) if encoded else self.body

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
