"""Input of the leave pages: the request, the recommendation and decision, cancellation, HR's
adjustment, the list filters, the calendar day, the working week, the PyB rule and the Plt."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits
from core.models import UnitKerja
from employees.choices import PositionKind
from employees.models import Employee

from .choices import DayOffKind, DeciderKind, Decision, EntryKind, LeaveKind, RequestState, WorkWeek
from .models import LeaveType
from .selectors import RANKS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect | forms.CheckboxInput | forms.ClearableFileInput):
            continue
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class LeaveRequestForm(TextLimits, forms.Form):
    leave_type = forms.ModelChoiceField(label=_("Jenis cuti"), queryset=LeaveType.objects.none())
    start = forms.DateField(label=_("Mulai tanggal"), widget=DATE)
    end = forms.DateField(label=_("Sampai dengan"), widget=DATE)
    reason = forms.CharField(
        label=_("Alasan cuti"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    address = forms.CharField(label=_("Alamat selama menjalankan cuti"), max_length=500)
    # Written as people write it ("0812 4800 1234", "0812-4800-1234"): spaces, dashes, dots and
    # brackets are dropped before the 8–15 digits are checked.
    phone = forms.CharField(label=_("Telepon"), max_length=24)
    attachment = forms.FileField(label=_("Lampiran (PDF, JPG atau PNG, paling besar 5 MB)"), required=False)

    def __init__(self, *args: Any, types: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["leave_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = types
        _style(self)

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s().-]", "", self.cleaned_data["phone"])
        if not re.fullmatch(r"\+?[0-9]{8,15}", phone):
            raise forms.ValidationError(_("Nomor telepon 8–15 angka, boleh diawali +."))
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Tanggal selesai harus sama dengan atau sesudah tanggal mulai."))
        return data


class PreviewForm(TextLimits, forms.Form):
    """The HTMX preview's input (GET): a bad value shows nothing, never a 500."""

    leave_type = forms.ModelChoiceField(queryset=LeaveType.objects.none(), required=False)
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)

    def __init__(self, *args: Any, types: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["leave_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = types


class DecisionForm(TextLimits, forms.Form):
    option = forms.ChoiceField(label=_("Pilihan"), choices=Decision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Alasan (wajib kecuali Disetujui)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class CancelForm(TextLimits, forms.Form):
    """A cancellation: HR's (of a request that has started or been decided) needs a reason, asked
    before the confirmation (a `required` field is checked by the browser before the submit event)."""

    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, require_reason: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if require_reason:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _("Tuliskan alasan pembatalan.")
        _style(self)


class AmendForm(TextLimits, forms.Form):
    """The employee's new dates after a Perubahan decision."""

    start = forms.DateField(label=_("Mulai tanggal"), widget=DATE)
    end = forms.DateField(label=_("Sampai dengan"), widget=DATE)
    reason = forms.CharField(
        label=_("Alasan cuti (kosongkan bila tetap)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class AdjustForm(TextLimits, forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis"),
        choices=[
            (EntryKind.PENYESUAIAN, EntryKind.PENYESUAIAN.label),
            (EntryKind.CUTI_BERSAMA, EntryKind.CUTI_BERSAMA.label),
        ],
    )
    worked_on = forms.DateField(
        label=_("Tanggal bekerja pada hari cuti bersama"),
        required=False,
        widget=DATE,
        help_text=_(
            "Untuk tambahan karena bekerja pada hari cuti bersama: 1 hari pada hak tahun tanggal itu."
        ),
    )
    bucket = forms.TypedChoiceField(label=_("Hak tahun"), coerce=int, choices=[], required=False)
    days = forms.IntegerField(
        label=_("Hari (+ menambah, - mengurangi)"), min_value=-24, max_value=24, required=False
    )
    reason = forms.CharField(label=_("Alasan"), max_length=300)
    allow_negative = forms.BooleanField(
        label=_("Saya mengerti bahwa penyesuaian ini membuat saldo menjadi negatif"), required=False
    )
    # One token per form shown: a second submission of the same form (a double click, a resent
    # POST) saves nothing twice.
    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("token", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        field = self.fields["bucket"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (year, f"N ({year})"),
            (year - 1, f"N-1 ({year - 1})"),
            (year - 2, f"N-2 ({year - 2})"),
        ]
        _style(self)


class RequestFilterForm(TextLimits, forms.Form):
    """The filter of HR's request list (GET): a bad value is ignored on the page (with a message)
    and refuses the export."""

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
        empty_label=_("Seluruh instansi"),
    )
    kind = forms.ChoiceField(
        label=_("Jenis cuti"), required=False, choices=[("", _("Semua jenis")), *LeaveKind.choices]
    )
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *RequestState.choices]
    )
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DATE)

    def __init__(self, *args: Any, unit_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = unit_qs
        _style(self)

    def value(self, name: str) -> Any:
        """A field's value; a bad one is None (the other filters still apply)."""
        self.is_valid()
        return self.cleaned_data.get(name)

    def invalid_labels(self) -> list[str]:
        """The labels of the filters whose value is not valid."""
        self.is_valid()
        return [str(self.fields[name].label) for name in self.errors if name in self.fields]


class BalanceFilterForm(TextLimits, forms.Form):
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
        empty_label=_("Seluruh instansi"),
    )

    def __init__(self, *args: Any, unit_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = unit_qs
        _style(self)

    def value(self, name: str) -> Any:
        """A field's value; a bad one is None (the other filters still apply)."""
        self.is_valid()
        return self.cleaned_data.get(name)

    def invalid_labels(self) -> list[str]:
        """The labels of the filters whose value is not valid."""
        self.is_valid()
        return [str(self.fields[name].label) for name in self.errors if name in self.fields]


class CalendarDayForm(TextLimits, forms.Form):
    day = forms.DateField(label=_("Tanggal"), widget=DATE)
    name = forms.CharField(label=_("Keterangan"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis"), choices=DayOffKind.choices, initial=DayOffKind.LIBUR_DAERAH)
    is_off = forms.TypedChoiceField(
        label=_("Status hari"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Hari libur")), ("0", _("Hari kerja (koreksi)"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class WorkWeekForm(TextLimits, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit kerja"), queryset=UnitKerja.objects.none())
    days = forms.TypedChoiceField(label=_("Hari kerja seminggu"), coerce=int, choices=WorkWeek.choices)

    def __init__(self, *args: Any, unit_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = unit_qs
        _style(self)


GOLONGAN = [("", _("Semua"))] + [(code, code) for code in RANKS]


class OfficialChoiceField(forms.ModelChoiceField):
    """A person with their position, "Name — jabatan" (found by the trial: names alone were hard to
    tell apart in the Plt list). The queryset should select_related current_position and unit."""

    def label_from_instance(self, obj: Any) -> str:
        where = obj.position_name or obj.unit.name
        return f"{obj.full_name} — {where}" if where else obj.full_name


class PybRuleForm(TextLimits, forms.Form):
    priority = forms.IntegerField(label=_("Urutan"), min_value=1, max_value=999, initial=10)
    leave_kind = forms.ChoiceField(
        label=_("Jenis cuti"), required=False, choices=[("", _("Semua")), *LeaveKind.choices]
    )
    position_kind = forms.ChoiceField(
        label=_("Jenis jabatan"), required=False, choices=[("", _("Semua")), *PositionKind.choices]
    )
    golongan_from = forms.ChoiceField(label=_("Golongan dari"), required=False, choices=GOLONGAN)
    golongan_to = forms.ChoiceField(label=_("Golongan sampai"), required=False, choices=GOLONGAN)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja (beserta unit di bawahnya)"),
        required=False,
        queryset=UnitKerja.objects.none(),
        empty_label=_("Semua unit"),
    )
    decider = forms.ChoiceField(label=_("Pejabat yang berwenang"), choices=DeciderKind.choices)
    official = OfficialChoiceField(
        label=_("Pejabat yang ditunjuk"), required=False, queryset=Employee.objects.none()
    )

    def __init__(self, *args: Any, unit_qs: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, qs in (("unit", unit_qs), ("official", people)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = qs
        _style(self)


class ActingForm(TextLimits, forms.Form):
    absent = OfficialChoiceField(label=_("Pejabat yang berhalangan"), queryset=Employee.objects.none())
    acting = OfficialChoiceField(label=_("Plt"), queryset=Employee.objects.none())
    start = forms.DateField(label=_("Mulai tanggal"), widget=DATE)
    end = forms.DateField(label=_("Sampai dengan"), widget=DATE)
    reason = forms.CharField(label=_("Keterangan"), max_length=300)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("absent", "acting"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = people
        _style(self)
