"""Benchmark the monthly attendance recap (issue 16 items 5 and 8) on PostgreSQL: an agency of 30,000
employees × 22 working days = 660,000 daily statuses, then more months of history.

Usage (from the project root):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_portal_bench_recap \\
        .venv/bin/python bench/attendance_recap.py [--seed] [--employees 30000] [--history 11] [--runs 5]

With --seed (or when the database is missing or holds no daily status) the database named in
DATABASE_URL is DROPPED and created again, migrated, filled by `seed_demo --employees N` (without its
training part), every unit is moved into Kota Sorong (one agency holds every employee), the example
band table is set, and the measured month (June 2026: 22 weekdays) gets one daily status per employee
and weekday in SQL (INSERT … SELECT generate_series; a deterministic mix: mostly hadir, some
terlambat and pulang cepat with minutes and their bands, tanpa keterangan, cuti, sakit, dinas luar,
pelatihan). Point it at a throw-away database. Without --seed the data already there is reused.

What it measures, with a warm cache:
  (a) the recap query alone (attendance.selectors.recap.recap_rows: ONE query, the month's rows
      aggregated by employee id and the employees joined, every row fetched and shaped with its TPP
      cut) for the whole agency (what the export reads) — target under 5 s — median of --runs, with
      EXPLAIN (ANALYZE, BUFFERS) of it and of page 1 by name;
  (b) HR's recap page rendered through Django's test Client (middleware, every query, template): page 1
      by name, sorted by TK, a top unit's subtree, a name search (the chart's closed months cached
      after the first view), and page 1 by name with the cache emptied before each request — median
      of --runs, with the queries;
then adds --history months before the measured one (the same mix), VACUUM ANALYZE, and measures (a)
and (b) again: the recap's time and its plan's rows must not grow with the history. Each month's
rows go into its own partition (made before the fill: attendance.services.partitions), so the month's
recap reads one partition whatever the history (partition pruning, shown in the plan).
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
# Production-like: no query log, no debug templates. The test client speaks plain HTTP.
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
os.environ.setdefault("HTTPS", "False")
os.environ.setdefault("STATIC_MANIFEST", "False")
os.environ.setdefault("REDIS_URL", "")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "True")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
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
from attendance.models import Band, BandTable, DailyStatus  # noqa: E402
from attendance.selectors import recap  # noqa: E402
from attendance.services import partitions  # noqa: E402
from core.models import HrAssignment, Instansi, UnitKerja  # noqa: E402
from employees.models import Employee  # noqa: E402

YEAR, MONTH = 2026, 6  # June 2026: 22 weekdays
QUERY_TARGET_S = 5
PAGE_TARGET_S = 5
HR_USER = "bench.recap.hr"

# One row per employee and weekday between two dates; the status from a hash of (employee, day).
FILL_SQL = """
INSERT INTO attendance_dailystatus (employee_id, date, status, check_in, check_out, minutes_late,
                                    minutes_early, tl_band, psw_band, computed_at)
SELECT s.employee_id, s.day, s.status, NULL, NULL, s.late, s.early,
       CASE WHEN s.status <> 'terlambat' THEN '' WHEN s.late <= 30 THEN 'TL1' WHEN s.late <= 60 THEN 'TL2'
            WHEN s.late <= 90 THEN 'TL3' ELSE 'TL4' END,
       CASE WHEN s.status <> 'pulang_cepat' THEN '' WHEN s.early <= 30 THEN 'PSW1'
            WHEN s.early <= 60 THEN 'PSW2' WHEN s.early <= 90 THEN 'PSW3' ELSE 'PSW4' END,
       now()
