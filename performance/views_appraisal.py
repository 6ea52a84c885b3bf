"""Pages of execution and assessment: realisations per period, the dialog kinerja, the appraisal and
its reopening, the coaching plan, and the head's queue (Kinerja bawahan). Thin: objects come
through core.access, writes through the services, reads through selectors_appraisal."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.models import TimeZone

from . import access, rules
from . import selectors_appraisal as selectors
from .choices import AppraisalState, CoachingState, PeriodKind, SkpState
from .forms_appraisal import AppraisalForm, CoachingForm, FeedbackForm, RealisationForm, ReopenForm
from .models import Iki, Period, Skp
from .services import appraisal as appraisal_services
from .services import realisation as realisation_services

QUEUE_PAGE_SIZE = 20


def _period(skp: Skp, pk: int | str | None, *, periodic_only: bool = False) -> Period:
    """A period of the SKP's year, or 404."""
    periods = Period.objects.filter(year_id=skp.year_id)
    if periodic_only:
        periods = periods.filter(kind=PeriodKind.PERIODIC)
    try:
        return periods.get(pk=int(pk))  # type: ignore[arg-type]
    except (Period.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def _zone(skp: Skp) -> tuple[ZoneInfo, str]:
    """The SKP agency's zone and its short name (WIB/WITA/WIT), for times shown on its pages."""
    name = skp.year.instansi.time_zone
    return ZoneInfo(name), str(TimeZone(name).label).split(" ")[0]


def _errors_on(form: Form, errors: list[str], field: str) -> None:
    form.add_error(field if field in form.fields else None, errors)


def _split_errors(exc: ValidationError) -> tuple[dict[str, list[str]], list[str]]:
    """A service's errors keyed by field, and those that belong to the page as a whole."""
    if not hasattr(exc, "error_dict"):
        return {}, list(exc.messages)
    fields, page = {}, []
    for name, errors in exc.message_dict.items():
        if name == "__all__":
            page += errors
        else:
            fields[name] = errors
    return fields, page


# --- Realisation -----------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def realisation(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    """The employee reports every IKI of one period; others who see the SKP read it."""
    actor = request.actor
    skp = access.get_skp(actor, pk)
    period = _period(skp, period_pk, periodic_only=True)
    can_report = access.can_report_realisation(actor, skp)
    if request.method == "POST":
        access.require(can_report)
    blocked = realisation_services.final_appraisal_blocks(skp, period)
    basis = selectors.period_basis(skp, period)
    editable = can_report and not blocked
    page_errors: list[str] = []
    forms: list[RealisationForm] = []
    if can_report:
        data = request.POST if request.method == "POST" else None
        files = request.FILES if request.method == "POST" else None
        forms = [
            RealisationForm(data, files, iki=line.iki, realisation=line.realisation) for line in basis.lines
        ]
    if request.method == "POST":
        valid = [form.is_valid() for form in forms]
        if all(valid):
            try:
                realisation_services.realisation_save(
                    actor=actor, skp=skp, period=period, rows=[form.to_input() for form in forms]
                )
            except ValidationError as exc:
                field_errors, page_errors = _split_errors(exc)
                by_prefix = {form.prefix: form for form in forms}
                for key, errors in field_errors.items():
                    prefix, _sep, field = key.rpartition("-")
                    if prefix in by_prefix:
                        _errors_on(by_prefix[prefix], errors, field)
                    else:
                        page_errors += errors
            else:
                messages.success(request, _("Realisasi %(period)s disimpan.") % {"period": period.label})
                return redirect(request.path)
        if not page_errors:
            page_errors.append(_("Periksa kembali isian yang ditandai; belum ada yang disimpan."))
    zone, zone_name = _zone(skp)
    lines = list(zip(basis.lines, forms or [None] * len(basis.lines), strict=True))
    return render(
        request,
        "performance/realisation.html",
        {
            "skp": skp,
            "employee": skp.employee,
            "period": period,
            "periods": selectors.periodic_periods(skp),
            "basis": basis,
            "lines": lines,
            "can_report": can_report,
            "editable": editable,
            "blocked": blocked,
            "page_errors": page_errors,
            "zone": zone,
            "zone_name": zone_name,
        },
    )


@login_required
@require_GET
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence file of a realisation, for whoever may read the SKP."""
    realisation = access.get_realisation(request.actor, pk)
    document = realisation.evidence
    if document is None:
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=request.GET.get("unduh") == "1",
        filename=f"bukti-{realisation.pk}.{document.extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; plugin-types application/pdf"
    return response


# --- Dialog kinerja --------------------------------------------------------------------------------
def _default_period(skp: Skp, periods: list[Period]) -> Period:
    """The periodic period in progress (or the last one begun) in the agency's calendar."""
    zone, _name = _zone(skp)
    today = timezone.localtime(timezone.now(), zone).date()
    begun = [p for p in periods if p.kind == PeriodKind.PERIODIC and p.start <= today]
    return begun[-1] if begun else periods[0]


@login_required
@require_http_methods(["GET", "POST"])
def dialog(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    skp = access.get_skp(actor, pk)
    can_discuss = access.can_discuss_skp(actor, skp)
    if request.method == "POST":
        access.require(can_discuss)
    periods = list(Period.objects.filter(year_id=skp.year_id).order_by("end", "-kind"))
    chosen = request.GET.get("period")
    period = _period(skp, chosen) if chosen else _default_period(skp, periods)
    threads = selectors.dialog_threads(skp, period)
    topics = [(t.key, t.title) for t in threads]
    error_form: FeedbackForm | None = None
    if request.method == "POST":
        form = FeedbackForm(request.POST, topics=topics)
        if form.is_valid():
            topic = form.cleaned_data["topic"]
            iki = None
            behaviour = ""
            if topic.startswith("iki-"):
                iki = Iki.objects.get(pk=int(topic.removeprefix("iki-")))
            elif topic.startswith("perilaku-"):
                behaviour = topic.removeprefix("perilaku-")
            try:
                appraisal_services.feedback_post(
                    actor=actor,
                    skp=skp,
                    period=period,
                    text=form.cleaned_data["text"],
                    iki=iki,
                    behaviour=behaviour,
                )
            except ValidationError as exc:
                field_errors, page_errors = _split_errors(exc)
                form.add_error(
                    "text" if field_errors else None, [*field_errors.get("text", []), *page_errors]
                )
            else:
                messages.success(request, _("Pesan terkirim."))
                return redirect(appraisal_services.dialog_url(skp, period, topic))
        error_form = form
    zone, zone_name = _zone(skp)
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
def appraisal(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    """The atasan langsung rates a period; everyone else who sees the SKP reads it (the employee
    sees the ratings once final)."""
    actor = request.actor
    skp = access.get_skp(actor, pk)
    period = _period(skp, period_pk)
    can_rate = access.can_appraise(actor, skp)
    if request.method == "POST":
        access.require(can_rate)
    record = selectors.appraisal_of(skp, period)
    basis = selectors.period_basis(skp, period)
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
            saved = appraisal_services.appraisal_save(
                actor=actor, skp=skp, period=period, finalise=finalise, **form.service_kwargs()
            )
        except ValidationError as exc:
            field_errors, page_errors = _split_errors(exc)
            for name, errors in field_errors.items():
                _errors_on(form, errors, name)
            if page_errors:
                form.add_error(None, page_errors)
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
        preview = rules.Predikat(rules.predikat(record.rating_hasil, record.rating_perilaku)).label
    zone, zone_name = _zone(skp)
    plan = getattr(record, "coaching_plan", None) if record is not None else None
    return render(
        request,
        "performance/appraisal.html",
        {
            "skp": skp,
            "employee": skp.employee,
            "period": period,
            "periods": list(Period.objects.filter(year_id=skp.year_id).order_by("end", "-kind")),
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
def appraisal_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """HR reopens a final appraisal, with a reason."""
    actor = request.actor
    record = access.get_appraisal(actor, pk)
    access.require(access.can_reopen_appraisal(actor, record))
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appraisal_services.appraisal_reopen(
                actor=actor, appraisal=record, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            field_errors, page_errors = _split_errors(exc)
            form.add_error(
                "reason" if "reason" in field_errors else None, field_errors.get("reason", page_errors)
            )
        else:
            messages.success(request, _("Penilaian dibuka kembali; atasan dapat menilai ulang."))
            return redirect(appraisal_services.appraisal_url(record.skp, record.period))
    return render(
        request,
        "performance/appraisal_reopen.html",
        {"appraisal": record, "employee": record.employee, "form": form},
    )


# --- Coaching plan ---------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def coaching(request: HttpRequest, pk: int) -> HttpResponse:
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
                appraisal_services.coaching_done(actor=actor, plan=plan)
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
                appraisal_services.coaching_save(actor=actor, plan=plan, **form.cleaned_data)
            except ValidationError as exc:
                field_errors, page_errors = _split_errors(exc)
                for name, errors in field_errors.items():
                    _errors_on(form, errors, name)
                if page_errors:
                    form.add_error(None, page_errors)
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
            "appraisal_url": appraisal_services.appraisal_url(appraisal_record.skp, appraisal_record.period),
        },
    )


# --- Kinerja bawahan (the head's queue) --------------------------------------------------------------
def _page(request: HttpRequest, queryset: QuerySet[Any], param: str) -> Page:
    return Paginator(queryset, QUEUE_PAGE_SIZE).get_page(request.GET.get(param))


def _others(request: HttpRequest, param: str) -> str:
    """The query string of the other lists' pages, so paging one list keeps the others in place."""
    params = request.GET.copy()
    params.pop(param, None)
    return params.urlencode()


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """What waits for the actor as an appraiser: SKPs to approve, periods to rate, dialog to answer,
    coaching plans to fill. A constant number of queries, whatever the number of subordinates."""
    actor = request.actor
    access.require(access.can_view_performance_queue(actor))
    today = timezone.localdate()
    submitted = _page(request, selectors.queue_submitted(actor), "hal_skp")
    to_appraise = _page(request, selectors.queue_to_appraise(actor, today), "hal_nilai")
    dialog_rows = _page(request, selectors.queue_dialog(actor), "hal_dialog")
    coaching_rows = _page(request, selectors.queue_coaching(actor), "hal_bina")
    period_ids = [s.due_period_id for s in to_appraise] + [s.last_period_id for s in dialog_rows]
    periods = selectors.periods_by_id(period_ids) if period_ids else {}
    appraise_items = [(skp, periods.get(skp.due_period_id)) for skp in to_appraise]
    dialog_items = [(skp, periods.get(skp.last_period_id)) for skp in dialog_rows]
    sections = [
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
