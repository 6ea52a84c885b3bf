"""Benchmark the 20 JP compliance (issue 14 item 10) on PostgreSQL: 100,000 employees, 1,000,000
riwayat diklat rows.

Usage (from the project root):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_portal_bench_jp \\
        .venv/bin/python bench/jp_compliance.py [--seed] [--employees 100000] [--records 10] [--runs 20]

With --seed (or when the database is missing or holds no riwayat diklat) the database named in
DATABASE_URL is DROPPED and created again, migrated, filled by `seed_demo --employees N` (as
bench/seed_100k.py does), every unit is moved into Kota Sorong (one agency holds every employee, so
one recompute and one dashboard cover all of them), and `--records` riwayat diklat rows per employee
are generated in SQL (INSERT … SELECT generate_series): 1,000,000 for 100,000 employees, ending
between January of the year before and December of the year after the measured year (about a third
of them in it), 1–8 hours each, in the five categories. Point it at a throw-away database. Without
--seed the data already there is reused.

What it measures, with a warm cache:
  (a) the plain SQL aggregate of the year's JP per employee in scope (one SELECT … GROUP BY, every
      row fetched): the floor; median of 3;
  (b) the recompute job (training.services.compliance.recompute, batches of 25,000): a first run
      (no summaries), a re-run with nothing changed (it must rewrite no row: same xmin), and a run
      after the year's rows of one employee in ten changed — target under 30 s;
  (c) the reminders of a July night (training.services.compliance.reminders_send), for scale;
  (d) the dashboard rendered server-side through Django's test Client (middleware, queries,
      template): HR's whole agency (per unit; those below target, first and last page; a name
      search) and a head's subtree — median and p95 of --runs requests each, after warm-up, with
      the number of queries of each (the same whatever the data) — target under 300 ms;
  (e) the Excel export of HR's whole agency, once;
and checks that the job's JP equals the plain aggregate's for every employee.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
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

import psycopg2  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from seed_100k import (  # noqa: E402
    add_smoke_option,
    apply_smoke,
    check_database,
    cpu_count,
    postgres_version,
    recreate_database,
)

from core.models import HrAssignment, Instansi, UnitKerja  # noqa: E402
from employees.models import Employee, TrainingHistory  # noqa: E402
from training.models import ComplianceRun, JpSummary, JpUnitSummary, JpYear  # noqa: E402
from training.services import compliance  # noqa: E402

YEAR = 2026
RECOMPUTE_TARGET_S = 30
PAGE_TARGET_MS = 300
HR_USER = "bench.jp.hr"
HEAD_USER = "bench.jp.head"

# The floor: the same JP per employee in scope (factor 1 for every category: no rule set here).
PLAIN_SQL = """
SELECT th.employee_id, SUM(th.hours)
FROM employees_traininghistory th
JOIN employees_employee e ON e.id = th.employee_id
JOIN core_unitkerja u ON u.id = e.unit_id
WHERE u.instansi_id = %s AND e.is_active AND e.working_state = 'aktif'
  AND th.end_date >= %s AND th.end_date <= %s
GROUP BY th.employee_id
"""


# --- Seeding -------------------------------------------------------------------------------------------


def database_exists(db: dict[str, object]) -> bool:
    conn = psycopg2.connect(
        dbname="postgres",
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
            return cursor.fetchone() is not None
    finally:
        conn.close()


def step(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"  {label}: {now - started:.1f} s", flush=True)
    return now


def single_agency(instansi: Instansi) -> None:
    """Move every unit into `instansi` (codes prefixed to stay unique), as bench/skp_scoring.py does."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_unitkerja SET code = instansi_id::text || '-' || code, instansi_id = %s "
            "WHERE instansi_id <> %s",
            [instansi.pk, instansi.pk],
        )
        cursor.execute("UPDATE employees_employee SET is_active = TRUE WHERE NOT is_active")


