"""HR's Excel export of an agency's cuti tahunan balances (core.excel, as the request export): per
employee N-2, N-1, N, their sum, the days used this year and where their cuti besar stands."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.excel import Sheet, workbook_bytes, xlsx_response
from core.http import ActorRequest

from .. import access, rules, selectors
from ..forms import BalanceFilterForm
from .requests import EXPORT_MAX_ROWS, chosen_agency

BESAR_YEARS = 5  # domain.md §6: cuti besar after 5 years of continuous service


def besar_status(row, year: int) -> str:
    """Where the employee's cuti besar stands this year: taken, requested, entitled or not yet."""
    if row.besar_granted:
        return str(_("Diambil tahun ini"))
    if row.besar_open:
        return str(_("Sedang diajukan"))
    start = row.tmt_cpns or row.tmt_pppk
    if row.kind == "PNS" and start is not None and rules.full_years(start, access.today()) >= BESAR_YEARS:
        return str(_("Memenuhi syarat"))
    return str(_("Belum memenuhi syarat"))


@login_required
@require_GET
def balances_export(request: ActorRequest) -> HttpResponse:
    """The balances page's filtered list as .xlsx (at most EXPORT_MAX_ROWS rows)."""
    instansi, _agencies = chosen_agency(request)
    year = access.today().year
    form = BalanceFilterForm(
        request.GET, unit_qs=access.leave_units(request.actor, instansi.pk).order_by("path")
    )
    back = f"{request.path.rsplit('unduh/', 1)[0]}?{request.GET.urlencode()}"
    if bad := form.invalid_labels():
        # Never the whole agency instead of what was asked for (found by the probe).
        messages.error(
            request,
            _("Filter tidak valid: %(fields)s. Perbaiki filternya lalu unduh lagi; tidak ada yang diunduh.")
            % {"fields": ", ".join(bad)},
        )
        return redirect(back)
    rows = selectors.balance_export_rows(
        actor=request.actor,
        instansi_id=instansi.pk,
        year=year,
        q=form.value("q") or "",
        unit=form.value("unit"),
    )
    if rows.count() > EXPORT_MAX_ROWS:
        messages.error(request, _("Terlalu banyak baris untuk diunduh; persempit filternya."))
        return redirect(back)
    sheet = Sheet(
        title=_("Saldo cuti tahunan"),
        headers=[
            _("Nama"),
            _("NIP"),
            _("Unit kerja"),
            f"N-2 ({year - 2})",
            f"N-1 ({year - 1})",
            f"N ({year})",
            _("Jumlah"),
            _("Cuti tahunan disetujui tahun ini (hari)"),
            _("Cuti besar"),
        ],
        rows=(
            [
                r.full_name,
                r.nip,
                r.unit.name,
                r.n2_days,
                r.n1_days,
                r.n_days,
                r.total_days,
                -r.used_days,
                besar_status(r, year),
            ]
            for r in rows.iterator(chunk_size=2000)
        ),
        widths=[30, 20, 30, 10, 10, 10, 10, 16, 22],
        freeze_header=True,
    )
    content = workbook_bytes(
        heading=[instansi.name, _("Saldo cuti tahunan"), f"{access.today():%d-%m-%Y}"], sheets=[sheet]
    )
    return xlsx_response(f"saldo-cuti-{instansi.code}-{year}.xlsx", content)
