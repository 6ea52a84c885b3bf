"""What performance management contributes to the home page (core.panels): HR's open SKP work and the
predikat chart, the appraiser's queue with its overdue items, the employee's own SKP and realisations.
Every line links to the page where the work is done, already filtered."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core import panels
from core.http import ActorRequest
from core.models import Instansi

from . import access, charts, rules, selectors
from .choices import Predikat, SkpState

# Where these lines stand among the other apps' on the home page (core.panels.WorkItem).
ORDER_WITHOUT_SKP = 30
ORDER_NOT_APPRAISED = 31
ORDER_UNSCORED = 32
ORDER_TO_APPROVE = 10
ORDER_TO_RATE = 11
ORDER_DIALOG = 12
ORDER_OWN_SKP = 10
ORDER_UNREPORTED = 20
ORDER_CHART_PREDIKAT = 30


def _url(name: str, *args: Any, **params: Any) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(params)}" if params else url


def _day(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def _hr(request: ActorRequest, instansi: Instansi) -> dict[str, Any]:
    actor = request.actor
    today = timezone.localdate(timezone=ZoneInfo(instansi.time_zone))  # the agency's own date
    work: list[panels.WorkItem] = []
    year = selectors.dashboard.year_of(instansi, today.year)
    if year is None:
        work.append(
            panels.WorkItem(
                key="year_missing",
                order=ORDER_WITHOUT_SKP,
                label=_("Tahun kinerja %(year)s belum dibuka") % {"year": today.year},
                url=reverse("performance:year_create"),
                value=_("Buka tahun kinerja"),
                hint=_("Pegawai baru dapat menyusun SKP setelah tahun kinerja dibuka."),
                tone="warning",
            )
        )
    else:
        count = selectors.dashboard.without_skp_count(actor=actor, instansi=instansi, year=year)
        late = rules.days_overdue(year.skp_deadline, today) if count else 0
        work.append(
            panels.WorkItem(
                key="without_skp",
                order=ORDER_WITHOUT_SKP,
                label=_("Pegawai belum mengajukan SKP %(year)s") % {"year": year.year},
                url=_url("performance:monitoring", instansi=instansi.pk, year=year.year, tampil="belum_skp"),
                count=count,
                hint=_("batas %(date)s") % {"date": _day(year.skp_deadline)},
                tone="danger" if late else "",
                overdue_days=late or None,
            )
        )
    period = selectors.dashboard.last_ended_period(instansi, today)
    if period is not None:
        count = selectors.dashboard.not_appraised_count(actor=actor, instansi=instansi, period=period)
        late = rules.days_overdue(period.appraisal_deadline, today) if count else 0
        work.append(
            panels.WorkItem(
                key="not_appraised",
                order=ORDER_NOT_APPRAISED,
                label=_("Pegawai belum dinilai untuk %(period)s") % {"period": period.label},
                url=_url(
                    "performance:monitoring",
                    instansi=instansi.pk,
                    year=period.year.year,
                    period=period.pk,
                    tampil="belum_dinilai",
                ),
                count=count,
                hint=_("batas penilaian %(date)s") % {"date": _day(period.appraisal_deadline)},
                tone="danger" if late else "",
                overdue_days=late or None,
            )
        )
    sekda_skp = selectors.dashboard.sekda_skp_waiting(actor=actor, instansi=instansi, today=today)
    if sekda_skp is not None:
        rating = sekda_skp.state == SkpState.APPROVED
        work.append(
            panels.WorkItem(
                key="sekda_skp",
                order=ORDER_WITHOUT_SKP,
                label=(
                    _("Penilaian kinerja %(name)s menunggu rating kepala daerah untuk dicatat")
                    if rating
                    else _("SKP %(name)s menunggu keputusan kepala daerah untuk dicatat")
                )
                % {"name": sekda_skp.employee.name},
                url=(
                    reverse("performance:appraisal", args=[sekda_skp.pk, sekda_skp.due_period_id])  # type: ignore[attr-defined]
                    if rating
                    else sekda_skp.get_absolute_url()
                ),
                value=_("Catat keputusan"),
                tone="warning",
            )
        )
    work.append(
        panels.WorkItem(
            key="unscored",
            order=ORDER_UNSCORED,
            label=_("Periode berakhir yang belum dihitung skornya"),
            url=_url("performance:scoring", instansi=instansi.pk),
            count=selectors.dashboard.unscored_periods(actor=actor, instansi=instansi, today=today),
        )
    )
    scored, counts = selectors.dashboard.predikat_distribution(actor=actor, instansi=instansi, today=today)
    chart_data: dict[str, Any] = {
        "segments": charts.stacked_bar(counts),
        "rows": [
            (label, counts.get(value, 0), charts.PREDIKAT_COLOURS[value]) for value, label in Predikat.choices
        ],
        "period": scored,
        "total": sum(counts.values()),
    }
    chart_url = ""
    if scored is not None:
        chart_url = _url(
            "performance:monitoring", instansi=instansi.pk, year=scored.year.year, period=scored.pk
        )
    chart = panels.Chart(
        key="predikat",
        order=ORDER_CHART_PREDIKAT,
        title=_("Distribusi predikat kinerja"),
        template="performance/_dashboard_predikat.html",
        data=chart_data,
        url=chart_url,
    )
    return {panels.WORK_HR: work, panels.CHARTS_HR: [chart]}


def _appraiser(request: ActorRequest) -> dict[str, Any]:
    actor = request.actor
    work = selectors.dashboard.appraiser_work(actor, timezone.localdate(), timezone.now())
    if not access.queue_in_menu(actor) and not (work.to_approve or work.to_rate or work.dialog):
        return {}  # an employee who appraises nobody: no section
    queue = reverse("performance:queue")
    oldest_skp = max((o.days for o in work.overdue if o.what == "skp"), default=None)
    oldest_rate = max((o.days for o in work.overdue if o.what == "nilai"), default=None)
    items = [
        panels.WorkItem(
            key="to_approve",
            order=ORDER_TO_APPROVE,
            label=_("SKP bawahan menunggu persetujuan"),
            url=f"{queue}#skp",
            count=work.to_approve,
            tone="danger" if oldest_skp else "",
            overdue_days=oldest_skp,
        ),
        panels.WorkItem(
            key="to_rate",
            order=ORDER_TO_RATE,
            label=_("Periode bawahan siap dinilai"),
            url=f"{queue}#nilai",
            count=work.to_rate,
            tone="danger" if oldest_rate else "",
            overdue_days=oldest_rate,
        ),
        panels.WorkItem(
            key="dialog",
            order=ORDER_DIALOG,
            label=_("Dialog kinerja menunggu tanggapan"),
            url=f"{queue}#dialog",
            count=work.dialog,
        ),
    ]
    overdue = [
        {
            "label": (
                _("SKP %(name)s menunggu persetujuan") % {"name": o.employee_name}
                if o.what == "skp"
                else _("%(name)s belum dinilai untuk %(period)s")
                % {"name": o.employee_name, "period": o.period.label if o.period else ""}
            ),
            "days": o.days,
            "url": (
                reverse("performance:skp_detail", args=[o.skp_pk])
                if o.what == "skp" or o.period is None
                else reverse("performance:appraisal", args=[o.skp_pk, o.period.pk])
            ),
        }
        for o in work.overdue
    ]
    return {panels.WORK_HEAD: items, "head_overdue": overdue}


def _own(request: ActorRequest) -> dict[str, Any]:
    actor = request.actor
    today = timezone.localdate()
    own = selectors.dashboard.own_performance(actor=actor, year=today.year, today=today)
    my_skp = reverse("performance:my_skp")
    if own.year is None:
        return {
            panels.WORK_EMPLOYEE: [
                panels.WorkItem(
                    key="own_skp",
                    order=ORDER_OWN_SKP,
                    label=_("SKP %(year)s") % {"year": today.year},
                    url=my_skp,
                    value=_("Tahun kinerja belum dibuka"),
                    hint=_("BKPSDM belum membuka tahun kinerja; SKP dapat disusun setelah itu."),
                )
            ]
        }
    year = own.year
    skp = own.skp
    if skp is None:
        state, url = _("Belum disusun"), my_skp
        hint = _("Susun dan ajukan SKP sebelum %(date)s") % {"date": _day(year.skp_deadline)}
        late = rules.days_overdue(year.skp_deadline, today)
    else:
        state, url = skp.get_state_display(), reverse("performance:skp_detail", args=[skp.pk])
        late = 0
        if skp.state in (SkpState.DRAFT, SkpState.RETURNED):
            hint = _("Ajukan SKP sebelum %(date)s") % {"date": _day(year.skp_deadline)}
            late = rules.days_overdue(year.skp_deadline, today)
        elif skp.state == SkpState.SUBMITTED:
            hint = _("Menunggu persetujuan atasan")
        elif own.unreported:
            first = own.unreported[0]
            hint = _("Laporkan realisasi %(period)s sebelum %(date)s") % {
                "period": first.label,
                "date": _day(first.realisation_deadline),
            }
            late = rules.days_overdue(first.realisation_deadline, today)
        elif own.current is not None:
            hint = _("Laporkan realisasi %(period)s sebelum %(date)s") % {
                "period": own.current.label,
                "date": _day(own.current.realisation_deadline),
            }
        else:
            hint = ""
    items = [
        panels.WorkItem(
            key="own_skp",
            order=ORDER_OWN_SKP,
            label=_("SKP %(year)s") % {"year": year.year},
            url=url,
            value=str(state),
            hint=hint,
            tone="danger" if late else "",
            overdue_days=late or None,
        )
    ]
    if own.approved is not None:
        first_missing = own.unreported[0] if own.unreported else None
        items.append(
            panels.WorkItem(
                key="unreported",
                order=ORDER_UNREPORTED,
                label=_("Periode yang realisasinya belum dilaporkan"),
                url=(
                    reverse("performance:realisation", args=[own.approved.pk, first_missing.pk])
                    if first_missing is not None
                    else my_skp
                ),
                count=len(own.unreported),
                hint=", ".join(p.label for p in own.unreported[:3])
                + ("…" if len(own.unreported) > 3 else ""),
            )
        )
    return {panels.WORK_EMPLOYEE: items}


@panels.register(panels.DASHBOARD)
def dashboard(request: ActorRequest) -> dict[str, Any]:
    actor = request.actor
    data: dict[str, Any] = {}
    if access.can_manage_any_performance(actor):
        instansi = panels.focus_agency(request, access.scoring_instansi(actor))
        if instansi is not None:
            data.update(_hr(request, instansi))
    if access.can_view_performance_queue(actor) and actor.employee_id is not None:
        data.update(_appraiser(request))
    if access.has_own_skp_pages(actor):
        data.update(_own(request))
    return data
