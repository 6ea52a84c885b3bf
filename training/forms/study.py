"""Forms of study assignments: the request, the atasan's recommendation, HR's decision, a semester
report, the completion, and the filter bar of HR's list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..choices import StudyCountry, StudyFunding, StudyKind, StudyLevel, StudyState
from ..models import CREDITS_MAX, GPA_MAX, SEMESTER_MAX
from ..selectors.study import STUDY_SORT, StudyFilters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILE_LABEL = _("(PDF, JPG atau PNG, paling besar 5 MB)")
YES_NO = [("ya", _("Ya")), ("tidak", _("Tidak"))]


def style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect | forms.CheckboxInput | forms.ClearableFileInput):
            continue
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class StudyRequestForm(TextLimits, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=StudyKind.choices)
    level = forms.ChoiceField(label=_("Jenjang"), choices=StudyLevel.choices)
    study_programme = forms.CharField(label=_("Program studi"), max_length=200)
    institution = forms.CharField(label=_("Perguruan tinggi"), max_length=200)
    country = forms.ChoiceField(label=_("Dalam/luar negeri"), choices=StudyCountry.choices)
    country_name = forms.CharField(label=_("Negara (bila luar negeri)"), max_length=100, required=False)
    funding = forms.ChoiceField(label=_("Sumber biaya"), choices=StudyFunding.choices)
    funding_note = forms.CharField(label=_("Keterangan biaya"), max_length=200, required=False)
    start_date = forms.DateField(label=_("Rencana mulai"), widget=DATE)
    end_date = forms.DateField(label=_("Rencana selesai"), widget=DATE)
    acceptance_letter = forms.FileField(label=_("Surat penerimaan (LoA)"), help_text=FILE_LABEL)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", _("Rencana selesai harus sesudah rencana mulai."))
        if data.get("country") == StudyCountry.LUAR_NEGERI and not data.get("country_name"):
            self.add_error("country_name", _("Isi nama negara untuk studi di luar negeri."))
        return data


class EligibilityForm(TextLimits, forms.Form):
    """The kind and level the eligibility panel is shown for (GET; a bad value shows the defaults)."""

    kind = forms.ChoiceField(required=False, choices=StudyKind.choices)
    level = forms.ChoiceField(required=False, choices=StudyLevel.choices)


class RecommendForm(TextLimits, forms.Form):
    recommended = forms.ChoiceField(label=_("Rekomendasi"), choices=YES_NO, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Alasan (wajib bila tidak direkomendasikan)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecisionForm(TextLimits, forms.Form):
    approve = forms.ChoiceField(
        label=_("Keputusan"), choices=[("ya", _("Setujui")), ("tidak", _("Tolak"))], widget=forms.RadioSelect
    )
    decree_number = forms.CharField(label=_("Nomor keputusan"), max_length=100, required=False)
    decree_date = forms.DateField(label=_("Tanggal keputusan"), required=False, widget=DATE)
    reason = forms.CharField(
        label=_("Alasan (wajib bila ditolak)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ReportForm(TextLimits, forms.Form):
    semester = forms.IntegerField(label=_("Semester ke"), min_value=1, max_value=SEMESTER_MAX)
    gpa = forms.DecimalField(label=_("IPK"), min_value=0, max_value=GPA_MAX, max_digits=3, decimal_places=2)
    credits = forms.IntegerField(label=_("SKS semester ini"), min_value=0, max_value=CREDITS_MAX)
    transcript = forms.FileField(label=_("Transkrip nilai"), help_text=FILE_LABEL)
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class CompletionForm(TextLimits, forms.Form):
    graduation_date = forms.DateField(label=_("Tanggal lulus"), widget=DATE)
    diploma = forms.FileField(label=_("Ijazah"), help_text=FILE_LABEL)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class StudyFilterForm(TextLimits, forms.Form):
    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=[("", ""), *StudyState.choices])
    jenis = forms.ChoiceField(required=False, choices=[("", ""), *StudyKind.choices])
    unit = forms.IntegerField(required=False, min_value=1)
    tahun = forms.IntegerField(required=False, min_value=1990, max_value=2100)
    terlambat = forms.BooleanField(required=False)
    sort = forms.CharField(required=False, max_length=40)

    def valid(self, name: str) -> Any:
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def filters(self, unit_paths: dict[int, str]) -> StudyFilters:
        """The selector's filters; a unit outside `unit_paths` (the actor's scope) is ignored."""
        unit_id = self.valid("unit")
        path = unit_paths.get(unit_id, "") if unit_id else ""
        return StudyFilters(
            search=self.valid("q") or "",
            state=self.valid("status") or "",
            kind=self.valid("jenis") or "",
            unit_id=unit_id if path else None,
            unit_path=path,
            year=self.valid("tahun"),
            overdue=bool(self.valid("terlambat")),
            sort=STUDY_SORT.parse(self.valid("sort") or STUDY_SORT.default).value,
        )
