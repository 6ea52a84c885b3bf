"""Forms of the personnel record: an employee's record (new or changed) and the filters of the
employee list, shared by the list page and its exports."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from crispy_forms.bootstrap import FormActions
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.access import Actor
from core.forms import FastSelect, TextLimits
from core.models import UnitKerja
from core.sorting import Sorting

from .. import access, selectors
from ..choices import (
    GOLONGAN_CHOICES,
    Education,
    EmployeeKind,
    Eselon,
    Gender,
    PositionKind,
    PositionLevel,
    WorkingState,
)
from ..models import Employee
from ..rules.career import AgeBand, birth_date_range
from ..rules.nip import NipError, check_nip_lama, normalize_nip, parse_nip
from ..rules.phone import is_phone, normalize_phone


def date_input() -> forms.DateInput:
    """A date field's widget: the browser's date picker, the value as YYYY-MM-DD."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


DATE = date_input()


class NipLamaField(forms.CharField):
    """The old 9-digit NIP: typed with spaces or dots, kept as its digits (rules.nip.check_nip_lama)."""

    TYPED_LENGTH = 15  # "010 123 456" or "010.123.456" is longer than the stored 9 digits

    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(max_length=self.TYPED_LENGTH, **kwargs)
        self.help_text = self.help_text or _("9 angka; spasi dan titik boleh diketik, akan dibuang.")
        self.widget.attrs.update({"inputmode": "numeric"})

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        try:
            return check_nip_lama(value)
        except NipError as exc:
            raise forms.ValidationError(str(exc), code="nip_lama") from exc


class PhoneField(forms.CharField):
    """A phone number typed as people write it (spaces, dashes, dots, brackets, +62), stored in one
    form: `0812-3456 7890` and `+62 812 3456 7890` are both `081234567890` (rules.phone)."""

    TYPED_LENGTH = 30

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Typed with separators it is longer than the stored number (at most 20): the typed limit is 30.
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
        self.max_length = self.TYPED_LENGTH
        self.validators.append(MaxLengthValidator(self.TYPED_LENGTH))
        if isinstance(self.widget, forms.TextInput):
            self.widget.input_type = "tel"
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel", "maxlength": self.TYPED_LENGTH})
        self.help_text = _("Mis. 0812-3456-7890 atau +62 812 3456 7890; disimpan sebagai 081234567890.")

    def to_python(self, value: Any) -> str:
        return normalize_phone(super().to_python(value) or "")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not is_phone(value):
            raise forms.ValidationError(PHONE_MESSAGE, code="phone")


PHONE_MESSAGE = _(
    "Nomor telepon diawali 0 atau + dan kode negara, 8–15 angka; mis. 0812-3456-7890 atau +62 812 3456 7890."
)


def unit_choices(units: list[UnitKerja]) -> list[tuple[Any, Any]]:
    """A unit dropdown's options, indented by depth. Units of several agencies are grouped under
    each agency's name; a single agency's units need no name at all (never the agency's slug)."""

    def option(u: UnitKerja) -> tuple[int, str]:
        return (u.pk, f"{'— ' * u.depth}{u.name}")

    agencies: dict[int, list[UnitKerja]] = {}
    for u in units:
        agencies.setdefault(u.instansi_id, []).append(u)
    if len(agencies) <= 1:
        return [option(u) for u in units]
    groups = sorted(agencies.values(), key=lambda group: group[0].instansi.name)
    return [(group[0].instansi.name, [option(u) for u in group]) for group in groups]


def initial_history_fields() -> dict[str, forms.Field]:
    """The first rank and position of a new employee (they become the first history rows)."""
    return {
        "golongan": forms.ChoiceField(label=_("Golongan"), choices=[("", "---------"), *GOLONGAN_CHOICES]),
        "tmt_golongan": forms.DateField(label=_("TMT golongan"), required=False, widget=DATE),
        "position_name": forms.CharField(label=_("Nama jabatan"), max_length=200),
        "position_kind": forms.ChoiceField(
            label=_("Jenis jabatan"), choices=[("", "---------"), *PositionKind.choices]
        ),
        "position_level": forms.ChoiceField(
            label=_("Jenjang jabatan"), choices=[("", "---------"), *PositionLevel.choices], required=False
        ),
        "eselon": forms.ChoiceField(
            label=_("Eselon (lama)"), choices=[("", "---------"), *Eselon.choices], required=False
        ),
        "tmt_jabatan": forms.DateField(label=_("TMT jabatan"), required=False, widget=DATE),
    }


