"""Reads for presensi: the agency settings the check-in needs (cached), a day's records, and today's
status of an employee."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Q, QuerySet

from core.models import Instansi, UnitKerja
from core.sorting import SortSpec
from employees.models import Employee
from leave import selectors as leave_selectors
from leave.choices import LeaveKind

from .. import rules
from ..choices import PresenceKind, PresenceSource
from ..models import Device, FlexibleWork, Presence, WorkLocation
from . import flexible as flexible_selectors
from . import schedules
from . import shifts as shifts_selectors

# The check-in's agency settings are read at most once a minute per agency and process (the morning
# peak: 200 check-ins a second), and forgotten as soon as HR changes a work location.
CONFIG_SECONDS = 60


@dataclass(frozen=True)
class PresenceConfig:
    time_zone: str
    fences: tuple[rules.Fence, ...]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


def _config_key(instansi_id: int) -> str:
    return f"attendance:presence-config:{instansi_id}"


def presence_config(instansi_id: int) -> PresenceConfig:
    """The agency's time zone and active work locations (from the cache; on a miss one query each)."""
    key = _config_key(instansi_id)
    config: PresenceConfig | None = cache.get(key)
    if config is None:
        zone = Instansi.objects.filter(pk=instansi_id).values_list("time_zone", flat=True).get()
        fences = tuple(
            rules.Fence(pk, name, float(lat), float(lon), radius)
            for pk, name, lat, lon, radius in WorkLocation.objects.filter(
                instansi_id=instansi_id, is_active=True
            ).values_list("pk", "name", "latitude", "longitude", "radius_m")
        )
        config = PresenceConfig(zone, fences)
        cache.set(key, config, CONFIG_SECONDS)
    return config


def forget_presence_config(instansi_id: int) -> None:
    cache.delete(_config_key(instansi_id))


def browser_record(employee_id: int, on: date, kind: str) -> Presence | None:
    return Presence.objects.filter(
        employee_id=employee_id, work_date=on, kind=kind, source=PresenceSource.BROWSER
    ).first()


def records_of_day(employee_id: int, on: date) -> list[Presence]:
    return list(Presence.objects.of_day(employee_id, on).select_related("work_location").order_by("at"))


@dataclass(frozen=True)
class Today:
    """What the Presensi page shows: the local date and time, the counted records, the expected
    hours, and the status so far."""

    now: datetime  # local
    date: date
    zone_label: str
    records: list[Presence]
    check_in: datetime | None
    check_out: datetime | None
    hours: rules.DayHours | None
    result: rules.DayResult
    holiday: bool
    next_kind: str  # PresenceKind: what the big button records
    has_fences: bool
    flexible: FlexibleWork | None = None  # the flexible-work arrangement covering today

    @property
    def early_out_ms(self) -> int | None:
        """Milliseconds left until today's hours end, when the next tap is a check-out before that end
        (the page then asks before recording it: a tap a moment after the check-in counted as PSW4)."""
        if self.next_kind != PresenceKind.OUT or self.hours is None or self.holiday:
            return None
        end = datetime.combine(self.date, self.hours.end, tzinfo=self.now.tzinfo)
        if self.hours.end <= self.hours.start:  # a shift that ends after midnight
            end += timedelta(days=1)
        left = (end - self.now).total_seconds()
        return int(left * 1000) if left > 0 else None


def today_of(*, employee_id: int, unit: UnitKerja, now: datetime) -> Today:
    """Today's presensi of an employee in the agency's zone (a handful of queries, page only)."""
    instansi = unit.instansi
    config = presence_config(instansi.pk)
    local = now.astimezone(config.zone)
    day = local.date()
    records = records_of_day(employee_id, day)
    local_records = [(r.at.astimezone(config.zone), r.kind) for r in records]
    roster = shifts_selectors.roster_days([employee_id], day, day).get(employee_id, {}).get(day)
    first_in, last_out = rules.counted_records(
        [(at.time(), kind) for at, kind in local_records], rules.window_of(roster)
    )
    check_in = next(
        (at for at, kind in local_records if kind == PresenceKind.IN and at.time() == first_in), None
    )
    check_out = next(
        (at for at, kind in reversed(local_records) if kind == PresenceKind.OUT and at.time() == last_out),
        None,
    )
    specs = schedules.schedule_specs(instansi.pk, unit.path, day, day)
    hours = rules.day_hours(rules.expected_hours(schedules.schedule_on(specs, day), day), roster)
    holiday = day in leave_selectors.days_off(instansi.pk, day, day)
    leave = leave_selectors.approved_leave_days([employee_id], day, day).get(employee_id, {})
    _table, bands = schedules.bands_in_force(instansi.pk, day)
    arrangement = flexible_selectors.arrangement_on(employee_id, day)
    facts = rules.DayFacts(
        hours=hours,
        holiday=holiday,
        on_leave=bool(leave),
        sick=leave.get(day) == LeaveKind.SAKIT,
        flexible=arrangement.mode if arrangement is not None else "",
        check_in=first_in,
        check_out=last_out,
        day_over=not rules.in_window(local.time(), *rules.window_of(roster)) and local.hour >= 12,
    )
    return Today(
        now=local,
        date=day,
        zone_label=str(instansi.zone_label),
        records=records,
        check_in=check_in,
        check_out=check_out,
        hours=hours,
        result=rules.day_status(facts, bands),
        holiday=holiday,
        next_kind=PresenceKind.OUT if first_in is not None else PresenceKind.IN,
        has_fences=bool(config.fences),
        flexible=arrangement,
    )


# --- HR: work locations -----------------------------------------------------------------------------------
LOCATION_SORT = SortSpec({"nama": ("name",), "radius": ("radius_m", "name")}, default="nama")


def agency_locations(*, instansi_id: int, q: str = "", active: bool | None = None) -> QuerySet[WorkLocation]:
    """An agency's work locations, searched by name and filtered by state (one query)."""
    rows = WorkLocation.objects.filter(instansi_id=instansi_id)
    if q:
        rows = rows.filter(name__icontains=q)
    if active is not None:
        rows = rows.filter(is_active=active)
    return rows


# --- HR: devices ------------------------------------------------------------------------------------------
DEVICE_SORT = SortSpec(
    {"nama": ("name",), "kode": ("code", "name"), "terakhir": ("last_seen", "name")}, default="nama"
)


def agency_devices(*, instansi_id: int, q: str = "", active: bool | None = None) -> QuerySet[Device]:
    """An agency's devices with their work location, searched by name or code (one query)."""
    rows = Device.objects.filter(instansi_id=instansi_id).select_related("work_location")
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if active is not None:
        rows = rows.filter(is_active=active)
    return rows


def employees_by_id(ids: set[int]) -> dict[int, Employee]:
    """The named employees (name, titles and NIP only) of a few records, e.g. an import's preview (one query)."""
    if not ids:
        return {}
    rows = Employee.objects.filter(pk__in=ids).only("name", "front_title", "back_title", "nip")
    return {e.pk: e for e in rows}
