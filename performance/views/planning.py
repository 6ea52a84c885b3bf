"""Pages of SKP planning: "SKP saya", the SKP itself, its RHK/IKI, the superior's expectations, the
workflow (submit, return, approve, revise), copying RHK down, and the printable documents.

Thin: objects come through performance.access, writes through services.planning; a service's
ValidationError becomes a form error or a message, and nothing is half-saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import ActorRequest, add_service_errors, message_service_errors

from .. import access, charts, pdf, selectors, services
from ..choices import SkpState
from ..forms.planning import (
    ApproveForm,
    CopyDownForm,
    ExpectationsForm,
    IkiForm,
    ReturnForm,
    ReviseForm,
    RhkForm,
)
from ..models import Skp

GET_POST = ["GET", "POST"]


def today() -> date:
    """Today in the agency's zone (the middleware activates it); tests replace this."""
    return timezone.localdate()


# --- SKP saya -------------------------------------------------------------------------------------
@login_required
@require_GET
def my_skp(request: ActorRequest) -> HttpResponse:
    """The employee's SKP per performance year, the current period, feedback and predikat history."""
    actor = request.actor
    employee = selectors.planning.own_employee(actor)
    if employee is None:
        explanation = _(
            "Akun Anda tidak terhubung dengan data pegawai, jadi tidak ada SKP yang dapat disusun atau ditampilkan."
        )
        no_record = {"page_title": _("SKP saya"), "explanation": explanation}
        return render(request, "includes/no_employee_record.html", no_record, status=403)
    context = selectors.planning.my_skp_page(
        actor=actor,
        employee=employee,
        today=today(),
        year_page=request.GET.get("page"),
        history_page=request.GET.get("riwayat"),
    )
    summary = context["summary"]
    if summary is not None and summary.skp is not None:
        summary.realisation_url = reverse("performance:realisation", args=[summary.skp.pk, summary.period.pk])
    context["chart"] = charts.predikat_chart(list(reversed(context["history"].object_list)))
    return render(request, "performance/my_skp.html", context)


@login_required
@require_POST
def skp_create(request: ActorRequest, year_pk: int) -> HttpResponse:
    actor = request.actor
    access.require(access.can_draft_skp(actor))
    year = access.get_own_performance_year(actor, year_pk)
    try:
        skp = services.planning.skp_create(actor=actor, year=year)
    except ValidationError as exc:
        message_service_errors(request, exc)
        return redirect("performance:my_skp")
    messages.success(
        request,
        _("Draf SKP %(year)s dibuat. Tambahkan rencana hasil kerja dan indikatornya.") % {"year": year.year},
    )
    return redirect(skp)


# --- The SKP page -----------------------------------------------------------------------------------
@login_required
@require_GET
def skp_detail(request: ActorRequest, pk: int) -> HttpResponse:
    """One SKP with its RHK, IKI, behaviour expectations, versions, history and what the actor may do."""
    skp = access.get_skp(request.actor, pk)
    context = selectors.planning.skp_page(actor=request.actor, skp=skp)
    if context["can_review"] and skp.state == SkpState.SUBMITTED:
        # Both forms have a "comment" field: distinct ids keep each label on its own textarea.
        context["return_form"] = ReturnForm(auto_id="id_return_%s")
        context["approve_form"] = ApproveForm(auto_id="id_approve_%s")
    return render(request, "performance/skp_detail.html", context)


