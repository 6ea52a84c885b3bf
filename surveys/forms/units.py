"""Forms of service units (unit layanan) and their services: the unit itself, a service's name, and
the filter bar of the list."""

from __future__ import annotations

import re
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from core.access import Actor
from core.forms import TextLimits
from core.models import Instansi, UnitKerja

from .. import access
from ..choices import ServiceUnitKind
from ..models import Service, ServiceUnit
from ..selectors.units import ACTIVITY, SERVICE_UNIT_SORT, filter_units

# The code is the last part of the public form's address (/s/<code>/): short, lower case, typed
# from a printed poster.
CODE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")
POPULATION_MAX = 10_000_000


class UnitChoiceField(forms.ModelChoiceField):
    """A unit kerja, indented by its depth in the tree."""

    def label_from_instance(self, obj: UnitKerja) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class ServiceUnitForm(TextLimits, forms.ModelForm):
    """A service unit: its unit kerja (of the agency), code, name, kind, address and yearly
    population of service users. The rules (a free code, a unit of the agency) are the service's."""

    # A plain text field, so that a code that is not a slug gets this form's own message (clean_code).
    code = forms.CharField(label=_("Kode survei"), max_length=40)

    class Meta:
        model = ServiceUnit
        fields = ["unit", "name", "code", "kind", "address", "population"]
        widgets = {"address": forms.TextInput()}
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args: Any, actor: Actor, instansi: Instansi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = access.units_for_new_service_units(actor, instansi.pk).order_by("path")
        unit_field.label = _("Unit kerja")
        unit_field.help_text = _(
            "Unit kerja yang menyelenggarakan layanan ini; kepalanya ikut mengelola surveinya."
        )
        self.fields["code"].help_text = _(
            "Bagian alamat formulir untuk masyarakat (/s/kode/): huruf kecil, angka dan tanda hubung, "
            "mis. dukcapil-sorong. Tidak dapat diubah lagi setelah periode survei dibuka."
        )
        population = self.fields["population"]
        assert isinstance(population, forms.IntegerField)
        population.max_value = POPULATION_MAX
        population.validators.append(MaxValueValidator(POPULATION_MAX))
        population.widget.attrs.update({"min": 0, "max": POPULATION_MAX})
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Simpan")))

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().lower()
        if not CODE.fullmatch(code):
            raise ValidationError(
                _(
                    "Kode survei hanya boleh berisi huruf kecil, angka dan tanda hubung (2–40 karakter), "
                    "diawali dan diakhiri huruf atau angka; mis. dukcapil-sorong."
                )
            )
        return code

    def validate_unique(self) -> None:
        """The service checks that the code is free (with a clearer message than the model's)."""


class ServiceForm(TextLimits, forms.ModelForm):
    """The name of a service (jenis layanan), added or renamed inline on the unit's page."""

    class Meta:
        model = Service
        fields = ["name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.setdefault("class", "form-control form-control-sm")

    def validate_unique(self) -> None:
        """The service checks the name is not taken in the unit."""

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


# --- The list's filter bar -----------------------------------------------------------------------------
STATUS_CHOICES = [("aktif", _("Aktif")), ("nonaktif", _("Nonaktif")), ("semua", _("Semua status"))]


class ServiceUnitFilterForm(TextLimits, forms.Form):
    """The filters of the service unit list (?q=, ?instansi=, ?unit=, ?jenis=, ?status=, ?sort=). An
    invalid filter is ignored; an agency or unit the actor does not see offers nothing."""

    q = forms.CharField(label=_("Cari nama atau kode"), required=False, max_length=100)
    instansi = forms.IntegerField(required=False, min_value=1)
    unit = forms.IntegerField(required=False, min_value=1)
    jenis = forms.ChoiceField(required=False, choices=[("", ""), *ServiceUnitKind.choices])
    status = forms.ChoiceField(required=False, choices=STATUS_CHOICES)
    sort = forms.CharField(required=False, max_length=40)

    def __init__(self, data: Any, *, actor: Actor) -> None:
        super().__init__(data)
        self.agencies = list(access.agencies_for_surveys(actor).order_by("name"))
        self.units = list(filter_units(actor))

    def _valid(self, name: str) -> Any:
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    @property
    def selected_instansi(self) -> Instansi | None:
        pk = self._valid("instansi")
        return next((i for i in self.agencies if i.pk == pk), None)

    @property
    def selected_unit(self) -> UnitKerja | None:
        pk = self._valid("unit")
        return next((u for u in self.units if u.pk == pk), None)

    def selector_kwargs(self) -> dict[str, Any]:
        return {
            "search": self._valid("q") or "",
            "instansi": self.selected_instansi,
            "unit": self.selected_unit,
            "kind": self._valid("jenis") or "",
            "active": ACTIVITY.get(self._valid("status") or "aktif", True),
            "sort": SERVICE_UNIT_SORT.parse(self._valid("sort")).value,
        }
