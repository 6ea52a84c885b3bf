"""Input of the account pages: the list's filter, the bulk request, one account, the HR officer posts,
and the set-password / reset forms in Indonesian."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from core.access import Actor
from core.forms import TextLimits
from core.models import Instansi, UnitKerja

from . import access
from .choices import AccountState


class AccountFilterForm(TextLimits, forms.Form):
    """The filter of the account list (GET): a bad value is ignored, never a 500."""

    q = forms.CharField(
        label=_("Cari nama, NIP atau nama pengguna"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("Cari nama, NIP atau nama pengguna"), "type": "search"}
        ),
    )
    state = forms.ChoiceField(
        label=_("Status akun"),
        required=False,
        choices=[("", _("Semua status akun")), *AccountState.choices],
    )
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"),
        required=False,
        queryset=UnitKerja.objects.none(),
        empty_label=_("Seluruh instansi"),
    )

    def __init__(self, *args: Any, actor: Actor, instansi: Instansi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = access.account_units(actor, instansi.pk).order_by("path")
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None


class AccountCreateForm(TextLimits, forms.Form):
    username = forms.CharField(
        label=_("Nama pengguna (opsional)"),
        required=False,
        max_length=150,
        help_text=_(
            "Kosongkan untuk memakai NIP. Pegawai selalu dapat masuk dengan NIP-nya. Isi nama pengguna "
            "akun yang sudah ada (belum terhubung ke pegawai) untuk menghubungkannya."
        ),
    )


class BulkAccountForm(TextLimits, forms.Form):
    invite = forms.BooleanField(label=_("Kirim undangan ke pegawai yang memiliki surel"), required=False)


class HrAssignmentForm(TextLimits, forms.Form):
    login = forms.CharField(label=_("Nama pengguna atau NIP"), max_length=150)
    instansi = forms.ModelChoiceField(label=_("Instansi"), queryset=Instansi.objects.order_by("name"))


class SetPasswordFormID(TextLimits, SetPasswordForm):
    """Django's set-password form with Indonesian labels (the validators speak the active language)."""

    error_messages = {"password_mismatch": _("Kedua kata sandi tidak sama.")}

    def __init__(self, user: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("Kata sandi baru")
        self.fields["new_password2"].label = _("Ulangi kata sandi baru")


class PasswordResetFormID(TextLimits, PasswordResetForm):
    email = forms.EmailField(
        label=_("Alamat surel"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


# --- The second sign-in factor ------------------------------------------------------------------------
class TwoFactorCodeForm(TextLimits, forms.Form):
    """A code of the authenticator app (6 digits) or, where offered, a recovery code."""

    token = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args: Any, recovery: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["token"]
        if recovery:
            field.help_text = _(
                "Kode 6 angka dari aplikasi autentikator, atau salah satu kode cadangan Anda bila ponsel "
                "tidak ada pada Anda."
            )
        else:
            field.help_text = _("Kode 6 angka yang sedang tampil di aplikasi autentikator.")
            field.widget.attrs["inputmode"] = "numeric"


class TwoFactorResetForm(TextLimits, forms.Form):
    note = forms.CharField(
        label=_("Alasan (opsional)"),
        required=False,
        max_length=200,
        help_text=_("Mis. ponsel hilang atau diganti."),
    )


class TwoFactorPolicyForm(TextLimits, forms.Form):
    instansi = forms.ModelChoiceField(label=_("Instansi"), queryset=Instansi.objects.order_by("name"))
    required_for_hr = forms.BooleanField(label=_("Wajib bagi petugas kepegawaian"), required=False)
