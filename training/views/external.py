"""Pages of external learning: the employee's list ("Pembelajaran mandiri"), recording, changing and
withdrawing a record, its page with the certificate, and HR's verification queue and decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.http import ActorRequest, add_service_errors, message_service_errors
from core.paging import paginate, querystring_without_page

from .. import access
from ..choices import ExternalState
from ..forms.external import DecisionForm, ExternalFilterForm, ExternalForm
from ..selectors import external as selectors
from ..services import external as services
from .catalogue import GET_POST, flash_errors


def _years() -> list[int]:
    this = timezone.localdate().year
    return list(range(this, this - 6, -1))


def _list_context(request: ActorRequest, form: ExternalFilterForm, kwargs: dict, rows: object) -> dict:
    return {
        "page": paginate(request, rows),
        "sorting": selectors.EXTERNAL_SORT.parse(kwargs["sort"]),
        "q": kwargs["search"],
        "state": kwargs["state"],
        "states": ExternalState.choices,
        "year": kwargs["year"],
        "year_choices": [(y, str(y)) for y in _years()],
        "querystring": querystring_without_page(request),
    }


@login_required
@require_safe
def my_external(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_record_external(actor))
    form = ExternalFilterForm(request.GET)
    kwargs = form.selector_kwargs()
    rows = selectors.my_external(actor=actor, **kwargs)
    return render(request, "training/external_mine.html", _list_context(request, form, kwargs, rows))


@login_required
@require_safe
def external_queue(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_view_external_queue(actor))
    form = ExternalFilterForm(request.GET)
    kwargs = form.selector_kwargs(selectors.QUEUE_DEFAULT_SORT)
    if not request.GET:
        kwargs["state"] = ExternalState.PENDING  # the queue opens on what waits
    unit_id = form.valid("unit")
    unit = access.get_filter_unit(actor, unit_id) if unit_id else None
    rows = selectors.external_queue(actor=actor, unit=unit, **kwargs)
    context = _list_context(request, form, kwargs, rows)
    context.update(unit=unit, units=selectors.queue_units(actor=actor), show_units=True)
    return render(request, "training/external_queue.html", context)


@login_required
@require_http_methods(GET_POST)
def external_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_record_external(actor))
    form = ExternalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.external_record(
                actor=actor, details=form.details(), certificate=form.cleaned_data.get("certificate_file")
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Pembelajaran mandiri dicatat dan menunggu verifikasi kepegawaian."))
            return redirect(record)
    return render(request, "training/external_form.html", {"form": form, "record": None})


@login_required
@require_http_methods(GET_POST)
def external_update(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    record = access.get_external(actor, pk)
    access.require_in_agency(actor, access.can_edit_external(actor, record), record.employee.unit.instansi_id)
    form = ExternalForm(request.POST or None, request.FILES or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.external_update(
                actor=actor,
                record=record,
                details=form.details(),
                certificate=form.cleaned_data.get("certificate_file"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect(record)
    return render(request, "training/external_form.html", {"form": form, "record": record})


@login_required
@require_safe
def external_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    record = access.get_external(actor, pk)
    return render(
        request,
        "training/external_detail.html",
        {
            "record": record,
            "can_edit": access.can_edit_external(actor, record),
            "can_decide": access.can_decide_external(actor, record),
            "can_download": access.can_download_external_certificate(actor, record),
            "in_history": record.state == ExternalState.VERIFIED and selectors.history_row_of(record),
        },
    )


@login_required
@require_safe
def external_certificate(request: ActorRequest, pk: int) -> FileResponse:
    actor = request.actor
    record = access.get_external(actor, pk)
    access.require_in_agency(
        actor, access.can_download_external_certificate(actor, record), record.employee.unit.instansi_id
    )
    response = FileResponse(
        record.certificate.open("rb"),
        content_type=record.certificate_type or "application/octet-stream",
        as_attachment=request.GET.get("unduh") == "1",
        filename=f"sertifikat-{record.pk}.{record.certificate_extension or 'bin'}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; plugin-types application/pdf"
    return response


@login_required
@require_POST
def external_withdraw(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    record = access.get_external(actor, pk)
    access.require(access.is_external_owner(actor, record))
    try:
        services.external_withdraw(actor=actor, record=record)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(request, _("Catatan ditarik."))
    return redirect(record)


def _decide(request: ActorRequest, pk: int, verify: bool) -> HttpResponse:
    actor = request.actor
    record = access.get_external(actor, pk)
    access.require_in_agency(
        actor, access.is_external_verifier(actor, record), record.employee.unit.instansi_id
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect(record)
    reason = form.cleaned_data["reason"]
    try:
        if verify:
            services.external_verify(actor=actor, record=record, note=reason)
        else:
            services.external_reject(actor=actor, record=record, reason=reason)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(
            request,
            _("Diverifikasi; JP-nya masuk riwayat diklat pegawai.") if verify else _("Catatan ditolak."),
        )
    return redirect(record)


@login_required
@require_POST
def external_verify(request: ActorRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, verify=True)


@login_required
@require_POST
def external_reject(request: ActorRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, verify=False)