FROM (
    SELECT e.id AS employee_id, d.day::date AS day, h.h,
           CASE WHEN h.h < 80 THEN 'hadir' WHEN h.h < 88 THEN 'terlambat' WHEN h.h < 92 THEN 'pulang_cepat'
                WHEN h.h < 94 THEN 'tk' WHEN h.h < 97 THEN 'cuti' WHEN h.h < 98 THEN 'sakit'
                WHEN h.h < 99 THEN 'dinas_luar' ELSE 'pelatihan' END AS status,
           CASE WHEN h.h >= 80 AND h.h < 88 THEN 1 + (e.id * 7 + h.h * 13) %% 120 ELSE 0 END AS late,
           CASE WHEN h.h >= 88 AND h.h < 92 THEN 1 + (e.id * 11 + h.h * 17) %% 120 ELSE 0 END AS early
    FROM generate_series(%(start)s::date, %(end)s::date, interval '1 day') AS d(day)
    CROSS JOIN employees_employee e
    CROSS JOIN LATERAL (SELECT (hashint8(e.id * 100000 + (d.day::date - date '2000-01-01'))::bigint & 2147483647) %% 100 AS h) h
    WHERE extract(isodow FROM d.day) < 6
    ORDER BY d.day, e.id
) s
"""


def fill(start: str, end: str) -> int:
    # The months' partitions first (PostgreSQL; made at migrate time only around today), so the rows
    # go straight into them and not into the DEFAULT partition (attendance.services.partitions).
    month = date.fromisoformat(start).replace(day=1)
    while month <= date.fromisoformat(end):
        if partitions.partition_name("attendance_dailystatus", month) not in partitions.attached(
            "attendance_dailystatus"
        ):
            partitions.create_month("attendance_dailystatus", "date", month)
        month = partitions.add_months(month, 1)
    with connection.cursor() as cursor:
        cursor.execute(FILL_SQL, {"start": start, "end": end})
        return cursor.rowcount


def seed(db: dict[str, object], employees: int) -> None:
    print(f"Recreating database {db['NAME']!r} ...", flush=True)
    recreate_database(db)
    connection.close()
    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    print(f"Seeding {employees:,} employees (seed_demo, without its training part) ...", flush=True)
    demo_training.seed = lambda: 0
    call_command("seed_demo", employees=employees, quiet_logins=True, verbosity=0)
    started = step("seed_demo", started)
    instansi = Instansi.objects.get(code="kota-sorong")
    single_agency(instansi)
    DailyStatus.objects.all().delete()  # whatever the demo wrote: only the bench's rows
    BandTable.objects.filter(instansi=instansi).delete()
    table = BandTable.objects.create(
        instansi=instansi,
        name="Bench",
        valid_from="2025-01-01",
        absence_cut_percent=rules.EXAMPLE_ABSENCE_CUT,
    )
    Band.objects.bulk_create(
        Band(table=table, kind=b.kind, code=b.code, min_minutes=b.min_minutes, max_minutes=b.max_minutes,
             cut_percent=b.cut_percent)
        for b in rules.EXAMPLE_BANDS
    )  # fmt: skip
    start, end = recap.month_bounds(YEAR, MONTH)
    rows = fill(str(start), str(end))
    step(f"daily statuses of {start:%B %Y} ({rows:,} rows)", started)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def prepare(args: argparse.Namespace) -> Instansi:
    db = check_database()
    fresh = args.seed or not database_exists(db)
    if not fresh:
        try:
            fresh = not DailyStatus.objects.exists()
        except Exception:  # no tables yet
            connection.close()
            fresh = True
    if fresh:
        seed(db, args.employees)
    else:
        call_command("migrate", interactive=False, verbosity=0)
    return Instansi.objects.get(code="kota-sorong")


def add_history(months: int) -> int:
    """`months` months of daily statuses before the measured month (none twice)."""
    start, _end = recap.month_bounds(YEAR, MONTH)
    first_year, first_month0 = recap.months_back(YEAR, MONTH, months + 1)[0]
    DailyStatus.objects.filter(date__lt=start).delete()
    rows = fill(str(date(first_year, first_month0 + 1, 1)), str(start - timedelta(days=1)))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE attendance_dailystatus")
    return rows


# --- Measuring -------------------------------------------------------------------------------------------
def timed_recap(instansi: Instansi) -> tuple[float, int]:
    """The whole agency's recap as the export reads it: streamed, every row shaped with its cut."""
    started = time.perf_counter()
    columns = recap.recap_columns(instansi.pk, *recap.month_bounds(YEAR, MONTH))
    rows = list(recap.recap_rows(instansi_id=instansi.pk, columns=columns).shaped())
    return time.perf_counter() - started, len(rows)


