"""Benchmark the SKP scoring job (performance.services.scoring) on PostgreSQL: 100,000 employees × 5 IKI.

Usage (from the project root):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_portal_bench_skp \\
        .venv/bin/python bench/skp_scoring.py [--seed] [--batch-size N] [--only monthly|annual]

With --seed (or when the database is missing or holds no scoring data) the database named in
DATABASE_URL is DROPPED and created again, migrated, filled by `seed_demo --employees 100000`
(as bench/seed_100k.py does), every unit is moved into Kota Sorong (so that one agency holds all
100,000 employees), the demo performance data seed_demo created (each agency's 2026 year) is
emptied, and the performance data is generated in SQL: one performance year (monthly),
one approved SKP per employee with 2 RHK and 5 IKI (mixed directions and weights, one employee in
20 with a qualitative IKI), a realisation of every IKI in each of the 12 months (6,000,000 rows,
some zeros), and a final or draft appraisal of every employee for January and for the year;
each SKP's iki_count is set as approval sets it, and every bulk-loaded table is analysed at once.
Point it at a throw-away benchmark database. Without --seed the data already there is reused.

What it measures, in one run, with a warm cache:
  (a) score_period_run of January (500,000 realisations): a first run (no scores yet), a re-run
      (nothing changed: it must leave the table identical and rewrite nothing), and a run after
      the January realisations of one employee in ten changed (the nightly case);
  (b) the plain SQL aggregate computing the same per-employee indeks of January
      (one SELECT … GROUP BY employee, all rows fetched), median of 3;
  (c) score_period_run of the annual evaluation (6,000,000 realisations), the same three runs;
  (d) the plain SQL aggregate of the annual indeks, median of 3;
then the ratios job / plain SQL (target: at most 3), the targets (20 s and 60 s), a check that
the job's indeks equals the plain SQL's for every employee (within 1e-9), and, for scale, what
merely writing one constant PeriodScore per employee costs (indexes and foreign keys checked,
rolled back). `--only monthly|annual` measures one period (for tuning).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")
# Production-like: no query log. Tasks are not used (the job is called directly).
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
os.environ.setdefault("HTTPS", "False")
os.environ.setdefault("STATIC_MANIFEST", "False")
os.environ.setdefault("REDIS_URL", "")
# The plain SQL aggregate this benchmark compares the job with runs on both cores (a Gather with
# PostgreSQL's default two workers), as measured before the web settings turned them off
# (asn_portal/settings.py); the job's INSERT ... SELECT never runs in parallel either way.
os.environ.setdefault("PG_MAX_PARALLEL_WORKERS_PER_GATHER", "2")

import psycopg2  # noqa: E402
from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from seed_100k import (  # noqa: E402
    add_smoke_option,
    apply_smoke,
    check_database,
    cpu_count,
    postgres_version,
    recreate_database,
)

from core.models import Instansi  # noqa: E402
from employees.models import Employee  # noqa: E402
from performance.choices import Frequency, PeriodKind  # noqa: E402
from performance.models import (  # noqa: E402
    PerformanceYear,
    Period,
    PeriodScore,
    Realisation,
    ScoringRun,
    Skp,
    UnitScore,
)
from performance.services import scoring  # noqa: E402
from performance.services.planning import count_ikis  # noqa: E402
from performance.services.years import period_rows  # noqa: E402

YEAR = 2026
MONTH_TARGET_S = 20
ANNUAL_TARGET_S = 60
RATIO_TARGET = 3
TOLERANCE = Decimal("1e-9")

# The same formula as performance.services.scoring (and rules.capaian): the plain SQL "floor".
PLAIN_SQL = """
SELECT re.employee_id,
       SUM((CASE WHEN i.direction = 'lower' THEN
                CASE WHEN re.value = 0 OR i.target >= 1.2 * re.value THEN 120.0
                     ELSE 100.0 * i.target / re.value END
            ELSE
                CASE WHEN re.value >= 1.2 * i.target THEN 120.0
                     ELSE 100.0 * re.value / i.target END
            END) * i.weight) / SUM(i.weight)
