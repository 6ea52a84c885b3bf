"""Check-in and check-out from the browser (domain.md §10): the server's clock is the truth, the
device's position must be inside one of the agency's work locations, presensi is accepted from
06.00 to 18.00 in the agency's zone, and a double tap records once.

Built for the morning peak (200 check-ins a second, bench/attendance_checkin_load.py): the agency's
zone and fences come from the cache (selectors.presence.presence_config), and the write is one
INSERT … ON CONFLICT DO NOTHING in autocommit (one round trip, no BEGIN/COMMIT around it). A check-in
already recorded (a double tap, two requests racing) meets the unique index, inserts nothing and is
answered with the time already recorded; a second check-out moves the check-out (the last one counts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.access import Actor

from .. import access, rules
from ..choices import PresenceKind, PresenceSource
from ..models import Presence
from ..selectors import flexible as flexible_selectors
from ..selectors import presence as selectors
from ..selectors import shifts as shift_selectors


@dataclass(frozen=True)
class Recorded:
    kind: str  # PresenceKind
    at: datetime  # in the agency's zone
    created: bool  # False: a check-in already recorded today (the earlier one stands)
    location: str
    distance_m: int


def _coordinate(value: float) -> Decimal:
    return Decimal(str(round(value, 6)))


_INSERTED = [f for f in Presence._meta.concrete_fields if not f.primary_key]


def _insert_once(row: Presence) -> bool:
    """INSERT the browser record unless today's record of its kind exists (the unique index): one
    statement in autocommit, no transaction around it, no error to recover from. True: inserted."""
    quote = connection.ops.quote_name
    sql = "INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT DO NOTHING RETURNING {pk}".format(
        table=quote(Presence._meta.db_table),
        columns=", ".join(quote(f.column) for f in _INSERTED),
        values=", ".join(["%s"] * len(_INSERTED)),
        pk=quote(Presence._meta.pk.column),
    )
    params = [f.get_db_prep_save(getattr(row, f.attname), connection) for f in _INSERTED]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        inserted = cursor.fetchone()
    if inserted is None:
        return False
    row.pk = inserted[0]
    return True


def _in_shift_window(employee_id: int, local: datetime) -> bool:
    """Outside 06.00–18.00, a rostered shift's own window may still accept the record (one query, only
    then: the morning peak never pays it)."""
    roster = shift_selectors.roster_days([employee_id], local.date(), local.date()).get(employee_id, {})
    day = roster.get(local.date())
    if day is None or day.hours is None:
        return False
    return rules.in_window(local.time(), *rules.window_of(day))


def _works_anywhere(employee_id: int, day: date) -> Callable[[], bool]:
    """Whether a flexible-location arrangement covers the day, asked lazily and at most once."""
    answer: list[bool] = []

    def ask() -> bool:
        if not answer:
            answer.append(flexible_selectors.works_anywhere(employee_id, day))
        return answer[0]

    return ask


def presence_record(
    *,
    actor: Actor,
    kind: str,
    latitude: float | None,
    longitude: float | None,
    accuracy_m: int | None = None,
    now: datetime | None = None,
) -> Recorded:
    """Record the actor's check-in or check-out at the server's time, from the browser."""
    access.require(access.can_record_presence(actor))
    assert actor.employee_id is not None and actor.employee_instansi_id is not None
    if kind not in PresenceKind.values:
        raise ValidationError(_("Pilih presensi masuk atau pulang."))
    config = selectors.presence_config(actor.employee_instansi_id)
    now = now or timezone.now()
    local = now.astimezone(config.zone)
    if not rules.in_window(local.time()) and not _in_shift_window(actor.employee_id, local):
        raise ValidationError(
            _("Presensi hanya diterima pukul 06.00–18.00 waktu setempat. Sekarang pukul %(time)s.")
            % {"time": local.strftime("%H.%M")}
        )
    # Flexible location (WFA): the geofence is waived; asked (one query) only when it would refuse.
    anywhere = _works_anywhere(actor.employee_id, local.date())
    if not config.fences and not anywhere():
        raise ValidationError(
            _("Instansi Anda belum menetapkan lokasi kerja untuk presensi. Hubungi petugas kepegawaian.")
        )
    if (latitude is None or longitude is None) and not anywhere():
        raise ValidationError(
            _("Lokasi perangkat tidak terbaca. Izinkan akses lokasi pada peramban, lalu coba lagi.")
        )
    fence: rules.Fence | None = None
    distance = 0.0
    if latitude is not None and longitude is not None:
        fence, distance = rules.nearest_fence(latitude, longitude, config.fences) or (None, 0.0)
    if fence is not None and not rules.is_inside(fence, distance) and anywhere():
        fence = None  # WFA outside every work location: the position is kept, no work location
    if fence is not None and not rules.is_inside(fence, distance):
        raise ValidationError(
            _(
                "Anda berada di luar lokasi kerja: %(distance)s meter dari %(name)s (batas %(radius)s meter). "
                "Presensi tidak dicatat."
            )
            % {
                "distance": f"{round(distance):,}".replace(",", "."),
                "name": fence.name,
                "radius": fence.radius_m,
            }
        )
    row = Presence(
        employee_id=actor.employee_id,
        work_date=local.date(),
        at=now,
        kind=kind,
        source=PresenceSource.BROWSER,
        latitude=None if latitude is None else _coordinate(latitude),
        longitude=None if longitude is None else _coordinate(longitude),
        accuracy_m=accuracy_m,
        distance_m=None if fence is None else round(distance),
        work_location_id=None if fence is None else fence.key,
    )
    place, metres = (fence.name, round(distance)) if fence is not None else ("", 0)
    recorded = Recorded(kind, local, True, place, metres)
    if _insert_once(row):
        return recorded
    # Already one browser record of this kind today.
    if kind == PresenceKind.IN:
        earlier = selectors.browser_record(actor.employee_id, local.date(), PresenceKind.IN)
        at = earlier.at.astimezone(config.zone) if earlier is not None else local
        return Recorded(kind, at, False, place, metres)
    Presence.objects.filter(
        employee_id=actor.employee_id,
        work_date=local.date(),
        kind=PresenceKind.OUT,
        source=PresenceSource.BROWSER,
        at__lt=now,
    ).update(
        at=now,
        latitude=row.latitude,
        longitude=row.longitude,
        accuracy_m=accuracy_m,
        distance_m=row.distance_m,
        work_location_id=row.work_location_id,
    )
    return recorded


def describe(recorded: Recorded) -> str:
    """The message after a tap, in Indonesian."""
    time = recorded.at.strftime("%H.%M.%S")
    day = date_format(recorded.at.date(), "DATE_FORMAT")
    if not recorded.created:
        return _("Presensi masuk sudah tercatat pukul %(time)s (%(day)s); tidak dicatat dua kali.") % {
            "time": time,
            "day": day,
        }
    if not recorded.location:  # flexible location (WFA), outside every work location
        if recorded.kind == PresenceKind.IN:
            return _("Presensi masuk tercatat pukul %(time)s (kerja fleksibel lokasi).") % {"time": time}
        return _("Presensi pulang tercatat pukul %(time)s (kerja fleksibel lokasi).") % {"time": time}
    if recorded.kind == PresenceKind.IN:
        return _("Presensi masuk tercatat pukul %(time)s di %(place)s.") % {
            "time": time,
            "place": recorded.location,
        }
    return _("Presensi pulang tercatat pukul %(time)s di %(place)s.") % {
        "time": time,
        "place": recorded.location,
    }
