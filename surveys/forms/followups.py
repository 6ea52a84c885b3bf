"""Forms of follow-ups: whom to assign it to (from a scoped selector) and the answer to the citizen;
and the filter bar of the list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits
from employees.models import Employee

from ..services.followups import ANSWER_MAX


class EmployeeChoiceField(forms.ModelChoiceField):
    """An employee by name and unit (select_related "unit" in its queryset)."""

    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} · {obj.unit.name}"


class AssignForm(TextLimits, forms.Form):
    employee = EmployeeChoiceField(
        label=_("Tugaskan kepada"), queryset=Employee.objects.none(), empty_label=_("— pilih pegawai —")
    )

    def __init__(self, *args: Any, employees: QuerySet[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["employee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = employees
        field.widget.attrs["class"] = "form-select"


class AnswerForm(TextLimits, forms.Form):
    answer = forms.CharField(
        label=_("Jawaban untuk masyarakat"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
        help_text=_("Jawaban ini dapat dibaca masyarakat dengan kode tiketnya. Jangan menulis data pribadi."),
    )
