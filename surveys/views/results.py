"""The results pages for HR and heads (issue 12 item 7): the service units with their latest IKM, a
period's IKM (NRR per unsur with its chart and the improvement priorities, per service, respondents
against the minimum sample, the trend over periods, the respondent profile, the suggestions), the
pooled IKM of a Unit Kerja subtree or an instansi, the recomputation with its progress, and the
downloads (raw responses, the official report in Excel and PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import FileResponse, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import excel as core_excel
from core import exports as core_exports
from core.choices import RunState
from core.http import ActorRequest, query_int
from core.paging import paginate, querystring_without_page
from core.sorting import SortSpec, nulls_last

from .. import access, charts, excel, pdf
from .. import exports as survey_exports
from ..models import SurveyPeriod
from ..selectors import results as selectors
from ..services import ikm

SEARCH_MAX_LENGTH = 100
SUGGESTIONS_PER_PAGE = 20

RESULT_SORT = SortSpec(
    {
        "nama": ("name",),
        "unit": ("unit__path", "name"),
        "nilai": (nulls_last("latest_konversi"), "name"),
        "responden": (nulls_last("latest_respondents"), "name"),
    },
    default="nama",
)


# --- The service units with their latest IKM --------------------------------------------------------------
@login_required
@require_GET
def results(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_view_results(actor))
    choices = list(access.agencies_for_surveys(actor).order_by("name"))
    wanted = query_int(request, "instansi")
    instansi = next((i for i in choices if i.pk == wanted), None)
    search = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    sorting = RESULT_SORT.from_request(request)
    units = selectors.result_units(
        actor=actor, instansi_id=instansi.pk if instansi else None, search=search, order=("pk",)
    )
    page = paginate(request, sorting.apply(units))
    pooled_instansi = list(
        access.results_instansi(actor).filter(pk__in=[i.pk for i in choices]).order_by("name")
    )
    head_units = access.headed_result_units(actor)
    return render(
        request,
        "surveys/results.html",
        {
            "page": page,
            "sorting": sorting,
            "search": search,
            "instansi": instansi,
            "instansi_choices": choices,
            "pooled_instansi": pooled_instansi,
            "head_units": head_units,
            "querystring": querystring_without_page(request),
        },
    )


# --- One period ------------------------------------------------------------------------------------------
def _period(request: ActorRequest, pk: int) -> SurveyPeriod:
    access.require(access.can_view_results(request.actor))
    return access.get_period(request.actor, pk)


@login_required
@require_GET
def result_period(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    period = _period(request, pk)
    report = selectors.period_report(period)
    trend = selectors.trend(period.service_unit)
    trend_urls = {r.period_id: reverse("surveys:result_period", args=[r.period_id]) for r in trend}
    profile = selectors.profile(period)
    page = paginate(request, selectors.suggestions(period), per_page=SUGGESTIONS_PER_PAGE)
    run = selectors.last_run(period)
    return render(
        request,
        "surveys/result_period.html",
        {
            "period": period,
            "report": report,
            "unsur_bars": charts.unsur_bars(report.unsur),
            "trend_bars": charts.trend_bars(trend, trend_urls),
            "periods": selectors.periods_of(period.service_unit),
            "profile": profile,
            "profile_bars": [
                (_("Usia"), "usia", charts.count_bars(profile.age, profile.total)),
                (_("Jenis kelamin"), "jenis-kelamin", charts.count_bars(profile.sex, profile.total)),
                (_("Pendidikan"), "pendidikan", charts.count_bars(profile.education, profile.total)),
                (_("Pekerjaan"), "pekerjaan", charts.count_bars(profile.occupation, profile.total)),
            ],
            "page": page,
            "querystring": querystring_without_page(request),
            "run": run,
            "running": RunState.RUNNING,
            "failed": RunState.FAILED,
            "can_recompute": access.can_recompute_ikm(actor, period),
        },
    )


@login_required
@require_POST
def result_recompute(request: ActorRequest, pk: int) -> HttpResponse:
    """Start (or resume) the computation of the period's IKM; never a second run beside an active one."""
    period = _period(request, pk)
    run, started = ikm.recompute_request(actor=request.actor, period=period)
    # Without a broker the task ran already (eagerly, on commit): say what happened, not "started".
    run.refresh_from_db()
    if started and run.stalled:
        messages.warning(
            request,
            _(
                "Penghitungan IKM tercatat, tetapi antrean tugas (Redis) tidak dapat dihubungi. Penghitungan "
                "dimulai otomatis setelah antrean pulih; Anda juga dapat menekan Hitung ulang nanti."
            ),
        )
    elif started and run.state == RunState.DONE:
        messages.success(
            request,
            _("IKM dihitung ulang dari %(count)s responden.") % {"count": intcomma(run.processed)},
        )
    elif started and run.state == RunState.FAILED:
        messages.error(request, _("Penghitungan IKM gagal. Lihat keterangannya di bawah."))
    elif started:
        messages.success(request, _("Penghitungan IKM dimulai. Kemajuannya tampil di halaman ini."))
    else:
        messages.warning(
            request,
            _(
                "Penghitungan IKM periode ini sedang berjalan. Tunggu sampai selesai sebelum menghitung ulang."
            ),
        )
    return redirect("surveys:result_period", pk=period.pk)


