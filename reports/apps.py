from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Laporan")

    def ready(self) -> None:
        from . import panels  # noqa: F401  (panels registers itself with core.panels)
