"""Corrections: the employee's request form and the atasan's decision form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..choices import CorrectionKind, CorrectionState
from . import style
from .recap import MonthField


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

    def _minute(self, name: str) -> Any:
        """A time to the minute, as the page's time input sends it: seconds and microseconds a
        hand-made post adds are dropped (found by the probe: "07:00:00.123456" was stored)."""
        value = self.cleaned_data.get(name)
        return value.replace(second=0, microsecond=0) if value is not None else None

    def clean_check_in(self) -> Any:
        return self._minute("check_in")

    def clean_check_out(self) -> Any:
        return self._minute("check_out")


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


class CorrectionFilterForm(TextLimits, forms.Form):
    """The filters of the correction queue and its history (the tab is `?tab=riwayat`)."""

    q = forms.CharField(
        label=_("Cari nama atau NIP"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Cari nama atau NIP")}),
    )
    bulan = MonthField(label=_("Bulan"), required=False, max_length=7)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Semua keputusan")),
            (CorrectionState.DISETUJUI, CorrectionState.DISETUJUI.label),
            (CorrectionState.DITOLAK, CorrectionState.DITOLAK.label),
        ],
    )

    def __init__(self, *args: Any, history: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not history:
            del self.fields["status"]
        style(self)

    def value(self, name: str) -> Any:
        """A filter's value; a bad one is None (the other filters still apply)."""
        self.is_valid()
        return self.cleaned_data.get(name)
