"""Forms of an employee's histories (riwayat), each row with the scan of its SK, and of the
employee's documents."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db import models
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..choices import DocumentKind
from ..selectors.histories import HistoryKind
from .records import date_input

# The uploads a document field accepts (the type is checked from the content when saved).
DOCUMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class DocumentForm(TextLimits, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Keterangan"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("PDF, JPEG, atau PNG; jenis berkas diperiksa dari isinya."),
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Unggah")))


class ScanMixin(TextLimits, forms.Form):
    scan_file = forms.FileField(
        label=_("Pindaian SK (opsional)"),
        required=False,
        help_text=_("PDF, JPEG, atau PNG; disimpan di dokumen pegawai."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class HistoryForm(forms.ModelForm, ScanMixin):
    pass


def history_form_class(kind: HistoryKind) -> type[forms.ModelForm]:
    widgets: dict[str, type[forms.Widget] | forms.Widget] = {
        name: date_input()
        for name in kind.fields
        if isinstance(kind.model._meta.get_field(name), models.DateField)
    }
    if "reason" in kind.fields:
        widgets["reason"] = forms.Textarea(attrs={"rows": 3})
    return modelform_factory(kind.model, form=HistoryForm, fields=kind.fields, widgets=widgets)
