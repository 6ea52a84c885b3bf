from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Survei Kepuasan Masyarakat")

    def ready(self) -> None:
        from core import exports as core_exports
        from core import runs

        from . import exports
        from .models import IkmRun  # noqa: F401  (the app registry is ready)
        from .services import ikm

        # Stalled IKM runs (worker killed, task never queued) are queued again by the sweep.
        runs.register(runs.Job("surveys.ikm", ikm.RUNS, ikm.requeue))
        # The raw responses of a large period are written by a job (core.exports).
        core_exports.register(exports.BUILDER)
