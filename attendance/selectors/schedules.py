"""Reads of schedules and band tables: the specs the rules resolve a day with, and HR's lists."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from core.models import ids_from_path

from .. import rules
from ..choices import ScheduleKind
from ..models import Band, BandTable, Schedule, ScheduleDay

# An agency without any schedule in force works the Perpres 21/2023 pattern (domain.md §10).
PERPRES_DEFAULT = rules.ScheduleSpec(
    key=0, kind=ScheduleKind.NORMAL, valid_from=date.min, valid_to=None, days=rules.DEFAULT_NORMAL_DAYS
)


def _spec(schedule: Schedule, depth_of: dict[int, int]) -> rules.ScheduleSpec:
    return rules.ScheduleSpec(
        key=schedule.pk,
        kind=schedule.kind,
        valid_from=schedule.valid_from,
        valid_to=schedule.valid_to,
        days={
            d.weekday: rules.DayHours(d.start, d.end, d.break_start, d.break_end) for d in schedule.days.all()
        },
        unit_depth=None if schedule.unit_id is None else depth_of.get(schedule.unit_id, 0),
    )


def schedule_specs(instansi_id: int, unit_path: str, start: date, end: date) -> list[rules.ScheduleSpec]:
    """The schedules that may apply between two dates to someone in the unit at `unit_path`: the
    agency's and those of the unit and its ancestors, with their days (two queries)."""
    ids = ids_from_path(unit_path)
    depth_of = {unit_id: depth for depth, unit_id in enumerate(ids)}
    schedules = (
        Schedule.objects.for_units(instansi_id, ids)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start), valid_from__lte=end)
        .prefetch_related(Prefetch("days", queryset=ScheduleDay.objects.order_by("weekday")))
    )
    return [_spec(s, depth_of) for s in schedules]


def schedule_on(specs: list[rules.ScheduleSpec], on: date) -> rules.ScheduleSpec:
    """The schedule of a day among `specs`, else the Perpres default."""
    return rules.resolve_schedule(specs, on) or PERPRES_DEFAULT


def bands_in_force(instansi_id: int, on: date) -> tuple[BandTable | None, list[rules.BandSpec]]:
    """The agency's band table in force on a date (the latest start) and its bands (two queries);
    (None, []) when it has none: statuses are still computed, without bands or cuts."""
    table = (
        BandTable.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), instansi_id=instansi_id)
        .filter(valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )
    if table is None:
        return None, []
    bands = [
        rules.BandSpec(b.kind, b.code, b.min_minutes, b.max_minutes, b.cut_percent)
        for b in Band.objects.filter(table=table)
    ]
    return table, bands


def agency_schedules(instansi_id: int) -> QuerySet[Schedule]:
    """HR's list of an agency's schedules with their unit and days (three queries with the prefetch)."""
    return (
        Schedule.objects.filter(instansi_id=instansi_id)
        .select_related("unit")
        .prefetch_related(Prefetch("days", queryset=ScheduleDay.objects.order_by("weekday")))
        .order_by("unit__path", "-valid_from", "pk")
    )


def agency_band_tables(instansi_id: int) -> QuerySet[BandTable]:
    return BandTable.objects.filter(instansi_id=instansi_id).prefetch_related("bands").order_by("-valid_from")
