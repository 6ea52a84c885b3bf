"""What the personnel record contributes to core's pages (core.panels): the home page and a unit's page."""

from __future__ import annotations

from typing import Any

from core import panels
from core.http import ActorRequest
from core.models import UnitKerja
from core.paging import paginate
from core.sorting import SortSpec

from . import selectors

# A unit's page lists its employees by unit (the tree order) unless the reader sorts by a header.
UNIT_EMPLOYEE_SORT = SortSpec(selectors.records.EMPLOYEE_SORT.columns, default="unit")


@panels.register(panels.DASHBOARD)
def dashboard(request: ActorRequest) -> dict[str, Any]:
    return selectors.records.dashboard(actor=request.actor)


@panels.register(panels.UNIT_DETAIL)
def unit_employees(request: ActorRequest, *, unit: UnitKerja) -> dict[str, Any]:
    """The unit's employees, as the employee list shows them (scoped to what the actor may see)."""
    sorting = UNIT_EMPLOYEE_SORT.from_request(request)
    employees = selectors.records.employee_list(actor=request.actor, unit=unit, sort=sorting.value)
    return {"page": paginate(request, employees), "sorting": sorting}
