"""Vocabularies that core's models share with every app, with Indonesian labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunState(models.TextChoices):
    """The state of a long job's run (core.models.JobRun)."""

    RUNNING = "running", _("Sedang berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")
