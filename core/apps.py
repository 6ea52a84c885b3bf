from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Inti dan organisasi")

    def ready(self) -> None:
        from . import access, audit

        audit.register_audited(audit.Audited("unit", access.get_unit, lambda u: u.instansi_id))
        audit.register_audited(audit.Audited("instansi", access.get_instansi, lambda i: i.pk))
