from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Akun pengguna")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from employees.services.records import on_service_state_changed

        from .middleware import on_login
        from .services import account_deactivate_on_leaving

        # Which second-factor step a new session owes (accounts.middleware); the session is the
        # only thing it writes.
        user_logged_in.connect(on_login, dispatch_uid="accounts.two_factor_on_login")

        # Someone who leaves the service (working state, or the record switched off) loses their login
        # in the personnel record's transaction.
        on_service_state_changed(
            lambda actor, employee: account_deactivate_on_leaving(actor=actor, employee=employee)
        )
