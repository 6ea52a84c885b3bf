"""Pages of assessment: the dialog kinerja, the appraisal and its reopening, the coaching plan, the
head's queue (Kinerja bawahan) and the printable evaluation document. Thin: objects come through
performance.access, writes through services.appraisal, reads through selectors.appraisal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.http import ActorRequest, add_service_errors
from core.paging import page_size

from .. import access, pdf, rules, selectors, services
from ..choices import AppraisalState, CoachingState, PeriodKind, Predikat, SkpState
from ..forms.appraisal import AppraisalForm, CoachingForm, FeedbackForm, ReopenForm
from ..models import Period, Skp
from ..selectors import coaching as coaching_selectors
from .base import agency_zone, period_of, split_errors

QUEUE_PAGE_SIZE = 20


# --- Dialog kinerja --------------------------------------------------------------------------------
def _default_period(skp: Skp, periods: list[Period]) -> Period:
    """The periodic period in progress (or the last one begun) in the agency's calendar."""
    zone, _name = agency_zone(skp)
    today = timezone.localtime(timezone.now(), zone).date()
    begun = [p for p in periods if p.kind == PeriodKind.PERIODIC and p.start <= today]
    return begun[-1] if begun else periods[0]


@login_required
@require_http_methods(["GET", "POST"])
def dialog(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    skp = access.get_skp(actor, pk)
    can_discuss = access.can_discuss_skp(actor, skp)
    if request.method == "POST":
        access.require(can_discuss)
    periods = selectors.years.periods_of(skp.year)
    chosen = request.GET.get("period")
    period = period_of(skp, chosen) if chosen else _default_period(skp, periods)
    threads = selectors.appraisal.dialog_threads(skp, period)
    topics = [(t.key, t.title) for t in threads]
    error_form: FeedbackForm | None = None
    if request.method == "POST":
        form = FeedbackForm(request.POST, topics=topics)
        if form.is_valid():
            topic = form.cleaned_data["topic"]
            iki = None
            behaviour = ""
            if topic.startswith("iki-"):
                iki = access.get_iki(actor, int(topic.removeprefix("iki-")))
            elif topic.startswith("perilaku-"):
                behaviour = topic.removeprefix("perilaku-")
            try:
                message = services.appraisal.feedback_post(
                    actor=actor,
                    skp=skp,
                    period=period,
                    text=form.cleaned_data["text"],
                    iki=iki,
                    behaviour=behaviour,
                )
            except ValidationError as exc:
                field_errors, page_errors = split_errors(exc)
                form.add_error(
                    "text" if field_errors else None, [*field_errors.get("text", []), *page_errors]
                )
            else:
                messages.success(request, _("Pesan terkirim."))
                return redirect(message)
        error_form = form
    zone, zone_name = agency_zone(skp)
    return render(
        request,
        "performance/dialog.html",
        {
            "skp": skp,
            "employee": skp.employee,
            "period": period,
            "periods": periods,
            "threads": threads,
            "can_post": can_discuss and skp.state != SkpState.SUPERSEDED,
            "error_form": error_form,
            "error_topic": _known_topic(error_form, topics),
            "zone": zone,
            "zone_name": zone_name,
        },
    )


def _known_topic(form: FeedbackForm | None, topics: list[tuple[str, str]]) -> str:
    if form is None:
        return ""
    value = form["topic"].value()
    return value if value in dict(topics) else ""


# --- Appraisal -------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def appraisal(request: ActorRequest, pk: int, period_pk: int) -> HttpResponse:
    """The atasan langsung rates a period; everyone else who sees the SKP reads it (the employee
    sees the ratings once final)."""
    actor = request.actor
    skp = access.get_skp(actor, pk)
    period = period_of(skp, period_pk)
    can_rate = access.can_appraise(actor, skp)
    if request.method == "POST":
        access.require(can_rate)
    record = selectors.appraisal.appraisal_of(skp, period)
    basis = selectors.realisation.period_basis(skp, period)
    is_final = record is not None and record.state == AppraisalState.FINAL
    editable = can_rate and skp.state == SkpState.APPROVED and not is_final
    form = None
    if editable or request.method == "POST":
        form = AppraisalForm(
            request.POST if request.method == "POST" else None, appraisal=record, suggested=basis.suggested
        )
    if request.method == "POST" and form is not None and form.is_valid():
        finalise = request.POST.get("action") == "final"
        try:
            saved = services.appraisal.appraisal_save(
                actor=actor, skp=skp, period=period, finalise=finalise, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if finalise:
                messages.success(
                    request,
                    _("Penilaian difinalkan. Predikat: %(predikat)s.")
                    % {"predikat": saved.get_predikat_display()},
                )
            else:
                messages.success(request, _("Draf penilaian disimpan."))
            return redirect(request.path)
    show_ratings = record is not None and access.can_see_appraisal_draft(actor, record)
    preview = ""
    if record is not None and record.rating_hasil and record.rating_perilaku:
        preview = str(Predikat(rules.predikat(record.rating_hasil, record.rating_perilaku)).label)
    zone, zone_name = agency_zone(skp)
    plan = getattr(record, "coaching_plan", None) if record is not None else None
    return render(
        request,
        "performance/appraisal.html",
        {
            "skp": skp,
            "employee": skp.employee,
            "period": period,
            "periods": selectors.years.periods_of(skp.year),
            "basis": basis,
            "appraisal": record,
            "form": form,
            "editable": editable,
            "show_ratings": show_ratings,
            "behaviour_ratings": list(record.behaviour_ratings.all()) if record is not None else [],
            "predikat_preview": preview,
            "reopenings": list(record.reopenings.select_related("by")) if record is not None else [],
            "can_reopen": is_final and record is not None and access.can_reopen_appraisal(actor, record),
            "coaching_plan": plan,
            "zone": zone,
            "zone_name": zone_name,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def appraisal_reopen(request: ActorRequest, pk: int) -> HttpResponse:
    """HR reopens a final appraisal, with a reason."""
    actor = request.actor
    record = access.get_appraisal(actor, pk)
    access.require(access.can_reopen_appraisal(actor, record))
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appraisal.appraisal_reopen(
                actor=actor, appraisal=record, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            field_errors, page_errors = split_errors(exc)
            form.add_error(
                "reason" if "reason" in field_errors else None, field_errors.get("reason", page_errors)
            )
        else:
            messages.success(request, _("Penilaian dibuka kembali; atasan dapat menilai ulang."))
            return redirect(record)
    return render(
        request,
        "performance/appraisal_reopen.html",
        {"appraisal": record, "employee": record.employee, "form": form},
    )


# --- Coaching plan ---------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def coaching(request: ActorRequest, pk: int) -> HttpResponse:
    """The head fills the coaching plan and marks it done; the employee and HR read it."""
    actor = request.actor
    plan = access.get_coaching_plan(actor, pk)
    can_fill = access.can_fill_coaching(actor, plan)
    if request.method == "POST":
        access.require(can_fill)
    editable = can_fill and plan.state != CoachingState.DONE
    form = CoachingForm(request.POST or None, initial=CoachingForm.initial_of(plan)) if editable else None
    if request.method == "POST":
        if request.POST.get("action") == "done":
            try:
                services.appraisal.coaching_done(actor=actor, plan=plan)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Rencana pembinaan ditandai selesai."))
            return redirect(request.path)
        if form is None:
            messages.error(request, _("Rencana pembinaan ini sudah selesai dan tidak dapat diubah."))
            return redirect(request.path)
        if form.is_valid():
            try:
                services.appraisal.coaching_save(actor=actor, plan=plan, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Rencana pembinaan disimpan."))
                return redirect(request.path)
    appraisal_record = plan.appraisal
    return render(
        request,
        "performance/coaching_form.html",
        {
            "plan": plan,
            "employee": plan.employee,
            "appraisal": appraisal_record,
            "form": form,
            "can_fill": can_fill,
            "appraisal_url": appraisal_record.get_absolute_url(),
            "training_outcomes": coaching_selectors.training_outcomes(plan),
        },
    )


# --- The printable evaluation document -------------------------------------------------------------
@login_required
@require_GET
def appraisal_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    appraisal = access.get_appraisal(request.actor, pk)
    # The employee reads their ratings once final (the same rule as the appraisal page).
    access.require(access.can_see_appraisal_draft(request.actor, appraisal))
    with translation.override(pdf.DOCUMENT_LANGUAGE):
        data = selectors.appraisal.appraisal_document(appraisal=appraisal)
    period = appraisal.period
    which = "tahunan" if period.is_annual else f"{period.start:%Y-%m}"
    filename = f"Evaluasi-Kinerja-{which}-{appraisal.employee.nip}.pdf"
    return pdf.response(pdf.appraisal_pdf(data), filename)


# --- Kinerja bawahan (the head's queue) --------------------------------------------------------------
def _page(request: HttpRequest, queryset: QuerySet[Any], param: str) -> Page:
    return Paginator(queryset, page_size(request, QUEUE_PAGE_SIZE)).get_page(request.GET.get(param))


def _others(request: HttpRequest, param: str) -> str:
    """The query string of the other lists' pages, so paging one list keeps the others in place."""
    params = request.GET.copy()
    params.pop(param, None)
    return params.urlencode()


@login_required
@require_GET
def queue(request: ActorRequest) -> HttpResponse:
    """What waits for the actor as an appraiser: SKPs to approve, periods to rate, dialog to answer,
    coaching plans to fill. A constant number of queries, whatever the number of subordinates."""
    actor = request.actor
    access.require(access.can_view_performance_queue(actor))
    today = timezone.localdate()
    submitted = _page(request, selectors.appraisal.queue_submitted(actor), "hal_skp")
    to_appraise = _page(request, selectors.appraisal.queue_to_appraise(actor, today), "hal_nilai")
    dialog_rows = _page(request, selectors.appraisal.queue_dialog(actor), "hal_dialog")
    coaching_rows = _page(request, selectors.appraisal.queue_coaching(actor), "hal_bina")
    period_ids = [s.due_period_id for s in to_appraise] + [s.last_period_id for s in dialog_rows]
    periods = selectors.appraisal.periods_by_id(period_ids) if period_ids else {}
    appraise_items = [(skp, periods.get(skp.due_period_id)) for skp in to_appraise]
    now = timezone.now()
    selectors.appraisal.mark_overdue_skps(submitted, now)
    selectors.appraisal.mark_overdue_appraisals(appraise_items, now)
    selectors.appraisal.mark_overdue_plans(coaching_rows, now)
    dialog_items = [(skp, periods.get(skp.last_period_id)) for skp in dialog_rows]
    sections: list[dict[str, Any]] = [
        {
            "key": "skp",
            "param": "hal_skp",
            "title": _("SKP menunggu persetujuan"),
            "page": submitted,
            "querystring": _others(request, "hal_skp"),
        },
        {
            "key": "nilai",
            "param": "hal_nilai",
            "title": _("Periode siap dinilai"),
            "page": to_appraise,
            "items": appraise_items,
            "querystring": _others(request, "hal_nilai"),
        },
        {
            "key": "dialog",
            "param": "hal_dialog",
            "title": _("Dialog menunggu tanggapan"),
            "page": dialog_rows,
            "items": dialog_items,
            "querystring": _others(request, "hal_dialog"),
        },
        {
            "key": "bina",
            "param": "hal_bina",
            "title": _("Rencana pembinaan belum selesai"),
            "page": coaching_rows,
            "querystring": _others(request, "hal_bina"),
        },
    ]
    return render(
        request,
        "performance/queue.html",
        {
            "sections": sections,
            "skp_section": sections[0],
            "appraise_section": sections[1],
            "dialog_section": sections[2],
            "coaching_section": sections[3],
            "total": sum(s["page"].paginator.count for s in sections),
        },
    )
