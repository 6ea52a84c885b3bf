"""The working hours of Perpres 21/2023 for every agency that exists when the app is installed: the
5-day pattern (Mon–Thu 07.30–16.00, break 12.00–13.00; Fri 07.30–16.30, break 11.30–13.00) from
1 January 2024, and the Ramadan 1447 H pattern (Mon–Thu 08.00–15.00, break 12.00–12.30; Fri
08.00–15.30, break 11.30–12.30) from 19 February to 20 March 2026 (domain.md §10; the Ramadan breaks
and dates: docs/domain-notes.md). Agencies created later get the same pattern from
attendance.services.schedules.schedules_seed_defaults (the demo calls it), and an agency without any
schedule in force falls back to the Perpres pattern (attendance.selectors.schedules)."""

from datetime import date, time

from django.db import migrations

NORMAL_NAME = "Jam kerja Perpres 21/2023"
RAMADAN_NAME = "Jam kerja Ramadan 1447 H"
NORMAL = {
    **{d: (time(7, 30), time(16, 0), time(12, 0), time(13, 0)) for d in range(4)},
    4: (time(7, 30), time(16, 30), time(11, 30), time(13, 0)),
}
RAMADAN = {
    **{d: (time(8, 0), time(15, 0), time(12, 0), time(12, 30)) for d in range(4)},
    4: (time(8, 0), time(15, 30), time(11, 30), time(12, 30)),
}
PATTERNS = [
    (NORMAL_NAME, "normal", date(2024, 1, 1), None, NORMAL),
    (RAMADAN_NAME, "ramadan", date(2026, 2, 19), date(2026, 3, 20), RAMADAN),
]


def load(apps, schema_editor):
    Instansi = apps.get_model("core", "Instansi")
    Schedule = apps.get_model("attendance", "Schedule")
    ScheduleDay = apps.get_model("attendance", "ScheduleDay")
    for instansi in Instansi.objects.all():
        for name, kind, valid_from, valid_to, days in PATTERNS:
            schedule, created = Schedule.objects.get_or_create(
                instansi=instansi,
                unit=None,
                name=name,
                defaults={"kind": kind, "valid_from": valid_from, "valid_to": valid_to},
            )
            if created:
                ScheduleDay.objects.bulk_create(
                    ScheduleDay(schedule=schedule, weekday=d, start=s, end=e, break_start=bs, break_end=be)
                    for d, (s, e, bs, be) in days.items()
                )


def unload(apps, schema_editor):
    Schedule = apps.get_model("attendance", "Schedule")
    Schedule.objects.filter(unit=None, name__in=[NORMAL_NAME, RAMADAN_NAME]).delete()


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_schedules_locations_presence_daily_status_bands")]

    operations = [migrations.RunPython(load, unload)]
