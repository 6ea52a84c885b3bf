"""Forms of the catalogue: partners and agreements, a competency, a programme (with its eligibility),
a session, and the filter bars of the programme lists."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.access import Actor
from core.forms import TextLimits
from core.models import Instansi, UnitKerja

from .. import access
from ..choices import ProgrammeForm, ProgrammeKind, ProgrammeState
from ..models import (
    COST_MAX,
    JP_MAX,
    QUOTA_MAX,
    Competency,
    PartnerAgreement,
    PartnerInstitution,
    Programme,
    Session,
)
from ..selectors.catalogue import PROGRAMME_SORT


def _helper(label: Any = None) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label or _("Simpan")))
    return helper


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: UnitKerja) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: UnitKerja) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class PartnerForm(TextLimits, forms.ModelForm):
    class Meta:
        model = PartnerInstitution
        fields = ["name", "kind", "address", "contact", "is_active"]
        widgets = {"address": forms.TextInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def validate_unique(self) -> None:
        """The service checks the name is free in the agency."""


class AgreementForm(TextLimits, forms.ModelForm):
    class Meta:
        model = PartnerAgreement
        fields = ["number", "start_date", "end_date", "scope"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Tambah perjanjian"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal berakhir tidak boleh sebelum tanggal mulai."))
        return data


class CompetencyForm(TextLimits, forms.ModelForm):
    class Meta:
        model = Competency
        fields = ["code", "name", "kind"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Tambah kompetensi"))

    def validate_unique(self) -> None:
        """The service checks the code is free in the agency."""


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeEditForm(TextLimits, forms.ModelForm):
    """A programme of the catalogue. Choices (partners, units, competencies) come from the agency the
    actor keeps; the cross-field rules (organiser, golongan range) are the service's."""

    class Meta:
        model = Programme
        fields = [
            "title",
            "description",
            "kind",
            "form",
            "organiser_kind",
            "partner",
            "organiser_unit",
            "organiser_name",
            "competencies",
            "competency_notes",
            "jp",
            "quota",
            "start_date",
            "end_date",
            "cancel_days_before",
            "golongan_min",
            "golongan_max",
            "position_kind",
            "position_level",
            "units",
            "cost",
            "budget_line",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_date": DATE,
            "end_date": DATE,
            "competencies": forms.CheckboxSelectMultiple,
        }
        field_classes = {"organiser_unit": UnitChoiceField, "units": UnitMultipleChoiceField}

    def __init__(self, *args: Any, actor: Actor, instansi: Instansi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = access.units_for_programmes(actor, instansi.pk).order_by("path")
        self._choices("organiser_unit", units)
        self._choices("units", units)
        self._choices(
            "partner",
            access.partners_visible_to(actor).filter(instansi=instansi, is_active=True).order_by("name"),
        )
        self._choices(
            "competencies", access.competencies_visible_to(actor).filter(instansi=instansi).order_by("code")
        )
        for name, top in (
            ("jp", JP_MAX),
            ("quota", QUOTA_MAX),
            ("cost", COST_MAX),
            ("cancel_days_before", 90),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.IntegerField)
            field.max_value = top
            field.widget.attrs.update({"min": 0 if name in ("cost", "cancel_days_before") else 1, "max": top})
        self.fields["units"].widget.attrs["size"] = 8
        self.helper = _helper()

    def _choices(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


class SessionForm(TextLimits, forms.ModelForm):
    online_url = forms.URLField(
        label=_("Tautan daring"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Session
        fields = ["date", "start_time", "end_time", "topic", "place", "online_url"]
        widgets = {
            "date": DATE,
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Tambah sesi"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Jam selesai harus sesudah jam mulai."))
        return data


class ProgrammeStateForm(TextLimits, forms.Form):
    state = forms.ChoiceField(choices=ProgrammeState.choices)


# --- Filter bars -----------------------------------------------------------------------------------------------
class _Filter(TextLimits, forms.Form):
    q = forms.CharField(required=False, max_length=100)
    jenis = forms.ChoiceField(required=False, choices=[("", ""), *ProgrammeKind.choices])
    bentuk = forms.ChoiceField(required=False, choices=[("", ""), *ProgrammeForm.choices])
    sort = forms.CharField(required=False, max_length=40)

    def valid(self, name: str) -> Any:
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def common(self) -> dict[str, Any]:
        return {
            "search": self.valid("q") or "",
            "kind": self.valid("jenis") or "",
            "form": self.valid("bentuk") or "",
            "sort": PROGRAMME_SORT.parse(self.valid("sort")).value,
        }


class CatalogueFilterForm(_Filter):
    """The filters of the catalogue (?q=, ?jenis=, ?bentuk=, ?sort=); an invalid one is ignored."""


class ProgrammeFilterForm(_Filter):
    """HR's programme list: the catalogue's filters plus ?status= and ?instansi=."""

    status = forms.ChoiceField(required=False, choices=[("", ""), *ProgrammeState.choices])
    instansi = forms.IntegerField(required=False, min_value=1)

    def __init__(self, data: Any, *, actor: Actor) -> None:
        super().__init__(data)
        self.agencies = list(access.catalogue_agencies(actor).order_by("name"))

    def selector_kwargs(self) -> dict[str, Any]:
        pk = self.valid("instansi")
        return {
            **self.common(),
            "state": self.valid("status") or "",
            "instansi": next((i for i in self.agencies if i.pk == pk), None),
        }
