"""Profil saya (the employee's own record, read-only) and Pegawai bawahan (a head's subordinates with
their upcoming career events). Thin: objects come through employees.access, reads through the
selectors."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.http import ActorRequest, query_int
from core.paging import paginate, querystring_without_page

from .. import access, selectors
from ..choices import CorrectionStatus
from ..forms.records import SORT_CHOICES


def no_record(request: ActorRequest) -> HttpResponse:
    return render(
        request,
        "includes/no_employee_record.html",
        {
            "page_title": _("Profil saya"),
            "explanation": _(
                "Akun Anda tidak terhubung dengan data pegawai, jadi belum ada profil yang dapat ditampilkan."
            ),
        },
    )


# --- My profile ------------------------------------------------------------------------------------
@login_required
def profile(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    employee = selectors.profile.own_profile(actor=actor)
    if employee is None:
        return no_record(request)
    return render(
        request,
        "employees/profile.html",
        {
            "employee": employee,
            "documents": employee.document_list,  # type: ignore[attr-defined]
            "can_upload_document": access.can_upload_document(actor, employee),
            "can_delete_document": access.can_delete_document(actor, employee),
            "show_sensitive": True,
            # Every history, the employee's own sensitive ones included (read-only here).
            "history_tables": selectors.histories.tables(employee, list(selectors.histories.KINDS.values())),
            "can_change": False,
            "pending": selectors.corrections.own_corrections(actor=actor)
            .filter(status=CorrectionStatus.DIAJUKAN)
            .first(),
        },
    )


# --- Subordinates ----------------------------------------------------------------------------------
def today() -> date:
    """Today in the agency's zone (the middleware activates it); tests replace this."""
    return timezone.localdate()


@login_required
def subordinates(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_view_subordinates(actor))
    units = access.units_for_employee_filter(actor)
    unit = None
    unit_id = query_int(request, "unit")
    if unit_id is not None:
        unit = units.filter(pk=unit_id).first()
        if unit is None:
            raise Http404
    sorting = selectors.records.EMPLOYEE_SORT.from_request(request)
    event = request.GET.get("peristiwa", "")
    employees = selectors.profile.subordinate_list(
        actor=actor, unit=unit, search=request.GET.get("q", ""), sort=sorting.value
    )
    upcoming = selectors.profile.upcoming(employees, today())
    if event in selectors.profile.EVENT_KINDS:
        employees = employees.filter(pk__in=upcoming.ids_with(event))
    page = paginate(request, employees)
    for employee in page:
        employee.next_kgb = selectors.profile.next_kgb(employee, upcoming.today)
        employee.events = upcoming.by_employee.get(employee.pk, [])
    return render(
        request,
        "employees/subordinates.html",
        {
            "page": page,
            "unit": unit,
            "units": units.select_related("instansi"),
            "q": request.GET.get("q", ""),
            "sorting": sorting,
            "sort_choices": SORT_CHOICES,
            "event": event,
            "event_counts": upcoming.counts(),
            "event_labels": selectors.profile.event_labels(),
            "querystring": querystring_without_page(request),
        },
    )
