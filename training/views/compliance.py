"""Pages of the 20 JP duty: the dashboard per unit (HR: the agency; heads: their subtree) with the list
of those below target and its Excel export, HR's recompute on demand, and "JP saya"."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import exports as core_exports
from core.access import Actor
from core.bounds import parse_int
from core.choices import RunState
from core.excel import Sheet, report_heading, workbook_bytes, xlsx_response
from core.exports import Builder, Export
from core.http import ActorRequest, query_int
from core.models import Instansi, UnitKerja
from core.paging import KeyPagedRows, paginate, querystring_without_page
from core.sorting import Sorting
from employees.choices import EmployeeKind

from .. import access
from ..models import JpUnitSummary, JpYear
from ..rules.compliance import share_percent
from ..selectors import compliance as selectors
from ..services import compliance as services

TABS = ("unit", "belum")
YEAR_MIN, YEAR_MAX = 2000, 2100
EXPORT_CHUNK = 2000


def agency_today(instansi: Instansi) -> date:
    return timezone.localdate(timezone=ZoneInfo(instansi.time_zone))


def _pick(choices: list[Instansi], pk: int) -> Instansi | None:
    return next((i for i in choices if i.pk == pk), None)


@dataclass
class Dashboard:
    """What the dashboard shows: agency, unit, year and filters, each checked through training.access."""

    instansi: Instansi
    instansi_choices: list[Instansi]
    whole_agency: bool
    unit: UnitKerja | None
    unit_choices: list[UnitKerja]
    years: list[int]
    year: int
    jp_year: JpYear | None
    kind: str
    search: str
    sorting: Sorting
    today: date

    @property
    def label(self) -> str:
        return self.unit.name if self.unit is not None else self.instansi.name


def _dashboard(request: ActorRequest) -> Dashboard:
    return dashboard_for(request.actor, request.GET, lambda text: messages.warning(request, text))


def dashboard_for(actor: Actor, query: Mapping[str, str], warn: Callable[[str], None]) -> Dashboard:
    """The dashboard's choices from its query (?instansi=, ?unit=, ?year=, ?jenis=, ?q=, ?sort=),
    for the page and for the export job (which reads the query it stored):
    - employees (no HR or head role): 403;
    - an agency or unit the actor cannot see: 404; one they see but whose dashboard is not theirs
      (a head asking for another unit of their agency): 403;
    - no agency chosen: the first one; a head starts at the unit they head."""
    access.require(access.can_view_compliance(actor))
    choices = list(access.compliance_agencies(actor).order_by("name"))
    unit = None
    unit_pk = parse_int(query.get("unit", ""))
    if unit_pk is not None:
        unit = access.get_compliance_unit(actor, unit_pk)
    pk = parse_int(query.get("instansi", ""))
    if pk is not None:
        instansi = _pick(choices, pk) or access.get_compliance_instansi(actor, pk)
    elif unit is not None:
        instansi = _pick(choices, unit.instansi_id) or access.get_compliance_instansi(actor, unit.instansi_id)
    elif choices:
        instansi = choices[0]
    else:
        raise Http404
    if unit is not None and unit.instansi_id != instansi.pk:
        warn(_("Unit yang dipilih bukan bagian dari instansi ini; filter unit diabaikan."))
        unit = None
    whole_agency = access.sees_whole_agency(actor, instansi.pk)
    unit_choices = list(selectors.dashboard_units(actor, instansi))
    if unit is None and not whole_agency:
        start_id = access.compliance_start_unit_id(actor, instansi.pk)
        assert start_id is not None  # compliance_start_unit_id refused otherwise
        unit = next((u for u in unit_choices if u.pk == start_id), None) or access.get_compliance_unit(
            actor, start_id
        )
    today = agency_today(instansi)
    years = sorted({today.year, *selectors.computed_years(instansi)}, reverse=True)
    year = parse_int(query.get("year", ""))
    year = year if year is not None and YEAR_MIN <= year <= YEAR_MAX else today.year
    kind = query.get("jenis", "")
    return Dashboard(
        instansi=instansi,
        instansi_choices=choices,
        whole_agency=whole_agency,
        unit=unit,
        unit_choices=unit_choices,
        years=years,
        year=year,
        jp_year=selectors.jp_year(instansi, year),
        kind=kind if kind in selectors.KINDS else "",
        search=query.get("q", "").strip()[:100],
        sorting=selectors.BELOW_SORT.parse(query.get("sort", "")),
        today=today,
    )


# --- Presentation: the share bars (inline SVG, 100 units wide) ----------------------------------------


@dataclass(frozen=True)
class ShareBar:
    met: int
    employees: int

    @property
    def share(self) -> Decimal | None:
        return share_percent(self.met, self.employees)

    @property
    def width_attr(self) -> str:
        """The green part's width in SVG units (a decimal point whatever the language)."""
        share = self.share or Decimal(0)
        return f"{share:.1f}"

    @property
    def share_display(self) -> str:
        return "–" if self.share is None else number_format(self.share, 1)


