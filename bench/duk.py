"""Benchmark the DUK page (reports:duk) rendered server-side on PostgreSQL with 100,000 employees.

Usage (from the project root):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_portal_bench_duk \
        .venv/bin/python bench/duk.py --seed [--runs 30] [--explain]

`--seed` first runs bench/seed_100k.py, which DROPS and recreates the database named in
DATABASE_URL and loads 100,000 demo employees; without it the script measures the data already
there. Never point DATABASE_URL at a database whose data you want to keep: `--single-agency`
rewrites it too.

What is measured: the full request through Django's test Client (middleware, session, access
checks, the queries, the template), logged in as the HR officer of Kota Sorong, with DEBUG off:

1. the agency DUK, page 1 (50 rows), and page 100 (rows 4,951-5,000);
2. the DUK of one unit subtree (Dinas Kesehatan with its Puskesmas, bidang and seksi);
3. the Excel download of the whole agency DUK (once; every row, streamed).

With `--single-agency` every unit is first moved into Kota Sorong, so that the agency DUK ranks
all 100,000 employees (a stress case: the largest provinces have tens of thousands of ASN).

Each page is requested 3 times to warm up, then `--runs` times; the report gives the median and
the 95th percentile in milliseconds, the number of queries and the time spent in SQL.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")
# Production-like: DEBUG off (no query log, cached templates), no HTTPS redirect for the client.
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
os.environ.setdefault("HTTPS", "False")
os.environ.setdefault("STATIC_MANIFEST", "False")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from seed_100k import add_smoke_option, apply_smoke  # noqa: E402

from core.access import actor_for  # noqa: E402
from core.models import Instansi, UnitKerja  # noqa: E402
from employees.models import Employee  # noqa: E402
from reports import selectors  # noqa: E402

TARGET_MS = 150
POSTGRES_ENGINE = "django.db.backends.postgresql"


def check_database() -> None:
    if "DATABASE_URL" not in os.environ:
        sys.exit("DATABASE_URL is not set: this benchmark only runs on PostgreSQL.")
    db = settings.DATABASES["default"]
    if db["ENGINE"] != POSTGRES_ENGINE:
        sys.exit(f"DATABASE_URL must point at PostgreSQL (engine is {db['ENGINE']}).")


def seed(employees: int) -> None:
    """bench/seed_100k.py in a child process (it drops and recreates the database)."""
    env = dict(os.environ, DEBUG="True")
    subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "bench" / "seed_100k.py"), "--employees", str(employees)],
        check=True,
        env=env,
    )


def single_agency(instansi: Instansi) -> None:
    """Move every unit into `instansi` (codes prefixed to stay unique); paths are ids, unchanged."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_unitkerja SET code = instansi_id::text || '-' || code, instansi_id = %s "
            "WHERE instansi_id <> %s",
            [instansi.pk, instansi.pk],
        )


def timed(client: Client, url: str, runs: int) -> dict[str, float]:
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    sql_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median": statistics.median(samples),
        "p95": p95,
        "min": ordered[0],
        "queries": len(ctx.captured_queries),
        "sql": sql_ms,
    }


def explain(user, instansi: Instansi, unit: UnitKerja | None) -> str:
    """EXPLAIN ANALYZE of the two expensive queries of a DUK page: the sorted ids and the count."""
    actor = actor_for(user)
    source = selectors.duk_page_source(actor=actor, instansi=instansi, unit=unit)
    ids_sql, ids_params = source.sorted_qs.values_list("pk", flat=True)[:50].query.sql_with_params()
    count_sql, count_params = source.counted.order_by().values("pk").query.sql_with_params()
    out = []
    with connection.cursor() as cursor:
        for title, sql, args in (
            ("page 1: the ids in DUK order", ids_sql, ids_params),
            ("the count of the paginator", f"SELECT COUNT(*) FROM ({count_sql}) AS c", count_params),
        ):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", args)
            out.append(f"-- {title}\n" + "\n".join(row[0] for row in cursor.fetchall()))
    return "\n\n".join(out)


def postgres_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", action="store_true", help="recreate the database with seed_100k.py first")
    parser.add_argument("--employees", type=int, default=100_000, help="employees to seed (default 100000)")
    parser.add_argument("--runs", type=int, default=30, help="measured requests per page (default 30)")
    parser.add_argument("--single-agency", action="store_true", help="move every unit into Kota Sorong first")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the DUK queries")
    add_smoke_option(parser)
    args = parser.parse_args()
    apply_smoke(args)

    check_database()
    if args.seed:
        seed(args.employees)
        connection.close()
    total = Employee.objects.count()
    if total < args.employees:
        sys.exit(f"Only {total} employees in the database: run with --seed first.")
    sorong = Instansi.objects.get(code="kota-sorong")
    if args.single_agency:
        single_agency(sorong)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    user = get_user_model().objects.get(username="hr.sorong")
    client = Client()
    client.force_login(user)
    dinkes = UnitKerja.objects.get(instansi=sorong, code="DINKES")  # other agencies' codes are prefixed
    agency_pns = selectors.duk(actor=actor_for(user), instansi=sorong).count()
    unit_pns = selectors.duk(actor=actor_for(user), instansi=sorong, unit=dinkes).count()
    base = reverse("reports:duk")
    pages = [
        (f"agency DUK, page 1 ({agency_pns:,} PNS ranked)", f"{base}?instansi={sorong.pk}"),
        ("agency DUK, page 100", f"{base}?instansi={sorong.pk}&page=100"),
        (f"unit subtree DUK, page 1 ({unit_pns:,} PNS in Dinas Kesehatan)", f"{base}?unit={dinkes.pk}"),
    ]
    results = [(label, timed(client, url, args.runs)) for label, url in pages]
    started = time.perf_counter()
    response = client.get(f"{base}?instansi={sorong.pk}&unduh=xlsx")
    xlsx_seconds = time.perf_counter() - started
    assert response.status_code == 200

    print()
    print(f"DUK page benchmark ({total:,} employees{', all in one agency' if args.single_agency else ''})")
    for label, r in results:
        verdict = "OK" if r["median"] < TARGET_MS else f"ABOVE the {TARGET_MS} ms target"
        print(f"  {label}")
        print(
            f"    median {r['median']:.1f} ms, p95 {r['p95']:.1f} ms, min {r['min']:.1f} ms "
            f"over {args.runs} runs; {r['queries']} queries, {r['sql']:.1f} ms in SQL  [{verdict}]"
        )
    print(f"  Excel download of the agency DUK: {xlsx_seconds:.1f} s, {len(response.content) / 1e6:.1f} MB")
    print(f"  PostgreSQL {postgres_version()}, Python {platform.python_version()}, nproc {os.cpu_count()}")
    if args.explain:
        print()
        print(explain(user, sorong, None))
        print()
        print(explain(user, sorong, dinkes))


if __name__ == "__main__":
    main()
