"""Who may see or change leave objects. Built only from core.access.

- The employee requests leave, sees their own requests and ledger, and cancels a request before it
  starts.
- The atasan langsung named on a request recommends; the PyB named on it decides; a Plt named by HR
  for an absent atasan or PyB acts in their place between the Plt's dates (and the absent official
  does not). A request whose PyB is the PPK (no account) is decided by the agency's HR officers, who
  record the PPK's decision. Nobody recommends or decides on their own request.
- Heads read the requests of their subtree; HR officers of the agency read everything of it, cancel
  with a reason, adjust balances, keep the calendar, the PyB table and the Plt list.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.access import (
    Actor,
    agencies,
    get_or_404,
    has_employee_record,
    has_head_role,
    has_hr_or_head_role,
    has_hr_role,
    is_hr_of,
    is_self,
    people_in_scope,
    require,
    require_in_agency,
    units_in_scope,
)
from core.models import Instansi, UnitKerja
from employees.models import Employee

from .choices import RequestState
from .models import ActingOfficial, CalendarDay, LeaveRequest, PybRule

__all__ = ["Actor", "require", "require_in_agency"]


def today() -> date:
    return timezone.localdate()


# --- Acting officials (Plt) --------------------------------------------------------------------------------
def stands_for(actor: Actor, on: date | None = None) -> set[int]:
    """The employee ids whose leave decisions the actor takes on `on`: their own (unless a Plt stands
    in for them that day) and those of the absent officials they are the Plt of (one query)."""
    if actor.employee_id is None:
        return set()
    on = on or today()
    ids = {actor.employee_id}
    for absent_id, _acting_id in ActingOfficial.objects.filter(
        Q(absent_id=actor.employee_id) | Q(acting_id=actor.employee_id), start__lte=on, end__gte=on
    ).values_list("absent_id", "acting_id"):
        if absent_id == actor.employee_id:
            ids.discard(actor.employee_id)
        else:
            ids.add(absent_id)
    return ids


# --- Requests ---------------------------------------------------------------------------------------------
def request_scope(actor: Actor, acting_for: set[int] | None = None) -> Q:
    """Requests the actor may see: their own, those naming them (or whom they stand in for) as atasan
    or PyB, their subtree as a head, their agency as HR."""
    q = people_in_scope(actor, via="employee__", also=("atasan_id", "pyb_id"))
    if acting_for:
        q |= Q(atasan_id__in=acting_for) | Q(pyb_id__in=acting_for)
    return q


def requests_visible_to(actor: Actor) -> QuerySet[LeaveRequest]:
    return LeaveRequest.objects.filter(request_scope(actor, stands_for(actor)))


def get_request(actor: Actor, pk: int) -> LeaveRequest:
    return get_or_404(
        requests_visible_to(actor).select_related(
            "employee__unit__instansi",
            "employee__current_rank",
            "employee__current_position",
            "leave_type",
            "atasan",
            "pyb",
            "recommended_by",
        ),
        pk=pk,
    )


def can_request_leave(actor: Actor) -> bool:
    return has_employee_record(actor)


def is_own_request(actor: Actor, request: LeaveRequest) -> bool:
    return is_self(actor, request.employee_id)


def can_recommend(actor: Actor, request: LeaveRequest, acting_for: set[int] | None = None) -> bool:
    if request.state != RequestState.ATASAN or is_own_request(actor, request) or request.atasan_id is None:
        return False
    return request.atasan_id in (acting_for if acting_for is not None else stands_for(actor))


def ppk_decides(request: LeaveRequest) -> bool:
    """No PyB with an account: HR records the PPK's decision."""
    return request.pyb_id is None


def can_decide(actor: Actor, request: LeaveRequest, acting_for: set[int] | None = None) -> bool:
    """The PyB (or their Plt; HR for the PPK) decides a request waiting for them, or decides again
    one they postponed (Ditangguhkan)."""
    waiting = request.state in (RequestState.PYB, RequestState.DITANGGUHKAN)
    if not waiting or is_own_request(actor, request):
        return False
    if ppk_decides(request):
        return is_hr_of(actor, request.employee.unit.instansi_id)
    return request.pyb_id in (acting_for if acting_for is not None else stands_for(actor))


