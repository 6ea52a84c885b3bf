from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployeesConfig(AppConfig):
    name = "employees"
    verbose_name = _("Kepegawaian")

    def ready(self) -> None:
        from core import audit
        from core import exports as core_exports

        from . import access, exports, panels  # noqa: F401  (panels registers itself with core.panels)

        core_exports.register(exports.BUILDER)

        audit.register_audited(audit.Audited("pegawai", access.get_employee, lambda e: e.unit.instansi_id))
