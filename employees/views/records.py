"""The personnel record: the employee list, an employee's page, the record form, (de)activation and
the logged page of sensitive data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import panels
from core.http import ActorRequest
from core.paging import SEARCH_KEYS_UP_TO, paginate_deferred, querystring_without_page

from .. import access, selectors, services
from ..forms.records import EmployeeFilterForm, EmployeeForm
from ..models import Employee
from ..rules.nip import parse_nip


def _warn_about_nip(request: ActorRequest, employee: Employee) -> None:
    """Warnings of the NIP rules (e.g. TMT under 18 years after birth) do not block a save."""
    for warning in parse_nip(employee.nip).warnings:
        messages.warning(request, warning)


@login_required
def employee_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    form = EmployeeFilterForm(request.GET, actor=actor, today=timezone.localdate())
    criteria = form.selector_kwargs()
    employees = selectors.records.employee_list(actor=actor, **criteria)
    keys_up_to = SEARCH_KEYS_UP_TO if criteria.get("search") else None
    querystring = querystring_without_page(request)
    return render(
        request,
        "employees/employee_list.html",
        {
            "page": paginate_deferred(request, employees, keys_up_to=keys_up_to),
            "form": form,
            "unit": form.selected_unit,
            "sorting": form.sorting,
            "querystring": querystring,
            "can_create": access.can_create_employees(actor),
            "can_export": access.can_export_employees(actor),
            "can_import": access.can_import_employees(actor),
        },
    )


@login_required
def employee_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    employee = access.get_employee(actor, pk)
    return render(
        request,
        "employees/employee_detail.html",
        {
            "employee": employee,
            "atasan": (atasan := selectors.records.atasan_langsung(employee)),
            "atasan_official": selectors.records.official_above(employee) if atasan is None else None,
            "documents": employee.documents.all() if access.can_view_documents(actor, employee) else None,
            "can_upload_document": access.can_upload_document(actor, employee),
            "can_view_sensitive": access.can_view_sensitive(actor, employee),
            "can_delete_document": access.can_delete_document(actor, employee),
            "can_change": access.can_change_employee(actor, employee),
            "can_view_history": access.can_view_history(actor, employee.unit.instansi_id),
            "history_tables": selectors.histories.tables(employee, selectors.histories.PUBLIC_KINDS),
            # Sections other apps add to the record's history (core.panels; leave taken).
            **panels.collect(panels.EMPLOYEE_RECORD, request, employee=employee),
        },
    )


@login_required
def employee_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_create_employees(actor))
    form = EmployeeForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            employee = services.records.employee_create(actor=actor, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Pegawai %(name)s ditambahkan.") % {"name": employee.full_name})
            _warn_about_nip(request, employee)
            return redirect(employee)
    return render(request, "employees/employee_form.html", {"form": form})


@login_required
def employee_update(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    employee = access.get_employee(actor, pk)
    access.require(access.can_change_employee(actor, employee))
    form = EmployeeForm(request.POST or None, instance=employee, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            employee = services.records.employee_update(
                actor=actor, employee=employee, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Data %(name)s disimpan.") % {"name": employee.full_name})
            _warn_about_nip(request, employee)
            return redirect(employee)
    return render(request, "employees/employee_form.html", {"form": form, "employee": employee})


@login_required
@require_POST
def employee_set_active(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    employee = access.get_employee(actor, pk)
    access.require(access.can_change_employee(actor, employee))
    active = request.POST.get("active") == "1"
    services.records.employee_set_active(actor=actor, employee=employee, active=active)
    if active:
        messages.success(request, _("Pegawai diaktifkan kembali."))
    else:
        messages.success(request, _("Pegawai dinonaktifkan. Data dan riwayatnya tetap tersimpan."))
    return redirect(employee)


@login_required
def employee_sensitive(request: ActorRequest, pk: int) -> HttpResponse:
    """NIK, religion and marital status, on their own page so that each HR read is logged."""
    actor = request.actor
    employee = access.get_employee(actor, pk)
    data = services.records.sensitive_data_read(actor=actor, employee=employee)
    log = (
        employee.sensitive_views.select_related("viewer")[:20]
        if access.can_view_history(actor, employee.unit.instansi_id)
        else None
    )
    return render(
        request,
        "employees/employee_sensitive.html",
        {
            "employee": employee,
            "data": data,
            "log": log,
            "history_tables": selectors.histories.tables(employee, selectors.histories.SENSITIVE_KINDS),
            "can_change": access.can_change_employee(actor, employee),
        },
    )
