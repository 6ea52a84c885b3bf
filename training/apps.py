from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Pengembangan Kompetensi")

    def ready(self) -> None:
        # --- JP compliance ---
        from core import exports as core_exports
        from core import runs

        from . import panels  # noqa: F401  (panels registers itself with core.panels)
        from .models import ComplianceRun  # noqa: F401  (the app registry is ready)
        from .services import compliance

        # Stalled JP recompute runs (worker killed, task never queued) are queued again by the sweep.
        runs.register(runs.Job("training.compliance", compliance.RUNS, compliance.requeue))
        # The whole-agency JP Excel of a large agency is built by the export job (core.exports).
        from .views.compliance import EXPORT_BUILDER

        core_exports.register(EXPORT_BUILDER)

        # --- Training needs ---
        # The coaching page (performance) shows the programmes nominated for a plan's training need
        # through this provider: performance never imports training.
        from performance.selectors.coaching import provide_training_outcomes

        from .selectors.needs import coaching_outcomes

        provide_training_outcomes(coaching_outcomes)