def timed_sql(instansi: Instansi) -> tuple[float, int]:
    """The same query alone: executed and every tuple fetched, nothing shaped."""
    columns = recap.recap_columns(instansi.pk, *recap.month_bounds(YEAR, MONTH))
    sql, params = recap.recap_rows(instansi_id=instansi.pk, columns=columns).sql()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count = len(cursor.fetchall())
    return time.perf_counter() - started, count


def timed_reference(instansi: Instansi) -> tuple[float, int]:
    """The previous computation (RecapRows(reference=True): the first query form with every run's
    counts; shape_reference row by row), for a comparison under the same load."""
    started = time.perf_counter()
    columns = recap.recap_columns(instansi.pk, *recap.month_bounds(YEAR, MONTH))
    rows = recap.RecapRows(instansi_id=instansi.pk, columns=columns, reference=True)
    shaped = [recap.shape_reference(raw, columns) for raw in rows.iterator()]
    return time.perf_counter() - started, len(shaped)


def median_of(timed, instansi: Instansi, runs: int) -> tuple[float, int, list[float]]:
    timed(instansi)  # warm-up
    samples, count = [], 0
    for _ in range(runs):
        seconds, count = timed(instansi)
        samples.append(seconds)
    return statistics.median(samples), count, samples


def recap_median(instansi: Instansi, runs: int) -> tuple[float, int]:
    print(f"  load average {loadavg()}", flush=True)
    seconds, count, samples = median_of(timed_recap, instansi, runs)
    print(f"  recap, whole agency, shaped: {', '.join(f'{s:.2f}' for s in samples)} s", flush=True)
    for label, timed in (("SQL alone (fetched)", timed_sql), ("previous computation", timed_reference)):
        other, other_count, other_samples = median_of(timed, instansi, runs)
        assert other_count == count, (label, other_count, count)
        print(f"  {label}: median {other:.2f} s ({', '.join(f'{s:.2f}' for s in other_samples)})", flush=True)
    return seconds, count


def explain(instansi: Instansi) -> list[str]:
    """EXPLAIN ANALYZE of the whole agency's recap (what the export reads), then of page 1 by name
    (the page's employees first, their days aggregated), then of the previous form (reference)."""
    columns = recap.recap_columns(instansi.pk, *recap.month_bounds(YEAR, MONTH))
    rows = recap.recap_rows(instansi_id=instansi.pk, columns=columns)
    reference = recap.RecapRows(instansi_id=instansi.pk, columns=columns, reference=True)
    lines = []
    for title, (sql, params) in (
        ("whole agency", rows.sql()),
        ("page 1 by name", rows.sql(0, 50)),
        ("whole agency, previous form", reference.sql()),
    ):
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params)
            lines += [f"-- {title}", *(row[0] for row in cursor.fetchall())]
    return lines


def hr_client(instansi: Instansi) -> Client:
    from django.contrib.auth import get_user_model

    hr, _ = get_user_model().objects.get_or_create(username=HR_USER)
    HrAssignment.objects.get_or_create(user=hr, instansi=instansi)
    client = Client()
    client.force_login(hr)
    return client


def measure_page(
    client: Client, params: dict[str, object], runs: int, cold: bool = False
) -> tuple[float, int, int]:
    """(median s, queries, bytes) of GET the recap page with `params`; with `cold`, the cache (the
    chart's closed months) is emptied before each request."""
    url = reverse("attendance:recap")

    def get() -> bytes:
        if cold:
            cache.clear()
        response = client.get(url, params)
        assert response.status_code == 200, response.status_code
        return response.content

    get()
    statements: list[str] = []
    with connection.execute_wrapper(
        lambda execute, sql, *rest: statements.append(sql) or execute(sql, *rest)
    ):
        body = get()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        get()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), len(statements), len(body)


