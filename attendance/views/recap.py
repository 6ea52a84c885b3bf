"""HR's monthly attendance recap of an agency (issue 16 items 5 and 7): the list per employee with
month, unit subtree, search, sorting and pages, the totals per unit and of the scope, the punctuality
per unit over six months (a server-drawn chart), and the "Rekap presensi" Excel export for finance
(built by a job above EXPORT_STREAM_MAX_ROWS rows). Also the band tables: their versions, a new one,
a past one read-only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import exports as core_exports
from core.access import Actor
from core.choices import RunState
from core.excel import Sheet, report_heading, workbook_bytes, xlsx_response
from core.exports import Builder, Export
from core.http import ActorRequest, add_service_errors
from core.models import Instansi, UnitKerja
from core.paging import paginate, querystring_without_page

from .. import access, rules
from ..forms.recap import BandTableForm, RecapFilterForm, default_month
from ..selectors import recap as selectors
from ..selectors import schedules as schedule_selectors
from ..services import bands as band_services
from .locations import chosen_agency

EXPORT_KIND = "attendance-recap"
EXPORT_PARAMS = ("instansi", "bulan", "unit", "q", "sort")
CHART_MONTHS = 6


def agency_today(instansi: Instansi) -> date:
    return timezone.localdate(timezone=ZoneInfo(instansi.time_zone))


@dataclass
class Recap:
    """What the page and the export show: agency, month, unit and search (checked through access)."""

    instansi: Instansi
    year: int
    month: int
    unit: UnitKerja | None
    q: str
    sort: str
    columns: selectors.Columns
    filters: RecapFilterForm

    @property
    def month_label(self) -> str:
        return formats.date_format(date(self.year, self.month, 1), "F Y")

    def rows(self) -> Any:
        return selectors.recap_rows(
            instansi_id=self.instansi.pk, columns=self.columns, unit=self.unit, q=self.q, sort=self.sort
        )


def recap_for(actor: Actor, instansi: Instansi, params: QueryDict | dict[str, Any]) -> Recap:
    access.require(access.can_read_recap(actor, instansi.pk))
    today = agency_today(instansi)
    if not params.get("bulan"):
        # The month picker shows the month the page shows (an empty picker read "--------- ----").
        given = params.dict() if isinstance(params, QueryDict) else params
        params = {**given, "bulan": default_month(today)}
    filters = RecapFilterForm(params, unit_qs=access.recap_units(actor, instansi.pk).order_by("path"))
    year, month = filters.value("bulan") or (today.year, today.month)
    start, end = selectors.month_bounds(year, month)
    return Recap(
        instansi=instansi,
        year=year,
        month=month,
        unit=filters.value("unit"),
        q=filters.value("q") or "",
        sort=str(params.get("sort") or ""),
        columns=selectors.recap_columns(instansi.pk, start, end),
        filters=filters,
    )


BAR_STEP = 30  # the chart's units per month (a bar of 20 and a gap of 10); the height is 0–100 %


@dataclass(frozen=True)
class TrendBar:
    label: str
    value: Decimal | None
    days: int
    index: int

    @property
    def x(self) -> int:
        return self.index * BAR_STEP + 5

    @property
    def center(self) -> int:
        return self.index * BAR_STEP + BAR_STEP // 2

    @property
    def value_y(self) -> Decimal:
        return max(self.y - 2, Decimal(10))

    @property
    def height(self) -> Decimal:
        return self.value if self.value is not None else Decimal(0)

    @property
    def y(self) -> Decimal:
        return Decimal(100) - self.height


@login_required
@require_GET
def recap(request: ActorRequest) -> HttpResponse:
    instansi, agencies = chosen_agency(request)
    r = recap_for(request.actor, instansi, request.GET)
    if bad := r.filters.invalid_labels():
        messages.warning(request, _("Filter tidak valid diabaikan: %(fields)s.") % {"fields": ", ".join(bad)})
    page = paginate(request, r.rows())
    rows = list(selectors.shaped(page.object_list, r.columns))
    selectors.leave_mismatches(instansi.pk, rows, r.columns.start, r.columns.end)
    trends = selectors.punctuality(
        instansi_id=instansi.pk,
        year=r.year,
        month=r.month,
        unit=r.unit,
        months=CHART_MONTHS,
        today=agency_today(instansi),
    )
    units = selectors.unit_totals(instansi_id=instansi.pk, columns=r.columns, unit=r.unit, q=r.q)
    return render(
        request,
        "attendance/recap.html",
        {
            "instansi": instansi,
            "agencies": agencies,
            "r": r,
            "filters": r.filters,
            "sorting": selectors.RECAP_SORT.parse(r.sort),
            "page": page,
            "rows": rows,
            "totals": selectors.totals_of(units, r.columns),
            "units": units,
            "mismatches": any(row.leave_mismatch for row in rows),
            "trends": [
                (
                    t,
                    [
                        TrendBar(formats.date_format(m, "M y"), v, d, i)
                        for i, (m, v, d) in enumerate(t.points)
                    ],
                )
                for t in trends
            ],
            "chart_width": BAR_STEP * CHART_MONTHS,
            "querystring": querystring_without_page(request),
            "export_query": request.GET.urlencode(),
        },
    )


# --- The export ----------------------------------------------------------------------------------------------
def _headers(columns: selectors.Columns) -> list[str]:
    return [
        _("No."), _("NIP"), _("Nama"), _("Jabatan"), _("Golongan"), _("Unit kerja"), _("Hari kerja"),
        _("Hadir"), *columns.tl_codes, *columns.psw_codes, _("TK"), _("Cuti"), _("Sakit"), _("DL"),
        _("Pelatihan"), _("WFA"), _("% potongan"), _("% dari TPP"),
    ]  # fmt: skip


# The day counts of a line: from "Hari kerja" to "WFA" (after them, the two percentages).
FIRST_COUNT = 6
PERCENTS = 2


class _Totals:
    """The totals line under the sheet ("Jumlah", bold): the sum of every day-count column, added up
    while the lines stream (no second query) and read once the last line is written. The
    percentages are not summed (a sum of percentages of different allowances means nothing)."""

    def __init__(self) -> None:
        self.sums: list[int] = []

    def add(self, line: list[Any]) -> None:
        counts = [c or 0 for c in line[FIRST_COUNT:-PERCENTS]]
        self.sums = [a + b for a, b in zip(self.sums, counts, strict=True)] if self.sums else counts

    def __iter__(self) -> Iterator[list[Any]]:
        if self.sums:
            yield ["", "", _("Jumlah"), "", "", "", *self.sums, None, None]


def _lines(r: Recap, totals: _Totals) -> Iterator[list[Any]]:
    for i, row in enumerate(r.rows().shaped(chunk_size=2000), start=1):
        line = [
            i, row.nip, row.name, row.jabatan, row.golongan, row.unit_name, row.working_days, row.worked,
            *(days for days, _m in row.tl), *(days for days, _m in row.psw), row.tk, row.cuti, row.sakit,
            row.dinas_luar, row.pelatihan, row.wfa, float(row.cut_percent), float(row.tpp_cut_percent),
        ]  # fmt: skip
        totals.add(line)
        yield line


def export_filename(r: Recap) -> str:
    """The file's name after the filters applied: the agency, the unit (when one is chosen), the month."""
    unit = f"-{slugify(r.unit.code)}" if r.unit is not None else ""
    return f"rekap-presensi-{r.instansi.code}{unit}-{r.year:04d}-{r.month:02d}.xlsx"


