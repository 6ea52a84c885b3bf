"""Pages of the monitoring: the scores per unit and the live lists beside them (HR: the agency; heads:
their subtree) with its Excel export, and HR's work lists: reward candidates (with their export) and
the coaching overview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import Actor
from core.excel import xlsx_response
from core.http import ActorRequest, query_int
from core.models import Instansi, UnitKerja
from core.paging import paginate, querystring_without_page
from core.sorting import Sorting
from surveys.selectors import results as survey_results

from .. import access, charts, excel, selectors
from ..choices import AppraisalState, CoachingState, SkpState
from ..models import PerformanceYear, Period
from ..rules import display
from .base import managed_instansi, pick

TABS = ("unit", "belum_skp", "belum_dinilai")


def _rewards_instansi(request: ActorRequest) -> tuple[Instansi, list[Instansi]]:
    """The HR work lists (rewards, coaching): HR of the agency only; heads and employees 403."""
    access.require(access.can_view_rewards(request.actor))
    return managed_instansi(request)


# --- Monitoring --------------------------------------------------------------------------------------


@dataclass
class Monitoring:
    """What the monitoring shows: agency, year, period and unit, each checked through core.access."""

    instansi: Instansi
    instansi_choices: list[Instansi]
    whole_agency: bool
    unit: UnitKerja | None
    unit_choices: list[UnitKerja]
    years: list[PerformanceYear]
    year: PerformanceYear | None
    periods: list[Period]
    period: Period | None
    search: str
    sorting: Sorting
    today: date

    @property
    def provisional(self) -> bool:
        """The period has not ended in the agency's zone: its scores are provisional ("sementara")."""
        return self.period is not None and self.period.end >= self.today

    @property
    def label(self) -> str:
        return self.unit.name if self.unit is not None else self.instansi.name


def _monitoring(request: ActorRequest) -> Monitoring:
    """- not allowed to monitor (employees): 403;
    - an agency or unit the actor cannot see: 404; one they see but do not monitor (a head asking
      for another unit, or another agency they belong to): 403;
    - no agency chosen: the first one monitored; a head starts at their own unit."""
    actor = request.actor
    access.require(access.can_monitor_performance(actor))
    choices = list(access.monitoring_instansi(actor).order_by("name"))
    unit = None
    unit_pk = query_int(request, "unit")
    if unit_pk is not None:
        unit = access.get_unit(actor, unit_pk)
    pk = query_int(request, "instansi")
    if pk is not None:
        instansi = pick(choices, pk) or access.get_monitoring_instansi(actor, pk)
    elif unit is not None:
        instansi = pick(choices, unit.instansi_id) or access.get_monitoring_instansi(actor, unit.instansi_id)
    elif choices:
        instansi = choices[0]
    else:
        raise Http404
    if unit is not None and unit.instansi_id != instansi.pk:
        messages.warning(
            request, _("Unit yang dipilih bukan bagian dari instansi ini; filter unit diabaikan.")
        )
        unit = None
    whole_agency = access.can_manage_performance(actor, instansi.pk)
    if unit is not None:
        access.require(access.can_monitor_unit(actor, unit))
    unit_choices = list(
        selectors.monitoring.monitored_units(actor, instansi, None)
        .filter(is_active=True)
        .only("pk", "name", "path", "depth", "instansi_id")
        .order_by("path")
    )
    if unit is None and not whole_agency:
        # A head starts at their own unit.
        start_id = access.head_start_unit_id(actor, instansi.pk)
        access.require(start_id is not None)
        assert start_id is not None  # require() raised otherwise
        unit = next((u for u in unit_choices if u.pk == start_id), None) or access.get_unit(actor, start_id)
    year_list = list(PerformanceYear.objects.filter(instansi=instansi).order_by("-year"))
    # Without ?year: the year of the latest scored period (in January, last December's), else this one.
    wanted = (
        query_int(request, "year")
        or selectors.monitoring.latest_scored_year(instansi)
        or timezone.localdate().year
    )
    year = next((y for y in year_list if y.year == wanted), year_list[0] if year_list else None)
    periods = selectors.years.periods_of(year) if year is not None else []
    period_pk = query_int(request, "period")
    today = timezone.localdate(timezone=ZoneInfo(instansi.time_zone))  # the agency's own date
    period = next((p for p in periods if p.pk == period_pk), None) or selectors.monitoring.default_period(
        periods, today, selectors.monitoring.scored_period_ids(periods)
    )
    return Monitoring(
        instansi=instansi,
        instansi_choices=choices,
        whole_agency=whole_agency,
        unit=unit,
        unit_choices=unit_choices,
        years=year_list,
        year=year,
        periods=periods,
        period=period,
        search=request.GET.get("q", "").strip(),
        sorting=selectors.monitoring.PEOPLE_SORT.from_request(request),
        today=today,
    )


