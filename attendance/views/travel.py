"""Official travel (dinas luar) kept by HR of an agency and by heads of units: the list with
search, a date filter and paging, recording one from its letter (SPT), removing one, the letter's scan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import ActorRequest, add_service_errors, query_int
from core.models import Instansi

from .. import access
from ..forms.travel import DinasLuarForm, TravelFilterForm
from ..selectors import travel as selectors
from ..services import travel as services
from .locations import agency_list_context


def _agency(request: ActorRequest) -> tuple[Instansi, list[Instansi]]:
    """The agency of the page (?instansi=, else the first the actor records travels in)."""
    actor = request.actor
    access.require(access.dinas_luar_in_menu(actor))
    agencies = list(access.dinas_luar_agencies(actor).order_by("name"))
    access.require(bool(agencies))
    chosen = query_int(request, "instansi")
    return next((a for a in agencies if a.pk == chosen), agencies[0]), agencies


def _url(instansi_id: int) -> str:
    return f"{reverse('attendance:travels')}?instansi={instansi_id}"


@login_required
@require_http_methods(["GET", "POST"])
def travels(request: ActorRequest) -> HttpResponse:
    instansi, agencies = _agency(request)
    form = DinasLuarForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dinas_luar_create(actor=request.actor, instansi=instansi, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Dinas luar tercatat; status harian pegawai pada tanggal itu diperbarui.")
            )
            return redirect(_url(instansi.pk))
    filters = TravelFilterForm(request.GET)
    sorting = selectors.TRAVEL_SORT.from_request(request)
    rows = selectors.agency_travels(
        actor=request.actor, instansi_id=instansi.pk, q=filters.value("q") or "", on=filters.value("tanggal")
    )
    return render(
        request,
        "attendance/travels.html",
        agency_list_context(request, instansi, agencies, form, filters, sorting, rows),
    )


@login_required
@require_POST
def travel_delete(request: ActorRequest, pk: int) -> HttpResponse:
    travel = access.get_dinas_luar(request.actor, pk)
    instansi_id = travel.employee.unit.instansi_id
    services.dinas_luar_delete(actor=request.actor, travel=travel)
    messages.success(request, _("Catatan dinas luar dihapus; status harian pegawai dihitung ulang."))
    return redirect(_url(instansi_id))


@login_required
@require_GET
def travel_letter(request: ActorRequest, pk: int) -> FileResponse:
    travel = access.get_dinas_luar(request.actor, pk)
    if not travel.letter_file:
        raise Http404
    return FileResponse(
        travel.letter_file.open("rb"), as_attachment=True, filename=travel.letter_file_name or "spt"
    )
