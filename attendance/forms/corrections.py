"""Corrections: the employee's request form and the atasan's decision form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..choices import CorrectionKind
from . import style


class CorrectionForm(TextLimits, forms.Form):
    date = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(label=_("Jenis koreksi"), choices=CorrectionKind.choices)
    check_in = forms.TimeField(
        label=_("Jam masuk yang benar"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    check_out = forms.TimeField(
        label=_("Jam pulang yang benar"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    reason = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(
        label=_("Bukti (PDF, JPG atau PNG, paling besar 5 MB)"),
        required=False,
        help_text=_("Wajib untuk dinas luar (surat tugas)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the Presensi page also holds the check-in form, whose hidden `kind` would
        # otherwise share id_kind with this form's select (its label then named the wrong field).
        kwargs.setdefault("auto_id", "correction_%s")
        super().__init__(*args, **kwargs)
        style(self)


class CorrectionDecisionForm(TextLimits, forms.Form):
    note = forms.CharField(
        label=_("Catatan"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila ditolak."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
