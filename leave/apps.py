from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeaveConfig(AppConfig):
    name = "leave"
    verbose_name = _("Cuti")

    def ready(self) -> None:
        from core import runs
        from employees.services.records import on_employees_joined

        from . import panels  # noqa: F401  (registers the leave taken on the employee's record)
        from .models import YearOpeningRun  # noqa: F401  (the app registry is ready)
        from .services import balances

        # Stalled yearly openings (worker killed, task never queued) are queued again by the sweep.
        runs.register(runs.Job("leave.year_opening", balances.RUNS, balances.requeue))
        # Who joins an agency's active staff gets this year's balance row in the same transaction.
        on_employees_joined(balances.employees_joined)