# --- RHK -------------------------------------------------------------------------------------------
def _rhk_form(request: ActorRequest, skp: Skp, rhk=None) -> HttpResponse:
    form = RhkForm(request.POST or None, skp=skp, rhk=rhk)
    if request.method == "POST" and form.is_valid():
        try:
            services.planning.rhk_save(
                actor=request.actor,
                skp=skp,
                rhk=rhk,
                text=form.cleaned_data["text"],
                parent=form.cleaned_data["parent"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Rencana hasil kerja disimpan."))
            return redirect(skp)
    return render(request, "performance/skp_rhk_form.html", {"skp": skp, "rhk": rhk, "form": form})


@login_required
@require_http_methods(GET_POST)
def rhk_create(request: ActorRequest, pk: int) -> HttpResponse:
    skp = access.get_skp(request.actor, pk)
    access.require(access.can_edit_skp(request.actor, skp))
    return _rhk_form(request, skp)


@login_required
@require_http_methods(GET_POST)
def rhk_update(request: ActorRequest, pk: int) -> HttpResponse:
    rhk = access.get_rhk(request.actor, pk)
    access.require(access.can_edit_skp(request.actor, rhk.skp))
    return _rhk_form(request, rhk.skp, rhk)


@login_required
@require_http_methods(GET_POST)
def rhk_delete(request: ActorRequest, pk: int) -> HttpResponse:
    rhk = access.get_rhk(request.actor, pk)
    skp = rhk.skp
    access.require(access.can_edit_skp(request.actor, skp))
    if request.method == "POST":
        services.planning.rhk_delete(actor=request.actor, rhk=rhk)
        messages.success(request, _("Rencana hasil kerja dihapus beserta indikatornya."))
        return redirect(skp)
    return render(
        request,
        "performance/skp_confirm_delete.html",
        {
            "skp": skp,
            "title": _("Hapus rencana hasil kerja"),
            "object_text": rhk.text,
            "warning": _("Semua indikator kinerja (IKI) pada RHK ini ikut terhapus."),
        },
    )


# --- IKI -------------------------------------------------------------------------------------------
def _iki_form(request: ActorRequest, rhk, iki=None) -> HttpResponse:
    form = IkiForm(request.POST or None, iki=iki)
    if request.method == "POST" and form.is_valid():
        try:
            services.planning.iki_save(actor=request.actor, rhk=rhk, iki=iki, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Indikator kinerja disimpan."))
            return redirect(rhk.skp)
    return render(
        request, "performance/skp_iki_form.html", {"skp": rhk.skp, "rhk": rhk, "iki": iki, "form": form}
    )


@login_required
@require_http_methods(GET_POST)
def iki_create(request: ActorRequest, pk: int) -> HttpResponse:
    rhk = access.get_rhk(request.actor, pk)
    access.require(access.can_edit_skp(request.actor, rhk.skp))
    return _iki_form(request, rhk)


@login_required
@require_http_methods(GET_POST)
def iki_update(request: ActorRequest, pk: int) -> HttpResponse:
    iki = access.get_iki(request.actor, pk)
    access.require(access.can_edit_skp(request.actor, iki.rhk.skp))
    return _iki_form(request, iki.rhk, iki)


@login_required
@require_http_methods(GET_POST)
def iki_delete(request: ActorRequest, pk: int) -> HttpResponse:
    iki = access.get_iki(request.actor, pk)
    skp = iki.rhk.skp
    access.require(access.can_edit_skp(request.actor, skp))
    if request.method == "POST":
        services.planning.iki_delete(actor=request.actor, iki=iki)
        messages.success(request, _("Indikator kinerja dihapus."))
        return redirect(skp)
    return render(
        request,
        "performance/skp_confirm_delete.html",
        {"skp": skp, "title": _("Hapus indikator kinerja"), "object_text": iki.indicator, "warning": ""},
    )


# --- Workflow ----------------------------------------------------------------------------------------
@login_required
@require_POST
def skp_submit(request: ActorRequest, pk: int) -> HttpResponse:
    skp = access.get_skp(request.actor, pk)
    access.require(access.is_skp_owner(request.actor, skp))
    try:
        services.planning.skp_submit(actor=request.actor, skp=skp)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        skp.refresh_from_db(fields=["kepala_daerah_appraises"])
        if skp.kepala_daerah_appraises:
            messages.success(
                request,
                _("SKP diajukan kepada kepala daerah; petugas BKPSDM akan mencatat keputusannya di sini."),
            )
        else:
            messages.success(request, _("SKP diajukan kepada atasan langsung untuk disetujui."))
    return redirect(skp)


@login_required
@require_http_methods(GET_POST)
def skp_expectations(request: ActorRequest, pk: int) -> HttpResponse:
    skp = access.get_skp(request.actor, pk)
    access.require(access.can_set_expectations(request.actor, skp))
    form = ExpectationsForm(request.POST or None, behaviours=list(skp.behaviours.all()))
    if request.method == "POST" and form.is_valid():
        try:
            services.planning.expectations_save(
                actor=request.actor, skp=skp, expectations=form.expectations()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Ekspektasi perilaku kerja disimpan."))
            return redirect(skp)
    return render(request, "performance/skp_expectations.html", {"skp": skp, "form": form})


def _review(
    request: ActorRequest,
    pk: int,
    decide: Callable[..., Skp],
    done: str,
    form_class: type[ReturnForm] | type[ApproveForm],
) -> HttpResponse:
    """The atasan langsung returns or approves, with the comment typed beside the buttons."""
    skp = access.get_skp(request.actor, pk)
    access.require(access.can_review_skp(request.actor, skp))
    form = form_class(request.POST)
    if not form.is_valid():  # the comment missing (return) or too long
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(skp)
    try:
        decide(actor=request.actor, skp=skp, comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(request, done)
    return redirect(skp)


@login_required
@require_POST
def skp_return(request: ActorRequest, pk: int) -> HttpResponse:
    return _review(
        request,
        pk,
        services.planning.skp_return,
        _("SKP dikembalikan kepada pegawai dengan catatan perbaikan."),
        ReturnForm,
    )


@login_required
@require_POST
def skp_approve(request: ActorRequest, pk: int) -> HttpResponse:
    return _review(request, pk, services.planning.skp_approve, _("SKP disetujui dan dikunci."), ApproveForm)


@login_required
@require_http_methods(GET_POST)
def skp_revise(request: ActorRequest, pk: int) -> HttpResponse:
    skp = access.get_skp(request.actor, pk)
    access.require(access.can_revise_skp(request.actor, skp))
    form = ReviseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.planning.skp_revise(
                actor=request.actor, skp=skp, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Draf revisi (versi %(v)s) dibuat. SKP versi %(old)s tetap berlaku sampai revisi disetujui."
                )
                % {"v": revision.version, "old": skp.version},
            )
            return redirect(revision)
    return render(request, "performance/skp_revise.html", {"skp": skp, "form": form})


# --- Copy down ----------------------------------------------------------------------------------------
@login_required
@require_http_methods(GET_POST)
def rhk_copy_down(request: ActorRequest, pk: int) -> HttpResponse:
    """A head gives one of their RHK to several direct subordinates at once."""
    actor = request.actor
    skp = access.get_skp(actor, pk)
    access.require(access.can_copy_rhk_down(actor) and access.is_skp_owner(actor, skp))
    context = selectors.planning.copy_down_page(head_skp=skp)
    subordinates = selectors.planning.direct_subordinates(skp.employee).select_related("unit")
    form = CopyDownForm(request.POST or None, skp=skp, subordinates=subordinates)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.planning.rhk_copy_down(
                actor=actor,
                rhk=form.cleaned_data["rhk"],
                employees=list(form.cleaned_data["employees"]),
                with_ikis=form.cleaned_data["with_ikis"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("RHK diturunkan ke %(n)s SKP bawahan.") % {"n": result.copied})
            if result.skipped:
                messages.warning(
                    request,
                    _("Dilewati karena SKP-nya tidak dapat diubah: %(names)s.")
                    % {"names": ", ".join(result.skipped)},
                )
            return redirect(skp)
    context["form"] = form
    context["checked"] = {str(v) for v in form["employees"].value() or []}
    return render(request, "performance/skp_copy_down.html", context)


# --- The printable SKP ------------------------------------------------------------------------------
@login_required
@require_GET
def skp_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    skp = access.get_skp(request.actor, pk)
    with translation.override(pdf.DOCUMENT_LANGUAGE):
        data = selectors.planning.skp_document(skp=skp)
    filename = f"SKP-{skp.year.year}-v{skp.version}-{skp.employee.nip}.pdf"
    return pdf.response(pdf.skp_pdf(data), filename)
