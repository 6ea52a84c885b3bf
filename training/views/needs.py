"""Pages of training needs: the list (own, a head's subtree, HR's agency), a proposal, a need's page
(HR maps it to a competency and nominates for it), HR's aggregation per competency and unit with its
chart and Excel export, and the intake of the coaching plans' needs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
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
from core.paging import paginate, querystring_without_page

from .. import access
from ..choices import NeedSource, NeedStatus
from ..forms.needs import NeedCompetencyForm, NeedFilterForm, NeedForm, NeedNominationForm
from ..models import NEED_YEAR_MAX, NEED_YEAR_MIN
from ..rules.needs import need_status
from ..selectors import needs as selectors
from ..services import needs as services
from .catalogue import GET_POST, managed_instansi


@login_required
@require_safe
def need_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_list_needs(actor))
    form = NeedFilterForm(request.GET)
    kwargs = form.selector_kwargs()
    page = paginate(request, selectors.need_list(actor=actor, **kwargs))
    for need in page.object_list:
        need.status = need_status(need.enrolment.state if need.enrolment else None)
    return render(
        request,
        "training/need_list.html",
        {
            "page": page,
            "sorting": selectors.NEED_SORT.parse(kwargs["sort"]),
            "f": kwargs,
            "years": [(y, y) for y in selectors.need_years(actor)],
            "statuses": NeedStatus.choices,
            "sources": NeedSource.choices,
            "querystring": querystring_without_page(request),
            "can_plan": access.can_plan_any_needs(actor),
        },
    )


@login_required
@require_http_methods(GET_POST)
def need_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_propose_need(actor))
    employees = access.need_subjects(actor)
    competencies = access.need_competencies(actor)
    initial = {"employee": actor.employee_id, "year": timezone.localdate().year + 1}
    form = NeedForm(request.POST or None, initial=initial, employees=employees, competencies=competencies)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_propose(actor=actor, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Kebutuhan pelatihan dicatat."))
            return redirect(need)
    return render(request, "training/need_form.html", {"form": form})


@login_required
@require_http_methods(GET_POST)
def need_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    need = access.get_need(actor, pk)
    can_manage = access.can_manage_need(actor, need)
    status = need_status(need.enrolment.state if need.enrolment else None)
    competency_form = nomination_form = None
    if can_manage and status == NeedStatus.OPEN:
        data = request.POST if request.method == "POST" else None
        action = request.POST.get("action")
        competency_form = NeedCompetencyForm(
            data if action == "competency" else None,
            initial={"competency": need.competency_id},
            competencies=selectors.competencies_for(need),
        )
        nomination_form = NeedNominationForm(
            data if action == "nominate" else None, programmes=selectors.matching_programmes(actor, need)
        )
    if request.method == "POST":
        access.require(can_manage)
        if competency_form is None or nomination_form is None:
            messages.error(request, _("Kebutuhan ini sudah ditindaklanjuti dengan usulan pelatihan."))
            return redirect(need)
        try:
            if competency_form.is_bound and competency_form.is_valid():
                services.need_set_competency(actor=actor, need=need, **competency_form.cleaned_data)
                messages.success(request, _("Kompetensi kebutuhan ini disimpan."))
                return redirect(need)
            if nomination_form.is_bound and nomination_form.is_valid():
                need = services.need_nominate(actor=actor, need=need, **nomination_form.cleaned_data)
                messages.success(request, _("Pegawai diusulkan untuk program ini."))
                return redirect(need)
        except ValidationError as exc:
            add_service_errors(nomination_form if nomination_form.is_bound else competency_form, exc)
    return render(
        request,
        "training/need_detail.html",
        {
            "need": need,
            "status": status,
            "status_label": NeedStatus(status).label,
            "can_manage": can_manage,
            "competency_form": competency_form,
            "nomination_form": nomination_form,
        },
    )


# --- HR's aggregation ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bar:
    """A bar of the chart: its count and its width in SVG units (100 = the largest)."""

    label: str
    count: int
    top: int

    @property
    def width_attr(self) -> str:
        return f"{(100 * self.count / self.top) if self.top else 0:.1f}"


def _filters(request: ActorRequest) -> tuple[selectors.NeedFilters, dict[str, Any]]:
    actor = request.actor
    instansi, choices = managed_instansi(request, access.can_plan_needs)
    years = selectors.planning_years(instansi)
    next_year = timezone.localdate().year + 1
    year = query_int(request, "year")
    year = year if year is not None and NEED_YEAR_MIN <= year <= NEED_YEAR_MAX else next_year
    units = list(selectors.planning_units(instansi))
    competencies = list(selectors.planning_competencies(instansi))
    unit_pk, competency_pk = query_int(request, "unit"), query_int(request, "competency")
    unit = next((u for u in units if u.pk == unit_pk), None)
    competency = next((c for c in competencies if c.pk == competency_pk), None)
    source = request.GET.get("source", "")
    f = selectors.NeedFilters(
        instansi=instansi,
        year=year,
        unit=unit,
        competency=competency,
        source=source if source in NeedSource.values else "",
    )
    min_depth = min((u.depth for u in units), default=0)
    context = {
        "instansi_choices": choices,
        "years": [(y, y) for y in sorted({*years, next_year, year}, reverse=True)],
        "unit_tree": [(u, "– " * (u.depth - min_depth)) for u in units],
        "competency_choices": [(c.pk, f"{c.code} {c.name}") for c in competencies],
        "sources": NeedSource.choices,
        "can_import": access.can_plan_needs(actor, instansi.pk),
    }
    return f, context


def _competency_label(row: dict[str, Any]) -> str:
    if row["competency_id"] is None:
        return _("(Belum dipetakan ke kompetensi)")
    return f"{row['competency__code']} {row['competency__name']}"


@login_required
@require_safe
def need_summary(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    f, context = _filters(request)
    per_competency = selectors.per_competency(actor, f)
    top = max((r["needs"] for r in per_competency), default=0)
    bars = [Bar(_competency_label(r), r["needs"], top) for r in per_competency]
    rows = selectors.per_competency_and_unit(actor, f)
    for row in rows:
        row["label"] = _competency_label(row)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "training/need_summary.html",
        {
            **context,
            "f": f,
            "bars": bars,
            "per_competency": list(zip(per_competency, bars, strict=True)),
            "page": paginate(request, rows),
            "totals": {
                "needs": sum(r["needs"] for r in per_competency),
                "met": sum(r["met"] for r in per_competency),
            },
            "export_query": params.urlencode(),
            "querystring": querystring_without_page(request),
        },
    )


def _excel_competency(rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
    for row in rows:
        yield [_competency_label(row), row["needs"], row["people"], row["high"], row["met"]]


def _excel_units(rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
    for row in rows:
        yield [_competency_label(row), row["employee__unit__name"], row["needs"], row["people"], row["high"],
               row["met"]]  # fmt: skip


@login_required
@require_safe
def need_export(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    f, _context = _filters(request)
    counts = [_("Kebutuhan"), _("Pegawai"), _("Prioritas tinggi"), _("Terpenuhi")]
    scope = " · ".join(
        part
        for part in (
            f.unit.name if f.unit else "",
            str(f.competency) if f.competency else "",
            str(NeedSource(f.source).label) if f.source else "",
        )
        if part
    )
    heading = report_heading(
        instansi_name=f.instansi.name,
        title=_("Rekap kebutuhan pelatihan tahun %(year)s") % {"year": f.year},
        scope=scope,
        on=timezone.localdate(),
    )
    sheets = [
        Sheet(
            _("Per kompetensi"),
            [_("Kompetensi"), *counts],
            _excel_competency(selectors.per_competency(actor, f)),
            widths=(44, 12, 12, 14, 12),
        ),
        Sheet(
            _("Per kompetensi dan unit"),
            [_("Kompetensi"), _("Unit kerja"), *counts],
            _excel_units(selectors.per_competency_and_unit(actor, f)),
            widths=(44, 36, 12, 12, 14, 12),
        ),
    ]
    name = f"kebutuhan-pelatihan-{slugify(f.instansi.name)}-{f.year}.xlsx"
    return xlsx_response(name, workbook_bytes(heading=heading, sheets=sheets))


@login_required
@require_POST
def need_import(request: ActorRequest) -> HttpResponse:
    """HR takes in the training needs written on the agency's coaching plans (idempotent)."""
    instansi, _choices = managed_instansi(request, access.can_plan_needs)
    try:
        added = services.needs_import_coaching(actor=request.actor, instansi=instansi)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(
            request, _("%(count)s kebutuhan dari rencana pembinaan ditambahkan.") % {"count": added}
        )
    return redirect(f"{reverse('training:need_summary')}?instansi={instansi.pk}")
