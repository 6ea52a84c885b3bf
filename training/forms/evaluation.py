"""Forms of evaluation: the participant's reaction, the atasan's evaluation of applied learning, and
the filter bars of the evaluation list and HR's results."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..choices import ProgrammeKind
from ..rules.evaluation import RATINGS
from ..selectors.evaluation import (
    MINE_SORT,
    RESULT_SORT,
    ROLE_HEAD,
    ROLE_PARTICIPANT,
    STATUS_DONE,
    STATUS_PENDING,
)

SCALE = [
    (1, _("1 – Sangat kurang")),
    (2, _("2 – Kurang")),
    (3, _("3 – Cukup")),
    (4, _("4 – Baik")),
    (5, _("5 – Sangat baik")),
]
assert tuple(v for v, _label in SCALE) == RATINGS


def rating_field(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=SCALE, coerce=int, widget=forms.RadioSelect)


def _helper(label: Any) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class FeedbackForm(TextLimits, forms.Form):
    content = rating_field(_("Materi pembelajaran"))
    trainer = rating_field(_("Pengajar / fasilitator"))
    organisation = rating_field(_("Penyelenggaraan (tempat, waktu, layanan)"))
    usefulness = rating_field(_("Manfaat bagi pekerjaan"))
    comment = forms.CharField(
        label=_("Komentar dan saran"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Kirim umpan balik"))


class AppliedForm(TextLimits, forms.Form):
    rating = rating_field(_("Penerapan hasil pembelajaran dalam pekerjaan"))
    comment = forms.CharField(
        label=_("Uraian penerapan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Apa yang berubah dalam pekerjaan pegawai sejak mengikuti program ini."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Kirim evaluasi"))


class _Filter(TextLimits, forms.Form):
    q = forms.CharField(required=False, max_length=100)
    sort = forms.CharField(required=False, max_length=40)

    def valid(self, name: str) -> Any:
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None


class MineFilterForm(_Filter):
    peran = forms.ChoiceField(required=False, choices=[("", ""), (ROLE_PARTICIPANT, ""), (ROLE_HEAD, "")])
    status = forms.ChoiceField(required=False, choices=[("", ""), (STATUS_PENDING, ""), (STATUS_DONE, "")])

    def selector_kwargs(self) -> dict[str, Any]:
        return {
            "search": self.valid("q") or "",
            "role": self.valid("peran") or "",
            "status": self.valid("status") or "",
            "sort": MINE_SORT.parse(self.valid("sort") or MINE_SORT.default).value,
        }


class ResultFilterForm(_Filter):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *ProgrammeKind.choices])
    partner = forms.IntegerField(required=False, min_value=1)

    def filter_kwargs(self) -> dict[str, Any]:
        return {
            "search": self.valid("q") or "",
            "year": self.valid("year"),
            "kind": self.valid("kind") or "",
            "partner_id": self.valid("partner"),
        }

    def sort_value(self) -> str:
        return RESULT_SORT.parse(self.valid("sort") or RESULT_SORT.default).value
