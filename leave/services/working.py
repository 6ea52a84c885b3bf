"""The employee's working state follows an approved CLTN (cuti di luar tanggungan negara): *aktif*
→ *cltn* on its first day, back to *aktif* after its last day or when it is cancelled. Written
through the employees app's service (employees.services.records.working_state_follow), in the
transaction of the decision or cancellation that causes it; a daily job (leave.tasks.sync_cltn)
moves those whose CLTN starts or ends on a later day. Set-based: one query finds who must move.
Only the states this rule set are undone: an employee HR put in another state stays as HR set it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from core.access import Actor
from employees.choices import WorkingState
from employees.models import Employee
from employees.services.records import working_state_follow

from .. import access
from ..choices import LeaveKind, RequestState
from ..models import LeaveRequest


def _on_cltn(on: date):
    return LeaveRequest.objects.filter(
        leave_type__kind=LeaveKind.CLTN, state=RequestState.DISETUJUI, start__lte=on, end__gte=on
    )


def cltn_sync(
    *, actor: Actor, employee_ids: Iterable[int] | None = None, on: date | None = None
) -> dict[str, int]:
    """Put on *cltn* the (given) employees whose approved CLTN covers `on`, and back on *aktif*
    those on *cltn* who had an approved or cancelled CLTN and have none covering `on`."""
    on = on or access.today()
    scope = (
        Employee.objects.all() if employee_ids is None else Employee.objects.filter(pk__in=list(employee_ids))
    )
    covered = _on_cltn(on).values("employee_id")
    starting = scope.filter(working_state=WorkingState.AKTIF, pk__in=covered).values_list("pk", flat=True)
    had = LeaveRequest.objects.filter(
        leave_type__kind=LeaveKind.CLTN, state__in=[RequestState.DISETUJUI, RequestState.DIBATALKAN]
    ).values("employee_id")
    ending = (
        scope.filter(working_state=WorkingState.CLTN, pk__in=had)
        .exclude(pk__in=covered)
        .values_list("pk", flat=True)
    )
    started = working_state_follow(
        actor=actor, employee_ids=list(starting), state=WorkingState.CLTN, from_state=WorkingState.AKTIF
    )
    ended = working_state_follow(
        actor=actor, employee_ids=list(ending), state=WorkingState.AKTIF, from_state=WorkingState.CLTN
    )
    return {"started": len(started), "ended": len(ended)}
