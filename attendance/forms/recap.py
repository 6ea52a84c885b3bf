"""HR's monthly recap filters and the new band table version form."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits
from core.models import UnitKerja

from .. import rules
from ..choices import BandKind
from . import style

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month picker), cleaned to (year, month)."""

    widget = forms.TextInput(attrs={"type": "month"})

    def to_python(self, value: Any) -> tuple[int, int] | None:  # type: ignore[override]
        value = super().to_python(value)
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
            raise forms.ValidationError(_("Bulan harus berbentuk TTTT-BB, mis. 2026-07."))
        return int(match[1]), int(match[2])


class RecapFilterForm(TextLimits, forms.Form):
    bulan = MonthField(label=_("Bulan"), required=False, max_length=7)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja (beserta unit di bawahnya)"),
        required=False,
        queryset=UnitKerja.objects.none(),
        empty_label=_("Seluruh instansi"),
    )
    q = forms.CharField(
        label=_("Cari nama atau NIP"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Cari nama atau NIP")}),
    )

    def __init__(self, *args: Any, unit_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = unit_qs
        style(self)

    def value(self, name: str) -> Any:
        """A field's value; a bad one is None (the other filters still apply)."""
        self.is_valid()
        return self.cleaned_data.get(name)

    def invalid_labels(self) -> list[str]:
        self.is_valid()
        return [str(self.fields[name].label) for name in self.errors if name in self.fields]


# The rows of the form: TL1..TL4 and PSW1..PSW4 (the layout HR sends to finance).
BAND_ROWS = [
    (kind, f"{prefix}{i}")
    for kind, prefix in ((BandKind.TL, "TL"), (BandKind.PSW, "PSW"))
    for i in range(1, 5)
]


class BandTableForm(TextLimits, forms.Form):
    name = forms.CharField(
        label=_("Nama (dasar hukum)"), max_length=200, help_text=_("Mis. Perwali Nomor 12 Tahun 2025")
    )
    valid_from = forms.DateField(label=_("Berlaku mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    absence_cut_percent = forms.DecimalField(
        label=_("Potongan per hari tanpa keterangan (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
    )
    attendance_share_percent = forms.DecimalField(
        label=_("Porsi disiplin/kehadiran dari TPP (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        initial=rules.DEFAULT_ATTENDANCE_SHARE,
    )

    def __init__(
        self, *args: Any, initial_bands: tuple[rules.BandSpec, ...] = rules.EXAMPLE_BANDS, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        given = {b.code: b for b in initial_bands}
        for _kind, code in BAND_ROWS:
            band = given.get(code)
            key = code.lower()
            self.fields[f"{key}_min"] = forms.IntegerField(
                label=_("%(code)s dari menit") % {"code": code}, min_value=1, max_value=1440,
                initial=band.min_minutes if band else None,
            )  # fmt: skip
            self.fields[f"{key}_max"] = forms.IntegerField(
                label=_("%(code)s sampai menit") % {"code": code}, min_value=1, max_value=1440, required=False,
                initial=band.max_minutes if band else None,
                help_text=_("Kosongkan pada kategori terakhir (tanpa batas atas).") if code.endswith("4") else "",
            )  # fmt: skip
            self.fields[f"{key}_cut"] = forms.DecimalField(
                label=_("%(code)s potongan (%%)") % {"code": code}, max_digits=5, decimal_places=2, min_value=0,
                max_value=100, initial=band.cut_percent if band else None,
            )  # fmt: skip
        style(self)

    def band_rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The band fields grouped per code (the template's table)."""
        return [
            (code, [self[f"{code.lower()}_{part}"] for part in ("min", "max", "cut")])
            for _k, code in BAND_ROWS
        ]

    def bands(self) -> list[rules.BandSpec]:
        data = self.cleaned_data
        return [
            rules.BandSpec(
                kind,
                code,
                data[f"{code.lower()}_min"],
                data.get(f"{code.lower()}_max"),
                Decimal(data[f"{code.lower()}_cut"]),
            )
            for kind, code in BAND_ROWS
        ]

    def header_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "valid_from": data["valid_from"],
            "absence_cut_percent": data["absence_cut_percent"],
            "attendance_share_percent": data["attendance_share_percent"],
        }


def default_month(today: date) -> str:
    return f"{today:%Y-%m}"