# The sections of the employee form (the first rank and position of a new employee join the second
# and third).
IDENTITY_FIELDS = (
    "nip", "nip_lama", "front_title", "name", "back_title", "birth_place", "birth_date", "gender",
    "nip_mismatch_confirmed",
)  # fmt: skip
SERVICE_FIELDS = ("employment_status", "working_state", "tmt_cpns", "tmt_pns", "tmt_pppk", "education")


class EmployeeForm(TextLimits, forms.ModelForm):
    class Meta:
        model = Employee
        fields = [
            "nip", "nip_lama", "front_title", "name", "back_title", "birth_place", "birth_date", "gender",
            "nip_mismatch_confirmed", "nik", "religion", "marital_status", "address", "phone", "email",
            "employment_status", "tmt_cpns", "tmt_pns", "tmt_pppk", "unit", "is_unit_head", "education",
            "working_state",
        ]  # fmt: skip
        field_classes: dict[str, type[forms.Field]] = {"phone": PhoneField, "nip_lama": NipLamaField}
        widgets = {name: date_input() for name in ("birth_date", "tmt_cpns", "tmt_pns", "tmt_pppk")} | {
            "address": forms.Textarea(attrs={"rows": 2})
        }

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new record starts its rank and position histories; later changes are history rows.
            self.fields.update(initial_history_fields())
        nip = cast(forms.CharField, self.fields["nip"])
        nip.help_text = _("18 angka; spasi dan titik boleh diketik, akan dibuang.")
        nip.max_length = 30
        # Typed with spaces/dots (`19920304 201903 2 007`) it is longer than the stored 18 digits.
        nip.validators = [v for v in nip.validators if not isinstance(v, MaxLengthValidator)]
        nip.widget.attrs.update({"inputmode": "numeric", "maxlength": 30})
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        unit.queryset = access.units_for_employee_form(actor).select_related("instansi")
        self.fields["working_state"].required = False
        # Read once for the widget (the field still validates against the queryset).
        unit.choices = [("", "---------"), *unit_choices(list(unit.queryset))]
        # Prefilled from the NIP as it is typed (static/js/employee_form.js), never over a value.
        nip.widget.attrs["data-nip-source"] = ""
        self.fields["birth_date"].widget.attrs["data-nip-birth-date"] = ""
        self.fields["gender"].widget.attrs["data-nip-gender"] = ""
        if self.instance.pk is not None:
            # The record as the user saw it: a save over someone else's later change is refused.
            self.fields["version"] = forms.IntegerField(required=False, widget=forms.HiddenInput)
            self.fields["version"].initial = selectors.records.record_version(self.instance)
        self.helper = FormHelper()
        self.helper.attrs = {"data-testid": "employee-form"}
        self.helper.layout = self._layout()

    @property
    def cancel_url(self) -> str:
        """Where "Batal" goes back to: the employee's page when changing, the list when adding."""
        if self.instance.pk is not None:
            return self.instance.get_absolute_url()
        return reverse("employees:list")

    def _layout(self) -> Layout:
        """The fields in sections with headings, two columns from the md breakpoint up."""
        new = self.instance.pk is None

        def section(legend: Any, *names: str, wide: tuple[str, ...] = ()) -> Fieldset:
            columns = [
                Column(name, css_class="col-12" if name in wide else "col-12 col-md-6")
                for name in names
                if name in self.fields
            ]
            return Fieldset(legend, Row(*columns), css_class="mb-3 employee-form-section")

        history = () if not new else ("golongan", "tmt_golongan")
        position = (
            () if not new else ("position_name", "position_kind", "position_level", "eselon", "tmt_jabatan")
        )
        return Layout(
            *(["version"] if "version" in self.fields else []),
            section(_("Identitas"), *IDENTITY_FIELDS, wide=("nip_mismatch_confirmed",)),
            section(pgettext_lazy("employee form section", "Kepegawaian"), *SERVICE_FIELDS, *history),
            section(
                _("Jabatan dan unit kerja"), "unit", "is_unit_head", *position, wide=("unit", "is_unit_head")
            ),
            section(_("Data pribadi"), "nik", "religion", "marital_status"),
            section(_("Kontak dan alamat"), "phone", "email", "address", wide=("address",)),
            FormActions(
                Submit("submit", _("Simpan")),
                HTML(format_html('<a class="btn btn-link" href="{}">{}</a>', self.cancel_url, _("Batal"))),
            ),
        )

    def clean_working_state(self) -> str:
        # Optional in the form (imports and older clients omit it): a new record is active.
        return self.cleaned_data.get("working_state") or WorkingState.AKTIF

    def clean_nip(self) -> str:
        nip = normalize_nip(self.cleaned_data["nip"])
        try:
            parse_nip(nip)
        except NipError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return nip