FROM performance_realisation re JOIN performance_iki i ON i.id = re.iki_id
WHERE re.period_id = ANY(%s) AND i.target IS NOT NULL AND re.value IS NOT NULL
GROUP BY re.employee_id
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
    """Move every unit into `instansi` (codes prefixed to stay unique), as bench/duk.py does."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_unitkerja SET code = instansi_id::text || '-' || code, instansi_id = %s "
            "WHERE instansi_id <> %s",
            [instansi.pk, instansi.pk],
        )
        cursor.execute("UPDATE employees_employee SET is_active = TRUE WHERE NOT is_active")


def analyze(cursor, *tables: str) -> None:
    """Give the planner statistics for freshly loaded tables (autovacuum would come minutes later)."""
    cursor.execute("ANALYZE " + ", ".join(f'"{table}"' for table in tables))


def clear_demo_performance(cursor) -> None:
    """Empty every table of the performance app: seed_demo creates each agency's 2026 year (with
    SKPs, realisations, appraisals and scores for a few hundred employees per agency), which the
    benchmark replaces by its own year for everyone (the same data as before seed_demo made any).
    CASCADE: the training needs taken from coaching plans point at performance's rows."""
    tables = [model._meta.db_table for model in apps.get_app_config("performance").get_models()]
    cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in tables) + " RESTART IDENTITY CASCADE")


