"""Exports of the filtered employee list (CSV, XLSX) and imports from .xlsx with a dry run.

The exports are streamed row by row: the CSV is generated while it is sent, and the XLSX is
written by openpyxl's write-only mode to a temporary file that is then streamed.
"""

from __future__ import annotations

import io
import re
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from core import excel
from core import exports as core_exports
from core.choices import RunState
from core.http import ActorRequest
from core.models import Instansi

from .. import access, selectors, services
from .. import exports as employee_exports
from ..choices import (
    GOLONGAN_CHOICES,
    Education,
    EmploymentStatus,
    Eselon,
    PositionKind,
    PositionLevel,
    WorkingState,
)
from ..forms.io import ImportUploadForm, check_upload
from ..forms.records import EmployeeFilterForm
from ..models import private_storage
from ..rules.io import (
    EDUCATION,
    EMPLOYEES,
    ESELON,
    GENDER,
    GOLONGAN,
    KINDS,
    POSITION_KIND,
    POSITION_LEVEL,
    STATE,
    STATUS,
    Column,
    FileRefused,
    ImportKind,
    a_date,
    nip,
    nip_lama,
    whole_number,
    yes_no,
)

# Uploaded files wait here, between the preview and "Terapkan", under a random name.
IMPORT_FOLDER = "imports"
SESSION_KEY = "employee_imports"
PENDING_LIMIT = 5


# --- Exports ---------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def employee_export(request: ActorRequest, fmt: str) -> HttpResponse:
    """The list as filtered on the page (every page of it), in the same order. A list too large to
    stream is built by a job: the GET asks (a page with one button), the POST starts it."""
    actor = request.actor
    access.require(access.can_export_employees(actor))
    form = EmployeeFilterForm(request.GET, actor=actor, today=timezone.localdate())
    employees = selectors.records.employee_list(actor=actor, **form.selector_kwargs())
    count = employees.count()
    if count > core_exports.stream_limit() and request.method != "POST":
        return render(
            request,
            "employees/export_large.html",
            {
                "count": count,
                "fmt": fmt,
                "querystring": request.GET.urlencode(),
                "limit": core_exports.stream_limit(),
            },
        )
    if count > core_exports.stream_limit():
        # Too large to stream safely: a job writes it into private storage; it is offered, with its
        # row count, on "Unduhan saya" once complete.
        params: dict[str, Any] = {**employee_exports.filter_params(request.GET), "_language": get_language()}
        export = core_exports.request_export(
            actor=actor,
            kind=employee_exports.KIND,
            fmt=fmt,
            params=params,
            title=_("Daftar pegawai (%(count)s baris)") % {"count": intcomma(count)},
        )
        export.refresh_from_db()
        if export.error or export.state == RunState.FAILED:
            messages.warning(request, core_exports.error_display(export))
        elif export.ready:
            messages.success(
                request, _("Ekspor %(count)s pegawai selesai. Unduh di bawah.") % {"count": intcomma(count)}
            )
        else:
            messages.info(
                request,
                _(
                    "Ekspor %(count)s pegawai sedang dibuat. Berkasnya muncul di halaman ini setelah selesai, "
                    "dengan jumlah barisnya."
                )
                % {"count": intcomma(count)},
            )
        return redirect("core:exports")
    filename = f"pegawai-{timezone.localdate():%Y%m%d}.{fmt}"
    rows = selectors.io.export_rows(employees)
    response: HttpResponse | StreamingHttpResponse | FileResponse
    if fmt == "csv":
        lines = excel.csv_lines(selectors.io.export_headers(), rows)
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        sheet = excel.Sheet(
            title=_("Pegawai"),
            headers=selectors.io.export_headers(),
            rows=rows,
            widths=employee_exports.WIDTHS,
            freeze_header=True,
        )
        response = FileResponse(
            excel.workbook_file(sheets=[sheet]),
            as_attachment=True,
            filename=filename,
            content_type=excel.XLSX_CONTENT_TYPE,
        )
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]


# --- Imports ---------------------------------------------------------------------------------------
def _storage() -> Storage:
    return private_storage()


def _pending(request: ActorRequest) -> dict[str, dict[str, Any]]:
    return dict(request.session.get(SESSION_KEY, {}))


def _forget(request: ActorRequest, token: str) -> None:
    """Drop a pending import from the session and delete its file."""
    pending = _pending(request)
    entry = pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    if entry is not None:
        _storage().delete(entry["file"])


