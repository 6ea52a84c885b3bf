"""Flexible work (PermenPANRB 4/2025): the form HR or the head fills from the decision letter, and the
list filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..choices import FlexibleMode
from . import style
from .travel import DateInput


class FlexibleWorkForm(TextLimits, forms.Form):
    nip = forms.CharField(label=_("NIP pegawai"), max_length=21)
    mode = forms.ChoiceField(label=_("Jenis kerja fleksibel"), choices=FlexibleMode.choices)
    start = forms.DateField(label=_("Mulai tanggal"), widget=DateInput())
    end = forms.DateField(label=_("Sampai dengan"), widget=DateInput())
    letter_number = forms.CharField(label=_("Nomor surat keputusan"), max_length=100)
    letter_date = forms.DateField(label=_("Tanggal surat keputusan"), widget=DateInput())
    note = forms.CharField(label=_("Keterangan"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class FlexibleFilterForm(TextLimits, forms.Form):
    q = forms.CharField(label=_("Cari nama, NIP atau nomor surat"), max_length=100, required=False)
    tanggal = forms.DateField(label=_("Bekerja fleksibel pada"), required=False, widget=DateInput())
    jenis = forms.ChoiceField(
        label=_("Jenis"), choices=[("", _("Semua jenis")), *FlexibleMode.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def value(self, name: str) -> Any:
        if not self.is_valid():
            return None
        return self.cleaned_data.get(name)
