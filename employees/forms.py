from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core.access import Actor

from . import access
from .choices import GOLONGAN_CHOICES, DocumentKind, Eselon, PositionKind, PositionLevel, WorkingState
from .models import Employee
from .rules import NipError, normalize_nip, parse_nip

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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


class EmployeeForm(forms.ModelForm):
    class Meta:
        model = Employee
        fields = [
            "nip", "nip_lama", "front_title", "name", "back_title", "birth_place", "birth_date", "gender",
            "nip_mismatch_confirmed", "nik", "religion", "marital_status", "address", "phone", "email",
            "employment_status", "tmt_cpns", "tmt_pns", "tmt_pppk", "unit", "is_unit_head", "education",
            "working_state",
        ]  # fmt: skip
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in ("birth_date", "tmt_cpns", "tmt_pns", "tmt_pppk")
        } | {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new record starts its rank and position histories; later changes are history rows.
            self.fields.update(initial_history_fields())
        self.fields["nip"].help_text = _("18 angka; spasi dan titik boleh diketik, akan dibuang.")
        self.fields["nip"].max_length = 30
        # Typed with spaces/dots (`19920304 201903 2 007`) it is longer than the stored 18 digits.
        self.fields["nip"].validators = [
            v for v in self.fields["nip"].validators if not isinstance(v, MaxLengthValidator)
        ]
        self.fields["nip"].widget.attrs.update({"inputmode": "numeric", "maxlength": 30})
        units = access.units_for_employee_form(actor).select_related("instansi")
        self.fields["unit"].queryset = units
        self.fields["working_state"].required = False
        self.fields["unit"].label_from_instance = lambda u: f"{'— ' * u.depth}{u.name} ({u.instansi.code})"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Simpan")))

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


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Keterangan"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("PDF, JPEG, atau PNG; jenis berkas diperiksa dari isinya."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Unggah")))
