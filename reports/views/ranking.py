"""DUK (Daftar Urut Kepangkatan) and the rekap (bezetting)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.http import ActorRequest
from employees.choices import EmployeeKind

from .. import excel, selectors
from ..rows import duk_row
from .base import page_of, render_report, resolve_scope, wants_xlsx, xlsx_filename


@login_required
@require_safe
def duk(request: ActorRequest) -> HttpResponse:
    scope = resolve_scope(request, "duk")
    if isinstance(scope, HttpResponse):
        return scope
    today = timezone.localdate()
    title = _("Daftar Urut Kepangkatan (DUK) Pegawai Negeri Sipil")
    actor = request.actor
    if wants_xlsx(request):
        employees = selectors.duk(actor=actor, instansi=scope.instansi, unit=scope.unit)
        content = excel.duk_workbook(scope=scope, title=title, employees=employees, on=today)
        return excel.xlsx_response(xlsx_filename(scope, "duk"), content)
    page = page_of(request, selectors.duk_page_source(actor=actor, instansi=scope.instansi, unit=scope.unit))
    start = page.start_index()
    rows = [duk_row(start + i, e, today) for i, e in enumerate(page.object_list)]
    unranked = selectors.duk_unranked(actor=actor, instansi=scope.instansi, unit=scope.unit)
    return render_report(
        request, "reports/duk.html", scope, title, {"page": page, "rows": rows, "unranked": unranked}
    )


@login_required
@require_safe
def rekap(request: ActorRequest) -> HttpResponse:
    scope = resolve_scope(request, "rekap")
    if isinstance(scope, HttpResponse):
        return scope
    kind = request.GET.get("kind", "")
    if kind not in EmployeeKind.values:
        kind = ""
    title = _("Rekapitulasi Pegawai (Bezetting)")
    data = selectors.rekap(actor=request.actor, instansi=scope.instansi, unit=scope.unit, kind=kind)
    if wants_xlsx(request):
        content = excel.rekap_workbook(scope=scope, title=title, rekap=data, on=timezone.localdate())
        return excel.xlsx_response(xlsx_filename(scope, "rekap"), content)
    return render_report(
        request,
        "reports/rekap.html",
        scope,
        title,
        {"rekap": data, "kind": kind, "kinds": EmployeeKind.choices},
    )
