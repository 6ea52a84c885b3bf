"""Benchmark the leave balances (issue 15 item 8) on PostgreSQL: 100,000 employees, 1,000,000 cuti
tahunan ledger rows.

Usage (from the project root):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_portal_bench_leave \\
        .venv/bin/python bench/leave_balances.py [--seed] [--employees 100000] [--rows 10] [--runs 20]

With --seed (or when the database is missing or holds no ledger) the database named in DATABASE_URL
is DROPPED and created again, migrated, filled by `seed_demo --employees N` (as bench/seed_100k.py
does), every unit is moved into Kota Sorong (one agency holds every employee, so one balances page
and one yearly opening cover all of them), the ledger rows seed_demo wrote without a request are
removed and `--rows` ledger rows per employee are generated in SQL (INSERT … SELECT
generate_series): 1,000,000 for 100,000 employees, the grants, uses, adjustments and cuti bersama
days of the three years before the measured year. Point it at a throw-away database. Without --seed
the data already there is reused.

What it measures, with a warm cache:
  (a) the plain SQL sums of N-2, N-1 and N per employee of the agency (one SELECT … GROUP BY, every
      row fetched): the floor; median of 3;
  (b) the yearly opening of the measured year (leave.services.balances.year_opening_run: grants
      and carry-over, batches of 5,000) from cold (the year's opening rows removed) — target under
      30 s — then run again: the ledger must be the same (rows, sum of days, a checksum of every
      (employee, key, days));
  (c) HR's balances page of the agency rendered server-side through Django's test Client
      (middleware, queries, template): first and last page, sorted by name, by N and by the total,
      a unit filter and a name search — median and p95 of --runs requests each, after warm-up, with
      the number of queries of each (the same whatever the data) — target under 150 ms;
and checks that the page's figures equal the plain sums for the employees it shows, and that the
summary (leave.models.Balance, what the page reads and sorts on) equals them for every employee. The
ledger written in SQL (the seed, the cold start's deletion) bypasses the services: the summary is
rebuilt after it with `manage.py leave_rebuild_balances`, timed.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
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
from core.models import HrAssignment, Instansi, UnitKerja  # noqa: E402
from employees.models import Employee  # noqa: E402
from leave import access  # noqa: E402
from leave.models import Balance, LeaveYearOpening, LedgerEntry, YearOpeningRun  # noqa: E402
from leave.services import balances  # noqa: E402

YEAR = access.today().year
JOB_TARGET_S = 30
PAGE_TARGET_MS = 150
HR_USER = "bench.leave.hr"

# The floor: N-2, N-1, N and their total per active employee of the agency (the rows in effect in N).
PLAIN_SQL = """
SELECT le.employee_id,
       SUM(le.days) FILTER (WHERE le.bucket = %(n2)s),
       SUM(le.days) FILTER (WHERE le.bucket = %(n1)s),
       SUM(le.days) FILTER (WHERE le.bucket = %(n)s),
       SUM(le.days) FILTER (WHERE le.bucket >= %(n2)s AND le.bucket <= %(n)s)
