from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = _("Kinerja (SKP)")

    def ready(self) -> None:
        from core import runs
        from employees.services.superiors import on_superiors_changed

        from . import panels  # noqa: F401  (panels registers itself with core.panels)
        from .models import ScoringRun  # noqa: F401  (the app registry is ready)
        from .services import appraisers, scoring

        # A head moved, an acting appraiser or a Sekda was named: open SKPs get their new appraiser.
        on_superiors_changed(appraisers.repoint)

        # Stalled scoring runs (worker killed, task never queued) are queued again by the sweep.
        runs.register(runs.Job("performance.scoring", scoring.RUNS, scoring.requeue))
