"""Benchmark the nightly build of daily attendance statuses (issue 16 items 5 and 8) on PostgreSQL:
one working day of 100,000 employees.

Usage (from the project root):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_portal_bench_att \\
        .venv/bin/python bench/attendance_daily.py [--seed] [--employees 100000] [--runs 3]

With --seed (or when the database is missing or holds no demo data) the database named in
DATABASE_URL is DROPPED and created again, migrated, filled by `seed_demo --employees N` (as
bench/seed_100k.py does), every unit is moved into Kota Sorong (one agency holds every employee, so
one build covers all of them), a band table is set, and the measured day's presensi records are
generated in SQL (INSERT … SELECT): per employee a check-in between 07.00 and 08.40 and a check-out
between 15.30 and 17.10 local time, 4% without any record, 3% without a check-out, 2% with a device
that logged the check-in twice. Point it at a throw-away database. Without --seed the data already
there is reused (the measured day's records are generated when missing).

What it measures, with a warm cache:
  (a) the build of the day from cold (the day's statuses removed) through
      attendance.services.daily.build_days — target under 10 s; median of --runs;
  (b) the same build again over unchanged data (compares, writes nothing): the statuses must be the
      same (rows and a checksum of every (employee, date, status, minutes, bands, records));
  (c) the same day as a run (daily_run: core.runs claim, cursor and heartbeat per batch of 5,000).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
os.environ.setdefault("HTTPS", "False")
os.environ.setdefault("STATIC_MANIFEST", "False")
os.environ.setdefault("REDIS_URL", "")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "True")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402
from jp_compliance import database_exists, loadavg, single_agency, step  # noqa: E402
from seed_100k import (  # noqa: E402
    add_smoke_option,
    apply_smoke,
    check_database,
    cpu_count,
    postgres_version,
    recreate_database,
)

import demo.training as demo_training  # noqa: E402
from attendance import rules  # noqa: E402
from attendance.models import AttendanceRun, Band, BandTable, DailyStatus, Presence  # noqa: E402
from attendance.services import daily  # noqa: E402
from core.models import Instansi  # noqa: E402
from leave import selectors as leave_selectors  # noqa: E402

JOB_TARGET_S = 10
DEVICE = "BENCH"


def measured_day(instansi: Instansi) -> date:
    """The last Wednesday before today that is not a day off (a normal working day, long over)."""
    day = timezone.localdate() - timedelta(days=1)
    off = leave_selectors.days_off(instansi.pk, day - timedelta(days=60), day)
    while day.weekday() != 2 or day in off:
        day -= timedelta(days=1)
    return day


# --- Seeding -------------------------------------------------------------------------------------------


def seed_presences(instansi: Instansi, day: date) -> None:
    """The day's records of every employee of the agency in SQL (see the module's docstring)."""
    started = time.perf_counter()
    params = {"day": day, "zone": instansi.time_zone, "instansi": instansi.pk, "device": DEVICE}
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM attendance_presence WHERE work_date = %(day)s", params)
        cursor.execute(
            """
            INSERT INTO attendance_presence (employee_id, work_date, at, kind, source, device)
            SELECT e.id, %(day)s,
                   (%(day)s::date + make_interval(mins => r.minute::int)) AT TIME ZONE %(zone)s,
                   r.kind, 'device', %(device)s || r.copy
            FROM employees_employee e
            JOIN core_unitkerja u ON u.id = e.unit_id
            CROSS JOIN LATERAL (
                SELECT 'in' AS kind, 420 + (e.id * 37) %% 100 AS minute, '' AS copy
                WHERE e.id %% 25 <> 0
                UNION ALL
                SELECT 'in', 421 + (e.id * 37) %% 100, '-2' WHERE e.id %% 50 = 7
                UNION ALL
                SELECT 'out', 930 + (e.id * 53) %% 100, '' WHERE e.id %% 25 <> 0 AND e.id %% 33 <> 1
            ) r
            WHERE u.instansi_id = %(instansi)s
            """,
            params,
        )
        cursor.execute('ANALYZE "attendance_presence"')
    step(f"presences ({Presence.objects.filter(work_date=day).count():,} rows)", started)


def band_table(instansi: Instansi) -> None:
    BandTable.objects.filter(instansi=instansi).delete()
    table = BandTable.objects.create(
        instansi=instansi,
        name="Bench",
        valid_from=date(2020, 1, 1),
        absence_cut_percent=rules.EXAMPLE_ABSENCE_CUT,
    )
    Band.objects.bulk_create(
        Band(table=table, kind=b.kind, code=b.code, min_minutes=b.min_minutes, max_minutes=b.max_minutes,
             cut_percent=b.cut_percent)
        for b in rules.EXAMPLE_BANDS
    )  # fmt: skip


def seed(db: dict[str, object], employees: int) -> None:
    print(f"Recreating database {db['NAME']!r} ...", flush=True)
    recreate_database(db)
    connection.close()
    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    print(f"Seeding {employees:,} employees (seed_demo, without its training part) ...", flush=True)
    demo_training.seed = lambda: 0  # not needed here (and slow at 100,000)
    call_command("seed_demo", employees=employees, quiet_logins=True, verbosity=0)
    step("seed_demo", started)
    single_agency(Instansi.objects.get(code="kota-sorong"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def prepare(args: argparse.Namespace) -> tuple[Instansi, date]:
    db = check_database()
    fresh = args.seed or not database_exists(db)
    if not fresh:
        try:
            fresh = not Instansi.objects.filter(code="kota-sorong").exists()
        except Exception:  # no tables yet
            connection.close()
            fresh = True
    if fresh:
        seed(db, args.employees)
    else:
        call_command("migrate", interactive=False, verbosity=0)
    instansi = Instansi.objects.get(code="kota-sorong")
    day = measured_day(instansi)
    if fresh or not Presence.objects.filter(device=DEVICE, work_date=day).exists():
        band_table(instansi)
        seed_presences(instansi, day)
    return instansi, day


# --- Measuring -------------------------------------------------------------------------------------------


def state(day: date) -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), md5(string_agg(concat_ws(':', employee_id, date, status, minutes_late, "
            "minutes_early, tl_band, psw_band, check_in, check_out), ',' ORDER BY employee_id)) "
            "FROM attendance_dailystatus WHERE date = %s",
            [day],
        )
        count, digest = cursor.fetchone()
    return int(count), str(digest)


def cold(day: date) -> None:
    DailyStatus.objects.filter(date=day).delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE attendance_dailystatus")


def timed(call) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", action="store_true", help="drop, recreate and seed the database first")
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="cold builds measured (the median is reported)")
    add_smoke_option(parser)
    args = parser.parse_args()
    apply_smoke(args)
    print(f"Load average at start: {loadavg()}", flush=True)
    instansi, day = prepare(args)
    employees = daily._scope(instansi.pk).count()

    def build() -> int:
        return daily.build_days(start=day, end=day, instansi_id=instansi.pk)

    print(f"Measuring the build of {day} ...", flush=True)
    colds, written = [], 0
    for _ in range(max(1, args.runs)):
        cold(day)
        started = time.perf_counter()
        written = build()
        colds.append(time.perf_counter() - started)
    once = state(day)
    again_written = 0

    def again() -> None:
        nonlocal again_written
        again_written = build()

    warm = timed(again)
    twice = state(day)
    cold(day)
    AttendanceRun.objects.all().delete()
    run_seconds = timed(lambda: daily.daily_run(instansi_id=instansi.pk, start=day, end=day))
    run = AttendanceRun.objects.get()
    by_run = state(day)
    counts = dict(DailyStatus.objects.filter(date=day).values_list("status").annotate(n=Count("pk")))

    print()
    print(
        f"Attendance daily build benchmark ({employees:,} employees, {day:%A %d %B %Y}, {once[0]:,} statuses)"
    )
    print(
        f"  build, cold (median of {len(colds)})   {statistics.median(colds):.2f} s  ({written:,} rows written)"
    )
    print(f"    each                          {', '.join(f'{s:.2f}' for s in colds)} s")
    print(
        f"  build again, unchanged          {warm:.2f} s  ({again_written:,} rows written; statuses "
        f"{'the same' if once == twice else 'CHANGED'})"
    )
    print(
        f"  as a run (daily_run)            {run_seconds:.2f} s  ({run.state}, {run.processed:,}/{run.total:,}; "
        f"statuses {'the same' if by_run == once else 'CHANGED'})"
    )
    print(f"  statuses                        {', '.join(f'{k} {v:,}' for k, v in sorted(counts.items()))}")
    print(f"  target {JOB_TARGET_S} s: {'met' if statistics.median(colds) < JOB_TARGET_S else 'MISSED'}")
    print(f"  PostgreSQL                      {postgres_version()}")
    print(f"  nproc                           {cpu_count()}; load average at end {loadavg()}")
    assert once == twice == by_run, "a second build changed the statuses"
    assert again_written == 0, again_written


if __name__ == "__main__":
    main()
