"""The form of a survey period: its kind with a year and number (the dates follow) or a date range,
the questionnaire and the weighting of the unsur."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits
from core.models import Instansi

from ..choices import PeriodKind, Weighting
from ..models import Questionnaire, SurveyPeriod
from ..rules import PERIOD_PARTS, period_dates
from ..selectors.periods import questionnaires_for_period

YEAR_MIN, YEAR_MAX = 2000, 2100


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(TextLimits, forms.Form):
    """The shape of a period. For a year, semester or quarter the dates are computed from the year
    and its number; a date range gives them. The rules (no overlap, the latest questionnaire) are
    the service's (services.periods)."""

    kind = forms.ChoiceField(
        label=_("Jenis periode"),
        choices=PeriodKind.choices,
        initial=PeriodKind.YEAR,
        widget=forms.RadioSelect,
    )
    year = forms.IntegerField(
        label=_("Tahun"),
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        help_text=_("Untuk periode tahunan, semester atau triwulan."),
    )
    number = forms.IntegerField(
        label=_("Semester atau triwulan ke-"),
        required=False,
        min_value=1,
        max_value=4,
        help_text=_("Semester 1–2 atau triwulan 1–4; tidak dipakai untuk periode tahunan."),
    )
    start = forms.DateField(
        label=_("Tanggal mulai"),
        required=False,
        widget=_date_input(),
        help_text=_("Hanya untuk periode rentang tanggal."),
    )
    end = forms.DateField(
        label=_("Tanggal selesai"),
        required=False,
        widget=_date_input(),
        help_text=_("Hanya untuk periode rentang tanggal."),
    )
    questionnaire = forms.ModelChoiceField(
        label=_("Kuesioner"),
        queryset=Questionnaire.objects.none(),
        empty_label=None,
        help_text=_("Kuesioner standar atau versi terbaru kuesioner instansi."),
    )
    weighting = forms.ChoiceField(
        label=_("Bobot unsur"),
        choices=Weighting.choices,
        initial=Weighting.EXACT,
        help_text=_(
            "Gunakan 1/9 (tepat), sesuai PermenPANRB 14/2017. Bobot 0,111 atau 0,11 hanya untuk menghitung "
            "ulang laporan lama yang memakai bobot yang dibulatkan, agar hasilnya sama dengan laporan itu."
        ),
    )

    def __init__(
        self, *args: Any, instansi: Instansi, period: SurveyPeriod | None = None, **kwargs: Any
    ) -> None:
        if period is not None:
            kwargs.setdefault("initial", initial_of(period))
        super().__init__(*args, **kwargs)
        questionnaire = self.fields["questionnaire"]
        assert isinstance(questionnaire, forms.ModelChoiceField)
        questionnaire.queryset = questionnaires_for_period(instansi.pk)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Simpan")))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == PeriodKind.RANGE:
            start, end = data.get("start"), data.get("end")
            if start is None and "start" not in self.errors:
                self.add_error("start", _("Isi tanggal mulai periode."))
            if end is None and "end" not in self.errors:
                self.add_error("end", _("Isi tanggal selesai periode."))
            if start is not None and end is not None and end < start:
                self.add_error("end", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        elif kind in PERIOD_PARTS:
            year, number = data.get("year"), data.get("number")
            if year is None:
                if "year" not in self.errors:
                    self.add_error("year", _("Isi tahun periode."))
                return data
            parts = PERIOD_PARTS[kind]
            if parts == 1:
                number = 1
            elif number is None or not 1 <= number <= parts:
                if "number" not in self.errors:
                    self.add_error(
                        "number",
                        _("Semester diisi 1 atau 2.")
                        if kind == PeriodKind.SEMESTER
                        else _("Triwulan diisi 1 sampai 4."),
                    )
                return data
            data["start"], data["end"] = period_dates(kind, year, number)
        return data

    def values(self) -> dict[str, Any]:
        """What the service takes: kind, start, end, questionnaire, weighting."""
        return {
            name: self.cleaned_data[name] for name in ("kind", "start", "end", "questionnaire", "weighting")
        }


def initial_of(period: SurveyPeriod) -> dict[str, Any]:
    start: date = period.start
    parts = PERIOD_PARTS.get(period.kind, 1)
    return {
        "kind": period.kind,
        "year": start.year,
        "number": (start.month - 1) // (12 // parts) + 1 if parts > 1 else None,
        "start": period.start if period.kind == PeriodKind.RANGE else None,
        "end": period.end if period.kind == PeriodKind.RANGE else None,
        "questionnaire": period.questionnaire_id,
        "weighting": period.weighting,
    }
