"""Schedules: the Perpres 21/2023 pattern seeded for an agency (migration 0002 did it for the
agencies that existed when the app was installed; the demo calls this for its own)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from core.models import Instansi

from .. import rules
from ..choices import ScheduleKind
from ..models import Schedule, ScheduleDay

NORMAL_NAME = "Jam kerja Perpres 21/2023"
RAMADAN_NAME = "Jam kerja Ramadan 1447 H"
NORMAL_FROM = date(2024, 1, 1)
# 1 Ramadan 1447 H to the eve of Idul Fitri (21 March 2026): docs/domain-notes.md (Unsure: HR sets
# each year's dates after the government's isbat).
RAMADAN_1447 = (date(2026, 2, 19), date(2026, 3, 20))


@transaction.atomic
def schedules_seed_defaults(*, instansi: Instansi) -> list[Schedule]:
    """The agency's Perpres normal pattern and the Ramadan 1447 H pattern, unless it has them already
    (idempotent)."""
    made = []
    for name, kind, (valid_from, valid_to), days in (
        (NORMAL_NAME, ScheduleKind.NORMAL, (NORMAL_FROM, None), rules.DEFAULT_NORMAL_DAYS),
        (RAMADAN_NAME, ScheduleKind.RAMADAN, RAMADAN_1447, rules.DEFAULT_RAMADAN_DAYS),
    ):
        schedule, created = Schedule.objects.get_or_create(
            instansi=instansi,
            unit=None,
            name=name,
            defaults={"kind": kind, "valid_from": valid_from, "valid_to": valid_to},
        )
        if created:
            ScheduleDay.objects.bulk_create(
                ScheduleDay(
                    schedule=schedule,
                    weekday=weekday,
                    start=hours.start,
                    end=hours.end,
                    break_start=hours.break_start,
                    break_end=hours.break_end,
                )
                for weekday, hours in days.items()
            )
            made.append(schedule)
    return made