@login_required
@require_GET
def result_progress(request: ActorRequest, pk: int) -> JsonResponse:
    """The state of a computation, polled by static/js/scoring.js."""
    access.require(access.can_view_results(request.actor))
    run = access.get_ikm_run(request.actor, pk)
    return JsonResponse(
        {
            "state": run.state,
            "state_label": str(run.get_state_display()),
            "processed": run.processed,
            "total": run.total,
            "percent": run.percent,
            "stalled": run.stalled,
        }
    )


# --- Downloads ----------------------------------------------------------------------------------------------
def _file_stem(period: SurveyPeriod, what: str) -> str:
    return f"{what}-{slugify(period.service_unit.code)}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"


@login_required
@require_http_methods(["GET", "POST"])
def result_responses(request: ActorRequest, pk: int) -> HttpResponseBase:
    """The period's raw responses (XLSX). A period too large to stream is built by a job: the GET
    asks (a page with one button), the POST starts it; the file appears on "Unduhan saya"."""
    actor = request.actor
    period = _period(request, pk)
    count = period.responses.count()
    limit = core_exports.stream_limit()
    if count > limit and request.method != "POST":
        return render(
            request, "surveys/result_export_large.html", {"period": period, "count": count, "limit": limit}
        )
    if count > limit:
        export = core_exports.request_export(
            actor=actor,
            kind=survey_exports.KIND,
            fmt="xlsx",
            params={"period": period.pk, "_language": get_language()},
            title=_("Jawaban responden %(unit)s (%(count)s baris)")
            % {"unit": period.service_unit.name, "count": intcomma(count)},
        )
        export.refresh_from_db()
        if export.error or export.state == RunState.FAILED:
            messages.warning(request, core_exports.error_display(export))
        elif export.ready:
            messages.success(
                request, _("Ekspor %(count)s jawaban selesai. Unduh di bawah.") % {"count": intcomma(count)}
            )
        else:
            messages.info(
                request,
                _("Ekspor %(count)s jawaban sedang dibuat. Berkasnya muncul di halaman ini setelah selesai.")
                % {"count": intcomma(count)},
            )
        return redirect("core:exports")
    questions = excel.extra_questions_of(period)
    sheet = core_excel.Sheet(
        title=_("Jawaban responden"),
        headers=excel.response_headers(questions),
        rows=excel.response_rows(period, questions),
        widths=excel.response_widths(questions),
        freeze_header=True,
    )
    response = FileResponse(
        core_excel.workbook_file(sheets=[sheet]),
        as_attachment=True,
        filename=f"{_file_stem(period, 'jawaban-skm')}.xlsx",
        content_type=core_excel.XLSX_CONTENT_TYPE,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def result_report_xlsx(request: ActorRequest, pk: int) -> HttpResponse:
    """The official report of the period (Excel)."""
    period = _period(request, pk)
    content = excel.report_workbook(selectors.period_report(period), selectors.profile(period))
    return core_excel.xlsx_response(f"{_file_stem(period, 'laporan-skm')}.xlsx", content)


@login_required
@require_GET
def result_report_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    """The official report of the period (PDF), in Indonesian whatever the interface language."""
    period = _period(request, pk)
    with translation.override(pdf.DOCUMENT_LANGUAGE):
        document = pdf.report_pdf(selectors.period_report(period), selectors.profile(period))
    return pdf.response(document, f"{_file_stem(period, 'laporan-skm')}.pdf")


# --- Pooled: a Unit Kerja subtree, an instansi ------------------------------------------------------------
def _pooled_page(request: ActorRequest, context: dict[str, Any], pooled: selectors.Pooled) -> HttpResponse:
    report_urls = {r.period_id: reverse("surveys:result_period", args=[r.period_id]) for r in pooled.rows}
    rows = [(r, report_urls[r.period_id]) for r in pooled.rows]
    unsur = selectors.unsur_rows(pooled.ikm)
    return render(
        request,
        "surveys/result_pooled.html",
        {
            **context,
            "pooled": pooled,
            "rows": rows,
            "unsur_bars": charts.unsur_bars(unsur),
            "mutu_label": selectors.mutu_label(pooled.ikm, pooled.bands),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def result_unit(request: ActorRequest, pk: int) -> HttpResponse:
    """The pooled IKM of every service unit in a Unit Kerja's subtree, over a year."""
    access.require(access.can_view_results(request.actor))
    unit = access.get_results_unit(request.actor, pk)
    pooled = selectors.pooled(request.actor, unit=unit, year=query_int(request, "tahun"))
    return _pooled_page(
        request,
        {"title": unit.name, "subtitle": unit.instansi.name, "scope": "unit", "scope_pk": unit.pk},
        pooled,
    )


@login_required
@require_GET
def result_instansi(request: ActorRequest, pk: int) -> HttpResponse:
    """The pooled IKM of every service unit of an instansi, over a year (HR)."""
    access.require(access.can_view_results(request.actor))
    instansi = access.get_results_instansi(request.actor, pk)
    pooled = selectors.pooled(request.actor, instansi=instansi, year=query_int(request, "tahun"))
    return _pooled_page(
        request,
        {
            "title": instansi.name,
            "subtitle": _("Seluruh unit layanan"),
            "scope": "instansi",
            "scope_pk": instansi.pk,
        },
        pooled,
    )
