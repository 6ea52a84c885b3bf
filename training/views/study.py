"""Pages of study assignments (tugas belajar, izin belajar): the employee's own with the request form
and its eligibility, the queue (atasan and HR), HR's list and its Excel export, an assignment's page
with its decisions, reports and completion, and its files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.excel import Sheet, report_heading, workbook_bytes, xlsx_response
from core.http import ActorRequest, add_service_errors, message_service_errors
from core.paging import paginate, querystring_without_page
from employees.models import Employee

from .. import access
from ..choices import StudyKind, StudyLevel, StudyState
from ..forms.study import (
    CompletionForm,
    DecisionForm,
    EligibilityForm,
    RecommendForm,
    ReportForm,
    StudyFilterForm,
    StudyRequestForm,
)
from ..models import StudyAssignment
from ..selectors import study as selectors
from ..services import study as services
from .catalogue import GET_POST

EXPORT_MAX_ROWS = 20_000


def _checks(employee_id: int, kind: str, level: str) -> list[Any]:
    employee = Employee.objects.get(pk=employee_id)
    return services.eligibility_of(employee, kind=kind, level=level, today=timezone.localdate())


@login_required
@require_safe
def study_mine(request: ActorRequest) -> HttpResponse:
    """The employee's requests and assignments, with the service obligation of finished ones."""
    actor = request.actor
    access.require(access.can_request_study(actor))
    return render(
        request, "training/study_mine.html", {"page": paginate(request, selectors.my_studies(actor))}
    )


