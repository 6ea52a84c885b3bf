from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Akun pengguna")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import on_login

        # Which second-factor step a new session owes (accounts.middleware); the session is the
        # only thing it writes.
        user_logged_in.connect(on_login, dispatch_uid="accounts.two_factor_on_login")
