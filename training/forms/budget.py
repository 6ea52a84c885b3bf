"""Forms of the training budget: a budget line's allocation and a programme's spending."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..models import AMOUNT_MAX, NEED_YEAR_MAX, NEED_YEAR_MIN

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BudgetLineForm(TextLimits, forms.Form):
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=NEED_YEAR_MIN, max_value=NEED_YEAR_MAX)
    code = forms.CharField(label=_("Mata anggaran"), max_length=100)
    name = forms.CharField(label=_("Uraian"), max_length=200, required=False)
    allocated = forms.IntegerField(
        label=_("Pagu (Rp)"),
        min_value=0,
        max_value=AMOUNT_MAX,
        help_text=_("Dalam rupiah, tanpa titik."),
    )


class SpendingForm(TextLimits, forms.Form):
    on = forms.DateField(label=_("Tanggal"), widget=DATE)
    amount = forms.IntegerField(
        label=_("Jumlah (Rp)"), min_value=1, max_value=AMOUNT_MAX, help_text=_("Dalam rupiah, tanpa titik.")
    )
    note = forms.CharField(label=_("Keterangan"), max_length=300, required=False)