FROM leave_ledgerentry le
JOIN employees_employee e ON e.id = le.employee_id
JOIN core_unitkerja u ON u.id = e.unit_id
WHERE u.instansi_id = %(instansi)s AND e.is_active AND le.year <= %(n)s
GROUP BY le.employee_id
"""


# --- Seeding -------------------------------------------------------------------------------------------


def seed_ledger(rows: int) -> None:
    """`rows` ledger rows per employee in SQL, over the three years before YEAR: per year a grant of
    12 (keyed as the opening keys it), a use, and, in turn, an adjustment or a cuti bersama day."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM leave_ledgerentry WHERE request_id IS NULL")
        cursor.execute(
            """
            INSERT INTO leave_ledgerentry (employee_id, kind, bucket, year, days, reason, request_id, key,
                                           created_by_id, created_at)
            SELECT e.id, k.kind, k.bucket, k.bucket, k.days, k.reason, NULL, k.key, NULL,
                   make_timestamptz(k.bucket, 1 + g.n %% 12, 1, 2, 0, 0, 'UTC')
            FROM employees_employee e
            CROSS JOIN generate_series(1, %(rows)s) AS g(n)
            CROSS JOIN LATERAL (
                SELECT %(year)s - 3 + (g.n - 1) %% 3 AS bucket
            ) b
            CROSS JOIN LATERAL (
                SELECT b.bucket,
                       CASE WHEN g.n <= 3 THEN 'hak' WHEN g.n <= 6 THEN 'pakai'
                            WHEN g.n %% 2 = 0 THEN 'penyesuaian' ELSE 'cuti_bersama' END AS kind,
                       CASE WHEN g.n <= 3 THEN 12 WHEN g.n <= 6 THEN -(1 + (e.id + g.n) %% 9)
                            WHEN g.n %% 2 = 0 THEN 1 - 2 * ((e.id + g.n) %% 2) ELSE 1 END AS days,
                       CASE WHEN g.n <= 3 THEN 'Hak cuti tahunan ' || b.bucket
                            WHEN g.n <= 6 THEN 'Cuti tahunan' ELSE 'Penyesuaian' END AS reason,
                       CASE WHEN g.n <= 3 THEN 'open:' || b.bucket || ':' || b.bucket
                            ELSE 'bench:' || g.n END AS key
            ) k
            ORDER BY e.id, g.n
            """,
            {"rows": rows, "year": YEAR},
        )
        cursor.execute('ANALYZE "leave_ledgerentry"')
    step(f"ledger ({LedgerEntry.objects.count():,} rows)", started)
    rebuild()  # written in SQL behind the services: the summary is rebuilt from it


def rebuild() -> float:
    """`manage.py leave_rebuild_balances` (the summary from the whole ledger), timed."""
    started = time.perf_counter()
    call_command("leave_rebuild_balances", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE "leave_balance"')
    return time.perf_counter() - started


def seed(db: dict[str, object], employees: int, rows: int) -> None:
    print(f"Recreating database {db['NAME']!r} ...", flush=True)
    recreate_database(db)
    connection.close()
    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    print(f"Seeding {employees:,} employees (seed_demo, without its training part) ...", flush=True)
    # The training demo is not needed here, and at 100,000 employees it stops on a demo enrolment
    # (seen 6 December 2026: "Pegawai ini tidak memenuhi syarat peserta program ini.").
    demo_training.seed = lambda: 0
    call_command("seed_demo", employees=employees, quiet_logins=True, verbosity=0)
    step("seed_demo", started)
    single_agency(Instansi.objects.get(code="kota-sorong"))
    LeaveYearOpening.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seed_ledger(rows)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def prepare(args: argparse.Namespace) -> Instansi:
    db = check_database()
    fresh = args.seed or not database_exists(db)
    if not fresh:
        try:
            fresh = not LedgerEntry.objects.filter(key__startswith="bench:").exists()
        except Exception:  # no tables yet
            connection.close()
            fresh = True
    if fresh:
        seed(db, args.employees, args.rows)
    else:
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)  # 0004 fills the summary when new
        step("migrate", started)
    return Instansi.objects.get(code="kota-sorong")


# --- Measuring -------------------------------------------------------------------------------------------


def plain_sql(instansi: Instansi) -> tuple[float, dict[int, tuple[int, int, int, int]]]:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(PLAIN_SQL, {"n2": YEAR - 2, "n1": YEAR - 1, "n": YEAR, "instansi": instansi.pk})
        rows = cursor.fetchall()
    return time.perf_counter() - started, {r[0]: tuple(v or 0 for v in r[1:]) for r in rows}  # type: ignore[misc]


