"""Office presensi devices: HR registers them (each with its own token, stored hashed and shown
once), and the devices send their logs to the endpoint (views.devices.device_logs), which this
module checks and writes (services.devicelogs)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.access import Actor
from core.models import Instansi

from .. import access
from ..choices import PresenceSource
from ..models import Device, WorkLocation
from ..selectors import presence as presence_selectors
from . import devicelogs

TOKEN_PREFIX_LENGTH = 12
# last_seen is written at most this often per device (not on every request of a busy device).
LAST_SEEN_EVERY = timedelta(minutes=1)
DEFAULT_MAX_ROWS = 500
DEFAULT_MAX_BYTES = 256 * 1024


def max_rows() -> int:
    """Logs per request of a device (settings may override it)."""
    return int(getattr(settings, "ATTENDANCE_DEVICE_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_bytes() -> int:
    """The body of a device's request, in bytes (settings may override it)."""
    return int(getattr(settings, "ATTENDANCE_DEVICE_MAX_BYTES", DEFAULT_MAX_BYTES))


# --- Tokens ---------------------------------------------------------------------------------------------
def hash_token(token: str) -> str:
    """SHA-256 of the token: the token is 256 random bits, so a fast hash is enough (no guessing)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token(device: Device) -> str:
    token = secrets.token_urlsafe(32)
    device.token_prefix = token[:TOKEN_PREFIX_LENGTH]
    device.token_hash = hash_token(token)
    return token


def device_for_token(header: str) -> Device | None:
    """The device whose token the `Authorization: Token <token>` header carries (active or not),
    else None. The hash is compared in constant time."""
    scheme, _space, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "token" or len(token) < TOKEN_PREFIX_LENGTH or len(token) > 200:
        return None
    wanted = hash_token(token)
    found = None
    for device in Device.objects.filter(token_prefix=token[:TOKEN_PREFIX_LENGTH]):
        if hmac.compare_digest(device.token_hash, wanted):
            found = device
    return found


# --- HR: devices ----------------------------------------------------------------------------------------
def _check_location(instansi: Instansi, work_location: WorkLocation | None) -> None:
    if work_location is not None and work_location.instansi_id != instansi.pk:
        raise ValidationError({"work_location": [_("Lokasi kerja ini milik instansi lain.")]})


@transaction.atomic
def device_create(
    *,
    actor: Actor,
    instansi: Instansi,
    code: str,
    name: str,
    work_location: WorkLocation | None = None,
) -> tuple[Device, str]:
    """Register a device; returns it and its plain token (shown once, never stored)."""
    access.require_in_agency(actor, access.can_manage_devices(actor, instansi.pk), instansi.pk)
    _check_location(instansi, work_location)
    device = Device(instansi=instansi, code=code.strip(), name=name.strip(), work_location=work_location)
    token = _new_token(device)
    device.full_clean()
    audit.stamp(device, actor)
    device.save()
    return device, token


@transaction.atomic
def device_update(
    *,
    actor: Actor,
    device: Device,
    code: str,
    name: str,
    work_location: WorkLocation | None = None,
    is_active: bool = True,
) -> Device:
    access.require_in_agency(actor, access.can_manage_devices(actor, device.instansi_id), device.instansi_id)
    _check_location(device.instansi, work_location)
    device.code, device.name, device.work_location = code.strip(), name.strip(), work_location
    device.is_active = is_active
    device.full_clean()
    audit.stamp(device, actor)
    device.save()
    return device


@transaction.atomic
def device_rotate_token(*, actor: Actor, device: Device) -> str:
    """A new token for the device (the old one stops working at once); returns the plain token."""
    access.require_in_agency(actor, access.can_manage_devices(actor, device.instansi_id), device.instansi_id)
    token = _new_token(device)
    audit.stamp(device, actor)
    device.save(update_fields=["token_prefix", "token_hash"])
    return token


@transaction.atomic
def device_deactivate(*, actor: Actor, device: Device) -> None:
    """The device's requests are refused from now on (its records stay)."""
    access.require_in_agency(actor, access.can_manage_devices(actor, device.instansi_id), device.instansi_id)
    if not device.is_active:
        raise ValidationError(_("Mesin ini sudah tidak aktif."))
    device.is_active = False
    audit.stamp(device, actor)
    device.save(update_fields=["is_active"])


