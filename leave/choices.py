"""The leave app's choices (Indonesian labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LeaveKind(models.TextChoices):
    """The kinds of leave of PP 11/2017 (PNS) and PP 49/2018 (PPPK), domain.md §6."""

    TAHUNAN = "tahunan", _("Cuti tahunan")
    BESAR = "besar", _("Cuti besar")
    SAKIT = "sakit", _("Cuti sakit")
    MELAHIRKAN = "melahirkan", _("Cuti melahirkan")
    ALASAN_PENTING = "alasan_penting", _("Cuti karena alasan penting")
    CLTN = "cltn", _("Cuti di luar tanggungan negara")


class DayOffKind(models.TextChoices):
    LIBUR_NASIONAL = "libur", _("Libur nasional")
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
