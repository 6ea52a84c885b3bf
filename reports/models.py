"""The letters HR sends from the reports (the KGB notice, the promotion proposal list): one record per
generated letter, append-only. The record is the audit of the generation (who, when, for whom, which
number) and what the public verification page (views/public.py) reads through the letter's QR code."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Instansi

from .choices import LetterKind


class Letter(models.Model):
    """One generated letter: its kind, number, date, the employees it concerns, who generated it, a
    random verification code (in its QR code) and the SHA-256 of its contents."""

    kind = models.CharField(_("jenis surat"), max_length=8, choices=LetterKind.choices)
    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    number = models.CharField(_("nomor surat"), max_length=100, blank=True)
    letter_date = models.DateField(_("tanggal surat"))
    # The day the letter is about: the TMT of the KGB, the promotion period.
    reference_date = models.DateField(_("tanggal acuan"))
    employees = models.ManyToManyField(
        "employees.Employee", related_name="+", blank=True, verbose_name=_("pegawai")
    )
    # As printed on a one-person letter (empty on a list): the verification page shows what the letter
    # said, even if the record has changed since.
    subject_name = models.CharField(_("nama pegawai"), max_length=250, blank=True)
    subject_nip = models.CharField(_("NIP"), max_length=18, blank=True)
    employee_count = models.PositiveIntegerField(_("jumlah pegawai"), default=1)
    code = models.CharField(_("kode verifikasi"), max_length=32, unique=True)
    digest = models.CharField(_("sidik isi (SHA-256)"), max_length=64)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    generated_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)

    class Meta:
        ordering = ["-generated_at", "-pk"]
        verbose_name = _("surat")
        verbose_name_plural = _("surat")
        indexes = [
            # The letters of an agency, newest first (the admin list filtered by agency).
            models.Index(fields=["instansi", "-generated_at"], name="letter_instansi_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number or self.code}"
