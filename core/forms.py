from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import UnitKerja


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("NIP atau nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "inputmode": "text"}),
    )
    error_messages = {
        "invalid_login": _("NIP/nama pengguna atau kata sandi salah. Periksa kembali, lalu coba lagi."),
        "inactive": _("Akun ini tidak aktif. Hubungi petugas kepegawaian."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Kata sandi")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Masuk"), css_class="w-100"))


class UnitForm(forms.ModelForm):
    class Meta:
        model = UnitKerja
        fields = ["parent", "code", "name", "kind", "head_title", "is_active"]

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        parents = UnitKerja.objects.filter(instansi=instansi).order_by("path")
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda u: f"{'— ' * u.depth}{u.name}"
        self.fields["parent"].empty_label = _("(unit tingkat teratas)")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Simpan")))
