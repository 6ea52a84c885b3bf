"""Vocabularies that core's models share with every app, with Indonesian labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunState(models.TextChoices):
    """The state of a long job's run (core.models.JobRun)."""

    RUNNING = "running", _("Sedang berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


class InstansiKind(models.TextChoices):
    KOTA = "kota", _("Pemerintah Kota")
    KABUPATEN = "kabupaten", _("Pemerintah Kabupaten")
    PROVINSI = "provinsi", _("Pemerintah Provinsi")


class UnitKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    BIDANG = "bidang", _("Bidang")
    BAGIAN = "bagian", _("Bagian")
    SUBBAGIAN = "subbagian", _("Sub-bagian")
    SEKSI = "seksi", _("Seksi")
    UPT = "upt", _("UPT")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    SEKOLAH = "sekolah", _("Sekolah")
    RUMAH_SAKIT = "rumah_sakit", _("Rumah Sakit")
