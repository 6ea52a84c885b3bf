"""The upload of an employee import: the form, and the check that it is a small real .xlsx."""

from __future__ import annotations

from typing import IO, Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.access import Actor
from core.forms import TextLimits
from core.models import Instansi

from .. import access
from ..rules.io import KINDS, XLSX_SIGNATURE, FileRefused

# The upload's size (settings may override it).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "EMPLOYEE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


class ImportUploadForm(TextLimits, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis impor"), choices=[(k.code, k.title) for k in KINDS.values()])
    instansi: forms.ModelChoiceField[Instansi] = forms.ModelChoiceField(
        label=_("Instansi"), queryset=None, empty_label=None
    )
    file = forms.FileField(
        label=_("Berkas .xlsx"),
        help_text=_("Gunakan templat di bawah; jenis berkas diperiksa dari isinya."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instansi = cast(forms.ModelChoiceField, self.fields["instansi"])
        instansi.queryset = access.instansi_managed_by(actor).order_by("name")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Unggah dan periksa")))


def check_upload(upload: IO[bytes], size: int | None) -> None:
    """Refuse what is not a small real .xlsx before anything parses it."""
    limit = max_bytes()
    if not size:
        raise FileRefused(gettext("Berkas kosong. Pilih berkas .xlsx."))
    if size > limit:
        raise FileRefused(
            gettext("Berkas terlalu besar (%(size)s MB). Batasnya %(limit)s MB.")
            % {"size": number_format(size / 1024 / 1024, 1), "limit": number_format(limit / 1024 / 1024, 0)}
        )
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head != XLSX_SIGNATURE:
        raise FileRefused(
            gettext(
                "Berkas ini bukan .xlsx (Excel 2007 ke atas), apa pun nama berkasnya. Simpan ulang sebagai .xlsx."
            )
        )
