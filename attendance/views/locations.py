"""HR's work locations (geofences) of an agency: the list with search, filter and sorting, adding,
changing and removing one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.http import ActorRequest, add_service_errors, query_int
from core.models import Instansi
from core.paging import PAGE_SIZE, paginate, querystring_without_page
from core.sorting import Sorting

from .. import access
from ..forms.locations import LocationFilterForm, WorkLocationForm
from ..selectors import presence as selectors
from ..services import locations as services


def chosen_agency(request: ActorRequest) -> tuple[Instansi, list[Instansi]]:
    """The agency of an HR page (?instansi=, else the first the actor keeps)."""
    actor = request.actor
    access.require(access.can_manage_attendance_any(actor))
    agencies = list(access.attendance_agencies(actor).order_by("name"))
    access.require(bool(agencies))
    chosen = query_int(request, "instansi")
    return next((a for a in agencies if a.pk == chosen), agencies[0]), agencies


def _url(instansi_id: int) -> str:
    return f"{reverse('attendance:locations')}?instansi={instansi_id}"


def agency_list_context(
    request: ActorRequest,
    instansi: Instansi,
    agencies: list[Instansi],
    form: forms.Form,
    filters: forms.Form,
    sorting: Sorting,
    rows: QuerySet,
) -> dict[str, Any]:
    """The context of an HR list of an agency's rows with its add form under it (locations, devices,
    travel, flexible work; templates/attendance/_list_filters.html and _add_form.html): the agency and
    its choice, the form, the filters, the sorted page and the query string of the page links."""
    return {
        "instansi": instansi,
        "agencies": agencies,
        "form": form,
        "filters": filters,
        "sorting": sorting,
        "page": paginate(request, sorting.apply(rows), PAGE_SIZE),
        "querystring": querystring_without_page(request),
    }


@login_required
@require_http_methods(["GET", "POST"])
def locations(request: ActorRequest) -> HttpResponse:
    instansi, agencies = chosen_agency(request)
    form = WorkLocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.location_save(actor=request.actor, instansi=instansi, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Lokasi kerja tersimpan."))
            return redirect(_url(instansi.pk))
    filters = LocationFilterForm(request.GET)
    sorting = selectors.LOCATION_SORT.from_request(request)
    rows = selectors.agency_locations(
        instansi_id=instansi.pk, q=filters.value("q") or "", active=filters.value("aktif")
    )
    return render(
        request,
        "attendance/locations.html",
        agency_list_context(request, instansi, agencies, form, filters, sorting, rows),
    )


@login_required
@require_http_methods(["GET", "POST"])
def location_edit(request: ActorRequest, pk: int) -> HttpResponse:
    location = access.get_work_location(request.actor, pk)
    initial = {
        "name": location.name,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "radius_m": location.radius_m,
        "is_active": location.is_active,
    }
    form = WorkLocationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.location_save(
                actor=request.actor, instansi=location.instansi, location=location, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Lokasi kerja tersimpan."))
            return redirect(_url(location.instansi_id))
    return render(request, "attendance/location_form.html", {"location": location, "form": form})


@login_required
@require_POST
def location_delete(request: ActorRequest, pk: int) -> HttpResponse:
    location = access.get_work_location(request.actor, pk)
    instansi_id = location.instansi_id
    services.location_delete(actor=request.actor, location=location)
    messages.success(request, _("Lokasi kerja dihapus."))
    return redirect(_url(instansi_id))
