"""HR's discipline thresholds list filter, the agency's attendance settings form, and the filter of
the head's unit pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import TextLimits
from core.models import UnitKerja

from ..choices import Sanction
from ..selectors.discipline import IN_FORCE, RECONSIDERED
from ..selectors.unit import TODAY_GROUPS
from . import style


class _Filters(TextLimits, forms.Form):
    def value(self, name: str) -> Any:
        """A field's value; a bad one is None (the other filters still apply)."""
        self.is_valid()
        return self.cleaned_data.get(name)

    def invalid_labels(self) -> list[str]:
        """The labels of the filters whose value is not valid."""
        self.is_valid()
        return [str(self.fields[name].label) for name in self.errors if name in self.fields]


class DisciplineFilterForm(_Filters):
    q = forms.CharField(
        label=_("Cari nama atau NIP"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Cari nama atau NIP")}),
    )
    year = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"),
        required=False,
        queryset=UnitKerja.objects.none(),
        empty_label=_("Seluruh instansi"),
    )
    sanction = forms.ChoiceField(
        label=_("Hukuman disiplin"), required=False, choices=[("", _("Semua")), *Sanction.choices]
    )
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua")), (IN_FORCE, _("Berlaku")), (RECONSIDERED, _("Tidak berlaku lagi"))],
    )

    def __init__(self, *args: Any, unit_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = unit_qs
        style(self)


class AttendanceSettingsForm(TextLimits, forms.Form):
    convert_late_minutes = forms.BooleanField(
        label=_("Konversi menit terlambat ke hari"),
        required=False,
        help_text=_(
            "Bila aktif, akumulasi menit terlambat setahun ditambahkan ke hitungan hari tidak masuk kerja "
            "tanpa keterangan untuk ambang PP 94/2021. Bawaan: tidak aktif."
        ),
    )
    minutes_per_day = forms.IntegerField(
        label=_("Menit per hari"),
        min_value=60,
        max_value=1440,
        initial=450,
        help_text=_("Jumlah menit terlambat yang setara dengan satu hari (450 menit = 7,5 jam)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class UnitFilterForm(_Filters):
    """The filter of the head's unit pages: a unit of their subtree, a name, today's group."""

    q = forms.CharField(
        label=_("Cari nama atau NIP"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Cari nama atau NIP")}),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"),
        required=False,
        queryset=UnitKerja.objects.none(),
        empty_label=_("Seluruh unit saya"),
    )
    group = forms.ChoiceField(
        label=pgettext_lazy("presensi", "Keadaan"), required=False, choices=[("", _("Semua")), *TODAY_GROUPS]
    )

    def __init__(self, *args: Any, unit_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = unit_qs
        style(self)
