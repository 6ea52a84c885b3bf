"""What the personnel record contributes to core's pages (core.panels): the home page and a unit's page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core import panels
from core.models import UnitKerja
from core.paging import paginate

from . import selectors


@panels.register(panels.DASHBOARD)
def dashboard(request: HttpRequest) -> dict[str, Any]:
    return selectors.records.dashboard(actor=request.actor)  # type: ignore[attr-defined]


@panels.register(panels.UNIT_DETAIL)
def unit_employees(request: HttpRequest, *, unit: UnitKerja) -> dict[str, Any]:
    """The unit's employees, as the employee list shows them (scoped to what the actor may see)."""
    employees = selectors.records.employee_list(actor=request.actor, unit=unit, sort="unit")  # type: ignore[attr-defined]
    return {"page": paginate(request, employees)}