# --- The filters of the employee list ----------------------------------------------------------
# The form only shapes the input (GET parameters); `selector_kwargs()` hands it to
# selectors.records.employee_list, which scopes through employees.access first. An invalid value of
# one filter is ignored (and shown as an error) while the valid ones still apply, so that the list
# and its export always agree.
ANY: list[tuple[str, Any]] = [("", _("Semua"))]
STATUS_CHOICES = [("aktif", _("Aktif")), ("nonaktif", _("Nonaktif")), ("semua", _("Semua"))]
STATUS_ACTIVE = {"aktif": True, "nonaktif": False, "semua": None}
# Every order of EMPLOYEE_SORT (the column headers sort too; the select serves narrow screens,
# where the table stacks and its headers are hidden).
SORT_CHOICES = [
    ("nama", _("Nama A–Z")),
    ("-nama", _("Nama Z–A")),
    ("nip", "NIP"),
    ("-nip", _("NIP (menurun)")),
    ("-golongan", _("Golongan tertinggi")),
    ("golongan", _("Golongan terendah")),
    ("jabatan", _("Jabatan A–Z")),
    ("-jabatan", _("Jabatan Z–A")),
    ("unit", _("Unit kerja")),
    ("-unit", _("Unit kerja (menurun)")),
]


# A reporting convention of ours (domain.md is silent on age bands): data, not logic.
AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("lt30", _("di bawah 30 tahun"), None, 30),
    AgeBand("30-39", _("30–39 tahun"), 30, 40),
    AgeBand("40-49", _("40–49 tahun"), 40, 50),
    AgeBand("50-54", _("50–54 tahun"), 50, 55),
    AgeBand("55plus", _("55 tahun ke atas"), 55, None),
)


class SortField(forms.Field):
    """The list's order (?sort=). Never invalid: clean_sort maps any value onto the whitelist
    (core.sorting), so a sort from an old bookmark or a hand-edited URL falls back silently to
    the default instead of showing "invalid filter". Not a ChoiceField nor a CharField for that."""

    def to_python(self, value: Any) -> str:
        return value if isinstance(value, str) else ""


def _select(size: str = " form-select-sm") -> forms.Select:
    # The filter bar is on every list page: its selects are rendered in Python (core.forms.FastSelect).
    return FastSelect(attrs={"class": "form-select" + size})


