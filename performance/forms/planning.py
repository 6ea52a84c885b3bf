"""Forms of SKP planning: RHK, IKI, the superior's expectations, the workflow comments, copy down."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits
from employees.models import Employee

from ..choices import BehaviourValue, Direction
from ..models import BehaviourExpectation, Iki, Rhk, Skp
from ..selectors.planning import parent_choices
from .numbers import target_field, weight_field


def _helper(submit: str | Promise) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit))
    return helper


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Rhk) -> str:
        return obj.text


class RhkForm(TextLimits, forms.Form):
    text = forms.CharField(
        label=_("Rencana hasil kerja"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Hasil kerja yang akan dicapai dalam tahun ini."),
    )
    parent = ParentChoiceField(
        label=_("RHK atasan yang diintervensi"),
        queryset=Rhk.objects.none(),
        required=False,
        empty_label=_("(belum dikaitkan)"),
        help_text=_("RHK atasan langsung yang didukung oleh RHK ini."),
    )

    def __init__(self, *args: Any, skp: Skp, rhk: Rhk | None = None, **kwargs: Any) -> None:
        if rhk is not None:
            kwargs.setdefault("initial", {"text": rhk.text, "parent": rhk.parent_id})
        super().__init__(*args, **kwargs)
        parent = cast(ParentChoiceField, self.fields["parent"])
        parent.queryset = parent_choices(skp)
        if not parent.queryset.exists():
            parent.help_text = _(
                "Atasan langsung Anda belum memiliki SKP tahun ini, jadi belum ada RHK untuk dikaitkan."
            )
        self.helper = _helper(_("Simpan RHK"))


class IkiForm(TextLimits, forms.Form):
    indicator = forms.CharField(
        label=_("Indikator kinerja individu"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    target = target_field(
        label=_("Target (angka)"),
        required=False,
        help_text=_("Target per periode penilaian. Kosongkan untuk target kualitatif."),
    )
    unit = forms.CharField(
        label=_("Satuan"), max_length=60, required=False, help_text=_("Mis. orang, dokumen, hari.")
    )
    target_text = forms.CharField(
        label=_("Keterangan target"),
        max_length=300,
        required=False,
        help_text=_("Wajib diisi untuk target kualitatif, mis. “Laporan diterima tanpa revisi”."),
    )
    direction = forms.ChoiceField(label=_("Arah"), choices=Direction.choices, initial=Direction.HIGHER)
    weight = weight_field(
        label=_("Bobot"),
        initial=1,
        help_text=_("Bobot dalam indeks capaian; 1 bila semua IKI sama penting."),
    )

    def __init__(self, *args: Any, iki: Iki | None = None, **kwargs: Any) -> None:
        if iki is not None:
            kwargs.setdefault(
                "initial",
                {
                    "indicator": iki.indicator,
                    "target": iki.target,
                    "unit": iki.unit,
                    "target_text": iki.target_text,
                    "direction": iki.direction,
                    "weight": iki.weight,
                },
            )
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Simpan IKI"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("target") is None and not data.get("target_text") and "target" not in self.errors:
            self.add_error("target_text", _("Isi target angka atau uraian target kualitatif."))
        if data.get("target") is not None and not data.get("unit"):
            self.add_error("unit", _("Isi satuan untuk target angka."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["unit"] = data.get("unit") or ""
        data["target_text"] = data.get("target_text") or ""
        return data


class ExpectationsForm(TextLimits, forms.Form):
    """The superior's ekspektasi khusus for each of the seven BerAKHLAK values."""

    def __init__(self, *args: Any, behaviours: list[BehaviourExpectation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {b.value: b.expectation for b in behaviours}
        for value, label in BehaviourValue.choices:
            self.fields[value] = forms.CharField(
                label=label,
                required=False,
                initial=current.get(value, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.helper = _helper(_("Simpan ekspektasi"))

    def expectations(self) -> dict[str, str]:
        return {value: self.cleaned_data.get(value, "") for value in BehaviourValue.values}


class ReturnForm(TextLimits, forms.Form):
    comment = forms.CharField(
        label=_("Yang perlu diperbaiki"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan apa yang perlu diperbaiki.")},
    )


class ApproveForm(TextLimits, forms.Form):
    comment = forms.CharField(
        label=_("Catatan (opsional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviseForm(TextLimits, forms.Form):
    reason = forms.CharField(
        label=_("Alasan revisi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mis. mutasi tugas, perubahan target organisasi."),
        error_messages={"required": _("Tuliskan alasan revisi SKP.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Buat draf revisi"))


class SubordinateChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} · {obj.nip_display} · {obj.unit.name}"


class CopyDownForm(TextLimits, forms.Form):
    rhk = ParentChoiceField(label=_("RHK Anda yang diturunkan"), queryset=Rhk.objects.none())
    employees = SubordinateChoiceField(
        label=_("Bawahan langsung"),
        queryset=Employee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih sedikitnya satu bawahan.")},
    )
    with_ikis = forms.BooleanField(
        label=_("Sertakan indikator kinerja (IKI) beserta targetnya"), required=False, initial=True
    )

    def __init__(self, *args: Any, skp: Skp, subordinates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ParentChoiceField, self.fields["rhk"]).queryset = skp.rhks.all()
        cast(SubordinateChoiceField, self.fields["employees"]).queryset = subordinates
