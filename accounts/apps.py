from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Akun pengguna")

    def ready(self) -> None:
        from employees.services.records import on_service_state_changed

        from .services import account_deactivate_on_leaving

        # Someone who leaves the service (working state, or the record switched off) loses their login
        # in the personnel record's transaction.
        on_service_state_changed(
            lambda actor, employee: account_deactivate_on_leaving(actor=actor, employee=employee)
        )
