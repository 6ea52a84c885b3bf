"""HR's presensi devices of an agency (list with search, registering one, changing it, a new token,
deactivating it) and the endpoint the devices send their logs to (`Authorization: Token <token>`,
JSON; docs/attendance.md)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.http import ActorRequest, add_service_errors, message_service_errors
from core.ratelimit import over_rate_limit

from .. import access
from ..forms.devices import DeviceEditForm, DeviceFilterForm, DeviceForm
from ..models import Device
from ..selectors import presence as selectors
from ..services import devices as services
from .locations import agency_list_context, chosen_agency

DEFAULT_RATE_LIMIT = 120  # requests per device and minute
DEFAULT_AUTH_FAILURE_LIMIT = 20  # refused tokens per address and minute


def _url(instansi_id: int) -> str:
    return f"{reverse('attendance:devices')}?instansi={instansi_id}"


def _token_page(request: ActorRequest, device: Device, token: str) -> HttpResponse:
    """The plain token, shown once (the answer to the POST itself: it is kept nowhere)."""
    response = render(request, "attendance/device_token.html", {"device": device, "token": token})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def devices(request: ActorRequest) -> HttpResponse:
    instansi, agencies = chosen_agency(request)
    form = DeviceForm(request.POST or None, instansi_id=instansi.pk)
    if request.method == "POST" and form.is_valid():
        try:
            device, token = services.device_create(
                actor=request.actor, instansi=instansi, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _token_page(request, device, token)
    filters = DeviceFilterForm(request.GET)
    sorting = selectors.DEVICE_SORT.from_request(request)
    rows = selectors.agency_devices(
        instansi_id=instansi.pk, q=filters.value("q") or "", active=filters.value("aktif")
    )
    context = agency_list_context(request, instansi, agencies, form, filters, sorting, rows)
    context["endpoint"] = request.build_absolute_uri(reverse("attendance:device_logs"))
    return render(request, "attendance/devices.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def device_edit(request: ActorRequest, pk: int) -> HttpResponse:
    device = access.get_device(request.actor, pk)
    initial = {
        "code": device.code,
        "name": device.name,
        "work_location": device.work_location_id,
        "is_active": device.is_active,
    }
    form = DeviceEditForm(request.POST or None, initial=initial, instansi_id=device.instansi_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.device_update(actor=request.actor, device=device, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Mesin presensi tersimpan."))
            return redirect(_url(device.instansi_id))
    return render(request, "attendance/device_form.html", {"device": device, "form": form})


@login_required
@require_POST
def device_rotate(request: ActorRequest, pk: int) -> HttpResponse:
    device = access.get_device(request.actor, pk)
    token = services.device_rotate_token(actor=request.actor, device=device)
    return _token_page(request, device, token)


@login_required
@require_POST
def device_deactivate(request: ActorRequest, pk: int) -> HttpResponse:
    device = access.get_device(request.actor, pk)
    try:
        services.device_deactivate(actor=request.actor, device=device)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(request, _("Mesin presensi dinonaktifkan; kirimannya tidak lagi diterima."))
    return redirect(_url(device.instansi_id))


# --- The device endpoint -----------------------------------------------------------------------------------
def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _address(request: Any) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@csrf_exempt  # a device has no session nor CSRF cookie: its token is the credential
@require_POST
def device_logs(request: Any) -> HttpResponse:
    """A device's logs: JSON {"logs": [{"nip"|"employee_id", "timestamp", "kind", "device"}, ...]}."""
    device = services.device_for_token(request.headers.get("Authorization", ""))
    if device is None:
        limit = int(getattr(settings, "ATTENDANCE_DEVICE_AUTH_FAILURE_LIMIT", DEFAULT_AUTH_FAILURE_LIMIT))
        if over_rate_limit("attendance-device-auth", _address(request), limit=limit, window=60):
            return _error(429, _("Terlalu banyak token salah dari alamat ini. Coba lagi sebentar lagi."))
        response = _error(401, _("Token mesin tidak dikenal. Kirim header Authorization: Token <token>."))
        response["WWW-Authenticate"] = "Token"
        return response
    if not device.is_active:
        return _error(403, _("Mesin ini tidak aktif. Hubungi petugas kepegawaian."))
    limit = int(getattr(settings, "ATTENDANCE_DEVICE_RATE_LIMIT", DEFAULT_RATE_LIMIT))
    if over_rate_limit("attendance-device", str(device.pk), limit=limit, window=60):
        return _error(429, _("Terlalu banyak permintaan dari mesin ini. Coba lagi sebentar lagi."))
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > services.max_bytes():
        return _error(
            413,
            _("Isi permintaan terlalu besar; paling banyak %(limit)s byte.")
            % {"limit": services.max_bytes()},
        )
    try:
        payload = json.loads(request.body.decode("utf-8"))
    # ValueError: also a number of more digits than Python converts; RecursionError: nesting too deep.
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _error(400, _("Isi permintaan bukan JSON yang sah."))
    try:
        received = services.receive_logs(device=device, payload=payload)
    except services.TooMany as exc:
        return _error(413, str(exc))
    except services.LogsRefused as exc:
        return _error(400, str(exc))
    return JsonResponse(received.as_json())
