"""Corrections of presensi: the employee sends one from the Presensi page (and cancels it while
open); the atasan's queue shows each with the employee's records of that day, to approve or reject."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import ActorRequest, add_service_errors, message_service_errors
from core.paging import PAGE_SIZE, paginate, querystring_without_page

from .. import access
from ..forms.corrections import CorrectionDecisionForm, CorrectionFilterForm, CorrectionForm
from ..selectors import corrections as selectors
from ..services import corrections as services
from .presence import presence_page


@login_required
@require_POST
def correction_submit(request: ActorRequest) -> HttpResponse:
    access.require(access.can_request_correction(request.actor))
    form = CorrectionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.correction_submit(
                actor=request.actor,
                on=data["date"],
                kind=data["kind"],
                reason=data["reason"],
                check_in=data.get("check_in"),
                check_out=data.get("check_out"),
                evidence=data.get("evidence"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Koreksi terkirim; menunggu keputusan atasan langsung Anda."))
            return redirect("attendance:presence")
    return presence_page(request, form)


@login_required
@require_POST
def correction_cancel(request: ActorRequest, pk: int) -> HttpResponse:
    correction = access.get_correction(request.actor, pk)
    if correction.is_open:
        access.require(access.can_cancel_correction(request.actor, correction))
    try:
        services.correction_cancel(actor=request.actor, correction=correction)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(request, _("Koreksi dibatalkan."))
    return redirect("attendance:presence")


@login_required
@require_GET
def correction_evidence(request: ActorRequest, pk: int) -> FileResponse:
    correction = access.get_correction(request.actor, pk)
    if not access.can_view_correction_evidence(request.actor, correction):
        raise Http404
    return FileResponse(
        correction.evidence.open("rb"), as_attachment=True, filename=correction.evidence_name or "bukti"
    )


HISTORY_TAB = "riwayat"


@login_required
@require_GET
def correction_queue(request: ActorRequest) -> HttpResponse:
    """The corrections waiting for the actor's decision (cards with the day's records and the decision
    forms) or, with `?tab=riwayat`, those decided (who and when): searched, filtered, sorted, paged."""
    actor = request.actor
    access.require(access.has_correction_queue(actor))
    history = request.GET.get("tab") == HISTORY_TAB
    filters = CorrectionFilterForm(request.GET, history=history)
    q = filters.value("q") or ""
    month = filters.value("bulan")
    if history:
        sorting = selectors.HISTORY_SORT.from_request(request)
        rows = selectors.history_rows(actor=actor, q=q, month=month, state=filters.value("status") or "")
    else:
        sorting = selectors.QUEUE_SORT.from_request(request)
        rows = selectors.queue_rows(actor=actor, q=q, month=month)
    page = paginate(request, sorting.apply(rows), PAGE_SIZE)
    page.object_list = list(page.object_list)
    if not history:
        selectors.attach_day_records(page.object_list)
    return render(
        request,
        "attendance/correction_queue.html",
        {
            "history": history,
            "filters": filters,
            "filtered": bool(q or month or (history and filters.value("status"))),
            "sorting": sorting,
            "sort_choices": [
                ("diajukan", _("Diajukan paling awal")),
                ("-diajukan", _("Diajukan paling akhir")),
                ("-tanggal", _("Tanggal terbaru")),
                ("tanggal", _("Tanggal terlama")),
                ("nama", _("Nama pegawai")),
            ],
            "page": page,
            "querystring": querystring_without_page(request),
            "form": CorrectionDecisionForm(),
        },
    )


def _decide(request: ActorRequest, pk: int, *, approve: bool) -> HttpResponse:
    correction = access.get_correction(request.actor, pk)
    if correction.is_open:
        access.require(access.can_decide_correction(request.actor, correction))
    form = CorrectionDecisionForm(request.POST)
    if not form.is_valid():
        # The field's own reason (a note too long, a null character), not a vague "unreadable".
        problems = [str(problem) for errors in form.errors.values() for problem in errors]
        message_service_errors(request, ValidationError(problems or [_("Catatan tidak dapat dibaca.")]))
        return redirect("attendance:correction_queue")
    try:
        services.correction_decide(
            actor=request.actor, correction=correction, approve=approve, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        if approve:
            messages.success(request, _("Koreksi disetujui; presensi hari itu diperbarui."))
        else:
            messages.success(request, _("Koreksi ditolak."))
    return redirect("attendance:correction_queue")


@login_required
@require_POST
def correction_approve(request: ActorRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@login_required
@require_POST
def correction_reject(request: ActorRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)
