"""Forms of who appraises whom (HR): an employee chosen by NIP among the agency's active employees,
the Sekda and kepala daerah posts, acting appraisers of a unit, and the appraiser of one SKP."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits
from core.models import UnitKerja
from employees.models import Employee
from employees.rules.nip import normalize_nip


def _units(units: Iterable[UnitKerja]) -> QuerySet[UnitKerja]:
    """The units to choose from, as a queryset (the view passes one; a list is narrowed to its ids)."""
    if isinstance(units, QuerySet):
        return units
    return UnitKerja.objects.filter(pk__in=[u.pk for u in units])


class _ByNip(TextLimits, forms.Form):
    """An employee typed by NIP, looked up among `candidates` (scoped by performance.access)."""

    nip = forms.CharField(label=_("NIP"), max_length=30)
    nip_required = True

    def __init__(self, *args: Any, employees: QuerySet[Employee], submit: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = employees
        self.fields["nip"].required = self.nip_required
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", submit or _("Simpan")))

    def clean_nip(self) -> Employee | None:
        nip = normalize_nip(self.cleaned_data.get("nip", ""))
        if not nip:
            return None
        employee = self.candidates.select_related("unit").filter(nip=nip).first()
        if employee is None:
            raise forms.ValidationError(_("Tidak ada pegawai aktif instansi ini dengan NIP tersebut."))
        return employee


class OfficialForm(_ByNip):
    title = forms.CharField(label=_("Sebutan jabatan"), max_length=200)
    nip = forms.CharField(
        label=_("NIP pemegang jabatan"),
        max_length=30,
        required=False,
        help_text=_("Kosongkan bila pemegang jabatan tidak memiliki data pegawai (mis. kepala daerah)."),
    )
    holder_name = forms.CharField(
        label=_("Nama pemegang jabatan (tanpa data pegawai)"), max_length=150, required=False
    )
    is_acting = forms.BooleanField(label=_("Pelaksana tugas / penjabat (Plt/Pj)"), required=False)
    nip_required = False


class ActingAppraiserForm(_ByNip):
    unit = forms.ModelChoiceField(label=_("Unit kerja"), queryset=UnitKerja.objects.none())
    nip = forms.CharField(label=_("NIP pejabat penilai"), max_length=30)
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=300,
        help_text=_("Mis. Plt Kepala Bidang berdasarkan surat perintah nomor …"),
    )

    def __init__(
        self, *args: Any, units: Iterable[UnitKerja], employees: QuerySet[Employee], **kwargs: Any
    ) -> None:
        super().__init__(*args, employees=employees, **kwargs)
        self.fields["unit"].queryset = _units(units)  # type: ignore[attr-defined]


class UnitRefreshForm(TextLimits, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit kerja"), queryset=UnitKerja.objects.none())

    def __init__(self, *args: Any, units: Iterable[UnitKerja], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(units)  # type: ignore[attr-defined]


class SkpAppraiserForm(_ByNip):
    nip = forms.CharField(
        label=_("NIP pejabat penilai baru"),
        max_length=30,
        required=False,
        help_text=_("Kosongkan untuk kembali ke atasan langsung menurut struktur unit kerja."),
    )
    reason = forms.CharField(label=_("Alasan"), max_length=300)
    nip_required = False