CANCELLABLE = (RequestState.DISETUJUI, RequestState.DITANGGUHKAN, RequestState.PERUBAHAN)


def can_amend(actor: Actor, request: LeaveRequest) -> bool:
    """The employee gives new dates for their own request answered with Perubahan."""
    return request.state == RequestState.PERUBAHAN and is_own_request(actor, request)


def can_cancel_own(actor: Actor, request: LeaveRequest, on: date | None = None) -> bool:
    """The employee cancels their own request, open, granted, postponed or to be changed, before it
    starts."""
    cancellable = request.is_open or request.state in CANCELLABLE
    return is_own_request(actor, request) and cancellable and (on or today()) < request.start


def can_cancel_as_hr(actor: Actor, request: LeaveRequest) -> bool:
    """HR cancels an open, granted, postponed or to-be-changed request of the agency at any time,
    with a reason (not their own)."""
    cancellable = request.is_open or request.state in CANCELLABLE
    return (
        cancellable
        and is_hr_of(actor, request.employee.unit.instansi_id)
        and not is_own_request(actor, request)
    )


def can_view_attachment(actor: Actor, request: LeaveRequest) -> bool:
    """The attachment (a doctor's letter, say) goes to those who see the request's documents: the
    employee, the atasan and PyB named on it (or their Plt), HR of the agency; not to every head above
    (found by the probe)."""
    return bool(request.attachment) and can_download_documents(actor, request)


def queue_scope(actor: Actor, acting_for: set[int]) -> Q:
    """Requests waiting for the actor: as atasan, as PyB (or their Plt), as HR for the PPK."""
    waiting = [RequestState.PYB, RequestState.DITANGGUHKAN]  # a postponed one is decided later
    q = Q(state=RequestState.ATASAN, atasan_id__in=acting_for) | Q(state__in=waiting, pyb_id__in=acting_for)
    hr = agencies(actor)
    if has_hr_role(actor):
        q |= Q(state__in=waiting, pyb__isnull=True, employee__unit__instansi__in=hr)
    if actor.employee_id is not None:
        q &= ~Q(employee_id=actor.employee_id)
    return q


def has_queue(actor: Actor) -> bool:
    return has_employee_record(actor) or has_hr_role(actor)


# --- HR pages ---------------------------------------------------------------------------------------------
def can_manage_leave_any(actor: Actor) -> bool:
    return has_hr_role(actor)


def leave_agencies(actor: Actor) -> QuerySet[Instansi]:
    """The agencies whose leave the actor keeps (HR; the superuser: all)."""
    return agencies(actor)


def can_manage_leave(actor: Actor, instansi_id: int) -> bool:
    return is_hr_of(actor, instansi_id)


def can_adjust_balance(actor: Actor, employee: Employee) -> bool:
    """HR of the agency corrects a balance, never their own (an officer is an employee too)."""
    return is_hr_of(actor, employee.unit.instansi_id) and not is_self(actor, employee.pk)


def leave_units(actor: Actor, instansi_id: int) -> QuerySet[UnitKerja]:
    return UnitKerja.objects.filter(units_in_scope(actor, heads=False, instansi_id=instansi_id))


def employees_managed(actor: Actor, instansi_id: int) -> QuerySet[Employee]:
    """The employees of an agency whose balances the actor keeps (HR of it)."""
    return Employee.objects.filter(people_in_scope(actor, heads=False, own=False, instansi_id=instansi_id))


def get_managed_employee(actor: Actor, pk: int) -> Employee:
    """An employee whose balance the actor keeps; 404 otherwise (as HR of another agency)."""
    employee = get_or_404(
        Employee.objects.filter(people_in_scope(actor, heads=True, own=True)).select_related(
            "unit__instansi", "current_rank", "current_position"
        ),
        pk=pk,
    )
    require_in_agency(actor, is_hr_of(actor, employee.unit.instansi_id), employee.unit.instansi_id)
    return employee


def get_pyb_rule(actor: Actor, pk: int) -> PybRule:
    rule = get_or_404(PybRule.objects.filter(instansi__in=agencies(actor, own=True)), pk=pk)
    require_in_agency(actor, is_hr_of(actor, rule.instansi_id), rule.instansi_id)
    return rule


