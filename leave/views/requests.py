"""The request pages: Cuti saya, the request form with its preview, one request with the
recommendation, decision and cancellation, the approver's queue, HR's list of an agency's requests
and its Excel export."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.excel import Sheet, date_number_format, report_heading, workbook_bytes, xlsx_response
from core.http import ActorRequest, add_service_errors, message_service_errors, query_int
from core.models import Instansi
from core.paging import paginate, querystring_without_page

from .. import access, documents, selectors, team
from ..choices import Decision, RequestState
from ..forms import AmendForm, CancelForm, DecisionForm, LeaveRequestForm, PreviewForm, RequestFilterForm
from ..models import LeaveRequest
from ..services import requests as services

PAGE_SIZE = 50


def _own_employee(request: ActorRequest):
    actor = request.actor
    access.require(access.can_request_leave(actor))
    from employees.models import Employee

    return Employee.objects.select_related("unit__instansi", "current_rank", "current_position").get(
        pk=actor.employee_id or 0
    )


@login_required
@require_GET
def my_leave(request: ActorRequest) -> HttpResponse:
    """Cuti saya: the N-2/N-1/N balances with the ledger, and the employee's requests."""
    employee = _own_employee(request)
    year = access.today().year
    balance = selectors.balances(employee.pk)
    return render(
        request,
        "leave/my_leave.html",
        {
            "employee": employee,
            "year": year,
            "buckets": selectors.three_buckets(balance, year),
            "total": sum(d for b, d in balance.items() if year - 2 <= b <= year),
            "entries": selectors.ledger(employee.pk)[:100],
            "page": paginate(request, selectors.own_requests(request.actor), PAGE_SIZE),
            "querystring": querystring_without_page(request),
        },
    )


