"""Pages of service units (unit layanan) for HR and heads: the list, a unit's page with its services,
periods and follow-ups, and HR's forms (the unit, its services, deactivation)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.access import Actor
from core.http import ActorRequest, add_service_errors, message_service_errors
from core.models import Instansi
from core.paging import paginate, querystring_without_page

from .. import access
from ..choices import ServiceUnitKind
from ..forms.units import STATUS_CHOICES, ServiceForm, ServiceUnitFilterForm, ServiceUnitForm
from ..models import Service, ServiceUnit
from ..selectors import units as selectors
from ..services import units as services


def public_path(service_unit: ServiceUnit) -> str:
    """The address of the unit's public form (views/public.py serves it at /s/<code>/)."""
    return f"/s/{service_unit.code}/"


def query_int(request: ActorRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def managed_instansi(
    request: ActorRequest, allowed: Callable[[Actor, int], bool]
) -> tuple[Instansi, list[Instansi]]:
    """The agency a new record (a service unit, a questionnaire) belongs to: ?instansi= (another
    agency: 404; one the actor works in without being its HR: 403), else the first the actor keeps."""
    actor = request.actor
    access.require(access.can_view_surveys(actor))
    choices = list(access.instansi_managed_by(actor).order_by("name"))
    pk = query_int(request, "instansi")
    if pk is not None:
        instansi = next((i for i in choices if i.pk == pk), None) or access.get_instansi(actor, pk)
        access.require(allowed(actor, instansi.pk))
        return instansi, choices
    access.require(bool(choices))
    return choices[0], choices


def flash_errors(request: ActorRequest, form: BaseForm) -> None:
    """A form's errors as messages on the page it redirects to (inline forms without a page)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


# --- The list -------------------------------------------------------------------------------------------
@login_required
@require_safe
def service_unit_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_view_surveys(actor))
    form = ServiceUnitFilterForm(request.GET, actor=actor)
    agencies, units = form.agencies, form.units
    kwargs = form.selector_kwargs()
    rows = selectors.service_unit_list(actor=actor, **kwargs)
    return render(
        request,
        "surveys/service_unit_list.html",
        {
            "form": form,
            "page": paginate(request, rows),
            "sorting": selectors.SERVICE_UNIT_SORT.parse(kwargs["sort"]),
            "querystring": querystring_without_page(request),
            "agencies": agencies,
            "instansi": kwargs["instansi"],
            "units": [
                u for u in units if kwargs["instansi"] is None or u.instansi_id == kwargs["instansi"].pk
            ],
            "unit": kwargs["unit"],
            "kinds": ServiceUnitKind.choices,
            "kind": kwargs["kind"],
            "statuses": STATUS_CHOICES,
            "status": request.GET.get("status") or "aktif",
            "q": kwargs["search"],
            "can_create": access.can_create_any_service_unit(actor),
        },
    )


# --- One unit -------------------------------------------------------------------------------------------
def _visible(request: ActorRequest, pk: int) -> ServiceUnit:
    access.require(access.can_view_surveys(request.actor))
    return access.get_service_unit(request.actor, pk)


def _managed(request: ActorRequest, pk: int) -> ServiceUnit:
    service_unit = _visible(request, pk)
    access.check(request.actor, access.can_manage_service_unit(request.actor, service_unit), service_unit)
    return service_unit


@login_required
@require_safe
def service_unit_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    service_unit = _visible(request, pk)
    return render(
        request,
        "surveys/service_unit_detail.html",
        {
            "service_unit": service_unit,
            "services": list(selectors.services_of(service_unit)),
            "periods": list(selectors.periods_of(service_unit)),
            "open_follow_ups": selectors.open_follow_up_count(service_unit),
            "minimum_sample": selectors.minimum_sample(service_unit.population),
            "public_url": request.build_absolute_uri(public_path(service_unit)),
            "service_form": ServiceForm(),
            "can_manage": access.can_manage_service_unit(actor, service_unit),
            "can_run_periods": access.can_run_periods(actor, service_unit),
            "can_print_poster": access.can_print_poster(actor, service_unit),
            "can_manage_tokens": access.can_manage_tokens(actor, service_unit),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_unit_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    instansi, choices = managed_instansi(request, access.can_create_service_units)
    form = ServiceUnitForm(request.POST or None, actor=actor, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        try:
            service_unit = services.service_unit_create(actor=actor, instansi=instansi, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Unit layanan %(name)s ditambahkan.") % {"name": service_unit.name})
            return redirect(service_unit)
    return render(
        request,
        "surveys/service_unit_form.html",
        {"form": form, "instansi": instansi, "instansi_choices": choices, "service_unit": None},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_unit_update(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    service_unit = _managed(request, pk)
    stored_name = service_unit.name  # the page's title, whatever the form holds
    form = ServiceUnitForm(
        request.POST or None, instance=service_unit, actor=actor, instansi=service_unit.unit.instansi
    )
    if request.method == "POST" and form.is_valid():
        try:
            service_unit = services.service_unit_update(
                actor=actor, service_unit=service_unit, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Unit layanan %(name)s disimpan.") % {"name": service_unit.name})
            return redirect(service_unit)
    return render(
        request,
        "surveys/service_unit_form.html",
        {
            "form": form,
            "instansi": service_unit.unit.instansi,
            "service_unit": service_unit,
            "stored_name": stored_name,
        },
    )


@login_required
@require_POST
def service_unit_set_active(request: ActorRequest, pk: int) -> HttpResponse:
    service_unit = _managed(request, pk)
    active = request.POST.get("active") == "1"
    try:
        services.service_unit_set_active(actor=request.actor, service_unit=service_unit, active=active)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        if active:
            messages.success(request, _("Unit layanan diaktifkan kembali."))
        else:
            messages.success(
                request, _("Unit layanan dinonaktifkan. Periode, hasil dan tindak lanjutnya tetap tersimpan.")
            )
    return redirect(service_unit)


# --- Services (jenis layanan), inline on the unit's page -------------------------------------------------
@login_required
@require_POST
def service_add(request: ActorRequest, pk: int) -> HttpResponse:
    service_unit = _managed(request, pk)
    form = ServiceForm(request.POST)
    if form.is_valid():
        try:
            service = services.service_add(
                actor=request.actor, service_unit=service_unit, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            message_service_errors(request, exc)
        else:
            messages.success(request, _("Jenis layanan %(name)s ditambahkan.") % {"name": service.name})
    else:
        flash_errors(request, form)
    return redirect(service_unit.get_absolute_url() + "#layanan")


def _managed_service(request: ActorRequest, pk: int) -> Service:
    access.require(access.can_view_surveys(request.actor))
    service = access.get_service(request.actor, pk)
    access.check(
        request.actor,
        access.can_manage_service_unit(request.actor, service.service_unit),
        service.service_unit,
    )
    return service


@login_required
@require_POST
def service_rename(request: ActorRequest, pk: int) -> HttpResponse:
    service = _managed_service(request, pk)
    form = ServiceForm(request.POST, instance=service)
    if form.is_valid():
        try:
            service = services.service_rename(
                actor=request.actor, service=service, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            message_service_errors(request, exc)
        else:
            messages.success(request, _("Jenis layanan disimpan: %(name)s.") % {"name": service.name})
    else:
        flash_errors(request, form)
    return redirect(service.service_unit.get_absolute_url() + "#layanan")


@login_required
@require_POST
def service_set_active(request: ActorRequest, pk: int) -> HttpResponse:
    service = _managed_service(request, pk)
    active = request.POST.get("active") == "1"
    service = services.service_set_active(actor=request.actor, service=service, active=active)
    if active:
        messages.success(request, _("Jenis layanan %(name)s ditawarkan lagi.") % {"name": service.name})
    else:
        messages.success(
            request,
            _("Jenis layanan %(name)s dinonaktifkan; jawaban yang sudah masuk tetap tersimpan.")
            % {"name": service.name},
        )
    return redirect(service.service_unit.get_absolute_url() + "#layanan")
