"""Flexible work (PermenPANRB 4/2025) kept by HR of an agency and by heads of units: the list with
search, filters and paging, recording an arrangement from its decision letter, removing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.http import ActorRequest, add_service_errors, query_int
from core.models import Instansi

from .. import access
from ..forms.flexible import FlexibleFilterForm, FlexibleWorkForm
from ..selectors import flexible as selectors
from ..services import flexible as services
from .locations import agency_list_context


def _agency(request: ActorRequest) -> tuple[Instansi, list[Instansi]]:
    """The agency of the page (?instansi=, else the first the actor records arrangements in)."""
    actor = request.actor
    access.require(access.flexible_in_menu(actor))
    agencies = list(access.flexible_agencies(actor).order_by("name"))
    access.require(bool(agencies))
    chosen = query_int(request, "instansi")
    return next((a for a in agencies if a.pk == chosen), agencies[0]), agencies


def _url(instansi_id: int) -> str:
    return f"{reverse('attendance:flexible')}?instansi={instansi_id}"


@login_required
@require_http_methods(["GET", "POST"])
def flexible(request: ActorRequest) -> HttpResponse:
    instansi, agencies = _agency(request)
    form = FlexibleWorkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flexible_create(actor=request.actor, instansi=instansi, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Kerja fleksibel tercatat; status harian pegawai pada tanggal itu diperbarui.")
            )
            return redirect(_url(instansi.pk))
    filters = FlexibleFilterForm(request.GET)
    sorting = selectors.FLEXIBLE_SORT.from_request(request)
    rows = selectors.agency_arrangements(
        actor=request.actor,
        instansi_id=instansi.pk,
        q=filters.value("q") or "",
        on=filters.value("tanggal"),
        mode=filters.value("jenis") or "",
    )
    return render(
        request,
        "attendance/flexible.html",
        agency_list_context(request, instansi, agencies, form, filters, sorting, rows),
    )


@login_required
@require_POST
def flexible_delete(request: ActorRequest, pk: int) -> HttpResponse:
    arrangement = access.get_flexible(request.actor, pk)
    instansi_id = arrangement.employee.unit.instansi_id
    services.flexible_delete(actor=request.actor, arrangement=arrangement)
    messages.success(request, _("Catatan kerja fleksibel dihapus; status harian pegawai dihitung ulang."))
    return redirect(_url(instansi_id))
