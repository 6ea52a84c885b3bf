"""Correction proposals (usulan perubahan data): the employee's form and list of their own, the HR
queue and the decision. Thin: objects come through employees.access, writes through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import ActorRequest, add_service_errors, query_int
from core.paging import paginate, querystring_without_page

from .. import access, selectors, services
from ..choices import CorrectionStatus
from ..forms.corrections import ApproveForm, CorrectionForm, RejectForm
from ..models import CorrectionProposal
from .profile import no_record


# --- My correction proposals ----------------------------------------------------------------------
@login_required
def correction_mine(request: ActorRequest) -> HttpResponse:
    """The proposal form (current value next to each input) and the list of my proposals."""
    actor = request.actor
    if not actor.is_employee:
        if request.method == "POST":
            raise PermissionDenied
        return no_record(request)
    assert actor.employee_id is not None  # is_employee
    employee = access.get_employee(actor, actor.employee_id)
    access.require(access.can_propose_correction(actor, employee))
    form = CorrectionForm(request.POST or None, request.FILES or None, employee=employee)
    if request.method == "POST" and form.is_valid():
        try:
            services.corrections.correction_submit(
                actor=actor,
                employee=employee,
                proposed=form.proposed(),
                reason=form.cleaned_data["reason"],
                nip_mismatch_confirmed=form.cleaned_data["nip_mismatch_confirmed"],
                upload=form.cleaned_data.get("attachment"),
                attachment_kind=form.cleaned_data["attachment_kind"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Usulan perubahan data dikirim ke petugas kepegawaian."))
            return redirect("employees:correction_mine")
    proposals = selectors.corrections.own_corrections(actor=actor)
    return render(
        request,
        "employees/correction_mine.html",
        {
            "employee": employee,
            "form": form,
            "page": paginate(request, proposals, per_page=20),
            "pending": any(p.is_pending for p in proposals[:1]),
            "querystring": querystring_without_page(request),
        },
    )


# --- HR queue and the decision ---------------------------------------------------------------------
@login_required
def correction_queue(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_review_corrections(actor))
    unit = None
    unit_id = query_int(request, "unit")
    if unit_id is not None:
        unit = access.get_unit(actor, unit_id)
    status = request.GET.get("status", "")
    sorting = selectors.corrections.QUEUE_SORT.from_request(request)
    proposals = selectors.corrections.correction_queue(
        actor=actor, status=status, unit=unit, search=request.GET.get("q", ""), sort=sorting.value
    )
    return render(
        request,
        "employees/correction_queue.html",
        {
            "page": paginate(request, proposals),
            "sorting": sorting,
            "status": status,
            "statuses": CorrectionStatus.choices,
            "unit": unit,
            "units": selectors.corrections.queue_units(actor=actor),
            "q": request.GET.get("q", ""),
            "querystring": querystring_without_page(request),
        },
    )


def _detail(
    request: ActorRequest,
    proposal: CorrectionProposal,
    *,
    approve_form: ApproveForm | None = None,
    reject_form: RejectForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.actor
    show_sensitive = services.corrections.correction_read(actor=actor, proposal=proposal)
    can_decide = proposal.is_pending and access.can_decide_correction(actor, proposal)
    rows = selectors.corrections.change_rows(proposal, show_sensitive=show_sensitive)
    if can_decide:
        approve_form = approve_form or ApproveForm()
        # Offer a confirmation only where it applies.
        if not any(row.conflict for row in rows):
            approve_form.fields.pop("confirm_conflicts", None)
        if not {"birth_date", "gender"} & set(proposal.changes):
            approve_form.fields.pop("nip_mismatch_confirmed", None)
    return render(
        request,
        "employees/correction_detail.html",
        {
            "proposal": proposal,
            "employee": proposal.employee,
            "rows": rows,
            "show_sensitive": show_sensitive,
            "can_decide": can_decide,
            "can_withdraw": proposal.is_pending and access.can_withdraw_correction(actor, proposal),
            "can_view_documents": access.can_view_documents(actor, proposal.employee),
            "approve_form": approve_form,
            "reject_form": reject_form or (RejectForm() if can_decide else None),
            "refused_forms": [f for f in (approve_form, reject_form) if f is not None],
        },
        status=status,
    )


@login_required
def correction_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_correction(request.actor, pk))


@login_required
@require_POST
def correction_approve(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    proposal = access.get_correction(actor, pk)
    access.require(access.can_decide_correction(actor, proposal))
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.corrections.correction_approve(
                actor=actor,
                proposal=proposal,
                confirm_conflicts=form.cleaned_data["confirm_conflicts"],
                nip_mismatch_confirmed=form.cleaned_data["nip_mismatch_confirmed"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Usulan disetujui; data pegawai sudah diperbarui."))
            return redirect(proposal)
    return _detail(request, access.get_correction(actor, pk), approve_form=form)


@login_required
@require_POST
def correction_reject(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    proposal = access.get_correction(actor, pk)
    access.require(access.can_decide_correction(actor, proposal))
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.corrections.correction_reject(
                actor=actor, proposal=proposal, reason=form.cleaned_data["decision_note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Usulan ditolak; data pegawai tidak berubah."))
            return redirect(proposal)
    return _detail(request, access.get_correction(actor, pk), reject_form=form)


@login_required
@require_POST
def correction_withdraw(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    proposal = access.get_correction(actor, pk)
    access.require(access.can_withdraw_correction(actor, proposal))
    try:
        services.corrections.correction_withdraw(actor=actor, proposal=proposal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Usulan dibatalkan."))
    return redirect("employees:correction_mine")