def seed_performance(instansi: Instansi) -> None:
    """One year, one approved SKP per employee with 5 IKI, 12 months of realisations: in SQL."""
    with connection.cursor() as cursor:
        clear_demo_performance(cursor)
    year = PerformanceYear.objects.create(
        instansi=instansi, year=YEAR, frequency=Frequency.MONTHLY, skp_deadline=date(YEAR, 1, 31)
    )
    Period.objects.bulk_create(period_rows(year))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Bulk load: no FK trigger per row (the rows are generated consistent), indexes built after.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            """
            INSERT INTO performance_skp (employee_id, year_id, version, state, appraiser_id, previous_id,
                                         revision_reason, iki_count, appraiser_named,
                                         kepala_daerah_appraises, submitted_at, approved_at, created_at,
                                         updated_at)
            SELECT e.id, %s, 1, 'approved', NULL, NULL, '', 0, false, false, now(), now(), now(), now()
            FROM employees_employee e ORDER BY e.id
            """,
            [year.pk],
        )
        analyze(cursor, "performance_performanceyear", "performance_period", "performance_skp")
        started = step("SKP", started)
        cursor.execute(
            """
            INSERT INTO performance_rhk (skp_id, "order", text, parent_id, origin_id)
            SELECT s.id, g.n, 'Rencana hasil kerja ' || g.n, NULL, NULL
            FROM performance_skp s CROSS JOIN generate_series(1, 2) AS g(n)
            WHERE s.year_id = %s ORDER BY s.id, g.n
            """,
            [year.pk],
        )
        analyze(cursor, "performance_rhk")
        started = step("RHK", started)
        # 3 IKI under the first RHK, 2 under the second: targets 10-99, every third one "lower is
        # better", weights 1, 1.5, 2; the second IKI of RHK 2 is qualitative for 1 SKP in 20.
        cursor.execute(
            """
            INSERT INTO performance_iki (rhk_id, "order", indicator, target, target_text, unit, direction,
                                         weight, origin_id)
            SELECT r.id, g.k, 'Indikator ' || g.k,
                   CASE WHEN r."order" = 2 AND g.k = 2 AND r.skp_id %% 20 = 0 THEN NULL
                        ELSE 10 + (r.id * 7 + g.k * 13) %% 90 END,
                   CASE WHEN r."order" = 2 AND g.k = 2 AND r.skp_id %% 20 = 0 THEN 'Kualitatif' ELSE '' END,
                   'unit',
                   CASE WHEN (r.id + g.k) %% 3 = 0 THEN 'lower' ELSE 'higher' END,
                   1 + ((r.id + g.k) %% 3) * 0.5,
                   NULL
            FROM performance_rhk r JOIN performance_skp s ON s.id = r.skp_id
            JOIN generate_series(1, 3) AS g(k) ON g.k <= CASE WHEN r."order" = 1 THEN 3 ELSE 2 END
            WHERE s.year_id = %s ORDER BY r.id, g.k
            """,
            [year.pk],
        )
        analyze(cursor, "performance_iki")
        started = step("IKI", started)
        # iki_count (NOT NULL, 0 above) as approval stores it: the number of IKI of the SKP.
        count_ikis(Skp.objects.filter(year=year).values("pk"))
        analyze(cursor, "performance_skp")
        started = step("SKP iki_count", started)
        indexes = drop_secondary_indexes(cursor, Realisation._meta.db_table)
        # Realisation: 40%-120% of the target (4 decimals), 0 for one report in 25. Stored month by
        # month (as they are reported), in no particular employee order within a month.
        cursor.execute(
            """
            INSERT INTO performance_realisation (iki_id, period_id, employee_id, value, text, note, evidence_id,
                                                 evidence_link, reported_by_id, reported_at)
            SELECT i.id, p.id, s.employee_id,
                   CASE WHEN i.target IS NULL THEN NULL
                        WHEN (i.id + p.number) %% 25 = 0 THEN 0
                        ELSE round(i.target * (40 + (i.id * 31 + p.number * 17) %% 81) / 100.0, 4) END,
                   CASE WHEN i.target IS NULL THEN 'Uraian realisasi' ELSE '' END,
                   '', NULL, '', NULL, now()
            FROM performance_skp s
            JOIN performance_rhk r ON r.skp_id = s.id
            JOIN performance_iki i ON i.rhk_id = r.id
            CROSS JOIN performance_period p
            WHERE s.year_id = %s AND p.year_id = %s AND p.kind = 'periodic'
            ORDER BY p.id, (i.id * 2654435761) %% 4294967296  -- employees report in any order
            """,
            [year.pk, year.pk],
        )
        started = step("realisations (6,000,000)", started)
        for definition in indexes:
            cursor.execute(definition)
        analyze(cursor, "performance_realisation")
        started = step("realisation indexes rebuilt, analysed", started)
        # Appraisals of January and of the year: 80% final, with every predikat represented.
        cursor.execute(
            """
            INSERT INTO performance_appraisal (employee_id, period_id, skp_id, appraiser_id, state, indeks,
                                               suggested_hasil, rating_hasil, override_reason, rating_perilaku,
                                               predikat, note, finalised_at)
            SELECT s.employee_id, p.id, s.id, s.employee_id,
                   CASE WHEN s.employee_id %% 5 = 0 THEN 'draft' ELSE 'final' END,
                   NULL, '', '', '', '',
                   CASE WHEN s.employee_id %% 5 = 0 THEN ''
                        ELSE (ARRAY['sangat_baik', 'baik', 'baik', 'baik', 'butuh_perbaikan', 'kurang',
                                    'sangat_kurang'])[1 + (s.employee_id / 5) %% 7] END,
                   '', CASE WHEN s.employee_id %% 5 = 0 THEN NULL ELSE now() END
            FROM performance_skp s CROSS JOIN performance_period p
            WHERE s.year_id = %s AND p.year_id = %s AND (p.number = 1 AND p.kind = 'periodic' OR p.kind = 'annual')
            """,
            [year.pk, year.pk],
        )
        analyze(cursor, "performance_appraisal")
        started = step("appraisals", started)
        cursor.execute("SET session_replication_role = DEFAULT")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    step("VACUUM ANALYZE", started)


def drop_secondary_indexes(cursor, table: str) -> list[str]:
    """Drop the plain indexes of `table` (not the primary key or constraints); return their DDL."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.tablename = %s AND NOT EXISTS (
            SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname
        )
        """,
        [table],
    )
    rows = cursor.fetchall()
    for name, _definition in rows:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


def seed(db: dict[str, object], employees: int) -> None:
    print(f"Recreating database {db['NAME']!r} ...", flush=True)
    recreate_database(db)
    connection.close()
    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    print(f"Seeding {employees:,} employees (seed_demo) ...", flush=True)
    call_command("seed_demo", employees=employees, quiet_logins=True, verbosity=0)
    started = step("seed_demo", started)
    sorong = Instansi.objects.get(code="kota-sorong")
    single_agency(sorong)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the employees, units and histories seed_demo just loaded
    print("Seeding the performance data ...", flush=True)
    seed_performance(sorong)
    step("performance data, total", started)


