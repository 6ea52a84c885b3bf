"""HR's presensi devices (the device form, the list filter) and the upload of a device file."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..models import WorkLocation
from . import style

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "ATTENDANCE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


class DeviceForm(TextLimits, forms.Form):
    code = forms.CharField(
        label=_("Kode/nomor seri"),
        max_length=64,
        help_text=_("Nomor seri atau nama mesin seperti tertulis pada log mesin."),
    )
    name = forms.CharField(label=_("Nama mesin"), max_length=200)
    work_location: forms.ModelChoiceField[WorkLocation] = forms.ModelChoiceField(
        label=_("Lokasi kerja"), queryset=WorkLocation.objects.none(), required=False
    )

    def __init__(self, *args: Any, instansi_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["work_location"])
        field.queryset = WorkLocation.objects.filter(instansi_id=instansi_id).order_by("name")
        style(self)


class DeviceEditForm(DeviceForm):
    is_active = forms.BooleanField(label=_("Aktif"), required=False)


class DeviceFilterForm(TextLimits, forms.Form):
    q = forms.CharField(label=_("Cari nama atau kode mesin"), max_length=100, required=False)
    aktif = forms.TypedChoiceField(
        label=_("Status"),
        required=False,
        coerce=lambda v: v == "1",
        empty_value=None,
        choices=[("", _("Semua")), ("1", _("Aktif")), ("0", _("Tidak aktif"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def value(self, name: str) -> Any:
        if not self.is_valid():
            return None
        return self.cleaned_data.get(name)


class PresenceImportForm(TextLimits, forms.Form):
    file = forms.FileField(
        label=_("Berkas log mesin (.csv atau .xlsx)"),
        help_text=_("Kolom: NIP (atau ID Pegawai), Waktu, Mesin; Jenis (masuk/pulang) boleh ada."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if not upload.size:
            raise forms.ValidationError(gettext("Berkas kosong. Pilih berkas .csv atau .xlsx."))
        if upload.size > limit:
            raise forms.ValidationError(
                gettext("Berkas terlalu besar (%(size)s MB). Batasnya %(limit)s MB.")
                % {
                    "size": number_format(upload.size / 1024 / 1024, 1),
                    "limit": number_format(limit / 1024 / 1024, 0),
                }
            )
        return upload
