"""Forms of the appraisal area: a dialog message, the appraisal, reopening by HR, and the coaching
plan. Shape of input only; the rules are in services."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..choices import BehaviourValue, Rating
from ..models import Appraisal, CoachingPlan

RATING_CHOICES = [("", _("— pilih —")), *Rating.choices]


def _inline_helper() -> FormHelper:
    """Rendered inside the page's own <form> (with its buttons)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class FeedbackForm(TextLimits, forms.Form):
    """A message on one topic of the dialog (the topic comes from a hidden field)."""

    topic = forms.ChoiceField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Pesan"),
        max_length=4000,
        error_messages={"required": _("Tulis pesan terlebih dahulu.")},
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args: Any, topics: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["topic"]).choices = topics


class AppraisalForm(TextLimits, forms.Form):
    """The superior's ratings of a period; the buttons decide between a draft and finalising."""

    rating_hasil = forms.ChoiceField(label=_("Rating hasil kerja"), choices=RATING_CHOICES, required=False)
    override_reason = forms.CharField(
        label=_("Alasan bila berbeda dari saran sistem"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rating_perilaku = forms.ChoiceField(
        label=_("Rating perilaku kerja (keseluruhan)"), choices=RATING_CHOICES, required=False
    )
    note = forms.CharField(
        label=_("Catatan atasan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, appraisal: Appraisal | None, suggested: str | None, **kwargs: Any):
        initial: dict[str, Any] = {"rating_hasil": suggested or ""}
        if appraisal is not None:
            initial.update(
                rating_hasil=appraisal.rating_hasil or suggested or "",
                override_reason=appraisal.override_reason,
                rating_perilaku=appraisal.rating_perilaku,
                note=appraisal.note,
            )
            for row in appraisal.behaviour_ratings.all():
                initial[f"perilaku_{row.value}"] = row.rating
                initial[f"catatan_{row.value}"] = row.note
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for value, label in BehaviourValue.choices:
            self.fields[f"perilaku_{value}"] = forms.ChoiceField(
                label=label,
                choices=RATING_CHOICES,
                required=False,
                widget=forms.Select(attrs={"aria-label": label}),
            )
            self.fields[f"catatan_{value}"] = forms.CharField(
                label=_("Catatan"),
                required=False,
                max_length=1000,
                widget=forms.TextInput(attrs={"aria-label": _("Catatan") + f" {label}"}),
            )
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def behaviour_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (str(label), self[f"perilaku_{value}"], self[f"catatan_{value}"])
            for value, label in BehaviourValue.choices
        ]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "rating_hasil": data["rating_hasil"],
            "override_reason": data["override_reason"],
            "rating_perilaku": data["rating_perilaku"],
            "note": data["note"],
            "behaviour_ratings": {v: data[f"perilaku_{v}"] for v in BehaviourValue.values},
            "behaviour_notes": {v: data[f"catatan_{v}"] for v in BehaviourValue.values},
        }


class ReopenForm(TextLimits, forms.Form):
    helper = _inline_helper()
    reason = forms.CharField(
        label=_("Alasan membuka kembali"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dicatat dalam riwayat penilaian dan dikirim kepada atasan dan pegawai."),
    )


class CoachingForm(TextLimits, forms.Form):
    helper = _inline_helper()
    problem = forms.CharField(label=_("Permasalahan kinerja"), widget=forms.Textarea(attrs={"rows": 3}))
    actions = forms.CharField(label=_("Langkah pembinaan"), widget=forms.Textarea(attrs={"rows": 4}))
    training_need = forms.CharField(
        label=_("Kebutuhan pelatihan"),
        required=False,
        max_length=300,
        help_text=_("Mis. pelatihan pelayanan prima; dihubungkan dengan program pelatihan kemudian."),
    )
    due_date = forms.DateField(
        label=_("Target selesai"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    @classmethod
    def initial_of(cls, plan: CoachingPlan) -> dict[str, Any]:
        return {
            "problem": plan.problem,
            "actions": plan.actions,
            "training_need": plan.training_need,
            "due_date": plan.due_date,
        }