def analyze(cursor, table: str) -> None:  # type: ignore[no-untyped-def]
    cursor.execute(f'ANALYZE "{table}"')


def seed_history(records: int) -> None:
    """`records` riwayat diklat rows per employee, in SQL (no per-row history of the audit trail)."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO employees_traininghistory (employee_id, name, category, organiser, start_date, end_date,
                                                   hours, source_ref, sk_number, sk_date, sk_signer, scan_id)
            SELECT e.id, 'Pelatihan ' || g.n,
                   (ARRAY['struktural', 'fungsional', 'teknis', 'seminar', 'lainnya'])[1 + (e.id + g.n) %% 5],
                   'BPSDM', d.day - ((e.id + g.n) %% 5)::int, d.day,
                   1 + (e.id * 7 + g.n * 13) %% 8, '', '', NULL, '', NULL
            FROM employees_employee e
            CROSS JOIN generate_series(1, %s) AS g(n)
            CROSS JOIN LATERAL (
                SELECT make_date(%s - 1, 1, 1) + ((e.id * 37 + g.n * 101) %% 1095)::int AS day
            ) d
            ORDER BY e.id, g.n
            """,
            [records, YEAR],
        )
        analyze(cursor, "employees_traininghistory")
    step(f"riwayat diklat ({TrainingHistory.objects.count():,} rows)", started)


