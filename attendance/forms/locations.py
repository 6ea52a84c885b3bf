"""HR's work locations: the geofence form and the list filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from . import style


class WorkLocationForm(TextLimits, forms.Form):
    name = forms.CharField(label=_("Nama lokasi"), max_length=200)
    latitude = forms.DecimalField(
        label=_("Lintang"), max_digits=9, decimal_places=6, min_value=-90, max_value=90,
        help_text=_("Derajat desimal, mis. -0.876200 (selatan khatulistiwa bertanda minus)."),
    )  # fmt: skip
    longitude = forms.DecimalField(
        label=_("Bujur"), max_digits=9, decimal_places=6, min_value=-180, max_value=180,
        help_text=_("Derajat desimal, mis. 131.255800."),
    )  # fmt: skip
    radius_m = forms.IntegerField(
        label=_("Radius (meter)"), min_value=10, max_value=5000, initial=100,
        help_text=_("Presensi diterima bila perangkat berada dalam jarak ini dari titik lokasi."),
    )  # fmt: skip
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class LocationFilterForm(TextLimits, forms.Form):
    q = forms.CharField(label=_("Cari nama lokasi"), max_length=100, required=False)
    aktif = forms.TypedChoiceField(
        label=_("Status"),
        required=False,
        coerce=lambda v: v == "1",
        empty_value=None,
        choices=[("", _("Semua")), ("1", _("Aktif")), ("0", _("Tidak aktif"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def value(self, name: str) -> Any:
        """The cleaned value of a filter, or None when the filter is empty or invalid."""
        if not self.is_valid():
            return None
        return self.cleaned_data.get(name)