def _expired(request: ActorRequest, token: str) -> HttpResponse:
    """The pending file is gone (cleaned up): forget it and ask for the upload again."""
    _forget(request, token)
    messages.error(request, _("Berkas impor sudah kedaluwarsa. Unggah lagi."))
    return redirect("employees:import")


def _remove_stale_files() -> None:
    """Files of abandoned imports outlive no session that could still use them."""
    storage = _storage()
    try:
        _dirs, files = storage.listdir(IMPORT_FOLDER)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    for name in files:
        path = f"{IMPORT_FOLDER}/{name}"
        try:
            if storage.get_modified_time(path) < cutoff:
                storage.delete(path)
        except FileNotFoundError:
            continue


def _entry(request: ActorRequest, token: str) -> tuple[dict[str, Any], ImportKind, Instansi]:
    """A pending import of this user in this session, with its kind and agency; else 404."""
    entry = _pending(request).get(token)
    if entry is None or entry.get("user") != request.user.pk:
        raise Http404
    kind = KINDS.get(entry.get("kind", ""))
    instansi_id = entry.get("instansi")
    instansi = access.instansi_managed_by(request.actor).filter(pk=instansi_id).first()  # type: ignore[misc]
    if kind is None or instansi is None:
        raise Http404
    return entry, kind, instansi


