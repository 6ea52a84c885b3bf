"""The employee list as an export built by a job (core.exports): the list's filter, stored as it was
asked, is read again by the same form, with the scope of the person who asked."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import Actor
from core.exports import Builder, Export

from . import access, selectors
from .forms.records import EmployeeFilterForm

KIND = "pegawai"
# Column widths of the XLSX, in characters, in the order of selectors.io.export_headers().
WIDTHS = (21, 36, 8, 18, 14, 12, 10, 14, 36, 16, 36, 11, 22, 7)


def filter_params(query: QueryDict) -> dict[str, list[str]]:
    """The list's filter as stored on the export (page and format left out)."""
    return {key: values for key, values in query.lists() if key not in {"page", "format"}}


def employee_list_export(actor: Actor, params: dict[str, Any]) -> Export:
    access.require(access.can_export_employees(actor))
    query = QueryDict(mutable=True)
    for key, values in params.items():
        if not key.startswith("_"):
            query.setlist(key, values)
    form = EmployeeFilterForm(query, actor=actor, today=timezone.localdate())
    employees = selectors.records.employee_list(actor=actor, **form.selector_kwargs())
    return Export(
        title=_("Pegawai"),
        headers=selectors.io.export_headers(),
        rows=selectors.io.export_rows(employees),
        widths=WIDTHS,
    )


BUILDER = Builder(KIND, employee_list_export)
