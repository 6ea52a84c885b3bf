"""Forms of realisations: one row per IKI of the period (the realisation, a self-assessment and the
evidence). Shape of input only; the rules are in services.realisation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..models import Iki, Realisation
from ..services.realisation import RealisationInput, row_prefix
from .numbers import realisation_field

ACCEPT_EVIDENCE = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _plain(value: Decimal | None) -> Decimal | None:
    """90.0000 shown as 90 and 2.5000 as 2.5 in the input (the column keeps 4 decimals)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class RealisationForm(TextLimits, forms.Form):
    """One IKI of the period: the realisation (a number, or a text for a qualitative IKI), a
    self-assessment and the evidence (a file or a link)."""

    value = realisation_field(label=_("Realisasi"), required=False, localize=True)
    text = forms.CharField(
        label=_("Uraian realisasi"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("Catatan penilaian diri"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(
        label=_("Berkas bukti"),
        required=False,
        help_text=_("PDF, JPEG, atau PNG; jenis berkas diperiksa dari isinya."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_EVIDENCE}),
    )
    evidence_link = forms.URLField(
        label=_("Tautan bukti"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(self, *args: Any, iki: Iki, realisation: Realisation | None = None, **kwargs: Any):
        kwargs.setdefault("prefix", row_prefix(iki).rstrip("-"))
        if realisation is not None:
            kwargs.setdefault(
                "initial",
                {
                    "value": _plain(realisation.value),
                    "text": realisation.text,
                    "note": realisation.note,
                    "evidence_link": realisation.evidence_link,
                },
            )
        super().__init__(*args, **kwargs)
        self.iki = iki
        self.realisation = realisation
        if iki.is_numeric:
            del self.fields["text"]
            self.fields["value"].widget.attrs["inputmode"] = "decimal"
        else:
            del self.fields["value"]
        for field in self.fields.values():
            css = "form-control form-control-sm"
            field.widget.attrs["class"] = css
            field.widget.attrs.setdefault("aria-label", f"{field.label}: {iki.indicator}")

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] += " is-invalid"

    def to_input(self) -> RealisationInput:
        data = self.cleaned_data
        return RealisationInput(
            iki=self.iki,
            value=data.get("value"),
            text=data.get("text", "") or "",
            note=data.get("note", "") or "",
            upload=data.get("evidence") or None,
            evidence_link=data.get("evidence_link", "") or "",
        )