@login_required
def import_start(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_import_employees(actor))
    form = ImportUploadForm(request.POST or None, request.FILES or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload(upload, upload.size)
        except FileRefused as exc:
            form.add_error("file", str(exc))
        else:
            _remove_stale_files()
            token = secrets.token_urlsafe(24)
            name = _storage().save(f"{IMPORT_FOLDER}/{secrets.token_hex(16)}.xlsx", upload)
            pending = _pending(request)
            while len(pending) >= PENDING_LIMIT:  # the oldest pending import of this session goes
                oldest = min(pending, key=lambda t: pending[t]["uploaded"])
                _storage().delete(pending.pop(oldest)["file"])
            pending[token] = {
                "user": request.user.pk,
                "kind": form.cleaned_data["kind"],
                "instansi": form.cleaned_data["instansi"].pk,
                "file": name,
                "name": (upload.name or "berkas.xlsx")[:200],
                "uploaded": timezone.now().isoformat(),
            }
            request.session[SESSION_KEY] = pending
            return redirect("employees:import_preview", token=token)
    return render(
        request,
        "employees/import_start.html",
        {"form": form, "kinds": KINDS.values(), "max_rows": services.io.max_rows()},
    )


@login_required
def import_template(request: ActorRequest, kind: str) -> HttpResponse:
    actor = request.actor
    access.require(access.can_import_employees(actor))
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404
    units = selectors.io.import_unit_codes(actor) if _unit_column(spec) else None
    buffer = io.BytesIO()
    template_workbook(spec, units=units).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="templat-impor-{spec.code}.xlsx"'
    return response


@login_required
def import_preview(request: ActorRequest, token: str) -> HttpResponse:
    """The dry run: every bad row with its reasons, and how many rows are good. Nothing is saved."""
    actor = request.actor
    access.require(access.can_import_employees(actor))
    entry, kind, instansi = _entry(request, token)
    try:
        with _storage().open(entry["file"], "rb") as source:
            report = services.io.import_check(actor=actor, kind=kind, instansi=instansi, source=source)
    except FileNotFoundError:
        return _expired(request, token)
    return render(
        request,
        "employees/import_preview.html",
        {"entry": entry, "token": token, "report": report, "kind": kind, "instansi": instansi},
    )


@login_required
@require_POST
def import_apply(request: ActorRequest, token: str) -> HttpResponse:
    """Check the file again and save every row in one transaction, or nothing."""
    actor = request.actor
    access.require(access.can_import_employees(actor))
    entry, kind, instansi = _entry(request, token)
    try:
        with _storage().open(entry["file"], "rb") as source:
            report = services.io.import_apply(actor=actor, kind=kind, instansi=instansi, source=source)
    except FileNotFoundError:
        return _expired(request, token)
    except services.io.ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("employees:import_preview", token=token)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("employees:import_preview", token=token)
    _forget(request, token)
    if kind is EMPLOYEES:
        text = _("%(count)s pegawai baru disimpan beserta riwayat pangkat dan jabatan pertamanya.")
    else:
        text = _("%(count)s baris %(kind)s disimpan; pangkat/jabatan terkini diperbarui.")
    messages.success(request, text % {"count": report.good, "kind": str(kind.title).lower()})
    return redirect("employees:list")


@login_required
@require_POST
def import_cancel(request: ActorRequest, token: str) -> HttpResponse:
    access.require(access.can_import_employees(request.actor))
    _entry(request, token)
    _forget(request, token)
    messages.info(request, _("Impor dibatalkan; berkasnya sudah dihapus."))
    return redirect("employees:import")


# --- Import templates ------------------------------------------------------------------------------
def _unit_column(kind: ImportKind) -> Column | None:
    return next((c for c in kind.columns if c.key == "unit"), None)


def template_workbook(kind: ImportKind, *, units: list[tuple[str, str, str, str]] | None = None) -> Workbook:
    """A workbook with the header row, one example row, the accepted values on a second sheet and,
    for a kind with a unit column, the valid unit codes (`units`, selectors.io.import_unit_codes)
    on a third."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\\/?*\[\]:]", "-", str(kind.title))[:31]  # characters a sheet title may not hold
    sheet.append([str(c.header) + (" *" if c.required else "") for c in kind.columns])
    sheet.append([c.example for c in kind.columns])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(kind.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(14, len(str(column.header)) + 4)
        example = sheet.cell(row=2, column=index)
        if column.parse in (nip, nip_lama):
            # Text, so that Excel does not round the 18 digits of what is typed or pasted there.
            example.number_format = "@"
            sheet.column_dimensions[letter].number_format = "@"
        elif column.parse is a_date:
            example.number_format = "yyyy-mm-dd"
    help_sheet = workbook.create_sheet(_("Petunjuk"))
    help_sheet.append([_("Kolom"), _("Wajib"), _("Nilai yang diterima")])
    for column in kind.columns:
        help_sheet.append([str(column.header), _("ya") if column.required else "", _accepted(column)])
    help_sheet.append([])
    help_sheet.append(
        [
            _(
                "Baris pertama berisi judul kolom (tanda * boleh ada). Hapus baris contoh sebelum "
                "mengunggah. Paling banyak %(limit)s baris data per berkas."
            )
            % {"limit": services.io.max_rows()}
        ]
    )
    help_sheet.column_dimensions["A"].width = 30
    help_sheet.column_dimensions["C"].width = 90
    unit_column = _unit_column(kind)
    if unit_column is not None and units is not None:
        _unit_code_sheet(workbook, unit_column, units)
    return workbook


def _unit_code_sheet(workbook: Workbook, column: Column, units: list[tuple[str, str, str, str]]) -> None:
    """The codes the unit column accepts, so that nobody has to open each unit's page for them.
    Names are typed by people: written as text that a spreadsheet cannot run (core.excel.neutralise)."""
    sheet = workbook.create_sheet(_("Daftar kode unit"))
    sheet.append([str(column.header), _("Nama unit"), _("Kode unit induk"), _("Instansi")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in units:
        sheet.append([excel.neutralise(value) for value in row])
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCD", (18, 50, 18, 36), strict=True):
        sheet.column_dimensions[letter].width = width


def _accepted(column: Column) -> str:
    if column.parse is nip:
        return _("18 angka NIP atau NI PPPK, sebagai teks")
    if column.parse is nip_lama:
        return _("9 angka NIP lama, sebagai teks")
    if column.parse is a_date:
        return _("tanggal Excel, atau TTTT-BB-HH / HH-BB-TTTT")
    if column.parse is whole_number:
        return _("bilangan bulat")
    if column.parse is yes_no:
        return _("Ya atau Tidak")
    for parser, choices in (
        (GOLONGAN, [v for v, _l in GOLONGAN_CHOICES]),
        (POSITION_KIND, PositionKind.labels),
        (POSITION_LEVEL, PositionLevel.labels),
        (ESELON, Eselon.values),
        (EDUCATION, Education.values),
        (GENDER, ["L", "P"]),
        (STATUS, EmploymentStatus.values),
        (STATE, WorkingState.labels),
    ):
        if column.parse is parser:
            return ", ".join(str(c) for c in choices)
    if column.key == "unit":
        return _("kode unit kerja di instansi Anda (lihat lembar Daftar kode unit)")
    return _("teks")