def _types(employee):
    return selectors.types_for(employee, access.today())


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: ActorRequest) -> HttpResponse:
    """The request form. "Periksa" shows the length and the balance left; "Kirim" sends."""
    employee = _own_employee(request)
    types = _types(employee)
    summary = None
    if request.method == "POST":
        form = LeaveRequestForm(request.POST, request.FILES, types=types)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if request.POST.get("action") == "send":
                    leave = services.request_submit(
                        actor=request.actor,
                        leave_type=data["leave_type"],
                        start=data["start"],
                        end=data["end"],
                        reason=data["reason"],
                        address=data["address"],
                        phone=data["phone"],
                        attachment=data.get("attachment"),
                    )
                    messages.success(request, _("Permintaan cuti terkirim."))
                    return redirect("leave:detail", pk=leave.pk)
                summary = services.preview(
                    employee=employee, leave_type=data["leave_type"], start=data["start"], end=data["end"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
        if request.FILES.get("attachment"):
            # A browser cannot show a chosen file again: say so, or it is lost without a word (trial).
            form.add_error(
                "attachment", _("Lampiran belum tersimpan: pilih berkasnya lagi sebelum mengirim.")
            )
    else:
        form = LeaveRequestForm(initial={"phone": employee.phone}, types=types)
    return render(
        request,
        "leave/request_form.html",
        {"form": form, "summary": summary, "employee": employee, "types": types},
        status=200,
    )


@login_required
@require_GET
def request_preview(request: ActorRequest) -> HttpResponse:
    """The HTMX fragment under the form: the length and the balance left, or what is wrong."""
    employee = _own_employee(request)
    form = PreviewForm(request.GET, types=_types(employee))
    summary, problems = None, []
    if form.is_valid() and all(form.cleaned_data.get(n) for n in ("leave_type", "start", "end")):
        data = form.cleaned_data
        try:
            summary = services.preview(
                employee=employee, leave_type=data["leave_type"], start=data["start"], end=data["end"]
            )
        except ValidationError as exc:
            problems = exc.messages
    return render(request, "leave/_preview.html", {"summary": summary, "problems": problems})


def _detail(
    request: ActorRequest, leave: LeaveRequest, forms: dict | None = None, status: int = 200
) -> HttpResponse:
    actor = request.actor
    acting_for = access.stands_for(actor)
    # Section V as the form prints it (the ledger when the request was sent), none once cancelled.
    shown = leave.leave_type.uses_balance and leave.state != RequestState.DIBATALKAN
    can_recommend = access.can_recommend(actor, leave, acting_for)
    can_decide = access.can_decide(actor, leave, acting_for)
    # The earlier rounds' recommendations and decisions with their reasons (an amended or postponed
    # request): shown with the current ones once there is an earlier one.
    history = selectors.decision_history(leave)
    context = {
        "decision_history": history if any(not step.current for step in history) else [],
        "leave": leave,
        "can_recommend": can_recommend,
        "can_decide": can_decide,
        # Who else of the unit is away on these dates, for whoever recommends or decides now.
        "clash": team.request_clash(leave) if can_recommend or can_decide else None,
        "decides_as_plt": access.decides_as_plt(actor, leave, acting_for),
        "can_cancel_own": access.can_cancel_own(actor, leave),
        "can_cancel_hr": access.can_cancel_as_hr(actor, leave),
        "can_amend": access.can_amend(actor, leave),
        "amend_form": AmendForm(initial={"start": leave.start, "end": leave.end}),
        "can_download_documents": access.can_download_documents(actor, leave, acting_for),
        "has_letter": access.has_letter(leave),
        "letter": documents.letter_of(leave) if access.has_letter(leave) else None,
        "recommend_form": DecisionForm(prefix="rec"),
        "decide_form": DecisionForm(prefix="dec"),
        # HR's cancellation asks for the reason first, then the confirmation (found by the review).
        "cancel_form": CancelForm(
            require_reason=access.can_cancel_as_hr(actor, leave) and not access.can_cancel_own(actor, leave)
        ),
        "section_v": documents.buckets_at_sending(leave) if shown else [],
        "entries": leave.entries.order_by("created_at", "pk"),
    }
    context.update(forms or {})
    return render(request, "leave/request_detail.html", context, status=status)


@login_required
@require_GET
def request_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_request(request.actor, pk))


@login_required
@require_GET
def request_attachment(request: ActorRequest, pk: int) -> FileResponse:
    leave = access.get_request(request.actor, pk)
    if not access.can_view_attachment(request.actor, leave):
        raise Http404
    return FileResponse(
        leave.attachment.open("rb"), as_attachment=True, filename=leave.attachment_name or "lampiran"
    )


def _moved_on(leave: LeaveRequest) -> str:
    """Where a request stands, for one who acts on it again (a second click, an old tab)."""
    if leave.state == RequestState.DIBATALKAN:
        return _("Permintaan ini sudah dibatalkan.")
    if leave.decision:
        return _("Permintaan ini sudah diputuskan: %(decision)s.") % {
            "decision": Decision(leave.decision).label
        }
    if leave.recommendation:
        return _("Permintaan ini sudah diberi pertimbangan (%(option)s) dan menunggu keputusan pejabat.") % {
            "option": Decision(leave.recommendation).label
        }
    return _("Permintaan ini masih menunggu pertimbangan atasan.")


def _decision_post(request: ActorRequest, pk: int, prefix: str, action, allowed, had_right) -> HttpResponse:
    leave = access.get_request(request.actor, pk)
    form = DecisionForm(request.POST, prefix=prefix)
    if not allowed(request.actor, leave):
        # Acted already (or another did): say where the request stands; a bare 403 only for those
        # who never had the right (found by the trial).
        access.require(had_right(request.actor, leave))
        messages.warning(request, _moved_on(leave))
        return redirect("leave:detail", pk=leave.pk)
    if form.is_valid():
        try:
            action(
                actor=request.actor,
                request=leave,
                option=form.cleaned_data["option"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            leave.refresh_from_db()
            if not allowed(request.actor, leave):  # decided meanwhile: no form shows the error
                message_service_errors(request, exc)
        else:
            messages.success(request, _("Tersimpan."))
            return redirect("leave:detail", pk=leave.pk)
    leave.refresh_from_db()
    name = "recommend_form" if prefix == "rec" else "decide_form"
    return _detail(request, leave, {name: form})


@login_required
@require_POST
def request_recommend(request: ActorRequest, pk: int) -> HttpResponse:
    return _decision_post(
        request, pk, "rec", services.request_recommend, access.can_recommend, access.had_recommend_right
    )


@login_required
@require_POST
def request_decide(request: ActorRequest, pk: int) -> HttpResponse:
    return _decision_post(
        request, pk, "dec", services.request_decide, access.can_decide, access.had_decide_right
    )


@login_required
@require_POST
def request_amend(request: ActorRequest, pk: int) -> HttpResponse:
    """The employee's new dates after a Perubahan decision; the request goes through both steps again."""
    leave = access.get_request(request.actor, pk)
    if not access.can_amend(request.actor, leave):
        access.require(access.is_own_request(request.actor, leave))
        # The page shows no date form then: its errors would be invisible, so say why and go back.
        messages.warning(
            request, _("Hanya permintaan dengan keputusan Perubahan yang dapat diubah tanggalnya.")
        )
        return redirect("leave:detail", pk=leave.pk)
    form = AmendForm(request.POST)
    if form.is_valid():
        try:
            services.request_amend(
                actor=request.actor,
                request=leave,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            leave.refresh_from_db()
            if not access.can_amend(request.actor, leave):
                message_service_errors(request, exc)
                return redirect("leave:detail", pk=leave.pk)
        else:
            messages.success(request, _("Tanggal baru terkirim; permintaan menunggu pertimbangan lagi."))
            return redirect("leave:detail", pk=leave.pk)
    return _detail(request, leave, {"amend_form": form})


@login_required
@require_POST
def request_cancel(request: ActorRequest, pk: int) -> HttpResponse:
    leave = access.get_request(request.actor, pk)
    actor = request.actor
    if not (access.can_cancel_own(actor, leave) or access.can_cancel_as_hr(actor, leave)):
        access.require(access.had_cancel_right(actor, leave))
        if not access.is_own_request(actor, leave):  # the employee's own get the service's reason
            messages.warning(request, _moved_on(leave))
            return redirect("leave:detail", pk=leave.pk)
    own = access.can_cancel_own(actor, leave)
    form = CancelForm(request.POST, require_reason=not own and access.can_cancel_as_hr(actor, leave))
    if not form.is_valid():  # HR without a reason: the page again, the error under the field
        return _detail(request, leave, {"cancel_form": form})
    try:
        services.request_cancel(actor=actor, request=leave, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        leave.refresh_from_db()
        if "reason" in getattr(exc, "error_dict", {}) and access.can_cancel_as_hr(actor, leave):
            add_service_errors(form, exc)
            return _detail(request, leave, {"cancel_form": form})
        message_service_errors(request, exc)
    else:
        messages.success(request, _("Permintaan cuti dibatalkan; hari cutinya dikembalikan ke saldo."))
    return redirect("leave:detail", pk=leave.pk)


@login_required
@require_GET
def queue(request: ActorRequest) -> HttpResponse:
    """The requests waiting for the actor's recommendation or decision."""
    access.require(access.has_queue(request.actor))
    page = paginate(request, selectors.queue(request.actor), PAGE_SIZE)
    # Clashes: how many others of the same unit are away on each request's dates (one query).
    page.object_list = rows = list(page.object_list)
    counts = team.clash_counts(rows)
    for row in rows:
        row.clash_count = counts[row.pk]
    return render(
        request,
        "leave/queue.html",
        {
            "page": page,
            "querystring": querystring_without_page(request),
            "clash_threshold": team.threshold(),
            "can_view_team_calendar": access.can_view_team_calendar(request.actor),
        },
    )


# --- HR: all requests of an agency ------------------------------------------------------------------------------
def chosen_agency(request: ActorRequest) -> tuple[Instansi, list[Instansi]]:
    """The agency of an HR page (?instansi=, else the first the actor keeps)."""
    actor = request.actor
    access.require(access.can_manage_leave_any(actor))
    agencies = list(access.leave_agencies(actor).order_by("name"))
    access.require(bool(agencies))
    chosen = query_int(request, "instansi")
    return next((a for a in agencies if a.pk == chosen), agencies[0]), agencies


def _agency_requests(request: ActorRequest):
    instansi, agencies = chosen_agency(request)
    form = RequestFilterForm(
        request.GET, unit_qs=access.leave_units(request.actor, instansi.pk).order_by("path")
    )
    filters = selectors.RequestFilters(
        q=form.value("q") or "",
        unit=form.value("unit"),
        kind=form.value("kind") or "",
        state=form.value("state") or "",
        date_from=form.value("date_from"),
        date_to=form.value("date_to"),
    )
    sorting = selectors.REQUEST_SORT.from_request(request)
    rows = sorting.apply(
        selectors.agency_requests(actor=request.actor, instansi_id=instansi.pk, filters=filters)
    )
    return instansi, agencies, form, sorting, rows


@login_required
@require_GET
def hr_requests(request: ActorRequest) -> HttpResponse:
    instansi, agencies, form, sorting, rows = _agency_requests(request)
    if bad := form.invalid_labels():
        messages.warning(
            request, _("Filter yang tidak valid diabaikan: %(fields)s.") % {"fields": ", ".join(bad)}
        )
    return render(
        request,
        "leave/hr_requests.html",
        {
            "instansi": instansi,
            "agencies": agencies,
            "form": form,
            "sorting": sorting,
            "page": paginate(request, rows, PAGE_SIZE),
            "querystring": querystring_without_page(request),
        },
    )


EXPORT_MAX_ROWS = 20_000


@login_required
@require_GET
def hr_requests_export(request: ActorRequest) -> HttpResponse:
    """The filtered list as .xlsx (at most EXPORT_MAX_ROWS rows: narrow the filter beyond that)."""
    instansi, _agencies, form, _sorting, rows = _agency_requests(request)
    back = f"{request.path.rsplit('unduh/', 1)[0]}?{request.GET.urlencode()}"
    if bad := form.invalid_labels():
        # Never the whole agency instead of what was asked for.
        messages.error(
            request,
            _("Filter tidak valid: %(fields)s. Perbaiki filternya lalu unduh lagi; tidak ada yang diunduh.")
            % {"fields": ", ".join(bad)},
        )
        return redirect(back)
    total = rows.count()
    if total > EXPORT_MAX_ROWS:
        messages.error(request, _("Terlalu banyak baris untuk diunduh; persempit filternya."))
        return redirect(back)
    zone = ZoneInfo(instansi.time_zone)  # dates and times as the agency reads them, not UTC
    sheet = Sheet(
        title=_("Permintaan cuti"),
        headers=[
            _("Nama"),
            _("NIP"),
            _("Unit kerja"),
            _("Jenis cuti"),
            _("Mulai tanggal"),
            _("Sampai dengan"),
            _("Lamanya"),
            _("Satuan"),
            _("Status"),
            _("Diajukan"),
        ],
        rows=(
            [
                r.employee.full_name,
                r.employee.nip,
                r.employee.unit.name,
                r.leave_type.display_name,
                r.start,
                r.end,
                r.length,
                r.get_length_unit_display(),
                r.get_state_display(),
                timezone.localtime(r.submitted_at, zone).replace(tzinfo=None),
            ]
            for r in rows.iterator(chunk_size=2000)
        ),
        widths=[30, 20, 30, 28, 18, 18, 10, 14, 28, 22],
        # Real dates shown as "5 Agustus 2026", as people read them (found by the trial: yyyy-mm-dd).
        number_formats={4: date_number_format(), 5: date_number_format(), 9: date_number_format(True)},
    )
    with timezone.override(zone):
        heading = report_heading(
            instansi_name=instansi.name, title=_("Permintaan cuti"), scope="", on=timezone.localdate()
        )
    content = workbook_bytes(
        heading=heading,
        sheets=[sheet],
    )
    return xlsx_response(f"permintaan-cuti-{instansi.code}.xlsx", content)
