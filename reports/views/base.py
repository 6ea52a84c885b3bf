"""What every report view shares: the scope (agency, unit) from the request, paging, print mode."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.http import ActorRequest, query_int
from core.models import Instansi, UnitKerja
from core.paging import PAGE_SIZE, page_size, querystring_without_page

from .. import access

# The print version lists everything on one page up to this many rows; beyond it, narrow the
# report to a unit or download the Excel file.
PRINT_LIMIT = 2000


@dataclass
class ReportScope:
    report: str
    instansi: Instansi
    unit: UnitKerja | None
    instansi_choices: list[Instansi]
    unit_choices: list[UnitKerja]
    whole_agency: bool  # may the report cover the whole agency (HR), or only a subtree (a head)

    @property
    def label(self) -> str:
        return self.unit.name if self.unit is not None else self.instansi.name


def _pick(choices: list[Instansi], pk: int) -> Instansi | None:
    return next((i for i in choices if i.pk == pk), None)


def resolve_scope(request: ActorRequest, report: str) -> ReportScope | HttpResponse:
    """The agency and unit a report runs on, checked through core.access.

    - not allowed to see this report: 403 (employees; heads for the HR-only reports);
    - an agency or unit outside what the actor may see: 404; one they see but may not report
      on (a head asking for another unit of their agency): 403;
    - no agency chosen: the first one the actor may report on (HR: their agency; a head: their
      own unit's subtree).
    """
    actor = request.actor
    access.require(access.can_view_report(actor, report))
    choices = list(access.report_instansi(actor, report).order_by("name"))
    unit = None
    unit_id = query_int(request, "unit")
    if unit_id is not None:
        unit = access.get_unit(actor, unit_id)
    instansi_id = query_int(request, "instansi")
    if instansi_id is not None:
        instansi = _pick(choices, instansi_id) or access.get_report_instansi(actor, report, instansi_id)
        if unit is not None and unit.instansi_id != instansi.pk:
            messages.warning(
                request, _("Unit yang dipilih bukan bagian dari instansi ini; filter unit diabaikan.")
            )
            unit = None
    elif unit is not None:
        instansi = _pick(choices, unit.instansi_id) or access.get_report_instansi(
            actor, report, unit.instansi_id
        )
    elif choices:
        instansi = choices[0]
    else:
        messages.info(request, _("Belum ada instansi yang dapat dilaporkan."))
        return redirect("reports:index")
    if unit is not None:
        access.require(access.can_report_on_unit(actor, report, unit))
    elif not access.reports_on_whole_agency(actor, instansi.pk):
        # A head: the report starts at their own unit.
        start_id = access.head_start_unit_id(actor, instansi.pk)
        if start_id is not None:
            unit = access.get_unit(actor, start_id)
    units = list(
        access.report_units(actor, report, instansi)
        .filter(is_active=True)
        .only("pk", "name", "path", "depth", "instansi_id")
        .order_by("path")
    )
    return ReportScope(
        report, instansi, unit, choices, units, access.reports_on_whole_agency(actor, instansi.pk)
    )


def is_print(request: HttpRequest) -> bool:
    return request.GET.get("cetak") == "1"


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("unduh") == "xlsx"


def page_of(request: HttpRequest, rows: Any) -> Page:
    """A page of the report (`?size=` among core.paging.PAGE_SIZES), or in print mode everything up
    to PRINT_LIMIT on one page."""
    if is_print(request):
        return Paginator(rows, PRINT_LIMIT).get_page(1)
    return Paginator(rows, page_size(request, PAGE_SIZE)).get_page(request.GET.get("page"))


def xlsx_filename(scope: ReportScope, name: str) -> str:
    day = timezone.localdate()
    return f"{name}-{slugify(scope.label)}-{day:%Y%m%d}.xlsx"


def render_report(
    request: HttpRequest, template: str, scope: ReportScope, title: str, context: dict[str, Any]
) -> HttpResponse:
    params = request.GET.copy()
    for key in ("page", "cetak", "unduh"):
        params.pop(key, None)
    base = params.urlencode()
    joiner = "&" if base else ""
    min_depth = min((u.depth for u in scope.unit_choices), default=0)
    return render(
        request,
        template,
        {
            "scope": scope,
            "report_title": title,
            "today": timezone.localdate(),
            "printed_at": timezone.localtime(),
            "print_mode": is_print(request),
            "print_limit": PRINT_LIMIT,
            "querystring": querystring_without_page(request),
            "xlsx_url": f"?{base}{joiner}unduh=xlsx",
            "print_url": f"?{base}{joiner}cetak=1",
            "screen_url": f"?{base}",
            "unit_options": [(u, "– " * (u.depth - min_depth)) for u in scope.unit_choices],
            **context,
        },
    )
