"""The reports app's choices, with Indonesian labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    """The letters HR sends from the reports (reports.models.Letter)."""

    KGB_NOTICE = "kgb", _("Surat pemberitahuan kenaikan gaji berkala")
    PROMOTION_LIST = "usul_kp", _("Daftar usul kenaikan pangkat")
