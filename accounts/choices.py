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
    # The second sign-in factor (accounts/services/twofactor.py).
    TWO_FACTOR_ENROLLED = "2fa_enrolled", _("Verifikasi dua langkah diaktifkan")
    RECOVERY_CODE_USED = "2fa_code_used", _("Kode cadangan dipakai untuk masuk")
    RECOVERY_CODES_RENEWED = "2fa_codes_new", _("Kode cadangan dibuat ulang")
    TWO_FACTOR_DISABLED = "2fa_disabled", _("Verifikasi dua langkah dimatikan pemiliknya")
    TWO_FACTOR_RESET = "2fa_reset", _("Verifikasi dua langkah diatur ulang petugas")


class TwoFactorState(models.TextChoices):
    """What a signed-in session still owes the second sign-in factor (kept in the session)."""

    OK = "ok", _("Tidak ada yang perlu dilakukan")
    VERIFY = "verify", _("Masukkan kode verifikasi")
    ENROL = "enrol", _("Aktifkan verifikasi dua langkah")
