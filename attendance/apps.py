from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = _("Presensi")

    def ready(self) -> None:
        from core import exports as core_exports
        from core import runs

        from .services import daily
        from .views.recap import EXPORT_BUILDER

        core_exports.register(EXPORT_BUILDER)
        # Stalled builds of daily statuses (worker killed, task never queued) are queued again by the sweep.
        runs.register(runs.Job("attendance.daily_statuses", daily.RUNS, daily.requeue))
