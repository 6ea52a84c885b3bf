"""Forms of attendance and completion: one form for the whole list of participants (a checkbox per
participant for a session; a result and a score per participant for the programme)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..choices import CompletionResult
from ..models import Attendance, Enrolment
from ..services.completion import Mark, Outcome


class AttendanceForm(TextLimits, forms.Form):
    """present_<id> and note_<id> for each participant; `all_present` (the "all present" button, the
    way without JavaScript) marks every participant present, keeping the notes."""

    all_present = forms.BooleanField(required=False)

    def __init__(
        self, *args: Any, sheet: Sequence[tuple[Enrolment, Attendance | None]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sheet = list(sheet)
        for enrolment, mark in self.sheet:
            self.fields[f"present_{enrolment.pk}"] = forms.BooleanField(
                label=enrolment.employee.name, required=False, initial=mark.present if mark else False
            )
            self.fields[f"note_{enrolment.pk}"] = forms.CharField(
                label=_("Keterangan"), required=False, max_length=200, initial=mark.note if mark else ""
            )

    def rows(self) -> list[tuple[Enrolment, forms.BoundField, forms.BoundField]]:
        return [(e, self[f"present_{e.pk}"], self[f"note_{e.pk}"]) for e, _mark in self.sheet]

    def marks(self) -> dict[int, Mark]:
        everyone = bool(self.cleaned_data.get("all_present"))
        return {
            e.pk: Mark(
                present=everyone or bool(self.cleaned_data[f"present_{e.pk}"]),
                note=self.cleaned_data[f"note_{e.pk}"],
            )
            for e, _mark in self.sheet
        }


RESULT_CHOICES = [("", _("Belum dicatat")), *CompletionResult.choices]


class CompletionForm(TextLimits, forms.Form):
    """result_<id> and score_<id> for each participant still to complete; a blank result leaves the
    participant as they are."""

    def __init__(self, *args: Any, participants: Sequence[Enrolment] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = [e for e in participants if e.state == "dikonfirmasi"]
        for enrolment in self.participants:
            self.fields[f"result_{enrolment.pk}"] = forms.ChoiceField(
                label=_("Hasil"), choices=RESULT_CHOICES, required=False
            )
            self.fields[f"score_{enrolment.pk}"] = forms.DecimalField(
                label=_("Nilai"),
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(100),
                max_digits=5,
                decimal_places=2,
            )

    def rows(self) -> list[tuple[Enrolment, forms.BoundField, forms.BoundField]]:
        return [(e, self[f"result_{e.pk}"], self[f"score_{e.pk}"]) for e in self.participants]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for enrolment in self.participants:
            if data.get(f"score_{enrolment.pk}") is not None and not data.get(f"result_{enrolment.pk}"):
                self.add_error(f"result_{enrolment.pk}", _("Pilih hasilnya juga."))
        if not self.errors and not self.outcomes():
            raise forms.ValidationError(_("Pilih hasil untuk paling sedikit satu peserta."))
        return data

    def outcomes(self) -> dict[int, Outcome]:
        return {
            e.pk: Outcome(
                result=self.cleaned_data[f"result_{e.pk}"], score=self.cleaned_data.get(f"score_{e.pk}")
            )
            for e in self.participants
            if self.cleaned_data.get(f"result_{e.pk}")
        }