# --- Measuring -----------------------------------------------------------------------------------------


def plain_sql(period_ids: list[int]) -> tuple[float, dict[int, Decimal]]:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(PLAIN_SQL, [period_ids])
        rows = cursor.fetchall()
    return time.perf_counter() - started, dict(rows)


def plain_median(period_ids: list[int], runs: int = 3) -> tuple[float, dict[int, Decimal]]:
    plain_sql(period_ids)  # warm-up
    samples = []
    result: dict[int, Decimal] = {}
    for _ in range(runs):
        seconds, result = plain_sql(period_ids)
        samples.append(seconds)
    return statistics.median(samples), result


def table_state(period: Period) -> tuple[int, int, str]:
    """Rows and a checksum of every scored value of the period (to prove a re-run changed nothing)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT COUNT(*), COALESCE(SUM(xmin::text::bigint), 0),
                   md5(string_agg(concat_ws('|', employee_id, unit_id, iki_total, iki_reported, indeks,
                                            skp_state, appraisal_state, predikat), ',' ORDER BY employee_id))
            FROM performance_periodscore WHERE period_id = %s
            """,
            [period.pk],
        )
        count, xmins, digest = cursor.fetchone()
    return int(count), int(xmins), str(digest)


def timed_job(period: Period, batch_size: int) -> tuple[float, ScoringRun]:
    started = time.perf_counter()
    run = scoring.score_period_run(period_id=period.pk, batch_size=batch_size)
    elapsed = time.perf_counter() - started
    assert run.state == "done", (run.state, run.error)
    return elapsed, run


