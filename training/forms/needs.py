"""Forms of training needs: a proposal, HR's mapping to a competency and nomination, and the
filter bar of the list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FastSelect, TextLimits
from employees.models import Employee

from ..choices import NeedPriority, NeedSource, NeedStatus
from ..models import NEED_YEAR_MAX, NEED_YEAR_MIN, Competency, Programme
from ..selectors.needs import NEED_SORT


class CompetencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Competency) -> str:
        return f"{obj.code} {obj.name}"


class NeedForm(TextLimits, forms.Form):
    employee = forms.ModelChoiceField(label=_("Pegawai"), queryset=Employee.objects.none(), widget=FastSelect)
    competency = CompetencyChoiceField(
        label=_("Kompetensi"), queryset=Competency.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Kebutuhan pelatihan"),
        required=False,
        max_length=300,
        help_text=_("Bila kompetensinya belum ada di daftar, tuliskan kebutuhannya."),
    )
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))
    priority = forms.ChoiceField(
        label=_("Prioritas"), choices=NeedPriority.choices, initial=NeedPriority.MEDIUM
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=NEED_YEAR_MIN, max_value=NEED_YEAR_MAX)

    def __init__(self, *args: Any, employees: Any, competencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employee = self.fields["employee"]
        assert isinstance(employee, forms.ModelChoiceField)
        employee.queryset = employees.order_by("name", "pk")
        employee.label_from_instance = lambda obj: f"{obj.name} – {obj.nip}"  # type: ignore[method-assign]
        competency = self.fields["competency"]
        assert isinstance(competency, forms.ModelChoiceField)
        competency.queryset = competencies.order_by("code", "pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("competency") and not (data.get("description") or "").strip():
            raise forms.ValidationError(_("Pilih kompetensi atau tuliskan kebutuhan pelatihannya."))
        return data


class NeedCompetencyForm(TextLimits, forms.Form):
    competency = CompetencyChoiceField(label=_("Kompetensi"), queryset=Competency.objects.none())

    def __init__(self, *args: Any, competencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["competency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = competencies


class NeedNominationForm(TextLimits, forms.Form):
    programme = forms.ModelChoiceField(label=_("Program"), queryset=Programme.objects.none())
    reason = forms.CharField(
        label=_("Alasan / kebutuhan pengembangan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = programmes


class NeedFilterForm(TextLimits, forms.Form):
    q = forms.CharField(required=False, max_length=100)
    year = forms.IntegerField(required=False, min_value=NEED_YEAR_MIN, max_value=NEED_YEAR_MAX)
    status = forms.ChoiceField(required=False, choices=[("", ""), *NeedStatus.choices])
    source = forms.ChoiceField(required=False, choices=[("", ""), *NeedSource.choices])
    priority = forms.ChoiceField(required=False, choices=[("", ""), *NeedPriority.choices])
    sort = forms.CharField(required=False, max_length=40)

    def valid(self, name: str) -> Any:
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def selector_kwargs(self) -> dict[str, Any]:
        return {
            "search": self.valid("q") or "",
            "year": self.valid("year"),
            "status": self.valid("status") or "",
            "source": self.valid("source") or "",
            "priority": self.valid("priority") or "",
            "sort": NEED_SORT.parse(self.valid("sort") or NEED_SORT.default).value,
        }
