"""What the leave app contributes to other apps' pages (core.panels): the leave taken, as a section of
the history on the employee's record page (the personnel record imports no leave)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core import panels
from core.http import ActorRequest
from employees.models import Employee

from . import selectors

ORDER_LEAVE_TAKEN = 50
LEAVE_TAKEN_LIMIT = 100


@panels.register(panels.EMPLOYEE_RECORD)
def leave_taken(request: ActorRequest, *, employee: Employee, **_kwargs: Any) -> dict[str, Any]:
    """The granted requests of the employee that the actor may see, newest first: one query."""
    rows = list(selectors.leave_taken(request.actor, employee.pk)[:LEAVE_TAKEN_LIMIT])
    section = panels.RecordSection(
        key="cuti",
        order=ORDER_LEAVE_TAKEN,
        label=_("Cuti"),
        template="leave/_record_leave.html",
        data={"rows": rows, "limit": LEAVE_TAKEN_LIMIT},
        count=len(rows),
    )
    return {panels.RECORD_SECTIONS: [section]}
