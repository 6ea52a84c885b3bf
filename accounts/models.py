"""The audit trail of accounts: who created, invited, (de)activated an account or made it an HR officer."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Instansi

from .choices import AccountEventKind


class AccountEvent(models.Model):
    """One thing that happened to an account, with who did it (append-only)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account_events",
        verbose_name=_("akun"),
    )
    kind = models.CharField(_("peristiwa"), max_length=16, choices=AccountEventKind.choices)
    # The employee record and the agency the event concerns (the agency scopes who may read it).
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    instansi = models.ForeignKey(Instansi, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    note = models.CharField(_("keterangan"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("peristiwa akun")
        verbose_name_plural = _("peristiwa akun")
        indexes = [
            # An account's trail (the account page) and its last invitation (the account list).
            models.Index(fields=["user", "kind", "-created_at"], name="account_event_user_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user_id}"