def _sheet(actor: Actor, r: Recap) -> tuple[list[str], Sheet]:
    heading = report_heading(
        instansi_name=r.instansi.name,
        title=_("Rekap presensi %(month)s") % {"month": r.month_label},
        scope=r.unit.name if r.unit is not None else "",
        on=agency_today(r.instansi),
    )
    heading.append(
        _("Potongan: persentase dari porsi disiplin/kehadiran TPP (%(share)s%%), paling banyak 100%%.")
        % {"share": formats.number_format(r.columns.attendance_share, 2)}
    )
    codes = len(r.columns.band_codes)
    totals = _Totals()
    sheet = Sheet(
        _("Rekap presensi"),
        _headers(r.columns),
        _lines(r, totals),
        widths=[6, 20, 32, 32, 9, 32, 9, 8, *([7] * codes), 6, 6, 6, 6, 9, 6, 11, 11],
        footer=totals,
        freeze_header=True,
    )
    return heading, sheet


def build_export(actor: Actor, params: dict[str, Any]) -> Export:
    """The export job (core.exports): the recap read again from the stored query, in the scope of the
    person who asked."""
    instansi = access.attendance_agencies(actor).get(pk=params["instansi"])
    r = recap_for(actor, instansi, {k: str(v) for k, v in params.items() if k in EXPORT_PARAMS})
    heading, sheet = _sheet(actor, r)
    return Export(
        title=str(sheet.title),
        headers=sheet.headers,
        rows=sheet.rows,
        widths=sheet.widths,
        heading=heading,
        footer=sheet.footer,
    )


