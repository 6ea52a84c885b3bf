"""Forms of enrolment: a request's reason, a nomination, a decision's comment, a cancellation, and
the filter bar of the enrolment lists."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits
from employees.models import Employee

from ..choices import EnrolmentState
from ..selectors.enrolment import ENROLMENT_SORT


class ReasonForm(TextLimits, forms.Form):
    reason = forms.CharField(
        label=_("Alasan / kebutuhan pengembangan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NominateManyForm(TextLimits, forms.Form):
    """Several employees ticked on the nomination list (field `employee`, one or more) and one reason."""

    employee = forms.ModelMultipleChoiceField(
        label=_("Pegawai"),
        queryset=Employee.objects.none(),
        error_messages={"required": _("Pilih sedikitnya satu pegawai.")},
    )
    reason = forms.CharField(
        label=_("Alasan / kebutuhan pengembangan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, employees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["employee"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = employees.select_related("unit").order_by("name", "pk")


class NomineeFilterForm(TextLimits, forms.Form):
    """?q= (name or NIP), ?unit= and ?sort= of the nomination list; an invalid one is ignored."""

    q = forms.CharField(required=False, max_length=100)
    unit = forms.IntegerField(required=False, min_value=1)
    sort = forms.CharField(required=False, max_length=40)

    def valid(self, name: str) -> Any:
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None


class CommentForm(TextLimits, forms.Form):
    comment = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EnrolmentFilterForm(TextLimits, forms.Form):
    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=[("", ""), *EnrolmentState.choices])
    sort = forms.CharField(required=False, max_length=40)

    def valid(self, name: str) -> Any:
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def selector_kwargs(self, default_sort: str = ENROLMENT_SORT.default) -> dict[str, Any]:
        raw = self.valid("sort") or default_sort
        return {
            "search": self.valid("q") or "",
            "state": self.valid("status") or "",
            "sort": ENROLMENT_SORT.parse(raw).value,
        }
