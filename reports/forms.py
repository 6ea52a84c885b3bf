"""Input of the letters HR generates from the reports (views/letters.py): the number, the date, whom the
KGB notice is addressed to and, since the project holds no salary table, the gaji pokok amounts HR may
type (left blank on the letter otherwise)."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

# To whom a KGB notice goes by default: the finance office that pays the salary (docs/domain-notes.md).
DEFAULT_ADDRESSEE = "Kepala Badan Pengelolaan Keuangan dan Aset Daerah"
SALARY_MAX = 100_000_000  # rupiah: far above any gaji pokok


class LetterForm(TextLimits, forms.Form):
    number = forms.CharField(
        label=_("Nomor surat"),
        required=False,
        max_length=100,
        help_text=_("Boleh dikosongkan: nomor ditulis tangan pada surat yang dicetak."),
    )
    letter_date = forms.DateField(label=_("Tanggal surat"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if today is not None:
            self.fields["letter_date"].initial = today
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Unduh PDF")))


class AddressedLetterForm(LetterForm):
    addressee = forms.CharField(
        label=_("Kepada"),
        max_length=200,
        initial=DEFAULT_ADDRESSEE,
        help_text=_("Lazimnya kepala kantor keuangan yang membayar gaji; pegawai menerima tembusan."),
    )


class KgbLetterForm(AddressedLetterForm):
    """One employee's KGB notice."""

    old_salary = forms.IntegerField(
        label=_("Gaji pokok lama (Rp)"), required=False, min_value=0, max_value=SALARY_MAX
    )
    new_salary = forms.IntegerField(
        label=_("Gaji pokok baru (Rp)"), required=False, min_value=0, max_value=SALARY_MAX
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        old, new = data.get("old_salary"), data.get("new_salary")
        if old is not None and new is not None and new < old:
            self.add_error("new_salary", _("Gaji pokok baru tidak boleh lebih kecil dari gaji pokok lama."))
        return data


class KgbBatchForm(AddressedLetterForm):
    """The KGB notices of a filtered list, one per page."""

    start = forms.IntegerField(
        label=_("Nomor urut pertama"), required=False, min_value=1, max_value=999_999, initial=1
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].help_text = _(
            "Tulis {no} di tempat nomor urut, mis. 800/{no}/BKPSDM/2026: setiap surat mendapat nomor "
            "berikutnya. Tanpa {no}, semua surat bernomor sama; kosong: ditulis tangan."
        )