@login_required
@require_http_methods(GET_POST)
def study_request(request: ActorRequest) -> HttpResponse:
    """The request form with the eligibility checks for the chosen kind and level."""
    actor = request.actor
    access.require(access.can_request_study(actor))
    assert actor.employee_id is not None
    form = StudyRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            study = services.study_request(actor=actor, data=data, letter=data["acceptance_letter"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Pengajuan terkirim: %(state)s.") % {"state": study.get_state_display()}
            )
            return redirect(study)
    source = EligibilityForm(request.POST if request.method == "POST" else request.GET)
    source.is_valid()
    kind = source.cleaned_data.get("kind") or StudyKind.TUGAS_BELAJAR
    level = source.cleaned_data.get("level") or StudyLevel.S2
    checks = _checks(actor.employee_id, str(kind), str(level))
    return render(
        request,
        "training/study_form.html",
        {
            "form": form,
            "checks": checks,
            "eligible": all(c.ok for c in checks),
            "kind_label": StudyKind(kind).label,
            "level_label": StudyLevel(level).label,
            "kinds": StudyKind.choices,
            "levels": StudyLevel.choices,
            "kind": kind,
            "level": level,
        },
    )


@login_required
@require_safe
def study_queue(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.training_in_menu(actor))
    return render(request, "training/study_queue.html", {"page": paginate(request, selectors.queue(actor))})


def _list_context(request: ActorRequest) -> dict[str, Any]:
    actor = request.actor
    access.require(access.can_view_study_list(actor))
    units = list(access.study_units(actor).order_by("path").values_list("pk", "name", "path"))
    form = StudyFilterForm(request.GET)
    filters = form.filters({pk: path for pk, _name, path in units})
    today = timezone.localdate()
    return {
        "filters": filters,
        "rows": selectors.study_list(actor=actor, filters=filters, today=today),
        "units": [(pk, name) for pk, name, _path in units],
        "today": today,
    }


@login_required
@require_safe
def study_list(request: ActorRequest) -> HttpResponse:
    """HR's list (heads: their subtree) with search, filters, sorting and pagination."""
    context = _list_context(request)
    filters = context["filters"]
    return render(
        request,
        "training/study_list.html",
        {
            "page": paginate(request, context.pop("rows")),
            "sorting": selectors.STUDY_SORT.parse(filters.sort),
            "q": filters.search,
            "state": filters.state,
            "kind": filters.kind,
            "unit": filters.unit_id,
            "year": filters.year,
            "overdue": filters.overdue,
            "states": StudyState.choices,
            "kinds": StudyKind.choices,
            "querystring": querystring_without_page(request),
            **context,
        },
    )


def _day(value: Any) -> str:
    return date_format(value, "j F Y") if value else ""


def _export_lines(rows: Iterable[StudyAssignment], today: Any) -> Iterator[list[Any]]:
    for number, row in enumerate(rows, start=1):
        overdue = row.state == StudyState.ONGOING and row.next_report_due and row.next_report_due < today
        yield [
            number,
            row.employee.name,
            row.employee.nip,
            row.employee.unit.name,
            row.get_kind_display(),
            row.get_level_display(),
            row.study_programme,
            row.institution,
            row.get_country_display(),
            row.get_funding_display(),
            _day(row.start_date),
            _day(row.end_date),
            row.get_state_display(),
            row.decree_number,
            row.report_count,  # type: ignore[attr-defined]
            _("Ya") if overdue else "",
            _day(row.graduation_date),
            _day(row.obligation_end),
        ]


@login_required
@require_safe
def study_export(request: ActorRequest) -> HttpResponse:
    """HR's list as filtered, as an Excel workbook (through core.excel)."""
    context = _list_context(request)
    today = context["today"]
    heading = report_heading(
        instansi_name=", ".join(access.study_agencies(request.actor).values_list("name", flat=True)),
        title=_("Daftar tugas belajar dan izin belajar"),
        scope="",
        on=today,
    )
    sheet = Sheet(
        _("Tugas belajar"),
        [
            _("No."),
            _("Nama"),
            _("NIP"),
            _("Unit kerja"),
            _("Jenis"),
            _("Jenjang"),
            _("Program studi"),
            _("Perguruan tinggi"),
            _("Dalam/luar negeri"),
            _("Sumber biaya"),
            _("Rencana mulai"),
            _("Rencana selesai"),
            _("Status"),
            _("Nomor keputusan"),
            _("Laporan semester"),
            _("Laporan terlambat"),
            _("Tanggal lulus"),
            _("Ikatan dinas sampai"),
        ],
        _export_lines(context["rows"][:EXPORT_MAX_ROWS], today),
        widths=(6, 32, 20, 30, 14, 10, 30, 30, 14, 18, 16, 16, 26, 24, 10, 10, 16, 18),
    )
    content = workbook_bytes(heading=heading, sheets=[sheet])
    return xlsx_response(f"tugas-belajar-{today:%Y%m%d}.xlsx", content)


@login_required
@require_safe
def study_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    study = access.get_study(actor, pk)
    return render(request, "training/study_detail.html", _detail_context(actor, study))


def _detail_context(actor: access.Actor, study: StudyAssignment, **forms: Any) -> dict[str, Any]:
    today = timezone.localdate()
    deciding = access.can_recommend_study(actor, study) or access.can_decide_study(actor, study)
    checks = (
        services.eligibility_of(
            study.employee, kind=study.kind, level=study.level, today=today, excluding=study.pk
        )
        if deciding
        else []
    )
    return {
        "study": study,
        "checks": checks,
        "eligible": all(c.ok for c in checks),
        "reports": list(selectors.reports_of(study)),
        "overdue": study.state == StudyState.ONGOING
        and study.next_report_due is not None
        and study.next_report_due < today,
        "can_recommend": access.can_recommend_study(actor, study),
        "can_decide": access.can_decide_study(actor, study),
        "can_report": access.can_report_study(actor, study),
        "can_complete": access.can_complete_study(actor, study),
        "can_withdraw": access.can_withdraw_study(actor, study),
        "can_files": access.can_view_study_files(actor, study),
        "recommend_form": forms.get("recommend_form") or RecommendForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "report_form": forms.get("report_form") or ReportForm(),
        "completion_form": forms.get("completion_form") or CompletionForm(),
    }


def _post(
    request: ActorRequest,
    pk: int,
    allowed: Callable[[access.Actor, StudyAssignment], bool],
    form_class: type,
    form_name: str,
    act: Callable[[access.Actor, StudyAssignment, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """A decision on an assignment: form → service → redirect; errors shown on the page again."""
    actor = request.actor
    study = access.get_study(actor, pk)
    access.require(allowed(actor, study))
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            act(actor, study, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(study)
    return render(
        request, "training/study_detail.html", _detail_context(actor, study, **{form_name: form}), status=200
    )


@login_required
@require_POST
def study_recommend(request: ActorRequest, pk: int) -> HttpResponse:
    return _post(
        request, pk, access.can_recommend_study, RecommendForm, "recommend_form",
        lambda actor, study, data: services.study_recommend(
            actor=actor, study=study, recommended=data["recommended"] == "ya", reason=data["reason"]
        ),
        _("Rekomendasi tersimpan."),
    )  # fmt: skip


@login_required
@require_POST
def study_decide(request: ActorRequest, pk: int) -> HttpResponse:
    return _post(
        request, pk, access.can_decide_study, DecisionForm, "decision_form",
        lambda actor, study, data: services.study_decide(
            actor=actor, study=study, approve=data["approve"] == "ya", reason=data["reason"],
            decree_number=data["decree_number"], decree_date=data["decree_date"],
        ),
        _("Keputusan tersimpan."),
    )  # fmt: skip


@login_required
@require_POST
def study_report(request: ActorRequest, pk: int) -> HttpResponse:
    return _post(
        request, pk, access.can_report_study, ReportForm, "report_form",
        lambda actor, study, data: services.study_report_submit(
            actor=actor, study=study, semester=data["semester"], gpa=data["gpa"], credits=data["credits"],
            transcript=data["transcript"], note=data["note"],
        ),
        _("Laporan kemajuan studi terkirim."),
    )  # fmt: skip


@login_required
@require_POST
def study_complete(request: ActorRequest, pk: int) -> HttpResponse:
    return _post(
        request, pk, access.can_complete_study, CompletionForm, "completion_form",
        lambda actor, study, data: services.study_complete(
            actor=actor, study=study, graduation_date=data["graduation_date"], diploma=data["diploma"]
        ),
        _("Kelulusan tercatat; tugas belajar selesai."),
    )  # fmt: skip


@login_required
@require_POST
def study_withdraw(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    study = access.get_study(actor, pk)
    access.require(access.can_withdraw_study(actor, study))
    try:
        services.study_withdraw(actor=actor, study=study)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(request, _("Pengajuan ditarik."))
    return redirect(study)


@login_required
@require_safe
def study_file(request: ActorRequest, which: str, pk: int) -> FileResponse:
    """The acceptance letter or diploma of an assignment, or a report's transcript: the employee, the
    atasan named on it and HR."""
    actor = request.actor
    if which == "transkrip":
        report = access.get_study_report(actor, pk)
        study, file, name = report.assignment, report.transcript, report.transcript_name
    elif which in ("surat", "ijazah"):
        study = access.get_study(actor, pk)
        file, name = (
            (study.acceptance_letter, study.acceptance_letter_name)
            if which == "surat"
            else (study.diploma, study.diploma_name)
        )
    else:
        raise Http404
    access.require_in_agency(actor, access.can_view_study_files(actor, study), study.instansi_id)
    if not file:
        raise Http404
    return FileResponse(file.open("rb"), as_attachment=True, filename=name or "berkas")
