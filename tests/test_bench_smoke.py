"""Every benchmark script still runs: each in its smoke mode (300 employees, two requests) against a
throw-away PostgreSQL database, so a script cannot rot unnoticed (issue 11, item 3). The figures of a
smoke run mean nothing; docs/benchmarks.md has the real ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[1]
# bench/_harness.py is a module the load scripts share (gunicorn, the client), not a script.
SCRIPTS = sorted(p.name for p in (ROOT / "bench").glob("*.py") if not p.name.startswith("_"))


def test_every_bench_script_is_smoke_tested():
    assert SCRIPTS == [
        "attendance_checkin_load.py",
        "attendance_daily.py",
        "attendance_recap.py",
        "career_reports.py",
        "duk.py",
        "employee_list.py",
        "ikm_compute.py",
        "jp_compliance.py",
        "leave_balances.py",
        "load_mixed.py",
        "seed_100k.py",
        "skp_scoring.py",
        "survey_form_load.py",
    ], "a new bench script: add it to test_a_bench_script_runs_in_smoke_mode"


@pytest.mark.parametrize(
    ("script", "expect"),
    [
        ("seed_100k.py", "300"),
        ("career_reports.py", "Career report benchmark (300 employees)"),
        ("employee_list.py", "median"),
        ("duk.py", "DUK page benchmark (300 employees)"),
        ("load_mixed.py", "Mixed HR workload (300 employees"),
        ("skp_scoring.py", "January"),
        ("ikm_compute.py", "IKM computation benchmark (5,000 responses)"),
        ("survey_form_load.py", "lost 0, extra 0"),
        ("jp_compliance.py", "JP compliance benchmark ("),  # employees in scope: the aktif ones
        ("leave_balances.py", "Leave balances benchmark (300 employees"),
        ("attendance_checkin_load.py", "lost 0, extra 0, employees with two rows 0"),
        ("attendance_recap.py", "Attendance recap benchmark (300 employees, 6,600 daily statuses"),
        ("attendance_daily.py", "Attendance daily build benchmark (300 employees"),
    ],
)
@pytest.mark.django_db(transaction=True)  # DROP DATABASE cannot run in a transaction
def test_a_bench_script_runs_in_smoke_mode(script, expect):
    assert connection.vendor == "postgresql", "the benchmarks run on PostgreSQL"
    db = connection.settings_dict
    name = f"asn_portal_bench_smoke_{Path(script).stem}"
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env["DATABASE_URL"] = url
    try:
        result = subprocess.run(
            [sys.executable, f"bench/{script}", "--smoke"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, output[-4000:]
        assert expect in output, output[-4000:]
        assert "Traceback" not in output, output[-4000:]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