def measure(instansi: Instansi, runs: int) -> tuple[float, int, list[str], list[tuple[str, float, int, int]]]:
    seconds, count = recap_median(instansi, runs)
    plan = explain(instansi)
    hr = hr_client(instansi)
    top = (
        UnitKerja.objects.filter(instansi=instansi, parent__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    ).first()
    word = Employee.objects.filter(unit__instansi=instansi).values_list("name", flat=True).first() or "a"
    base = {"instansi": instansi.pk, "bulan": f"{YEAR:04d}-{MONTH:02d}"}
    pages = [
        ("page 1, by name", base),
        ("page 1, by TK (descending)", {**base, "sort": "-tk"}),
        ("a top unit's subtree", {**base, "unit": top}),
        ("name search", {**base, "q": word.split()[0]}),
    ]
    results = [(label, *measure_page(hr, params, runs)) for label, params in pages]
    results.append(("page 1, by name, cold cache", *measure_page(hr, base, runs, cold=True)))
    return seconds, count, plan, results


def report(title: str, rows: int, seconds: float, count: int, plan: list[str], results, runs: int) -> None:
    print()
    print(title)
    print(f"  daily statuses in the table  {rows:,}")
    print(f"  recap, shaped (median of {runs})  {seconds:.2f} s for {count:,} employees")
    print(f"  target {QUERY_TARGET_S} s: {'met' if seconds < QUERY_TARGET_S else 'MISSED'}")
    print(f"  recap page (median of {runs}; queries; bytes)")
    for label, median, queries, size in results:
        print(f"    {label:<30} {median:6.2f} s  {queries:3d} q  {size:,} B")
    worst = max(median for _label, median, *_rest in results)
    print(f"  target {PAGE_TARGET_S} s (median): {'met' if worst < PAGE_TARGET_S else 'MISSED'}")
    print("  plan of the recap query (EXPLAIN ANALYZE, BUFFERS):")
    for line in plan:
        print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", action="store_true", help="drop, recreate and seed the database first")
    parser.add_argument("--employees", type=int, default=30_000)
    parser.add_argument("--history", type=int, default=11, help="months of history added before the month")
    parser.add_argument("--runs", type=int, default=5, help="runs of each measure")
    add_smoke_option(parser)
    args = parser.parse_args()
    apply_smoke(args)
    if args.smoke:
        args.history = 1
    print(f"Load average at start: {loadavg()}", flush=True)
    instansi = prepare(args)
    start, _end = recap.month_bounds(YEAR, MONTH)
    DailyStatus.objects.filter(date__lt=start).delete()  # the month alone first
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE attendance_dailystatus")
    employees = Employee.objects.filter(unit__instansi=instansi).count()
    month_rows = DailyStatus.objects.count()

    print("Measuring the month alone ...", flush=True)
    alone = measure(instansi, args.runs)
    print(f"Adding {args.history} months of history ...", flush=True)
    started = time.perf_counter()
    added = add_history(args.history)
    step(f"history ({added:,} rows)", started)
    print("Measuring with the history ...", flush=True)
    after = measure(instansi, args.runs)

    print()
    print(
        f"Attendance recap benchmark ({employees:,} employees, {month_rows:,} daily statuses of {start:%B %Y})"
    )
    report("The month alone", month_rows, *alone, runs=args.runs)
    report(f"With {args.history} months of history", month_rows + added, *after, runs=args.runs)
    print()
    print(f"  recap query: {alone[0]:.2f} s alone, {after[0]:.2f} s with the history")
    print(f"  PostgreSQL                   {postgres_version()}")
    print(f"  nproc                        {cpu_count()}; load average at end {loadavg()}")
    assert alone[1] == after[1] == employees, (alone[1], after[1], employees)


if __name__ == "__main__":
    main()
