"""HR's discipline thresholds (PP 94/2021) of an agency: the list with filters, search, sorting and
its Excel export, one employee's year with the days that count, and the agency's attendance settings
(the switch converting late minutes into days)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.excel import Sheet, report_heading, workbook_bytes, xlsx_response
from core.http import ActorRequest, add_service_errors
from core.paging import PAGE_SIZE, paginate, querystring_without_page

from .. import access
from ..forms.discipline import AttendanceSettingsForm, DisciplineFilterForm
from ..selectors import discipline as selectors
from ..services import discipline as services
from .locations import chosen_agency

EXPORT_MAX_ROWS = 20_000


def _flags(request: ActorRequest):
    instansi, agencies = chosen_agency(request)
    form = DisciplineFilterForm(
        request.GET,
        unit_qs=access.attendance_units_of_agency(request.actor, instansi.pk).order_by("path"),
    )
    year = form.value("year") or timezone.localdate().year
    filters = selectors.FlagFilters(
        year=year,
        q=form.value("q") or "",
        unit=form.value("unit"),
        sanction=form.value("sanction") or "",
        state=form.value("state") or "",
    )
    sorting = selectors.FLAG_SORT.from_request(request)
    rows = sorting.apply(
        selectors.agency_flags(actor=request.actor, instansi_id=instansi.pk, filters=filters)
    )
    return instansi, agencies, form, year, sorting, rows


@login_required
@require_GET
def discipline(request: ActorRequest) -> HttpResponse:
    instansi, agencies, form, year, sorting, rows = _flags(request)
    if bad := form.invalid_labels():
        messages.warning(
            request, _("Filter yang tidak valid diabaikan: %(fields)s.") % {"fields": ", ".join(bad)}
        )
    return render(
        request,
        "attendance/discipline.html",
        {
            "instansi": instansi,
            "agencies": agencies,
            "form": form,
            "year": year,
            "sorting": sorting,
            "page": paginate(request, rows, PAGE_SIZE),
            "querystring": querystring_without_page(request),
            "settings": services.settings_of(instansi.pk),
        },
    )


@login_required
@require_GET
def discipline_export(request: ActorRequest) -> HttpResponse:
    """The filtered list as .xlsx (at most EXPORT_MAX_ROWS rows: narrow the filter beyond that)."""
    instansi, _agencies, form, year, _sorting, rows = _flags(request)
    back = f"{reverse('attendance:discipline')}?{request.GET.urlencode()}"
    if bad := form.invalid_labels():
        messages.error(
            request,
            _("Filter tidak valid: %(fields)s. Perbaiki filternya lalu unduh lagi; tidak ada yang diunduh.")
            % {"fields": ", ".join(bad)},
        )
        return redirect(back)
    if rows.count() > EXPORT_MAX_ROWS:
        messages.error(request, _("Terlalu banyak baris untuk diunduh; persempit filternya."))
        return redirect(back)
    sheet = Sheet(
        title=_("Ambang disiplin"),
        headers=[
            _("Nama"),
            _("NIP"),
            _("Unit kerja"),
            _("Jenis"),
            _("Ambang (hari)"),
            _("Hukuman disiplin (PP 94/2021)"),
            _("Tercapai pada"),
            _("Hari yang dihitung"),
            _("Menit terlambat dikonversi"),
            _("Status"),
        ],
        rows=(
            [
                f.employee.name,
                f.employee.nip,
                f.employee.unit.name,
                f.get_kind_display(),
                f.days,
                f.get_sanction_display(),
                f.reached_on,
                ", ".join(d["date"] for d in f.dates if d.get("status") == "tk"),
                f.late_minutes,
                _("Berlaku") if f.in_force else _("Tidak berlaku lagi"),
            ]
            for f in rows.iterator(chunk_size=2000)
        ),
        widths=[30, 20, 30, 22, 12, 50, 14, 60, 14, 18],
    )
    heading = report_heading(
        instansi_name=instansi.name,
        title=_("Ambang disiplin ketidakhadiran tahun %(year)s") % {"year": year},
        scope="",
        on=timezone.localdate(),
    )
    content = workbook_bytes(heading=heading, sheets=[sheet])
    return xlsx_response(f"ambang-disiplin-{instansi.code}-{year}.xlsx", content)


@login_required
@require_GET
def discipline_detail(request: ActorRequest, employee_id: int, year: int) -> HttpResponse:
    """One employee's year: the thresholds reached and the days of unexcused absence."""
    employee = access.get_discipline_employee(request.actor, employee_id)
    if not 2000 <= year <= 2100:
        raise Http404
    data = selectors.employee_year(employee.pk, employee.unit.instansi_id, year)
    return render(
        request,
        "attendance/discipline_detail.html",
        {"employee": employee, "year": year, "data": data},
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_settings(request: ActorRequest) -> HttpResponse:
    """HR sets the agency's switch converting late minutes into days (off by default)."""
    instansi, agencies = chosen_agency(request)
    current = services.settings_of(instansi.pk)
    form = AttendanceSettingsForm(
        request.POST or None,
        initial={
            "convert_late_minutes": current.convert_late_minutes,
            "minutes_per_day": current.minutes_per_day,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_save(actor=request.actor, instansi=instansi, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Pengaturan presensi tersimpan. Berlaku pada pemeriksaan malam berikutnya.")
            )
            return redirect(f"{reverse('attendance:settings')}?instansi={instansi.pk}")
    return render(
        request,
        "attendance/settings.html",
        {"instansi": instansi, "agencies": agencies, "form": form, "current": current},
    )
