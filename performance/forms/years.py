"""Forms of the performance years: the year itself and the organisation predikat of its units."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits
from core.models import UnitKerja

from ..choices import Frequency, OrganisationPredikat
from ..models import PerformanceYear

YEAR_FIELDS = (
    "year",
    "frequency",
    "skp_deadline",
    "realisation_days",
    "appraisal_days",
    "threshold_above",
    "threshold_meets",
)


def _label(name: str) -> Any:
    """The model field's verbose name, capitalised and still lazy (translated when rendered)."""
    return capfirst(getattr(PerformanceYear._meta.get_field(name), "verbose_name", name))


class YearForm(TextLimits, forms.Form):
    """The shape of a performance year; the rules (thresholds, one year per agency) are the
    service's (services.years), whose errors the view puts back on these fields."""

    year = forms.IntegerField(label=_label("year"), min_value=2000, max_value=2100)
    frequency = forms.ChoiceField(
        label=_label("frequency"),
        choices=Frequency.choices,
        initial=Frequency.MONTHLY,
        help_text=_("Evaluasi periodik bulanan, triwulanan atau semesteran; evaluasi tahunan selalu ada."),
    )
    skp_deadline = forms.DateField(
        label=_label("skp_deadline"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    realisation_days = forms.IntegerField(
        label=_label("realisation_days"), min_value=0, max_value=90, initial=5
    )
    appraisal_days = forms.IntegerField(label=_label("appraisal_days"), min_value=0, max_value=90, initial=10)
    threshold_above = forms.DecimalField(
        label=_label("threshold_above"), max_digits=6, decimal_places=2, min_value=0, initial=110
    )
    threshold_meets = forms.DecimalField(
        label=_label("threshold_meets"),
        max_digits=6,
        decimal_places=2,
        min_value=0,
        initial=80,
        help_text=_(
            "Saran rating hasil kerja: indeks ≥ ambang Di Atas, ≥ ambang Sesuai, selain itu Di Bawah."
        ),
    )

    def __init__(self, *args: Any, record: PerformanceYear | None = None, **kwargs: Any) -> None:
        if record is not None:
            kwargs.setdefault("initial", {name: getattr(record, name) for name in YEAR_FIELDS})
        super().__init__(*args, **kwargs)
        if record is not None:
            # The year of a record is fixed: its periods carry the dates.
            del self.fields["year"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Simpan")))


BLANK = ("", _("— belum ditetapkan —"))


class UnitPredikatForm(TextLimits, forms.Form):
    """One select per unit of the page: the predikat kinerja organisasi of that unit for the year."""

    def __init__(
        self, *args: Any, units: Sequence[UnitKerja], current: dict[int, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for unit in self.units:
            self.fields[self.field_name(unit)] = forms.ChoiceField(
                label=unit.name,
                choices=[BLANK, *OrganisationPredikat.choices],
                required=False,
                initial=current.get(unit.pk, ""),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    @staticmethod
    def field_name(unit: UnitKerja) -> str:
        return f"unit_{unit.pk}"

    def rows(self) -> list[tuple[UnitKerja, forms.BoundField, str]]:
        """(unit, its field, indentation by depth below the page's shallowest unit)."""
        top = min((u.depth for u in self.units), default=0)
        return [(unit, self[self.field_name(unit)], "– " * (unit.depth - top)) for unit in self.units]

    def values(self) -> dict[UnitKerja, str]:
        """The submitted value per unit; a unit whose select was not sent is left as it is."""
        return {
            unit: self.cleaned_data.get(self.field_name(unit), "")
            for unit in self.units
            if self.field_name(unit) in self.data
        }
