"""Pages of the training budget (HR): an agency-year's budget lines and programmes with allocated,
planned, committed and spent amounts (over-allocation highlighted) and its Excel export, the
allocation of a budget line, and a programme's spending."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.excel import Sheet, report_heading, workbook_bytes, xlsx_response
from core.http import ActorRequest, add_service_errors, message_service_errors, query_int
from core.models import Instansi
from core.paging import paginate, querystring_without_page

from .. import access
from ..forms.budget import BudgetLineForm, SpendingForm
from ..models import NEED_YEAR_MAX, NEED_YEAR_MIN, Programme
from ..rules.needs import committed_cost, planned_cost
from ..selectors import budget as selectors
from ..services import budget as services
from .catalogue import GET_POST, flash_errors, managed_instansi


def _agency_year(request: ActorRequest) -> tuple[Instansi, list[Instansi], int, list[int]]:
    instansi, choices = managed_instansi(request, access.can_manage_budget)
    this_year = timezone.localdate().year
    year = query_int(request, "year")
    year = year if year is not None and NEED_YEAR_MIN <= year <= NEED_YEAR_MAX else this_year
    years = sorted({*selectors.budget_years(instansi, this_year), year}, reverse=True)
    return instansi, choices, year, years


def _figures(programme: Programme) -> Programme:
    """Set the planned and committed amounts on a programme annotated by selectors.budget_programmes."""
    cancelled = programme.state == "dibatalkan"
    programme.planned = 0 if cancelled else planned_cost(programme.quota, programme.cost)  # type: ignore[attr-defined]
    programme.committed = committed_cost(programme.seats, programme.cost)  # type: ignore[attr-defined]
    return programme


@login_required
@require_safe
def budget(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    instansi, choices, year, years = _agency_year(request)
    lines, total = selectors.budget_lines(actor=actor, instansi=instansi, year=year)
    search = request.GET.get("q", "").strip()[:100]
    sorting = selectors.BUDGET_SORT.from_request(request)
    page = paginate(
        request,
        selectors.budget_programmes(
            actor=actor, instansi=instansi, year=year, search=search, sort=sorting.value
        ),
    )
    for programme in page.object_list:
        _figures(programme)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "training/budget.html",
        {
            "instansi": instansi,
            "instansi_choices": choices,
            "year": year,
            "years": [(y, y) for y in years],
            "lines": lines,
            "total": total,
            "page": page,
            "sorting": sorting,
            "q": search,
            "form": BudgetLineForm(initial={"year": year}),
            "export_query": params.urlencode(),
            "querystring": querystring_without_page(request),
        },
    )


@login_required
@require_POST
def budget_line_save(request: ActorRequest) -> HttpResponse:
    """HR records or changes the allocation of a budget line (?instansi= names the agency)."""
    instansi, _choices = managed_instansi(request, access.can_manage_budget)
    form = BudgetLineForm(request.POST)
    year = form.data.get("year", "")
    if form.is_valid():
        year = form.cleaned_data["year"]
        try:
            services.budget_line_save(actor=request.actor, instansi=instansi, **form.cleaned_data)
        except ValidationError as exc:
            message_service_errors(request, exc)
        else:
            messages.success(request, _("Pagu mata anggaran disimpan."))
    else:
        flash_errors(request, form)
    return redirect(f"{reverse('training:budget')}?instansi={instansi.pk}&year={year}")


def _excel_lines(lines: list[selectors.Line], total: selectors.Line) -> Iterator[list[Any]]:
    for line in [*lines, total]:
        code = line.code or (_("Jumlah") if line is total else _("(Tanpa mata anggaran)"))
        yield [code, line.name, line.allocated, line.planned, line.committed, line.spent,
               line.remaining if line.allocated is not None else None, line.over]  # fmt: skip


def _excel_programmes(rows: Any) -> Iterator[list[Any]]:
    for programme in rows.iterator(chunk_size=2000):
        _figures(programme)
        yield [programme.title, programme.budget_line, programme.start_date, programme.get_state_display(),
               programme.quota, programme.cost, programme.seats, programme.planned, programme.committed,
               programme.spent_total]  # fmt: skip


@login_required
@require_safe
def budget_export(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    instansi, _choices, year, _years = _agency_year(request)
    lines, total = selectors.budget_lines(actor=actor, instansi=instansi, year=year)
    programmes = selectors.budget_programmes(actor=actor, instansi=instansi, year=year)
    heading = report_heading(
        instansi_name=instansi.name,
        title=_("Anggaran pengembangan kompetensi tahun %(year)s (Rp)") % {"year": year},
        scope="",
        on=timezone.localdate(),
    )
    sheets = [
        Sheet(
            _("Per mata anggaran"),
            [
                _("Mata anggaran"),
                _("Uraian"),
                _("Pagu"),
                _("Rencana biaya program"),
                _("Terikat"),
                _("Realisasi"),
                _("Sisa pagu"),
                _("Melebihi pagu"),
            ],
            _excel_lines(lines, total),
            widths=(20, 32, 18, 18, 18, 18, 18, 18),
        ),
        Sheet(
            _("Per program"),
            [
                _("Program"),
                _("Mata anggaran"),
                _("Tanggal mulai"),
                _("Status"),
                _("Kuota"),
                _("Biaya per peserta"),
                _("Peserta terkonfirmasi"),
                _("Rencana biaya"),
                _("Terikat"),
                _("Realisasi"),
            ],
            _excel_programmes(programmes),
            widths=(40, 20, 14, 18, 8, 16, 12, 18, 18, 18),
        ),
    ]
    name = f"anggaran-pelatihan-{slugify(instansi.name)}-{year}.xlsx"
    return xlsx_response(name, workbook_bytes(heading=heading, sheets=sheets))


@login_required
@require_http_methods(GET_POST)
def spending(request: ActorRequest, pk: int) -> HttpResponse:
    """A programme's spending: the list and HR's new row."""
    actor = request.actor
    programme = access.get_budget_programme(actor, pk)
    form = SpendingForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.spending_record(actor=actor, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Realisasi belanja dicatat."))
            return redirect(request.path)
    page = paginate(request, selectors.spendings_of(programme))
    return render(
        request,
        "training/spending.html",
        {
            "programme": programme,
            "form": form,
            "page": page,
            "querystring": querystring_without_page(request),
        },
    )
