from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountState(models.TextChoices):
    """The state of an employee's account, as the HR account list shows it."""

    NONE = "none", _("Belum ada akun")
    INVITED = "invited", _("Menunggu aktivasi")
    ACTIVE = "active", _("Aktif")
    DEACTIVATED = "deactivated", _("Nonaktif")


class AccountEventKind(models.TextChoices):
    """What happened to an account (the audit trail of accounts and HR officer posts)."""

    CREATED = "created", _("Akun dibuat")
    LINKED = "linked", _("Akun dihubungkan")
    INVITED = "invited", _("Undangan dikirim")
    ACTIVATED = "activated", _("Kata sandi pertama ditetapkan")
    PASSWORD_RESET = "password_reset", _("Kata sandi diatur ulang lewat surel")
    DEACTIVATED = "deactivated", _("Akun dinonaktifkan")
    REACTIVATED = "reactivated", _("Akun diaktifkan kembali")
    HR_ASSIGNED = "hr_assigned", _("Ditetapkan sebagai petugas kepegawaian")
    HR_REMOVED = "hr_removed", _("Dicabut dari petugas kepegawaian")
