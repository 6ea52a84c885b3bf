"""Official travel (dinas luar): the form HR or the head fills from the letter (SPT), and the list filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from . import style


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DinasLuarForm(TextLimits, forms.Form):
    nip = forms.CharField(label=_("NIP pegawai"), max_length=21)
    start = forms.DateField(label=_("Mulai tanggal"), widget=DateInput())
    end = forms.DateField(label=_("Sampai dengan"), widget=DateInput())
    letter_number = forms.CharField(label=_("Nomor SPT"), max_length=100)
    letter_date = forms.DateField(label=_("Tanggal SPT"), widget=DateInput())
    purpose = forms.CharField(label=_("Keperluan"), max_length=300, required=False)
    letter_file = forms.FileField(
        label=_("Pindaian SPT"),
        required=False,
        help_text=_("PDF, JPG atau PNG, paling besar 5 MB (tidak wajib)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class TravelFilterForm(TextLimits, forms.Form):
    q = forms.CharField(label=_("Cari nama, NIP atau nomor SPT"), max_length=100, required=False)
    tanggal = forms.DateField(label=_("Sedang dinas luar pada"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def value(self, name: str) -> Any:
        if not self.is_valid():
            return None
        return self.cleaned_data.get(name)
