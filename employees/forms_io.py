"""The upload form of the employee imports."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.access import Actor

from . import access
from .imports import KINDS


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis impor"), choices=[(k.code, k.title) for k in KINDS.values()])
    instansi = forms.ModelChoiceField(label=_("Instansi"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("Berkas .xlsx"),
        help_text=_("Gunakan templat di bawah; jenis berkas diperiksa dari isinya."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instansi"].queryset = access.instansi_managed_by(actor).order_by("name")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Unggah dan periksa")))