# --- The endpoint -----------------------------------------------------------------------------------------
class LogsRefused(ValueError):
    """The request as a whole is refused; the message is for the device's operator."""


class TooMany(LogsRefused):
    """More logs than one request may carry."""


@dataclass
class Received:
    accepted: int = 0
    duplicate: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "duplicate": self.duplicate,
            "rejected": len(self.rejected),
            "errors": self.rejected,
        }


def _log_rows(logs: list[Any], device: Device, zone: Any) -> list[devicelogs.LogRow]:
    rows = []
    for index, log in enumerate(logs):
        row = devicelogs.LogRow(number=index, device=device.code)
        if not isinstance(log, dict):
            row.reasons.append(_("log harus berupa objek JSON"))
            rows.append(row)
            continue
        try:
            row.nip, row.employee_id = devicelogs.employee_ref(
                log.get("nip"), log.get("employee_id", log.get("id_pegawai"))
            )
        except devicelogs.BadValue as exc:
            row.reasons.append(str(exc))
        try:
            if not isinstance(log.get("timestamp"), str):
                raise devicelogs.BadValue(_("timestamp wajib diisi sebagai teks ISO 8601 dengan zona waktu"))
            row.at = devicelogs.parse_timestamp(log["timestamp"], zone, require_offset=True)
        except devicelogs.BadValue as exc:
            row.reasons.append(str(exc))
        try:
            row.kind = devicelogs.parse_kind(log.get("kind"))
        except devicelogs.BadValue as exc:
            row.reasons.append(str(exc))
        named = log.get("device")
        if named not in (None, "") and str(named).strip() != device.code:
            row.reasons.append(
                _("mesin %(named)s tidak sesuai dengan token mesin %(code)s")
                % {"named": str(named)[:64], "code": device.code}
            )
        rows.append(row)
    return rows


def receive_logs(*, device: Device, payload: Any, now: datetime | None = None) -> Received:
    """Check a device's logs and write the good ones in one transaction (the bad ones are reported,
    not written; duplicates are ignored and counted)."""
    if not device.is_active:
        raise LogsRefused(_("Mesin ini tidak aktif."))
    logs = payload.get("logs") if isinstance(payload, dict) else payload
    if isinstance(payload, dict) and logs is None and "timestamp" in payload:
        logs = [payload]  # one log on its own
    if not isinstance(logs, list) or not logs:
        raise LogsRefused(_('Isi permintaan harus berupa daftar log ("logs": [...]) dan tidak boleh kosong.'))
    if len(logs) > max_rows():
        raise TooMany(
            _("Terlalu banyak log dalam satu permintaan (%(count)s); paling banyak %(limit)s.")
            % {"count": len(logs), "limit": max_rows()}
        )
    now = now or timezone.now()
    zone = presence_selectors.presence_config(device.instansi_id).zone
    rows = _log_rows(logs, device, zone)
    checked = devicelogs.check_logs(
        instansi_id=device.instansi_id,
        rows=rows,
        source=PresenceSource.DEVICE,
        now=now,
        twins_are_problems=False,
    )
    inserted = devicelogs.write_records(checked.ready, instansi_id=device.instansi_id)
    received = Received(
        accepted=inserted,
        duplicate=checked.duplicates + len(checked.ready) - inserted,
        rejected=[{"index": p.number, "reason": "; ".join(p.reasons)} for p in checked.problems],
    )
    if device.last_seen is None or now - device.last_seen >= LAST_SEEN_EVERY:
        Device.objects.filter(pk=device.pk).update(last_seen=now)
    return received