def get_acting(actor: Actor, pk: int) -> ActingOfficial:
    acting = get_or_404(ActingOfficial.objects.filter(instansi__in=agencies(actor, own=True)), pk=pk)
    require_in_agency(actor, is_hr_of(actor, acting.instansi_id), acting.instansi_id)
    return acting


def leave_in_menu(actor: Actor) -> bool:
    return has_employee_record(actor)


def hr_leave_in_menu(actor: Actor) -> bool:
    return has_hr_role(actor)


def head_or_hr(actor: Actor) -> bool:
    return has_hr_or_head_role(actor)


def get_calendar_day(actor: Actor, pk: int) -> CalendarDay:
    row = get_or_404(CalendarDay.objects.filter(instansi__in=agencies(actor, own=True)), pk=pk)
    require_in_agency(actor, is_hr_of(actor, row.instansi_id), row.instansi_id)
    return row


# --- The form and the decision letter (views/documents.py) ---------------------------------------------------
def can_download_documents(actor: Actor, request: LeaveRequest, acting_for: set[int] | None = None) -> bool:
    """The form of a request and its decision letter: the employee, the atasan and the PyB named on it
    (or their Plt, or whoever recommended), HR of the agency. A head who is neither reads the request
    but not its documents."""
    if is_own_request(actor, request) or is_hr_of(actor, request.employee.unit.instansi_id):
        return True
    if actor.employee_id is not None and actor.employee_id == request.recommended_by_id:
        return True
    people = acting_for if acting_for is not None else stands_for(actor)
    return bool({request.atasan_id, request.pyb_id} & people - {None})


def has_letter(request: LeaveRequest) -> bool:
    """A decision letter exists only for a granted request."""
    return request.state == RequestState.DISETUJUI


def get_document_request(actor: Actor, pk: int) -> LeaveRequest:
    """A request whose documents the actor may download: 404 when out of sight, 403 when seen but not
    theirs to download."""
    request = get_request(actor, pk)
    require(can_download_documents(actor, request))
    return request


# --- The team calendar (views/team.py) ------------------------------------------------------------------------
def can_view_team_calendar(actor: Actor) -> bool:
    """A head of a unit sees who of their subtree is away."""
    return has_head_role(actor)


def team_scope(actor: Actor) -> Q:
    """The requests of the people in the subtrees the actor heads."""
    return people_in_scope(actor, via="employee__", hr=False, heads=True, own=False)


# --- A repeated action (views/requests.py): who had the right before the request moved on ------------------
def had_recommend_right(actor: Actor, request: LeaveRequest, acting_for: set[int] | None = None) -> bool:
    """The atasan named on the request (or their Plt), or whoever recommended it: a second
    recommendation is answered with what happened, not refused as if they never had the right."""
    if is_own_request(actor, request) or request.atasan_id is None:
        return False
    if actor.employee_id is not None and actor.employee_id == request.recommended_by_id:
        return True
    return request.atasan_id in (acting_for if acting_for is not None else stands_for(actor))


def had_decide_right(actor: Actor, request: LeaveRequest, acting_for: set[int] | None = None) -> bool:
    """The PyB named on the request (or their Plt; HR for the PPK), or whoever decided it."""
    if is_own_request(actor, request):
        return False
    if actor.user_id is not None and actor.user_id == request.decided_by_id:
        return True
    if ppk_decides(request):
        return is_hr_of(actor, request.employee.unit.instansi_id)
    return request.pyb_id in (acting_for if acting_for is not None else stands_for(actor))


def had_cancel_right(actor: Actor, request: LeaveRequest) -> bool:
    """The employee of the request, or HR of the agency (not their own)."""
    return is_own_request(actor, request) or (
        is_hr_of(actor, request.employee.unit.instansi_id) and not is_own_request(actor, request)
    )


def decides_as_plt(actor: Actor, request: LeaveRequest, acting_for: set[int] | None = None) -> bool:
    """The actor decides this request as the Plt of its absent PyB (the page labels the form so)."""
    return (
        can_decide(actor, request, acting_for)
        and request.pyb_id is not None
        and request.pyb_id != actor.employee_id
    )