class EmployeeFilterForm(TextLimits, forms.Form):
    q = forms.CharField(
        label=_("Cari nama atau NIP"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "placeholder": _("Cari nama atau NIP")}
        ),
    )
    # Choices are only the widget's: any unit the actor may see is accepted (see resolve_unit).
    unit = forms.IntegerField(label=_("Unit kerja"), required=False, min_value=1, widget=_select())
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES, widget=_select(""))
    state = forms.ChoiceField(
        label=_("Keadaan"), required=False, choices=ANY + WorkingState.choices, widget=_select()
    )
    kind = forms.ChoiceField(
        label=_("Jenis ASN"), required=False, choices=ANY + EmployeeKind.choices, widget=_select()
    )
    golongan = forms.ChoiceField(
        label=_("Golongan"), required=False, choices=ANY + GOLONGAN_CHOICES, widget=_select()
    )
    position_kind = forms.ChoiceField(
        label=_("Jenis jabatan"), required=False, choices=ANY + PositionKind.choices, widget=_select()
    )
    education = forms.ChoiceField(
        label=_("Pendidikan"), required=False, choices=ANY + Education.choices, widget=_select()
    )
    gender = forms.ChoiceField(
        label=_("Jenis kelamin"), required=False, choices=ANY + Gender.choices, widget=_select()
    )
    age = forms.ChoiceField(
        label=_("Usia"),
        required=False,
        choices=ANY + [(band.code, band.label) for band in AGE_BANDS],
        widget=_select(),
    )
    retirement_year = forms.IntegerField(
        label=_("Tahun pensiun"),
        required=False,
        min_value=1950,
        max_value=2150,
        widget=forms.NumberInput(
            attrs={
                "class": "form-control form-control-sm",
                "inputmode": "numeric",
                "title": _("Tahun TMT pensiun menurut BUP jabatan saat ini"),
            }
        ),
    )
    sort = SortField(
        label=_("Urutkan"),
        required=False,
        widget=FastSelect(choices=SORT_CHOICES, attrs={"class": "form-select"}),
    )

    # The filters that narrow the list beyond search, scope and the default "active" status.
    EXTRA = ("state", "kind", "golongan", "position_kind", "education", "gender", "age", "retirement_year")

    def __init__(self, data: Any, *, actor: Actor, today: date, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.actor = actor
        self.today = today
        self.units = list(
            access.units_for_employee_filter(actor)
            .select_related("instansi")
            .only("pk", "name", "depth", "path", "instansi__name")
        )
        self.fields["unit"].widget.choices = [("", _("Semua unit")), *unit_choices(self.units)]
        self.selected_unit: UnitKerja | None = None

    def clean_sort(self) -> str:
        return selectors.records.EMPLOYEE_SORT.parse(self.cleaned_data.get("sort")).value

    @property
    def sorting(self) -> Sorting:
        """The list's order for the column headers (core.sorting)."""
        return selectors.records.EMPLOYEE_SORT.parse(self._valid("sort"))

    def _valid(self, name: str) -> Any:
        """A field's cleaned value; None when it is missing or invalid (an invalid filter is ignored)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def resolve_unit(self) -> UnitKerja | None:
        """The unit filter through core.access: a unit the actor may not see is a 404.

        Not limited to the offered choices: a head may follow a link to a unit of their agency
        outside their subtree (an empty list), while another agency's unit is a 404.
        """
        pk = self._valid("unit")
        if pk is None:
            return None
        known = {u.pk: u for u in self.units}
        self.selected_unit = known.get(pk) or access.get_unit(self.actor, pk)
        return self.selected_unit

    def selector_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of selectors.employee_list for the valid filters."""
        kwargs: dict[str, Any] = {
            "search": self._valid("q") or "",
            "unit": self.resolve_unit(),
            "active": STATUS_ACTIVE.get(self._valid("status") or "aktif", True),
            "sort": self._valid("sort") or "nama",
        }
        for name, key in (
            ("state", "working_state"),
            ("kind", "kind"),
            ("golongan", "golongan"),
            ("position_kind", "position_kind"),
            ("education", "education"),
            ("gender", "gender"),
        ):
            kwargs[key] = self._valid(name) or ""
        kwargs["retirement_year"] = self._valid("retirement_year")
        kwargs["today"] = self.today
        band = {b.code: b for b in AGE_BANDS}.get(self._valid("age") or "")
        if band is not None:
            kwargs["born_after"], kwargs["born_on_or_before"] = birth_date_range(self.today, band)
        return kwargs

    @property
    def has_extra_filters(self) -> bool:
        return any(self._valid(name) for name in self.EXTRA)
