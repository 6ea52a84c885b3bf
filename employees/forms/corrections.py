"""Forms of correction proposals (usulan perubahan data): the employee's proposal and HR's decision."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..choices import DocumentKind
from ..models import Employee
from ..selectors.corrections import CORRECTABLE_FIELDS, display, employee_field, serialize
from .histories import DOCUMENT_ACCEPT
from .records import NipLamaField, PhoneField, date_input


class CorrectionForm(TextLimits, forms.Form):
    """Every correctable field, filled with the current value; only what changes is proposed."""

    nip_mismatch_confirmed = forms.BooleanField(
        label=_("Tanggal lahir atau jenis kelamin yang saya usulkan memang berbeda dengan NIP"),
        required=False,
        help_text=_("Centang hanya bila data pada NIP memang keliru (mis. sudah dikoreksi BKN)."),
    )
    reason = forms.CharField(
        label=_("Alasan perubahan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mis. salah ketik saat pendataan, perubahan status perkawinan, gelar baru."),
    )
    attachment = forms.FileField(
        label=_("Lampiran (opsional)"),
        required=False,
        help_text=_("Bukti pendukung: PDF, JPEG, atau PNG; jenis berkas diperiksa dari isinya."),
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )
    attachment_kind = forms.ChoiceField(
        label=_("Jenis lampiran"), choices=DocumentKind.choices, initial=DocumentKind.LAINNYA
    )

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee
        for name in CORRECTABLE_FIELDS:
            model_field = employee_field(name)
            # The old NIP is typed with spaces or dots and kept as its 9 digits; a phone number is
            # kept in one canonical form.
            form_class = {"nip_lama": NipLamaField, "phone": PhoneField}.get(name)
            field = model_field.formfield(form_class=form_class) if form_class else model_field.formfield()
            assert field is not None  # every correctable field is editable
            field.initial = getattr(employee, name)
            if name == "birth_date":
                field.widget = date_input()
            if name == "address":
                field.widget = forms.Textarea(attrs={"rows": 2})
            # Rendered bare in the side-by-side table (the label is in the first column).
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
            self.fields[name] = field

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in CORRECTABLE_FIELDS:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs["class"]:
                    widget.attrs["class"] += " is-invalid"

    def rows(self) -> list[tuple[forms.BoundField, object]]:
        """(input, current value for display) per correctable field, for the side-by-side table."""
        return [
            (self[name], display(name, serialize(getattr(self.employee, name))))
            for name in CORRECTABLE_FIELDS
        ]

    def proposed(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in CORRECTABLE_FIELDS if name in self.cleaned_data}


def _inline_helper() -> FormHelper:
    """The decision forms are rendered inside the page's own <form> (with its confirmation)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class ApproveForm(TextLimits, forms.Form):
    helper = _inline_helper()
    confirm_conflicts = forms.BooleanField(
        label=_("Saya sudah memeriksa perbedaan dengan data terkini dan tetap menerapkan usulan"),
        required=False,
    )
    nip_mismatch_confirmed = forms.BooleanField(
        label=_("Perbedaan tanggal lahir/jenis kelamin dengan NIP sudah diperiksa (koreksi BKN)"),
        required=False,
    )
    note = forms.CharField(
        label=_("Catatan (opsional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RejectForm(TextLimits, forms.Form):
    helper = _inline_helper()
    decision_note = forms.CharField(label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 2}))
