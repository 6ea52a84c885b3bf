"""Benchmark the demo-data loader (`manage.py seed_demo`) on a fresh PostgreSQL database.

Usage (from the project root):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_portal_bench \
        .venv/bin/python bench/seed_100k.py [--employees 100000]

WARNING: the database named in DATABASE_URL is DROPPED and created again. Point it at a
throw-away benchmark database, never at one whose data you want to keep.

Steps: recreate the database, migrate, time a cold `seed_demo` run, time a second identical run
(the loader is idempotent, so it must create nothing), check the counts, print a short report.
Figures are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")
os.environ.setdefault("DEBUG", "True")

import django  # noqa: E402
import psycopg2  # noqa: E402
from psycopg2 import sql  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from core.models import UnitKerja  # noqa: E402
from employees.models import Employee  # noqa: E402

POSTGRES_ENGINE = "django.db.backends.postgresql"


@dataclass
class Counts:
    employees: int
    distinct_nips: int
    units: int
    history_rows: int


SMOKE_EMPLOYEES = 300


def add_smoke_option(parser: argparse.ArgumentParser) -> None:
    """--smoke: a tiny run that only shows the script still works (CI runs every script this way:
    tests/test_bench_smoke.py); its figures mean nothing."""
    parser.add_argument(
        "--smoke",
        action="store_true",
        help=f"seed {SMOKE_EMPLOYEES} employees and measure a couple of requests: checks the script runs",
    )


def apply_smoke(args: argparse.Namespace) -> None:
    if not args.smoke:
        return
    for name, value in (("seed", True), ("employees", SMOKE_EMPLOYEES), ("runs", 2), ("export_runs", 1)):
        if hasattr(args, name):
            setattr(args, name, value)


def check_database() -> dict[str, object]:
    """The database settings Django will use; exit unless they point at PostgreSQL."""
    if "DATABASE_URL" not in os.environ:
        sys.exit("DATABASE_URL is not set: this benchmark only runs on PostgreSQL.")
    db = settings.DATABASES["default"]
    if db["ENGINE"] != POSTGRES_ENGINE:
        sys.exit(f"DATABASE_URL must point at PostgreSQL (engine is {db['ENGINE']}).")
    if db["NAME"] in ("postgres", "template0", "template1"):
        sys.exit(f"Refusing to drop the system database {db['NAME']!r}: name a benchmark database.")
    return db


def recreate_database(db: dict[str, object]) -> None:
    """Drop and create the database through the `postgres` maintenance database."""
    conn = psycopg2.connect(
        dbname="postgres",
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )
    conn.autocommit = True  # DROP/CREATE DATABASE cannot run inside a transaction
    try:
        with conn.cursor() as cursor:
            name = sql.Identifier(str(db["NAME"]))
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    finally:
        conn.close()


def count_rows() -> Counts:
    employees_table = connection.ops.quote_name(Employee._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), COUNT(DISTINCT nip) FROM {employees_table}")
        employees, distinct_nips = cursor.fetchone()
    return Counts(
        employees=employees,
        distinct_nips=distinct_nips,
        units=UnitKerja.objects.count(),
        history_rows=Employee.history.model.objects.count(),
    )


def timed_seed(employees: int) -> tuple[float, str]:
    """Run seed_demo once; return the wall-clock seconds and the command's own output."""
    out = io.StringIO()
    started = time.perf_counter()
    call_command("seed_demo", employees=employees, quiet_logins=True, stdout=out)
    return time.perf_counter() - started, out.getvalue().strip()


def postgres_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return str(cursor.fetchone()[0])


def cpu_count() -> str:
    try:
        return subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return str(os.cpu_count())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--employees", type=int, default=100_000, help="employees to seed (default 100000)")
    add_smoke_option(parser)
    args = parser.parse_args()
    apply_smoke(args)
    total: int = args.employees

    db = check_database()
    print(f"Recreating database {db['NAME']!r} on {db['HOST']}:{db['PORT']} ...", flush=True)
    recreate_database(db)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = time.perf_counter() - started
    print(f"Migrated in {migrate_seconds:.1f} s. Seeding {total} employees (cold run) ...", flush=True)

    first_seconds, first_output = timed_seed(total)
    after_first = count_rows()
    print(f"  {first_output}", flush=True)
    print("Re-running (idempotent, must create nothing) ...", flush=True)
    rerun_seconds, rerun_output = timed_seed(total)
    after_rerun = count_rows()
    print(f"  {rerun_output}", flush=True)

    assert after_first.employees == total, f"expected {total} employees, found {after_first.employees}"
    assert after_first.distinct_nips == after_first.employees, (
        f"duplicate NIPs: {after_first.employees} employees, {after_first.distinct_nips} distinct NIPs"
    )
    assert after_rerun.employees == after_first.employees, (
        f"re-run created employees: {after_first.employees} -> {after_rerun.employees}"
    )

    # Rows inserted by the cold run: employees plus their history rows (units are negligible).
    print()
    print("Demo data benchmark")
    print(f"  employees            {after_first.employees:,} ({after_first.distinct_nips:,} distinct NIPs)")
    print(f"  units                {after_first.units:,}")
    print(f"  history rows         {after_first.history_rows:,} (employee history after the first run)")
    print(f"  first run            {first_seconds:.1f} s")
    print(f"  rate                 {after_first.employees / first_seconds:,.0f} employees/s")
    print(
        f"  re-run               {rerun_seconds:.1f} s, "
        f"{after_rerun.employees - after_first.employees} employees created, "
        f"{after_rerun.history_rows - after_first.history_rows} history rows added"
    )
    print(f"  migrate              {migrate_seconds:.1f} s (not included above)")
    print(f"  PostgreSQL           {postgres_version()}")
    print(f"  Python               {platform.python_version()}")
    print(f"  nproc                {cpu_count()}")


if __name__ == "__main__":
    main()