EXPORT_BUILDER = Builder(EXPORT_KIND, build_export)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def recap_export(request: ActorRequest) -> HttpResponseBase:
    """ "Rekap presensi" as Excel. Up to EXPORT_STREAM_MAX_ROWS employees it is built at once; above,
    the GET asks on a page of its own and the POST has the file built by a job (core.exports)."""
    actor = request.actor
    instansi, _agencies = chosen_agency(request)
    r = recap_for(actor, instansi, request.GET)
    back = f"{reverse('attendance:recap')}?{request.GET.urlencode()}"
    if bad := r.filters.invalid_labels():
        messages.error(
            request,
            _("Filter tidak valid: %(fields)s. Perbaiki filternya lalu unduh lagi; tidak ada yang diunduh.")
            % {"fields": ", ".join(bad)},
        )
        return redirect(back)
    count = r.rows().count()
    limit = core_exports.stream_limit()
    if count > limit:
        if request.method != "POST":
            return render(
                request,
                "attendance/recap_export_large.html",
                {
                    "r": r,
                    "count": count,
                    "limit": limit,
                    "querystring": request.GET.urlencode(),
                    "back": back,
                },
            )
        params: dict[str, Any] = {k: request.GET[k] for k in EXPORT_PARAMS if request.GET.get(k)}
        params.update(instansi=instansi.pk, bulan=f"{r.year:04d}-{r.month:02d}", _language=get_language())
        export = core_exports.request_export(
            actor=actor,
            kind=EXPORT_KIND,
            fmt="xlsx",
            params=params,
            title=_("Rekap presensi %(month)s (%(count)s pegawai)")
            % {"month": r.month_label, "count": intcomma(count)},
        )
        export.refresh_from_db()
        if export.error or export.state == RunState.FAILED:
            messages.warning(request, core_exports.error_display(export))
        else:
            messages.info(
                request, _("Rekap presensi sedang dibuat. Berkasnya muncul di halaman ini setelah selesai.")
            )
        return redirect("core:exports")
    if request.method == "POST":  # a small one: nothing to queue, the GET gives the file
        return redirect(f"{reverse('attendance:recap_export')}?{request.GET.urlencode()}")
    heading, sheet = _sheet(actor, r)
    content = workbook_bytes(heading=heading, sheets=[sheet])
    return xlsx_response(export_filename(r), content)


# --- Band tables -----------------------------------------------------------------------------------------------
def _bands_url(instansi_id: int) -> str:
    return f"{reverse('attendance:band_tables')}?instansi={instansi_id}"


@login_required
@require_http_methods(["GET", "POST"])
def band_tables(request: ActorRequest) -> HttpResponse:
    """The agency's band table versions (newest first) and the form of a new version, prefilled with
    the bands in force (or the central example)."""
    instansi, agencies = chosen_agency(request)
    access.require(access.can_manage_band_tables(request.actor, instansi.pk))
    current, bands = schedule_selectors.bands_in_force(instansi.pk, agency_today(instansi))
    initial = (
        {
            "absence_cut_percent": current.absence_cut_percent,
            "attendance_share_percent": current.attendance_share_percent,
        }
        if current is not None
        else {"absence_cut_percent": rules.EXAMPLE_ABSENCE_CUT}
    )
    form = BandTableForm(
        request.POST or None, initial=initial, initial_bands=tuple(bands) or rules.EXAMPLE_BANDS
    )
    if request.method == "POST" and form.is_valid():
        try:
            band_services.band_table_create(
                actor=request.actor, instansi=instansi, bands=form.bands(), **form.header_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Versi baru tabel potongan tersimpan."))
            return redirect(_bands_url(instansi.pk))
    return render(
        request,
        "attendance/band_tables.html",
        {
            "instansi": instansi,
            "agencies": agencies,
            "rows": schedule_selectors.agency_band_tables(instansi.pk),
            "page": None,
            "current": current,
            "form": form,
        },
    )


@login_required
@require_GET
def band_table_detail(request: ActorRequest, pk: int) -> HttpResponse:
    table = access.get_band_table(request.actor, pk)
    return render(
        request,
        "attendance/band_table_detail.html",
        {"table": table, "bands": table.bands.order_by("kind", "min_minutes")},
    )
