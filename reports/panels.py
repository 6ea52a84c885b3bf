"""What the HR reports contribute to the home page (core.panels): the career work of the next months
(KGB notices, promotions, retirements), each a link to its report already filtered, and the
headcount charts. Nothing imports reports: the app registers these itself (apps.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core import panels
from core.http import ActorRequest
from employees.rules import career

from . import access, selectors

# Where these lines stand among the other apps' on the home page (core.panels.WorkItem).
ORDER_KGB = 20
ORDER_PROMOTION = 21
ORDER_RETIREMENT = 22
ORDER_CHART_GOLONGAN = 10
ORDER_CHART_UNITS = 20

KGB_MONTHS = 2  # the notice goes out 2 months before the KGB takes effect (domain §5)
RETIREMENT_YEARS = 1  # retirements in the next 12 months
TOP_UNITS = 8  # the unit chart shows the largest units; the rekap has them all


def _url(name: str, **params: Any) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def _unit_bars(tab: selectors.CrossTab) -> list[dict[str, Any]]:
    """The largest top-level units as bars (the _bar_chart.html shape)."""
    rows = sorted((r for r in tab.rows if r.total), key=lambda r: (-r.total, r.label))[:TOP_UNITS]
    grand = tab.grand_total
    top = max((r.total for r in rows), default=0)
    return [
        {
            "label": row.label,
            "count": row.total,
            "percent": 100 * row.total / grand if grand else 0,
            "width": f"{100 * row.total / top if top else 0:.2f}",
        }
        for row in rows
    ]


@panels.register(panels.DASHBOARD)
def dashboard(request: ActorRequest) -> dict[str, Any]:
    actor = request.actor
    if not access.can_view_report(actor, "kgb"):  # the HR work lists: HR officers and the superuser
        return {}
    instansi = panels.focus_agency(request, access.report_instansi(actor, "kgb"))
    if instansi is None:
        return {}
    today = timezone.localdate()
    agency = {"instansi": instansi.pk}
    kgb_end = career.add_months(today, KGB_MONTHS)
    kgb = selectors.kgb_due(actor=actor, instansi=instansi, unit=None, start=today, end=kgb_end)
    retirement_end = career.add_years(today, RETIREMENT_YEARS) - timedelta(days=1)
    retiring = selectors.retiring(actor=actor, instansi=instansi, unit=None, start=today, end=retirement_end)
    work = [
        panels.WorkItem(
            key="kgb",
            order=ORDER_KGB,
            label=_("Pemberitahuan KGB jatuh tempo dalam 2 bulan"),
            url=_url("reports:kgb", **agency, bulan=KGB_MONTHS),
            count=kgb.order_by().count(),
            hint=_("s.d. %(date)s") % {"date": date_format(kgb_end, "DATE_FORMAT")},
        ),
        panels.WorkItem(
            key="retirement",
            order=ORDER_RETIREMENT,
            label=_("Pensiun (BUP) dalam 12 bulan"),
            url=_url("reports:pensiun", **agency, tahun=RETIREMENT_YEARS),
            count=retiring.order_by().count(),
        ),
    ]
    period = selectors.next_promotion_period(today)
    if period is not None:
        eligible = selectors.promotion_eligible(actor=actor, instansi=instansi, unit=None, period=period)
        work.append(
            panels.WorkItem(
                key="promotion",
                order=ORDER_PROMOTION,
                label=_("Usul kenaikan pangkat periode %(period)s")
                % {"period": date_format(period, "DATE_FORMAT")},
                url=_url("reports:kenaikan_pangkat", **agency, periode=period.isoformat()),
                count=eligible.order_by().count(),
                hint=_("memenuhi syarat masa kerja"),
            )
        )
    tab = selectors.headcount(actor=actor, instansi=instansi)
    rekap = _url("reports:rekap", **agency)
    charts = [
        panels.Chart(
            key="golongan",
            order=ORDER_CHART_GOLONGAN,
            title=_("Pegawai per golongan"),
            template="reports/_dashboard_bars.html",
            data={"bars": tab.bars(), "total": tab.grand_total},
            url=rekap,
        ),
        panels.Chart(
            key="unit",
            order=ORDER_CHART_UNITS,
            title=_("Pegawai per unit kerja (terbesar)"),
            template="reports/_dashboard_bars.html",
            data={"bars": _unit_bars(tab), "total": tab.grand_total},
            url=rekap,
        ),
    ]
    return {"hr_agency": instansi, panels.WORK_HR: work, panels.CHARTS_HR: charts}
