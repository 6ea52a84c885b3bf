"""What the leave app contributes to other apps' pages (core.panels): the leave taken, as a section of
the history on the employee's record page (the personnel record imports no leave)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import panels
from core.http import ActorRequest
from employees.models import Employee

from . import access, selectors

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


# --- The home page ----------------------------------------------------------------------------------------
# The leave requests waiting for the actor (as atasan, PyB or their Plt, or HR for the PPK), among the
# other apps' lines of a head's work (core.panels.WorkItem). A request starting within URGENT_DAYS is
# marked, so a head sees it before it is too late to decide.
ORDER_LEAVE_QUEUE = 40
URGENT_DAYS = 3


@panels.register(panels.DASHBOARD)
def leave_queue(request: ActorRequest) -> dict[str, Any]:
    """One line when requests wait for the actor: how many, and the nearest start. Two queries (the
    Plt ranges, then the count with the nearest start)."""
    actor = request.actor
    if not access.has_queue(actor):
        return {}
    waiting = selectors.queue_summary(actor)
    if not waiting.count:
        return {}
    days_left = (waiting.nearest_start - access.today()).days if waiting.nearest_start else None
    urgent = days_left is not None and days_left <= URGENT_DAYS
    hint = ""
    if waiting.nearest_start is not None:
        hint = _("terdekat mulai %(date)s") % {"date": date_format(waiting.nearest_start, "DATE_FORMAT")}
    item = panels.WorkItem(
        key="leave_queue",
        order=ORDER_LEAVE_QUEUE,
        label=_("Permintaan cuti menunggu rekomendasi atau keputusan Anda"),
        url=reverse("leave:queue"),
        count=waiting.count,
        hint=hint,
        tone="danger" if urgent else "",
    )
    return {panels.WORK_HEAD: [item]}
