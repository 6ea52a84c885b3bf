"""Forms of external learning: the employee's record (with its certificate), HR's decision note,
and the filter bars of the employee's list and HR's queue."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..choices import ExternalState, ProgrammeForm, ProgrammeKind
from ..models import JP_MAX, ExternalLearning
from ..selectors.external import EXTERNAL_SORT
from ..services.external import Details

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExternalForm(TextLimits, forms.ModelForm):
    certificate_file = forms.FileField(
        label=_("Sertifikat atau bukti kegiatan"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    class Meta:
        model = ExternalLearning
        fields = ["title", "kind", "form", "organiser", "start_date", "end_date", "jp"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ProgrammeKind.choices  # type: ignore[attr-defined]
        self.fields["form"].choices = ProgrammeForm.choices  # type: ignore[attr-defined]
        self.fields["jp"].help_text = _("1 JP = 45 menit pembelajaran; paling banyak %(max)s JP.") % {
            "max": JP_MAX
        }
        self.fields["certificate_file"].help_text = _(
            "PDF, JPEG, atau PNG, paling besar %(limit)s. Isi berkas yang diperiksa, bukan namanya."
        ) % {"limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)}
        if self.instance.pk is None:
            self.fields["certificate_file"].required = True
        else:
            self.fields["certificate_file"].label = _("Ganti sertifikat (kosongkan bila tidak diganti)")
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("submit", _("Simpan dan ajukan verifikasi")))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data

    def details(self) -> Details:
        data = self.cleaned_data
        return Details(
            title=data["title"],
            kind=data["kind"],
            form=data["form"],
            organiser=data["organiser"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            jp=data["jp"],
        )


class DecisionForm(TextLimits, forms.Form):
    reason = forms.CharField(
        label=_("Catatan / alasan penolakan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExternalFilterForm(TextLimits, forms.Form):
    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=[("", ""), *ExternalState.choices])
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    unit = forms.IntegerField(required=False, min_value=1)
    sort = forms.CharField(required=False, max_length=40)

    def valid(self, name: str) -> Any:
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def selector_kwargs(self, default_sort: str = EXTERNAL_SORT.default) -> dict[str, Any]:
        return {
            "search": self.valid("q") or "",
            "state": self.valid("status") or "",
            "year": self.valid("year"),
            "sort": EXTERNAL_SORT.parse(self.valid("sort") or default_sort).value,
        }