def seed(db: dict[str, object], employees: int, records: int) -> None:
    print(f"Recreating database {db['NAME']!r} ...", flush=True)
    recreate_database(db)
    connection.close()
    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    print(f"Seeding {employees:,} employees (seed_demo) ...", flush=True)
    call_command("seed_demo", employees=employees, quiet_logins=True, verbosity=0)
    step("seed_demo", started)
    single_agency(Instansi.objects.get(code="kota-sorong"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seed_history(records)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def prepare(args: argparse.Namespace) -> Instansi:
    db = check_database()
    fresh = args.seed or not database_exists(db)
    if not fresh:
        try:
            fresh = not TrainingHistory.objects.exists()
        except Exception:  # no tables yet
            connection.close()
            fresh = True
    if fresh:
        seed(db, args.employees, args.records)
    else:
        call_command("migrate", interactive=False, verbosity=0)
    return Instansi.objects.get(code="kota-sorong")


# --- Measuring -------------------------------------------------------------------------------------------


def plain_sql(instansi: Instansi) -> tuple[float, dict[int, Decimal]]:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(PLAIN_SQL, [instansi.pk, datetime(YEAR, 1, 1).date(), datetime(YEAR, 12, 31).date()])
        rows = cursor.fetchall()
    return time.perf_counter() - started, {pk: Decimal(total) for pk, total in rows}


def plain_median(instansi: Instansi, runs: int = 3) -> tuple[float, dict[int, Decimal]]:
    plain_sql(instansi)  # warm-up
    samples, result = [], {}
    for _ in range(runs):
        seconds, result = plain_sql(instansi)
        samples.append(seconds)
    return statistics.median(samples), result


def table_state(jp_year: JpYear) -> tuple[int, int]:
    """Rows and the sum of their xmin: a re-run that rewrote no row leaves both as they were."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), COALESCE(SUM(xmin::text::bigint), 0) FROM training_jpsummary WHERE jp_year_id = %s",
            [jp_year.pk],
        )
        count, xmins = cursor.fetchone()
    return int(count), int(xmins)


def timed_job(jp_year: JpYear) -> float:
    started = time.perf_counter()
    run = compliance.recompute(jp_year_id=jp_year.pk)
    elapsed = time.perf_counter() - started
    assert run.state == "done", (run.state, run.error)
    return elapsed


def change_history(delta: int) -> int:
    """Add `delta` hours to the year's rows of one employee in ten (a day of new records)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE employees_traininghistory SET hours = hours + %s "
            "WHERE employee_id %% 10 = 0 AND end_date >= %s AND end_date <= %s",
            [delta, datetime(YEAR, 1, 1).date(), datetime(YEAR, 12, 31).date()],
        )
        return cursor.rowcount


def users(instansi: Instansi) -> tuple[Client, Client, UnitKerja]:
    """An HR officer of the agency, and the head of its top unit with the most employees below it."""
    from django.contrib.auth import get_user_model

    model = get_user_model()
    hr, _ = model.objects.get_or_create(username=HR_USER)
    HrAssignment.objects.get_or_create(user=hr, instansi=instansi)
    tops = list(UnitKerja.objects.filter(instansi=instansi, parent__isnull=True))
    sizes = {u.pk: Employee.objects.filter(unit__path__startswith=u.path).count() for u in tops}
    head = (
        Employee.objects.filter(is_unit_head=True, unit__in=tops, is_active=True)
        .order_by("-unit_id")
        .select_related("unit")
    )
    chosen = max(head, key=lambda e: sizes[e.unit_id], default=None)
    if chosen is None:  # a tree without heads: make the first employee of the largest top unit its head
        unit = max(tops, key=lambda u: sizes[u.pk])
        chosen = Employee.objects.filter(unit=unit, is_active=True).order_by("pk").first()
        assert chosen is not None
        Employee.objects.filter(pk=chosen.pk).update(is_unit_head=True)
    head_user, _ = model.objects.get_or_create(username=HEAD_USER)
    Employee.objects.filter(user=head_user).exclude(pk=chosen.pk).update(user=None)
    Employee.objects.filter(pk=chosen.pk).update(user=head_user)
    hr_client, head_client = Client(), Client()
    hr_client.force_login(hr)
    head_client.force_login(head_user)
    return hr_client, head_client, UnitKerja.objects.get(pk=chosen.unit_id)


def measure_page(client: Client, params: dict[str, object], runs: int) -> tuple[float, float, int, int]:
    """(median ms, p95 ms, queries, bytes) of GET the dashboard with `params`."""
    url = reverse("training:compliance")

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
    return statistics.median(samples), p95, len(statements), len(body)


def loadavg() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", action="store_true", help="drop, recreate and seed the database first")
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=10, help="riwayat diklat rows per employee")
    parser.add_argument("--runs", type=int, default=20, help="requests per page measured")
    add_smoke_option(parser)
    args = parser.parse_args()
    apply_smoke(args)
    print(f"Load average at start: {loadavg()}", flush=True)
    instansi = prepare(args)
    jp_year = compliance.jp_year_of(instansi.pk, YEAR)
    # Cold: no summaries and no runs of the year yet.
    JpSummary.objects.filter(jp_year=jp_year).delete()
    JpUnitSummary.objects.filter(jp_year=jp_year).delete()
    ComplianceRun.objects.filter(jp_year=jp_year).delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE training_jpsummary")
    employees = Employee.objects.filter(
        unit__instansi=instansi, is_active=True, working_state="aktif"
    ).count()
    records = TrainingHistory.objects.count()
    in_year = TrainingHistory.objects.filter(end_date__year=YEAR).count()

    print("Measuring the recompute ...", flush=True)
    plain_seconds, plain = plain_median(instansi)
    cold = timed_job(jp_year)
    job = dict(JpSummary.objects.filter(jp_year=jp_year).values_list("employee_id", "jp"))
    mismatches = [pk for pk, jp in job.items() if jp != plain.get(pk, Decimal(0))]
    before = table_state(jp_year)
    rerun = timed_job(jp_year)
    after = table_state(jp_year)
    changed_rows = change_history(1)
    try:
        changed = timed_job(jp_year)
    finally:
        change_history(-1)
        timed_job(jp_year)
    started = time.perf_counter()
    reminded = compliance.reminders_send(jp_year_id=jp_year.pk, now=datetime(YEAR, 7, 2, 3, tzinfo=UTC))
    remind_seconds = time.perf_counter() - started
    met = JpSummary.objects.filter(jp_year=jp_year, met=True).count()
    with connection.cursor() as cursor:  # as autovacuum would after the first night's bulk write
        cursor.execute("VACUUM ANALYZE training_jpsummary")
        cursor.execute("VACUUM ANALYZE training_jpunitsummary")

    print("Measuring the dashboard ...", flush=True)
    hr, head, head_unit = users(instansi)
    below = JpSummary.objects.filter(jp_year=jp_year, met=False).count()
    last_page = max(1, -(-below // 50))
    word = Employee.objects.filter(unit__instansi=instansi).values_list("name", flat=True).first() or "a"
    pages = [
        ("HR, whole agency, per unit", hr, {"year": YEAR}),
        ("HR, below target, page 1", hr, {"year": YEAR, "tampil": "belum"}),
        ("HR, below target, last page", hr, {"year": YEAR, "tampil": "belum", "page": last_page}),
        ("HR, below target, sorted by name", hr, {"year": YEAR, "tampil": "belum", "sort": "nama"}),
        ("HR, below target, PPPK", hr, {"year": YEAR, "tampil": "belum", "jenis": "PPPK"}),
        ("HR, below target, name search", hr, {"year": YEAR, "tampil": "belum", "q": word.split()[0]}),
        ("Head, own subtree, per unit", head, {"year": YEAR}),
        ("Head, own subtree, below target", head, {"year": YEAR, "tampil": "belum"}),
    ]
    results = [(label, *measure_page(client, params, args.runs)) for label, client, params in pages]
    started = time.perf_counter()
    export = hr.get(reverse("training:compliance_export"), {"year": YEAR})
    assert export.status_code == 200, export.status_code
    export_seconds = time.perf_counter() - started
    head_employees = Employee.objects.filter(unit__path__startswith=head_unit.path, is_active=True).count()

    print()
    print(f"JP compliance benchmark ({employees:,} employees in scope, {records:,} riwayat diklat rows)")
    print(f"  rows ending in {YEAR}            {in_year:,}")
    print(f"  employees at/above 20 JP     {met:,} ({below:,} below)")
    print(f"  plain SQL aggregate (median) {plain_seconds:.2f} s")
    print(f"  recompute, first run         {cold:.2f} s  ({cold / plain_seconds:.2f}× plain)")
    print(
        f"  recompute, re-run            {rerun:.2f} s  ({rerun / plain_seconds:.2f}× plain; "
        f"rows rewritten: {'none' if before == after else 'SOME'})"
    )
    print(
        f"  recompute, {changed_rows:,} rows changed {changed:.2f} s  ({changed / plain_seconds:.2f}× plain)"
    )
    print(
        f"  target {RECOMPUTE_TARGET_S} s: {'met' if max(cold, rerun, changed) < RECOMPUTE_TARGET_S else 'MISSED'}"
    )
    print(f"  JP equal to the plain SQL    {'all' if not mismatches else f'{len(mismatches)} DIFFER'}")
    print(f"  July reminders               {remind_seconds:.2f} s ({reminded:,} notifications)")
    print(
        f"  dashboard (median / p95 of {args.runs}; queries; bytes); head's subtree: {head_employees:,} employees"
    )
    for label, median, p95, queries, size in results:
        print(f"    {label:<36} {median:7.1f} ms / {p95:7.1f} ms  {queries:3d} q  {size:,} B")
    worst = max(median for _label, median, *_rest in results)
    print(f"  target {PAGE_TARGET_MS} ms (median): {'met' if worst < PAGE_TARGET_MS else 'MISSED'}")
    print(f"  Excel export (whole agency)  {export_seconds:.2f} s, {len(export.content):,} B")
    print(f"  PostgreSQL                   {postgres_version()}")
    print(f"  nproc                        {cpu_count()}; load average at end {loadavg()}")
    assert not mismatches, mismatches[:10]
    assert before == after, "a re-run rewrote rows"


if __name__ == "__main__":
    main()
