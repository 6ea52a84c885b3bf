"""The audit trail of accounts (who created, invited, (de)activated an account or made it an HR officer)
and each agency's two-factor policy. The second factor's devices are django-otp's own models."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


class TwoFactorPolicy(models.Model):
    """Whether an agency's HR officers must sign in with a second factor (no row: they need not).

    Superusers follow the setting TWO_FACTOR_REQUIRED_FOR_SUPERUSERS instead; everyone else may
    enrol of their own accord. Changed by a superuser only; its history is the audit trail."""

    instansi = models.OneToOneField(
        Instansi, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("instansi")
    )
    required_for_hr = models.BooleanField(
        _("wajib bagi petugas kepegawaian"),
        default=False,
        help_text=_(
            "Petugas kepegawaian instansi ini harus masuk dengan kode verifikasi dari aplikasi autentikator."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kebijakan verifikasi dua langkah")
        verbose_name_plural = _("kebijakan verifikasi dua langkah")

    def __str__(self) -> str:
        return f"{self.instansi_id}: {self.required_for_hr}"