def change_reports(period_id: int, delta: int) -> int:
    """Add `delta` to the January realisations of one employee in ten (a day of new reports)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE performance_realisation SET value = value + %s "
            "WHERE period_id = %s AND employee_id %% 10 = 0 AND value IS NOT NULL",
            [delta, period_id],
        )
        return cursor.rowcount


def write_floor(period: Period) -> float:
    """Insert one PeriodScore of constants per employee (indexes, foreign keys checked), rolled back:
    what writing the rows costs without computing anything."""
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                """
                INSERT INTO performance_periodscore (period_id, employee_id, unit_id, iki_total, iki_reported,
                                                     indeks, skp_state, appraisal_state, predikat)
                SELECT %s, e.id, e.unit_id, 5, 5, 100.5, 'approved', 'final', 'baik'
                FROM employees_employee e ORDER BY e.id
                """,
                [period.pk],
            )
        transaction.set_rollback(True)
    return time.perf_counter() - started


def measure(
    period: Period, label: str, report_ids: list[int], january_id: int, batch_size: int
) -> dict[str, object]:
    # Cold: no scores and no runs of this period yet.
    PeriodScore.objects.filter(period=period).delete()
    UnitScore.objects.filter(period=period).delete()
    ScoringRun.objects.filter(period=period).delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE performance_periodscore")
    floor = write_floor(period)
    plain_seconds, plain = plain_median(report_ids)
    cold, run = timed_job(period, batch_size)
    job = dict(PeriodScore.objects.filter(period=period).values_list("employee_id", "indeks"))
    with_indeks = {pk: value for pk, value in job.items() if value is not None}
    differences = [abs(with_indeks[pk] - value) for pk, value in plain.items() if pk in with_indeks]
    before = table_state(period)
    rerun, _ = timed_job(period, batch_size)
    after = table_state(period)
    changed_rows = change_reports(january_id, 1)
    try:
        changed, _ = timed_job(period, batch_size)
    finally:
        change_reports(january_id, -1)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE performance_realisation")  # as autovacuum would, in time
    return {
        "label": label,
        "realisations": Realisation.objects.filter(period_id__in=report_ids).count(),
        "employees": run.total,
        "batches": -(-run.total // batch_size),
        "cold": cold,
        "rerun": rerun,
        "changed": changed,
        "changed_rows": changed_rows,
        "plain": plain_seconds,
        "floor": floor,
        "same_set": set(with_indeks) == set(plain),
        "max_diff": max(differences, default=Decimal(0)),
        "compared": len(differences),
        "idempotent": before[0] == after[0] and before[2] == after[2],
        "untouched": before == after,  # not even rewritten (same xmin)
        "units": UnitScore.objects.filter(period=period).count(),
    }


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", action="store_true", help="drop, recreate and seed the database first")
    parser.add_argument("--employees", type=int, default=100_000, help="employees to seed (default 100000)")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=settings.SCORING_BATCH_SIZE,
        help=f"employees per batch (default {settings.SCORING_BATCH_SIZE})",
    )
    parser.add_argument(
        "--only", choices=["monthly", "annual"], help="measure only one of the two periods (for tuning)"
    )
    add_smoke_option(parser)
    args = parser.parse_args()
    apply_smoke(args)

    db = check_database()
    if args.seed or not database_exists(db):
        seed(db, args.employees)
    else:
        call_command("migrate", interactive=False, verbosity=0)  # new indexes, if any
    year = PerformanceYear.objects.filter(year=YEAR).select_related("instansi").first()
    if year is None:
        sys.exit("No performance data in the database: run with --seed.")
    january = Period.objects.get(year=year, kind=PeriodKind.PERIODIC, number=1)
    annual = Period.objects.get(year=year, kind=PeriodKind.ANNUAL)
    months = list(Period.objects.filter(year=year, kind=PeriodKind.PERIODIC).values_list("pk", flat=True))

    print(f"Measuring (batch size {args.batch_size:,}; load average {load_average()}) ...", flush=True)
    results, targets = [], []
    if args.only in (None, "monthly"):
        results.append(
            measure(january, "Monthly period (January)", [january.pk], january.pk, args.batch_size)
        )
        targets.append(MONTH_TARGET_S)
    if args.only in (None, "annual"):
        results.append(measure(annual, "Annual evaluation (12 months)", months, january.pk, args.batch_size))
        targets.append(ANNUAL_TARGET_S)
    print()
    print(f"SKP scoring benchmark ({Employee.objects.count():,} employees in {year.instansi.name})")
    ok = True
    for r, target in zip(results, targets, strict=True):
        exact = r["same_set"] and r["max_diff"] <= TOLERANCE
        ok = ok and exact and r["idempotent"] and r["cold"] < target
        plain = r["plain"]

        def verdict(seconds: float, plain: float = plain) -> str:
            ratio = seconds / plain
            return f"{ratio:.2f}x plain  [{'OK' if ratio <= RATIO_TARGET else 'ABOVE 3x'}]"

        print(
            f"  {r['label']}: {r['realisations']:,} realisations, {r['employees']:,} employees, "
            f"{r['batches']} batches, {r['units']} unit scores"
        )
        print(f"    plain SQL aggregate (b/d)             {plain:6.2f} s   median of 3, warm")
        print(
            f"    score_period_run, first run (a/c)     {r['cold']:6.2f} s   target < {target} s "
            f"[{'OK' if r['cold'] < target else 'ABOVE'}]; {verdict(r['cold'])}"
        )
        print(
            f"    score_period_run, re-run              {r['rerun']:6.2f} s   nothing changed: "
            f"{'identical rows' if r['idempotent'] else 'ROWS CHANGED'}"
            f"{', none rewritten' if r['untouched'] else ''}; {verdict(r['rerun'])}"
        )
        print(
            f"    score_period_run, after changes       {r['changed']:6.2f} s   {r['changed_rows']:,} January "
            f"realisations of 1 employee in 10 changed; {verdict(r['changed'])}"
        )
        print(
            f"    writing the rows only                 {r['floor']:6.2f} s   one constant row per employee, "
            "indexes and foreign keys checked, rolled back"
        )
        print(
            f"    indeks equal                          {r['compared']:,} employees compared, max difference "
            f"{r['max_diff']:.1E}, same employees: {r['same_set']}  [{'OK' if exact else 'MISMATCH'}]"
        )
    print(f"  PostgreSQL {postgres_version()}, nproc {cpu_count()}, load average after: {load_average()}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
