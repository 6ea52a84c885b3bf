"""HR's shift form and the roster's week picker."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits
from core.models import UnitKerja

from . import style

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ShiftForm(TextLimits, forms.Form):
    code = forms.CharField(label=_("Kode"), max_length=4, help_text=_("Singkat, mis. P, S, M."))
    name = forms.CharField(label=_("Nama shift"), max_length=60)
    start = forms.TimeField(label=_("Jam masuk"), widget=TIME)
    end = forms.TimeField(label=_("Jam pulang"), widget=TIME)
    break_start = forms.TimeField(label=_("Istirahat mulai"), widget=TIME, required=False)
    break_end = forms.TimeField(label=_("Istirahat selesai"), widget=TIME, required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"),
        queryset=UnitKerja.objects.none(),
        required=False,
        empty_label=_("Seluruh instansi"),
        help_text=_("Shift hanya dapat dipakai dalam jadwal unit ini dan unit di bawahnya."),
    )
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args: Any, instansi_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = UnitKerja.objects.filter(instansi_id=instansi_id).order_by("path")  # type: ignore[attr-defined]
        style(self)


class WeekForm(TextLimits, forms.Form):
    minggu = forms.DateField(
        label=_("Pekan mulai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
