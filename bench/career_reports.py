"""Benchmark the career reports (KGB, pensiun, Satyalancana) on PostgreSQL with 100,000 employees.

Usage (from the project root):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_portal_bench_career \\
        .venv/bin/python bench/career_reports.py --seed [--runs 30] [--single-agency] [--explain]

`--seed` first runs bench/seed_100k.py, which DROPS and recreates the database named in
DATABASE_URL and loads 100,000 demo employees; without it the script measures the data already
there. `--single-agency` moves every unit into Kota Sorong first (a stress case: one agency's
reports then cover all 100,000 employees); it rewrites the data, so use a throw-away database.

What is measured: the full request through Django's test Client (middleware, session, access
checks, the queries, the template), logged in as the HR officer of Kota Sorong, with DEBUG off,
for each report over the whole agency: the KGB due within 3 and 12 months (page 1, and a deep
page of the 12-month list), the retirements of the next 5 years with their projection, and the
Satyalancana candidates of the year. Each page is requested 3 times to warm up, then `--runs`
times; the report gives the median and the 95th percentile in milliseconds, the number of
queries and the time spent in SQL. The Excel download of the 12-month KGB list is timed once.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# Importing duk sets Django up (production-like settings, DEBUG off) before any model is imported.

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse
from duk import check_database, postgres_version, seed, single_agency, timed
from seed_100k import add_smoke_option, apply_smoke

from core.models import Instansi
from employees.models import Employee

TARGET_MS = 150
PAGE = 50


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", action="store_true", help="recreate the database with seed_100k.py first")
    parser.add_argument("--employees", type=int, default=100_000, help="employees to seed (default 100000)")
    parser.add_argument("--runs", type=int, default=30, help="measured requests per page (default 30)")
    parser.add_argument("--single-agency", action="store_true", help="move every unit into Kota Sorong first")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the KGB queries")
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

    client = Client()
    client.force_login(get_user_model().objects.get(username="hr.sorong"))
    agency = f"instansi={sorong.pk}"
    kgb, pensiun, satyalancana = (reverse(f"reports:{n}") for n in ("kgb", "pensiun", "satyalancana"))
    rows = listed(sorong)
    deep = max(1, min(100, math.ceil(rows["kgb12"] / PAGE)))
    pages = [
        (f"KGB due within 3 months, page 1 ({rows['kgb3']:,} listed)", f"{kgb}?{agency}&bulan=3"),
        (f"KGB due within 12 months, page 1 ({rows['kgb12']:,} listed)", f"{kgb}?{agency}&bulan=12"),
        (f"KGB due within 12 months, page {deep}", f"{kgb}?{agency}&bulan=12&page={deep}"),
        ("KGB within 12 months sorted by name, page 1", f"{kgb}?{agency}&bulan=12&sort=nama"),
        (
            f"Pensiun within 5 years with the projection ({rows['pensiun']:,} listed)",
            f"{pensiun}?{agency}&tahun=5",
        ),
        (
            f"Satyalancana candidates of the year ({rows['satyalancana']:,} listed)",
            f"{satyalancana}?{agency}",
        ),
    ]
    results = [(label, timed(client, url, args.runs)) for label, url in pages]
    started = time.perf_counter()
    response = client.get(f"{kgb}?{agency}&bulan=12&unduh=xlsx")
    xlsx_seconds = time.perf_counter() - started
    assert response.status_code == 200

    print()
    where = ", all in one agency" if args.single_agency else ""
    print(f"Career report benchmark ({total:,} employees{where}), HR officer of Kota Sorong")
    for label, r in results:
        verdict = "OK" if r["median"] < TARGET_MS else f"ABOVE the {TARGET_MS} ms target"
        print(f"  {label}")
        print(
            f"    median {r['median']:.1f} ms, p95 {r['p95']:.1f} ms, min {r['min']:.1f} ms "
            f"over {args.runs} runs; {r['queries']} queries, {r['sql']:.1f} ms in SQL  [{verdict}]"
        )
    print(
        f"  Excel download of the 12-month KGB list: {xlsx_seconds:.1f} s, {len(response.content) / 1e6:.1f} MB"
    )
    print(f"  PostgreSQL {postgres_version()}, nproc {os.cpu_count()}")
    if args.explain:
        print()
        print(explain(sorong))


def listed(instansi: Instansi) -> dict[str, int]:
    """How many rows each measured list holds (through the same selectors as the pages)."""
    from datetime import date, timedelta

    from django.utils import timezone

    from core.access import actor_for
    from employees.rules.career import add_months, add_years
    from reports import selectors

    actor = actor_for(get_user_model().objects.get(username="hr.sorong"))
    today = timezone.localdate()
    scope = {"actor": actor, "instansi": instansi, "unit": None}
    return {
        "kgb3": selectors.kgb_due(**scope, start=today, end=add_months(today, 3)).count(),
        "kgb12": selectors.kgb_due(**scope, start=today, end=add_months(today, 12)).count(),
        "pensiun": selectors.retiring(
            **scope, start=today, end=add_years(today, 5) - timedelta(days=1)
        ).count(),
        "satyalancana": selectors.satyalancana(**scope, on=date(today.year, 12, 31)).count(),
    }


def explain(instansi: Instansi) -> str:
    """EXPLAIN ANALYZE of the two queries that read the whole agency for a KGB page: the count
    and the sorted ids of page 1."""
    from django.utils import timezone

    from core.access import actor_for
    from employees.rules.career import add_months
    from reports import selectors

    actor = actor_for(get_user_model().objects.get(username="hr.sorong"))
    today = timezone.localdate()
    found = selectors.kgb_due(
        actor=actor, instansi=instansi, unit=None, start=today, end=add_months(today, 12)
    )
    ordered = selectors.KGB_SORT.parse("").apply(found)  # the default order
    ids_sql, ids_params = ordered.values_list("pk", flat=True)[:PAGE].query.sql_with_params()
    count_sql, count_params = found.order_by().values("pk").query.sql_with_params()
    out = []
    with connection.cursor() as cursor:
        for title, sql, params in (
            ("the count of the paginator", f"SELECT COUNT(*) FROM ({count_sql}) AS c", count_params),
            ("page 1: the ids in KGB order", ids_sql, ids_params),
        ):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            out.append(f"-- {title}\n" + "\n".join(row[0][:160] for row in cursor.fetchall()))
    return "\n\n".join(out)


if __name__ == "__main__":
    main()
