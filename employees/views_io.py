"""Exports of the filtered employee list (CSV, XLSX) and imports from .xlsx with a dry run."""

from __future__ import annotations

import io
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import Instansi

from . import access, exports, imports, selectors
from .filters import EmployeeFilterForm
from .forms_io import ImportUploadForm
from .models import private_storage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Uploaded files wait here, between the preview and "Terapkan", under a random name.
IMPORT_FOLDER = "imports"
SESSION_KEY = "employee_imports"
PENDING_LIMIT = 5


# --- Exports ---------------------------------------------------------------------------------------
@login_required
def employee_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The list as filtered on the page (every page of it), in the same order."""
    actor = request.actor
    access.require(access.can_export_employees(actor))
    form = EmployeeFilterForm(request.GET, actor=actor, today=timezone.localdate())
    employees = selectors.employee_list(actor=actor, **form.selector_kwargs())
    filename = f"pegawai-{timezone.localdate():%Y%m%d}.{fmt}"
    rows = exports.export_rows(employees)
    response: HttpResponse | StreamingHttpResponse | FileResponse
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_lines(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        response = FileResponse(
            exports.write_xlsx(rows, title=_("Pegawai")),
            as_attachment=True,
            filename=filename,
            content_type=XLSX,
        )
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]


# --- Imports ---------------------------------------------------------------------------------------
def _storage() -> Storage:
    return private_storage()


def _pending(request: HttpRequest) -> dict[str, dict[str, Any]]:
    return dict(request.session.get(SESSION_KEY, {}))


def _forget(request: HttpRequest, token: str) -> None:
    """Drop a pending import from the session and delete its file."""
    pending = _pending(request)
    entry = pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    if entry is not None:
        _storage().delete(entry["file"])


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


def _entry(request: HttpRequest, token: str) -> tuple[dict[str, Any], imports.ImportKind, Instansi]:
    """A pending import of this user in this session, with its kind and agency; else 404."""
    entry = _pending(request).get(token)
    if entry is None or entry.get("user") != request.user.pk:
        raise Http404
    kind = imports.KINDS.get(entry.get("kind", ""))
    instansi = access.instansi_managed_by(request.actor).filter(pk=entry.get("instansi")).first()
    if kind is None or instansi is None:
        raise Http404
    return entry, kind, instansi


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_import_employees(actor))
    form = ImportUploadForm(request.POST or None, request.FILES or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imports.check_upload(upload, upload.size)
        except imports.FileRefused as exc:
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
        {"form": form, "kinds": imports.KINDS.values(), "max_rows": imports.max_rows()},
    )


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    access.require(access.can_import_employees(request.actor))
    spec = imports.KINDS.get(kind)
    if spec is None:
        raise Http404
    buffer = io.BytesIO()
    imports.template_workbook(spec).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="templat-impor-{spec.code}.xlsx"'
    return response


@login_required
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    """The dry run: every bad row with its reasons, and how many rows are good. Nothing is saved."""
    actor = request.actor
    access.require(access.can_import_employees(actor))
    entry, kind, instansi = _entry(request, token)
    try:
        with _storage().open(entry["file"], "rb") as source:
            report = imports.check_file(actor=actor, kind=kind, instansi=instansi, source=source)
    except FileNotFoundError:
        _forget(request, token)
        messages.error(request, _("Berkas impor sudah kedaluwarsa. Unggah lagi."))
        return redirect("employees:import")
    return render(
        request,
        "employees/import_preview.html",
        {"entry": entry, "token": token, "report": report, "kind": kind, "instansi": instansi},
    )


@login_required
@require_POST
def import_apply(request: HttpRequest, token: str) -> HttpResponse:
    """Check the file again and save every row in one transaction, or nothing."""
    actor = request.actor
    access.require(access.can_import_employees(actor))
    entry, kind, instansi = _entry(request, token)
    try:
        with _storage().open(entry["file"], "rb") as source:
            report = imports.apply_file(actor=actor, kind=kind, instansi=instansi, source=source)
    except FileNotFoundError:
        _forget(request, token)
        messages.error(request, _("Berkas impor sudah kedaluwarsa. Unggah lagi."))
        return redirect("employees:import")
    except imports.ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("employees:import_preview", token=token)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("employees:import_preview", token=token)
    _forget(request, token)
    if kind is imports.EMPLOYEES:
        text = _("%(count)s pegawai baru disimpan beserta riwayat pangkat dan jabatan pertamanya.")
    else:
        text = _("%(count)s baris %(kind)s disimpan; pangkat/jabatan terkini diperbarui.")
    messages.success(request, text % {"count": report.good, "kind": str(kind.title).lower()})
    return redirect("employees:list")


@login_required
@require_POST
def import_cancel(request: HttpRequest, token: str) -> HttpResponse:
    access.require(access.can_import_employees(request.actor))
    _entry(request, token)
    _forget(request, token)
    messages.info(request, _("Impor dibatalkan; berkasnya sudah dihapus."))
    return redirect("employees:import")