def _lists(actor: Actor, m: Monitoring) -> tuple[Any, Any]:
    assert m.year is not None and m.period is not None
    common = dict(actor=actor, instansi=m.instansi, unit=m.unit, search=m.search, sort=m.sorting.value)
    return (
        selectors.monitoring.without_skp(year=m.year, **common),  # type: ignore[arg-type]
        selectors.monitoring.not_appraised(period=m.period, **common),  # type: ignore[arg-type]
    )


def _label_states(employees: Any) -> None:
    """The labels of the annotated SKP and appraisal states, for the live lists."""
    skp_states, appraisal_states = dict(SkpState.choices), dict(AppraisalState.choices)
    for e in employees:
        e.skp_state_label = skp_states.get(getattr(e, "skp_state", None) or "", "")
        e.appraisal_state_label = appraisal_states.get(getattr(e, "appraisal_state", None) or "", "")


@login_required
@require_safe
def monitoring(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    m = _monitoring(request)
    tab = request.GET.get("tampil", "unit")
    tab = tab if tab in TABS else "unit"
    min_depth = min((u.depth for u in m.unit_choices), default=0)
    context: dict[str, Any] = {
        "m": m,
        "tab": tab,
        "sorts": [
            ("nama", _("Nama A–Z")),
            ("-nama", _("Nama Z–A")),
            ("nip", "NIP"),
            ("-nip", _("NIP (menurun)")),
            ("jabatan", _("Jabatan A–Z")),
            ("-jabatan", _("Jabatan Z–A")),
            ("unit", _("Unit kerja")),
            ("-unit", _("Unit kerja (menurun)")),
        ],
        "sorting": m.sorting,
        "legend": charts.legend(),
        "min_depth": min_depth,
        "unit_options": [(u, "– " * (u.depth - min_depth)) for u in m.unit_choices],
        # Citizen satisfaction beside the SKP scores (issue 12 item 8): the latest IKM of the
        # service units in scope, read from the surveys app's selector (its own access rules).
        "ikm": survey_results.monitoring_ikm(
            actor=actor, instansi=m.instansi, unit=m.unit, until=m.period.end if m.period else None
        ),
    }
    if m.period is not None:
        no_skp, no_appraisal = _lists(actor, m)
        scores = selectors.monitoring.unit_scores(
            actor=actor, instansi=m.instansi, period=m.period, unit=m.unit
        )
        source = {"unit": scores, "belum_skp": no_skp, "belum_dinilai": no_appraisal}[tab]
        page = paginate(request, source)
        page.object_list = list(page.object_list)
        if tab != "unit":
            _label_states(page.object_list)
        top_depth = m.unit.depth if m.unit is not None else min_depth
        rows = (
            selectors.monitoring.unit_rows(list(page.object_list), top_depth=top_depth)
            if tab == "unit"
            else None
        )
        summary = selectors.monitoring.summary(actor=actor, instansi=m.instansi, period=m.period, unit=m.unit)
        for row in rows or []:
            row.segments = charts.stacked_bar(row.counts)
        if summary is not None:
            summary.segments = charts.stacked_bar(summary.counts)
        context.update(
            page=page,
            rows=rows,
            summary=summary,
            count_no_skp=no_skp.count() if tab != "belum_skp" else page.paginator.count,
            count_no_appraisal=no_appraisal.count() if tab != "belum_dinilai" else page.paginator.count,
        )
    params = request.GET.copy()
    for key in ("page", "tampil"):
        params.pop(key, None)
    context["base_query"] = params.urlencode()
    context["querystring"] = querystring_without_page(request)
    return render(request, "performance/monitoring.html", context)


@login_required
@require_safe
def monitoring_export(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    m = _monitoring(request)
    if m.period is None or m.year is None:
        messages.info(request, _("Belum ada tahun kinerja untuk diunduh."))
        return redirect(f"{reverse('performance:monitoring')}?instansi={m.instansi.pk}")
    no_skp, no_appraisal = _lists(actor, m)
    scores = selectors.monitoring.unit_scores(actor=actor, instansi=m.instansi, period=m.period, unit=m.unit)
    top_depth = m.unit.depth if m.unit is not None else min((u.depth for u in m.unit_choices), default=0)
    content = excel.monitoring_workbook(
        instansi=m.instansi,
        scope=m.unit.name if m.unit is not None else "",
        period=m.period,
        rows=selectors.monitoring.unit_rows(list(scores), top_depth=top_depth),
        without_skp=no_skp,
        not_appraised=no_appraisal,
    )
    name = f"monitoring-kinerja-{slugify(m.label)}-{m.period.start:%Y%m}"
    if m.period.is_annual:
        name = f"monitoring-kinerja-{slugify(m.label)}-{m.year.year}-tahunan"
    return xlsx_response(f"{name}.xlsx", content)


# --- Rewards and coaching ----------------------------------------------------------------------------


def _reward_period(request: ActorRequest, instansi: Instansi) -> tuple[Period | None, list[Period]]:
    """?period= among the agency's periods; default: the annual evaluation of this (or the latest) year."""
    options = list(
        Period.objects.filter(year__instansi=instansi)
        .select_related("year")
        .order_by("-year__year", "-kind", "end")
    )
    pk = query_int(request, "period")
    chosen = next((p for p in options if p.pk == pk), None)
    if chosen is None:
        annual = [p for p in options if p.is_annual]
        this_year = [p for p in annual if p.year.year == timezone.localdate().year]
        found = this_year or annual
        chosen = found[0] if found else None
    return chosen, options


@login_required
@require_safe
def rewards(request: ActorRequest) -> HttpResponse:
    instansi, choices = _rewards_instansi(request)
    period, options = _reward_period(request, instansi)
    sorting = selectors.monitoring.REWARD_SORT.from_request(request)
    candidates = (
        selectors.monitoring.reward_candidates(
            actor=request.actor, instansi=instansi, period=period, sort=sorting.value
        )
        if period is not None
        else None
    )
    page = paginate(request, candidates) if candidates is not None else None
    if page is not None:
        page.object_list = list(page.object_list)
        for appraisal in page.object_list:
            appraisal.indeks_display = display(appraisal.indeks)
    return render(
        request,
        "performance/rewards.html",
        {
            "instansi": instansi,
            "instansi_choices": choices,
            "period": period,
            "period_options": options,
            "page": page,
            "sorting": sorting,
            "querystring": querystring_without_page(request),
        },
    )


@login_required
@require_safe
def rewards_export(request: ActorRequest) -> HttpResponse:
    instansi, _choices = _rewards_instansi(request)
    period, _options = _reward_period(request, instansi)
    if period is None:
        messages.info(request, _("Belum ada periode penilaian untuk diunduh."))
        return redirect(f"{reverse('performance:rewards')}?instansi={instansi.pk}")
    candidates = selectors.monitoring.reward_candidates(actor=request.actor, instansi=instansi, period=period)
    content = excel.rewards_workbook(instansi=instansi, period=period, appraisals=candidates)
    return xlsx_response(f"calon-penghargaan-{slugify(instansi.name)}-{slugify(period.label)}.xlsx", content)


@login_required
@require_safe
def coaching_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    instansi, choices = _rewards_instansi(request)
    unit = None
    unit_pk = query_int(request, "unit")
    if unit_pk is not None:
        unit = access.get_unit(actor, unit_pk)
        if unit.instansi_id != instansi.pk:
            unit = None
    state = request.GET.get("status", "")
    state = state if state in CoachingState.values else ""
    sorting = selectors.monitoring.COACHING_SORT.from_request(request)
    plans = selectors.monitoring.coaching_plans(
        actor=actor, instansi=instansi, state=state, unit=unit, sort=sorting.value
    )
    units = list(selectors.monitoring.agency_units(instansi))
    return render(
        request,
        "performance/coaching_list.html",
        {
            "instansi": instansi,
            "instansi_choices": choices,
            "unit": unit,
            "units": units,
            "state": state,
            "states": CoachingState.choices,
            "page": paginate(request, plans),
            "sorting": sorting,
            "querystring": querystring_without_page(request),
        },
    )