def plain_median(instansi: Instansi, runs: int = 3) -> tuple[float, dict[int, tuple[int, int, int, int]]]:
    plain_sql(instansi)  # warm-up
    samples, result = [], {}
    for _ in range(runs):
        seconds, result = plain_sql(instansi)
        samples.append(seconds)
    return statistics.median(samples), result


def summary_differences(plain: dict[int, tuple[int, int, int, int]]) -> int:
    """Employees of the plain sums whose summary row of YEAR differs from them (after the opening)."""
    rows = {
        pk: figures
        for pk, *figures in Balance.objects.filter(year=YEAR).values_list(
            "employee_id", "n2_days", "n1_days", "n_days", "total_days"
        )
    }
    return sum(1 for pk, figures in plain.items() if tuple(rows.get(pk, (0, 0, 0, 0))) != figures)


def ledger_state() -> tuple[int, int, str]:
    """Rows, the sum of their days and a checksum of every (employee, key, days)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), COALESCE(SUM(days), 0), "
            "md5(string_agg(employee_id::text || ':' || key || ':' || days::text, ',' "
            "ORDER BY employee_id, key, days)) FROM leave_ledgerentry"
        )
        count, total, digest = cursor.fetchone()
    return int(count), int(total), str(digest)


def timed_opening(instansi: Instansi) -> float:
    started = time.perf_counter()
    run = balances.year_opening_run(instansi_id=instansi.pk, year=YEAR)
    elapsed = time.perf_counter() - started
    assert run.state == "done", (run.state, run.error)
    return elapsed


def hr_client(instansi: Instansi) -> Client:
    from django.contrib.auth import get_user_model

    hr, _ = get_user_model().objects.get_or_create(username=HR_USER)
    HrAssignment.objects.get_or_create(user=hr, instansi=instansi)
    client = Client()
    client.force_login(hr)
    return client


def measure_page(client: Client, params: dict[str, object], runs: int) -> tuple[float, float, int, bytes]:
    """(median ms, p95 ms, queries, body) of GET the balances page with `params`."""
    url = reverse("leave:balances")

    def get() -> bytes:
        response = client.get(url, params)
        assert response.status_code == 200, response.status_code
        return response.content

    for _ in range(3):
        get()
    # Counted with an execute wrapper: the test client's request_started signal empties the query log
    # that CaptureQueriesContext reads.
    statements: list[str] = []
    with connection.execute_wrapper(
        lambda execute, sql, *rest: statements.append(sql) or execute(sql, *rest)
    ):
        body = get()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        get()
        samples.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(samples, n=20, method="inclusive")[-1] if len(samples) > 1 else samples[0]
    return statistics.median(samples), p95, len(statements), body


def check_figures(body: bytes, plain: dict[int, tuple[int, int, int, int]]) -> tuple[int, int]:
    """(rows checked, rows whose four figures differ from the plain sums) of a page."""
    import re

    text = body.decode()
    checked = wrong = 0
    for pk, figures in re.findall(
        r'saldo/(\d+)/".*?((?:<td data-label="[^"]*">-?\d+</td>\s*){4})', text, flags=re.S
    ):
        shown = tuple(int(v) for v in re.findall(r">(-?\d+)</td>", figures))
        checked += 1
        if shown != plain.get(int(pk), (0, 0, 0, 0)):
            wrong += 1
    return checked, wrong


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", action="store_true", help="drop, recreate and seed the database first")
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=10, help="ledger rows per employee")
    parser.add_argument("--runs", type=int, default=20, help="requests per page measured")
    add_smoke_option(parser)
    args = parser.parse_args()
    apply_smoke(args)
    print(f"Load average at start: {loadavg()}", flush=True)
    instansi = prepare(args)
    # Cold: the measured year not opened yet.
    LedgerEntry.objects.filter(key__startswith=f"open:{YEAR}:").delete()
    YearOpeningRun.objects.filter(opening__year=YEAR).delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE leave_ledgerentry")
    rebuilt = rebuild()  # the rows deleted behind the services: the summary is the ledger again
    employees = Employee.objects.filter(unit__instansi=instansi, is_active=True).count()
    before_rows = LedgerEntry.objects.count()

    print("Measuring the yearly opening ...", flush=True)
    first = timed_opening(instansi)
    once = ledger_state()
    YearOpeningRun.objects.filter(opening__year=YEAR).delete()  # a second, full run (not a no-op claim)
    second = timed_opening(instansi)
    twice = ledger_state()
    with connection.cursor() as cursor:  # as autovacuum would after the bulk write
        cursor.execute("VACUUM ANALYZE leave_ledgerentry")
        cursor.execute("VACUUM ANALYZE leave_balance")
    plain_seconds, plain = plain_median(instansi)
    summary_wrong = summary_differences(plain)

    print("Measuring the balances page ...", flush=True)
    hr = hr_client(instansi)
    last_page = max(1, -(-employees // 50))
    top = (
        UnitKerja.objects.filter(instansi=instansi, parent__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    word = Employee.objects.filter(unit__instansi=instansi).values_list("name", flat=True).first() or "a"
    base = {"instansi": instansi.pk}
    pages = [
        ("page 1, by name", {**base}),
        ("last page, by name", {**base, "page": last_page}),
        ("page 1, by N (descending)", {**base, "sort": "-n"}),
        ("page 1, by total", {**base, "sort": "sisa"}),
        ("last page, by total", {**base, "sort": "sisa", "page": last_page}),
        ("a top unit's subtree", {**base, "unit": top}),
        ("name search", {**base, "q": word.split()[0]}),
    ]
    results = []
    checked = wrong = 0
    for label, params in pages:
        median, p95, queries, body = measure_page(hr, params, args.runs)
        seen, differ = check_figures(body, plain)
        checked, wrong = checked + seen, wrong + differ
        results.append((label, median, p95, queries, len(body)))

    print()
    print(
        f"Leave balances benchmark ({employees:,} employees, {before_rows:,} ledger rows before the opening)"
    )
    print(f"  plain SQL sums (median)      {plain_seconds:.2f} s")
    print(f"  yearly opening {YEAR}, first   {first:.2f} s  ({once[0] - before_rows:,} rows written)")
    print(
        f"  yearly opening {YEAR}, again   {second:.2f} s  "
        f"(ledger {'the same' if once == twice else 'CHANGED'}: {twice[0]:,} rows, {twice[1]:,} days)"
    )
    print(f"  target {JOB_TARGET_S} s: {'met' if max(first, second) < JOB_TARGET_S else 'MISSED'}")
    print(f"  leave_rebuild_balances       {rebuilt:.2f} s  ({Balance.objects.count():,} summary rows)")
    print(
        f"  summary equal to the plain SQL {'for every employee' if not summary_wrong else f'{summary_wrong} DIFFER'}"
    )
    print(f"  balances page (median / p95 of {args.runs}; queries; bytes)")
    for label, median, p95, queries, size in results:
        print(f"    {label:<30} {median:7.1f} ms / {p95:7.1f} ms  {queries:3d} q  {size:,} B")
    worst = max(median for _label, median, *_rest in results)
    print(f"  target {PAGE_TARGET_MS} ms (median): {'met' if worst < PAGE_TARGET_MS else 'MISSED'}")
    print(
        f"  figures equal to the plain SQL {'all' if not wrong else f'{wrong} DIFFER'} ({checked:,} rows checked)"
    )
    print(f"  PostgreSQL                   {postgres_version()}")
    print(f"  nproc                        {cpu_count()}; load average at end {loadavg()}")
    assert once == twice, "a second opening changed the ledger"
    assert not summary_wrong, summary_wrong
    assert checked and not wrong, (checked, wrong)


if __name__ == "__main__":
    main()
