"""The monthly partitions of the two big attendance tables on PostgreSQL (docs/attendance.md).

Migration 0010 partitions `attendance_presence` by range on `work_date` and `attendance_dailystatus`
on `date`: one partition per month (`<table>_pYYYY_MM`) and a DEFAULT partition (`<table>_default`)
for any date without its month's partition (a device clock in the year 9999, a month not made yet).
`ensure_partitions` (daily by beat through `attendance.tasks.maintain_partitions`, and
`manage.py attendance_partitions`) makes the partitions of the current month and the
`ATTENDANCE_PARTITION_MONTHS_AHEAD` next ones, and of any month since 2000 whose rows sit in the
DEFAULT partition. A month is made in one transaction: a table shaped like the parent, the month's
rows moved into it from the DEFAULT partition (inserted, then deleted there), then attached (a CHECK
of its bounds spares the attach a scan). Idempotent: a second run makes nothing. The transaction
holds an advisory lock per table (two runs at once make a month once) and a short `lock_timeout`
(a busy table is left for the next day's run: the months are made ahead). SQLite: nothing to do."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# The partitioned tables and their partition keys (migration 0010).
TABLES = (("attendance_presence", "work_date"), ("attendance_dailystatus", "date"))
# Rows dated before this stay in the DEFAULT partition (no partition is made for them).
FLOOR = date(2000, 1, 1)
LOCK_TIMEOUT = "5s"


@dataclass
class Maintenance:
    """What a run made: the partitions created and the rows moved out of the DEFAULT partitions."""

    created: list[str] = field(default_factory=list)
    moved: int = 0


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def partition_name(table: str, month: date) -> str:
    return f"{table}_p{month:%Y_%m}"


def default_name(table: str) -> str:
    return f"{table}_default"


def is_partitioned(table: str) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s))", [table]
        )
        return bool(cursor.fetchone()[0])


def attached(table: str) -> list[str]:
    """The names of the table's partitions, in name order."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = %s::regclass ORDER BY c.relname
            """,
            [table],
        )
        return [name for (name,) in cursor.fetchall()]


def months_wanted(table: str, column: str, *, today: date, ahead: int) -> list[date]:
    """The current month and `ahead` next ones, and every month since FLOOR up to the last of those
    with rows in the DEFAULT partition (normally empty: a cheap scan)."""
    first = today.replace(day=1)
    upper = add_months(first, ahead + 1)
    months = {add_months(first, n) for n in range(ahead + 1)}
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT DISTINCT date_trunc(\'month\', "{column}")::date FROM "{default_name(table)}" '
            f'WHERE "{column}" >= %s AND "{column}" < %s',
            [FLOOR, upper],
        )
        months.update(month for (month,) in cursor.fetchall())
    return sorted(months)


def create_month(table: str, column: str, month: date) -> int | None:
    """Make the month's partition, moving its rows out of the DEFAULT partition, in one transaction;
    return the rows moved, or None when it exists already (another run made it first)."""
    name, default = partition_name(table, month), default_name(table)
    low, high = month, add_months(month, 1)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"attendance-partitions:{table}"])
        if name in attached(table):
            return None
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        if cursor.fetchone()[0]:
            raise RuntimeError(
                f"{name} exists but is not a partition of {table} (a detached month? rename it first)"
            )
        cursor.execute(f'CREATE TABLE "{name}" (LIKE "{table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)')
        cursor.execute(
            f'ALTER TABLE "{name}" ADD CONSTRAINT "{name}_bounds" '
            f'CHECK ("{column}" >= %s AND "{column}" < %s)',
            [low, high],
        )
        cursor.execute(
            f'INSERT INTO "{name}" SELECT * FROM "{default}" WHERE "{column}" >= %s AND "{column}" < %s',
            [low, high],
        )
        moved = cursor.rowcount
        if moved:
            cursor.execute(f'DELETE FROM "{default}" WHERE "{column}" >= %s AND "{column}" < %s', [low, high])
        cursor.execute(
            f'ALTER TABLE "{table}" ATTACH PARTITION "{name}" FOR VALUES FROM (%s) TO (%s)', [low, high]
        )
        cursor.execute(f'ALTER TABLE "{name}" DROP CONSTRAINT "{name}_bounds"')
    return moved


def ensure_partitions(*, today: date | None = None, ahead: int | None = None) -> Maintenance:
    """Make the partitions wanted (months_wanted) that do not exist yet, each in its own transaction.
    PostgreSQL only (SQLite: an empty result)."""
    done = Maintenance()
    if connection.vendor != "postgresql":
        return done
    today = today or timezone.localdate()
    ahead = settings.ATTENDANCE_PARTITION_MONTHS_AHEAD if ahead is None else ahead
    for table, column in TABLES:
        if not is_partitioned(table):
            logger.warning("%s is not partitioned (migration attendance 0010 not applied?)", table)
            continue
        existing = set(attached(table))
        for month in months_wanted(table, column, today=today, ahead=ahead):
            if partition_name(table, month) in existing:
                continue
            moved = create_month(table, column, month)
            if moved is None:
                continue
            done.created.append(partition_name(table, month))
            done.moved += moved
            logger.info(
                "partition %s made, %d rows moved from the default", partition_name(table, month), moved
            )
    return done