def _unit_lines(rows: list[JpUnitSummary], top_depth: int) -> list[dict[str, Any]]:
    return [
        {
            "row": row,
            "indent": max(0, row.unit.depth - top_depth),
            "bar": ShareBar(row.met, row.employees),  # type: ignore[attr-defined]  # annotated
        }
        for row in rows
    ]


@login_required
@require_safe
def compliance(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    d = _dashboard(request)
    tab = request.GET.get("tampil", "unit")
    tab = tab if tab in TABS else "unit"
    min_depth = min((u.depth for u in d.unit_choices), default=0)
    context: dict[str, Any] = {
        "d": d,
        "tab": tab,
        "kinds": [("", _("PNS dan PPPK")), *EmployeeKind.choices],
        "unit_options": [(u, "– " * (u.depth - min_depth)) for u in d.unit_choices],
        "sorting": d.sorting,
        "can_recompute": access.can_recompute_compliance(actor, d.instansi.pk),
        "querystring": querystring_without_page(request),
    }
    if d.jp_year is not None and d.jp_year.computed_at is not None:
        totals = selectors.totals(actor=actor, jp_year=d.jp_year, unit=d.unit, kind=d.kind)
        context["totals"] = totals
        context["total_bar"] = ShareBar(totals.met, totals.employees)
        if tab == "unit":
            page = paginate(
                request, selectors.unit_rows(actor=actor, jp_year=d.jp_year, unit=d.unit, kind=d.kind)
            )
            top_depth = d.unit.depth if d.unit is not None else min_depth
            context["rows"] = _unit_lines(list(page.object_list), top_depth)
        else:
            below = selectors.below_target(
                actor=actor,
                jp_year=d.jp_year,
                unit=d.unit,
                kind=d.kind,
                search=d.search,
                sort=d.sorting.value,
            )
            keyed: Any = KeyPagedRows(below, rows=selectors.below_rows(below.order_by()))
            page = paginate(request, keyed)
        context["page"] = page
    params = request.GET.copy()
    for key in ("page", "tampil"):
        params.pop(key, None)
    context["base_query"] = params.urlencode()
    return render(request, "training/compliance_dashboard.html", context)


def _excel_unit_lines(rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
    for line in rows:
        row, bar = line["row"], line["bar"]
        yield [
            "  " * line["indent"] + row.unit.name,
            row.employees,
            row.met,
            row.employees - row.met,
            float(bar.share) if bar.share is not None else None,
        ]


def _excel_below_lines(below: Any) -> Iterator[list[Any]]:
    for i, s in enumerate(below.iterator(chunk_size=EXPORT_CHUNK), start=1):
        e = s.employee
        yield [i, e.full_name, e.nip, s.get_kind_display(), e.position_name, e.unit.name, float(s.jp), s.target,
               float(s.target - s.jp)]  # fmt: skip


def _workbook(actor: Actor, d: Dashboard) -> tuple[list[str], Sheet, Sheet]:
    """The heading, the per-unit sheet and the below-target sheet (its rows read lazily, in chunks)."""
    assert d.jp_year is not None and d.jp_year.computed_at is not None
    units = list(selectors.unit_rows(actor=actor, jp_year=d.jp_year, unit=d.unit, kind=d.kind))
    top_depth = d.unit.depth if d.unit is not None else min((u.depth for u in d.unit_choices), default=0)
    below = selectors.below_rows(
        selectors.below_target(
            actor=actor, jp_year=d.jp_year, unit=d.unit, kind=d.kind, search=d.search, sort=d.sorting.value
        )
    )
    heading = report_heading(
        instansi_name=d.instansi.name,
        title=_("Kepatuhan 20 JP pengembangan kompetensi tahun %(year)s") % {"year": d.year},
        scope=d.unit.name if d.unit is not None else "",
        on=d.today,
    )
    computed = timezone.localtime(d.jp_year.computed_at, ZoneInfo(d.instansi.time_zone))
    heading.append(_("Dihitung pada %(when)s") % {"when": computed.strftime("%d-%m-%Y %H:%M")})
    per_unit = Sheet(
        _("Per unit"),
        [
            _("Unit kerja"),
            _("Pegawai"),
            _("Memenuhi target"),
            _("Di bawah target"),
            _("Persentase memenuhi (%)"),
        ],
        _excel_unit_lines(_unit_lines(units, top_depth)),
        widths=(44, 10, 12, 12, 14),
    )
    below_sheet = Sheet(
        _("Di bawah target"),
        [
            _("No."),
            _("Nama"),
            _("NIP"),
            _("Jenis ASN"),
            _("Jabatan"),
            _("Unit kerja"),
            _("JP"),
            _("Target JP"),
            _("Kekurangan JP"),
        ],
        _excel_below_lines(below),
        widths=(6, 32, 20, 8, 34, 34, 8, 8, 10),
    )
    return heading, per_unit, below_sheet


EXPORT_KIND = "training-jp"
EXPORT_PARAMS = ("instansi", "unit", "year", "jenis", "q", "sort")


def build_export(actor: Actor, params: dict[str, Any]) -> Export:
    """The export job (core.exports): the dashboard read again from the stored query, with the scope
    of the person who asked; the below-target list is the counted sheet, the per-unit sheet first."""
    d = dashboard_for(actor, {k: str(v) for k, v in params.items() if k in EXPORT_PARAMS}, lambda _t: None)
    if d.jp_year is None or d.jp_year.computed_at is None:
        raise ValueError("JP not computed")
    heading, per_unit, below = _workbook(actor, d)
    return Export(
        title=str(below.title),
        headers=below.headers,
        rows=below.rows,
        widths=below.widths,
        heading=heading,
        before=[
            Export(
                title=str(per_unit.title),
                headers=per_unit.headers,
                rows=per_unit.rows,
                widths=per_unit.widths,
            )
        ],
    )


EXPORT_BUILDER = Builder(EXPORT_KIND, build_export)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def compliance_export(request: ActorRequest) -> HttpResponseBase:
    """The dashboard as Excel. Up to EXPORT_STREAM_MAX_ROWS people below target it is built at once;
    above (a whole large agency) the GET asks on a page of its own and the POST has the file built by
    a job (core.exports): it appears on "Unduhan saya", which shows its progress."""
    actor = request.actor
    d = _dashboard(request)
    if d.jp_year is None or d.jp_year.computed_at is None:
        messages.info(request, _("JP tahun ini belum dihitung; belum ada yang dapat diunduh."))
        return redirect(f"{reverse('training:compliance')}?instansi={d.instansi.pk}&year={d.year}")
    count = selectors.below_target(
        actor=actor, jp_year=d.jp_year, unit=d.unit, kind=d.kind, search=d.search, sort=d.sorting.value
    ).count()
    limit = core_exports.stream_limit()
    if count > limit:
        if request.method != "POST":
            return render(
                request,
                "training/compliance_export_large.html",
                {"d": d, "count": count, "limit": limit, "querystring": request.GET.urlencode()},
            )
        params: dict[str, Any] = {k: request.GET[k] for k in EXPORT_PARAMS if request.GET.get(k)}
        params.update(instansi=d.instansi.pk, year=d.year, _language=get_language())
        export = core_exports.request_export(
            actor=actor,
            kind=EXPORT_KIND,
            fmt="xlsx",
            params=params,
            title=_("Kepatuhan JP %(label)s %(year)s (%(count)s di bawah target)")
            % {"label": d.label, "year": d.year, "count": intcomma(count)},
        )
        export.refresh_from_db()
        if export.error or export.state == RunState.FAILED:
            messages.warning(request, core_exports.error_display(export))
        else:
            messages.info(
                request,
                _("Berkas kepatuhan JP sedang dibuat. Berkasnya muncul di halaman ini setelah selesai."),
            )
        return redirect("core:exports")
    if request.method == "POST":  # a small one: nothing to queue, the GET gives the file
        return redirect(f"{reverse('training:compliance_export')}?{request.GET.urlencode()}")
    heading, per_unit, below = _workbook(actor, d)
    content = workbook_bytes(heading=heading, sheets=[per_unit, below])
    return xlsx_response(f"kepatuhan-jp-{slugify(d.label)}-{d.year}.xlsx", content)


@login_required
@require_POST
def compliance_recompute(request: ActorRequest) -> HttpResponse:
    """HR starts the recompute of an agency-year now (the nightly job does it anyway)."""
    actor = request.actor
    pk = parse_int(request.POST.get("instansi", ""))
    if pk is None:
        raise Http404
    instansi = access.get_compliance_instansi(actor, pk)
    access.require(access.can_recompute_compliance(actor, instansi.pk))
    year = parse_int(request.POST.get("year", ""))
    today = agency_today(instansi)
    if year is None or not today.year - 5 <= year <= today.year:
        messages.error(request, _("Tahun harus salah satu dari lima tahun terakhir."))
        return redirect(f"{reverse('training:compliance')}?instansi={instansi.pk}")
    _run, started = services.compliance_recompute_request(actor=actor, instansi=instansi, year=year)
    if started:
        messages.success(request, _("Penghitungan JP dimulai. Muat ulang halaman ini beberapa saat lagi."))
    else:
        messages.info(request, _("Penghitungan JP tahun ini sedang berjalan."))
    return redirect(f"{reverse('training:compliance')}?instansi={instansi.pk}&year={year}")


# --- JP saya ---------------------------------------------------------------------------------------------


@login_required
@require_safe
def jp_mine(request: ActorRequest) -> HttpResponse:
    """The employee's own JP of a year, read live from their riwayat diklat."""
    employee = selectors.own_employee(request.actor)
    if employee is None:
        explanation = _(
            "Akun Anda tidak terhubung dengan data pegawai, jadi tidak ada JP pengembangan kompetensi yang dapat ditampilkan."
        )
        no_record = {"page_title": _("JP saya"), "explanation": explanation}
        return render(request, "includes/no_employee_record.html", no_record, status=403)
    today = agency_today(employee.unit.instansi)
    years = selectors.own_years(employee, today)
    year = query_int(request, "year")
    year = year if year in years else today.year
    own = selectors.own_jp(employee, year)
    return render(
        request,
        "training/compliance_mine.html",
        {"own": own, "years": years, "year": year, "bar": ShareBar(min(own.percent, 100), 100)},
    )
