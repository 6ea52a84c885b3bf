"""HR's import of a device file: upload (CSV or .xlsx), the dry-run preview, "Terapkan" (all or
nothing) and cancel. The uploaded file waits in private storage under a random name between the
preview and the apply, named in the user's session (as the employee imports do)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import Storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.files import private_storage
from core.http import ActorRequest
from core.models import Instansi

from .. import access
from ..forms.devices import PresenceImportForm
from ..selectors import presence as presence_selectors
from ..services import imports as services
from .locations import chosen_agency

IMPORT_FOLDER = "attendance-imports"
SESSION_KEY = "attendance_imports"
PENDING_LIMIT = 5


def _storage() -> Storage:
    return private_storage()


def _pending(request: ActorRequest) -> dict[str, dict[str, Any]]:
    return dict(request.session.get(SESSION_KEY, {}))


def _forget(request: ActorRequest, token: str) -> None:
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


def _entry(request: ActorRequest, token: str) -> tuple[dict[str, Any], Instansi]:
    """A pending import of this user in this session, with its agency (still kept by the user); else 404."""
    access.require(access.can_manage_attendance_any(request.actor))
    entry = _pending(request).get(token)
    if entry is None or entry.get("user") != request.user.pk:
        raise Http404
    instansi = access.attendance_agencies(request.actor).filter(pk=entry.get("instansi") or 0).first()
    if instansi is None:
        raise Http404
    return entry, instansi


def _expired(request: ActorRequest, token: str, instansi_id: int) -> HttpResponse:
    _forget(request, token)
    messages.error(request, _("Berkas impor sudah kedaluwarsa. Unggah lagi."))
    return redirect(f"{reverse('attendance:import')}?instansi={instansi_id}")


@login_required
@require_http_methods(["GET", "POST"])
def presence_import(request: ActorRequest) -> HttpResponse:
    instansi, agencies = chosen_agency(request)
    form = PresenceImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        access.require_in_agency(
            request.actor, access.can_import_presence(request.actor, instansi.pk), instansi.pk
        )
        upload = form.cleaned_data["file"]
        _remove_stale_files()
        token = secrets.token_urlsafe(24)
        name = _storage().save(f"{IMPORT_FOLDER}/{secrets.token_hex(16)}.bin", upload)
        pending = _pending(request)
        while len(pending) >= PENDING_LIMIT:  # the oldest pending import of this session goes
            oldest = min(pending, key=lambda t: pending[t]["uploaded"])
            _storage().delete(pending.pop(oldest)["file"])
        pending[token] = {
            "user": request.user.pk,
            "instansi": instansi.pk,
            "file": name,
            "name": (upload.name or "berkas")[:200],
            "uploaded": timezone.now().isoformat(),
        }
        request.session[SESSION_KEY] = pending
        return redirect("attendance:import_preview", token=token)
    return render(
        request,
        "attendance/import_start.html",
        {"instansi": instansi, "agencies": agencies, "form": form, "max_rows": services.max_rows()},
    )


@login_required
def import_preview(request: ActorRequest, token: str) -> HttpResponse:
    """The dry run: counts, the first rows, every bad row with its reasons. Nothing is saved."""
    entry, instansi = _entry(request, token)
    try:
        with _storage().open(entry["file"], "rb") as source:
            report = services.import_check(actor=request.actor, instansi=instansi, source=source)
    except FileNotFoundError:
        return _expired(request, token, instansi.pk)
    # The first rows name the employee (HR checks the file by name and NIP, not by a database id).
    people = presence_selectors.employees_by_id({r.employee_id for r in report.first_rows})
    first_rows = [(record, people.get(record.employee_id)) for record in report.first_rows]
    return render(
        request,
        "attendance/import_preview.html",
        {"entry": entry, "token": token, "report": report, "instansi": instansi, "first_rows": first_rows},
    )


@login_required
@require_POST
def import_apply(request: ActorRequest, token: str) -> HttpResponse:
    """Check the file again and save every new record in one transaction, or nothing."""
    entry, instansi = _entry(request, token)
    try:
        with _storage().open(entry["file"], "rb") as source:
            report = services.import_apply(actor=request.actor, instansi=instansi, source=source)
    except FileNotFoundError:
        return _expired(request, token, instansi.pk)
    except services.ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("attendance:import_preview", token=token)
    _forget(request, token)
    messages.success(
        request,
        _("%(written)s presensi disimpan; %(duplicates)s sudah tercatat sebelumnya dan diabaikan.")
        % {"written": report.written, "duplicates": report.duplicates},
    )
    return redirect(f"{reverse('attendance:import')}?instansi={instansi.pk}")


@login_required
@require_POST
def import_cancel(request: ActorRequest, token: str) -> HttpResponse:
    _pending_entry, instansi = _entry(request, token)
    _forget(request, token)
    messages.info(request, _("Impor dibatalkan; berkasnya sudah dihapus."))
    return redirect(f"{reverse('attendance:import')}?instansi={instansi.pk}")
