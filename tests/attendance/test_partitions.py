"""The monthly partitions of attendance_presence and attendance_dailystatus on PostgreSQL (migration
0010, attendance.services.partitions, docs/attendance.md): the tables are partitioned after migrate,
a check-in, a device import and the nightly build write into their month's partition, a date without
its month's partition lands in the DEFAULT one and the job moves it when it makes that month, the job
is idempotent, a double check-in is still refused, a month's recap reads that month's partition only,
and the migration moves existing rows (ids and the sequence kept) both ways. SQLite: nothing to do."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from attendance import tasks
from attendance.choices import DayStatus, PresenceKind, PresenceSource
from attendance.models import DailyStatus, Presence
from attendance.selectors import recap
from attendance.services import daily, devicelogs, partitions
from attendance.services import presence as presence_services

from .factories import INSIDE, actor, fence
from .test_daily import example_bands

PRESENCE, DAILY = "attendance_presence", "attendance_dailystatus"
AFTER_JULY = datetime(2026, 8, 1, 3, 0, tzinfo=UTC)


def partition_of(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def key_columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT a.attname FROM pg_index x
              CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
              JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
             WHERE x.indrelid = %s::regclass AND x.indisprimary ORDER BY k.n
            """,
            [table],
        )
        return [name for (name,) in cursor.fetchall()]


def device_record(employee, at: datetime, work_date: date, kind=PresenceKind.IN) -> Presence:
    return Presence(
        employee=employee, work_date=work_date, at=at, kind=kind, source=PresenceSource.IMPORT, device="SN-1"
    )


@pytest.mark.postgres
@pytest.mark.django_db
def test_both_tables_are_partitioned_by_month_on_their_date_with_a_default_after_migrate():
    for table, column in partitions.TABLES:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT p.partstrat, a.attname FROM pg_partitioned_table p
                  JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
                 WHERE p.partrelid = %s::regclass
                """,
                [table],
            )
            assert cursor.fetchone() == ("r", column)  # by range on the date
        names = partitions.attached(table)
        assert partitions.default_name(table) in names
        # The months made at migrate time (the current one and three ahead; the tests' clock is pinned).
        assert len([name for name in names if re.fullmatch(rf"{table}_p\d{{4}}_\d{{2}}", name)]) >= 4
        assert key_columns(table) == ["id", column]


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.clock("2026-07-14T22:45:10Z")  # Wed 15 July 2026, 07.45.10 WIT
def test_a_check_in_lands_in_its_months_partition_and_a_double_tap_is_still_one_row(org, clock):
    partitions.ensure_partitions(today=date(2026, 7, 15), ahead=0)
    fence(org.sorong)
    user = actor(org.users["employee_dinkes_sorong"])
    first = presence_services.presence_record(
        actor=user, kind=PresenceKind.IN, latitude=INSIDE[0], longitude=INSIDE[1]
    )
    again = presence_services.presence_record(
        actor=user, kind=PresenceKind.IN, latitude=INSIDE[0], longitude=INSIDE[1]
    )
    assert first.created and not again.created and again.at == first.at
    (row,) = Presence.objects.all()
    assert partition_of(PRESENCE, row.pk) == "attendance_presence_p2026_07"


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_device_import_and_the_nightly_build_write_into_their_months_partition(org):
    partitions.ensure_partitions(today=date(2026, 7, 1), ahead=0)
    example_bands(org.sorong)
    nurse = org.employee_dinkes_sorong
    logs = [
        device_record(nurse, datetime(2026, 7, 13, 22, 31, tzinfo=UTC), date(2026, 7, 14)),
        device_record(nurse, datetime(2026, 7, 14, 7, 5, tzinfo=UTC), date(2026, 7, 14), PresenceKind.OUT),
    ]
    assert devicelogs.write_records(logs, instansi_id=org.sorong.pk) == 2
    # The same file again: the unique index (with work_date) on the partitioned table ignores it.
    again = [device_record(nurse, r.at, r.work_date, r.kind) for r in logs]
    assert devicelogs.write_records(again, instansi_id=org.sorong.pk) == 0
    assert {partition_of(PRESENCE, r.pk) for r in Presence.objects.all()} == {"attendance_presence_p2026_07"}

    daily.build_days(
        start=date(2026, 7, 14), end=date(2026, 7, 14), instansi_id=org.sorong.pk, now=AFTER_JULY
    )
    day = DailyStatus.objects.get(employee=nurse, date=date(2026, 7, 14))
    assert (day.status, day.minutes_late) == (DayStatus.TERLAMBAT, 1)  # in at 07.31 WIT
    rows = DailyStatus.objects.filter(date=date(2026, 7, 14))
    assert rows.count() > 1
    assert {partition_of(DAILY, r.pk) for r in rows} == {"attendance_dailystatus_p2026_07"}
    # Built again over the same data: the upsert on (employee_id, date) writes nothing.
    assert (
        daily.build_days(
            start=date(2026, 7, 14), end=date(2026, 7, 14), instansi_id=org.sorong.pk, now=AFTER_JULY
        )
        == 0
    )


@pytest.mark.postgres
@pytest.mark.django_db
def test_rows_without_their_months_partition_wait_in_the_default_and_the_job_moves_them(org):
    nurse = org.employee_dinkes_sorong
    far = Presence.objects.create(
        employee=nurse, work_date=date(2031, 3, 4), at=datetime(2031, 3, 3, 22, 30, tzinfo=UTC),
        kind=PresenceKind.IN, source=PresenceSource.DEVICE, device="SN-1",
    )  # fmt: skip
    past = Presence.objects.create(
        employee=nurse, work_date=date(2025, 2, 4), at=datetime(2025, 2, 3, 22, 30, tzinfo=UTC),
        kind=PresenceKind.IN, source=PresenceSource.DEVICE, device="SN-1",
    )  # fmt: skip
    end_of_time = Presence.objects.create(
        employee=nurse, work_date=date(9999, 12, 31), at=datetime(9999, 12, 31, 14, 59, tzinfo=UTC),
        kind=PresenceKind.IN, source=PresenceSource.DEVICE, device="SN-1",
    )  # fmt: skip
    status = DailyStatus.objects.create(employee=nurse, date=date(2031, 3, 4), status=DayStatus.HADIR)
    for pk in (far.pk, past.pk, end_of_time.pk):
        assert partition_of(PRESENCE, pk) == "attendance_presence_default"
    assert partition_of(DAILY, status.pk) == "attendance_dailystatus_default"

    # Any day: the past month whose rows sit in the default gets its partition, and they move.
    done = partitions.ensure_partitions(today=date(2026, 7, 15), ahead=0)
    assert "attendance_presence_p2025_02" in done.created and done.moved == 1
    assert partition_of(PRESENCE, past.pk) == "attendance_presence_p2025_02"
    assert partition_of(PRESENCE, far.pk) == "attendance_presence_default"  # its month is not near yet

    # When March 2031 comes within reach, its partition is made and its rows moved (in both tables).
    done = partitions.ensure_partitions(today=date(2031, 1, 10), ahead=2)
    assert {"attendance_presence_p2031_03", "attendance_dailystatus_p2031_03"} <= set(done.created)
    assert done.moved == 2
    assert partition_of(PRESENCE, far.pk) == "attendance_presence_p2031_03"
    assert partition_of(DAILY, status.pk) == "attendance_dailystatus_p2031_03"
    assert partition_of(PRESENCE, end_of_time.pk) == "attendance_presence_default"  # stays there
    moved = Presence.objects.get(pk=far.pk)
    assert (moved.employee_id, moved.at, moved.device) == (nurse.pk, far.at, "SN-1")
    assert Presence.objects.count() == 3 and DailyStatus.objects.count() == 1  # nothing lost, nothing doubled

    # The moved row still guards its uniqueness: the same log again is ignored.
    assert (
        devicelogs.write_records([device_record(nurse, far.at, far.work_date)], instansi_id=org.sorong.pk)
        == 0
    )


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_job_is_idempotent_through_the_task_and_the_command(capsys):
    first = tasks.maintain_partitions()  # beat's task (run in process)
    names = {table: partitions.attached(table) for table, _column in partitions.TABLES}
    assert tasks.maintain_partitions() == {"created": [], "moved": 0}
    call_command("attendance_partitions")
    assert "made: none" in capsys.readouterr().out
    assert {table: partitions.attached(table) for table, _column in partitions.TABLES} == names
    assert isinstance(first["created"], list)
    # Further ahead: every month up to the sixth is there afterwards, made once.
    partitions.ensure_partitions(ahead=6)
    assert partitions.ensure_partitions(ahead=6).created == []
    this_month = timezone.localdate().replace(day=1)
    for table, _column in partitions.TABLES:
        names = set(partitions.attached(table))
        assert {
            partitions.partition_name(table, partitions.add_months(this_month, n)) for n in range(7)
        } <= names


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_months_recap_reads_that_months_partition_only(org):
    partitions.ensure_partitions(today=date(2026, 6, 1), ahead=1)
    nurse, other = org.employee_dinkes_sorong, org.employee_dishub_sorong
    DailyStatus.objects.bulk_create(
        DailyStatus(employee=employee, date=day, status=DayStatus.HADIR)
        for employee in (nurse, other)
        for day in (date(2026, 6, 2), date(2026, 7, 2), date(2026, 7, 3))
    )
    DailyStatus.objects.create(
        employee=nurse, date=date(2031, 1, 2), status=DayStatus.TANPA_KETERANGAN
    )  # in the default
    columns = recap.recap_columns(org.sorong.pk, *recap.month_bounds(2026, 7))
    rows = recap.recap_rows(instansi_id=org.sorong.pk, columns=columns)
    for sql, params in (rows.sql(), rows.sql(0, 50)):
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (COSTS OFF) {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert set(re.findall(r"attendance_dailystatus_(p\d{4}_\d{2}|default)", plan)) == {"p2026_07"}, plan
    shaped = {row.employee_id: row for row in rows.shaped()}
    assert shaped[nurse.pk].hadir == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_rows_keeps_ids_and_sequence_and_goes_back(org):
    nurse = org.employee_dinkes_sorong
    before = {table: set(partitions.attached(table)) for table, _column in partitions.TABLES}
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("attendance", "0009_flexible_work")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT relkind FROM pg_class WHERE oid = 'attendance_presence'::regclass")
            assert cursor.fetchone()[0] == "r"
        rows = [
            Presence(employee=nurse, work_date=day, at=datetime(day.year, day.month, day.day, 1, tzinfo=UTC),
                     kind=PresenceKind.IN, source=PresenceSource.DEVICE, device="SN-1")
            for day in (date(2026, 5, 4), date(2026, 5, 5), date(1999, 12, 31), date(9999, 12, 30))
        ]  # fmt: skip
        Presence.objects.bulk_create(rows)
        statuses = DailyStatus.objects.bulk_create(
            [DailyStatus(employee=nurse, date=date(2026, 5, 4), status=DayStatus.HADIR)]
        )
        ids = sorted(Presence.objects.values_list("pk", flat=True))

        executor = MigrationExecutor(connection)
        executor.migrate([("attendance", "0010_monthly_partitions")])
        assert sorted(Presence.objects.values_list("pk", flat=True)) == ids
        by_date = {p.work_date: p.pk for p in Presence.objects.all()}
        assert partition_of(PRESENCE, by_date[date(2026, 5, 4)]) == "attendance_presence_p2026_05"
        assert partition_of(PRESENCE, by_date[date(1999, 12, 31)]) == "attendance_presence_default"
        assert partition_of(PRESENCE, by_date[date(9999, 12, 30)]) == "attendance_presence_default"
        assert partition_of(DAILY, statuses[0].pk) == "attendance_dailystatus_p2026_05"
        fresh = Presence.objects.create(
            employee=nurse, work_date=date(2026, 5, 6), at=datetime(2026, 5, 6, 1, tzinfo=UTC),
            kind=PresenceKind.IN, source=PresenceSource.DEVICE, device="SN-1",
        )  # fmt: skip
        assert fresh.pk > max(ids)  # the identity goes on where it stopped
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence('attendance_presence', 'id')")
            assert cursor.fetchone()[0] == "public.attendance_presence_id_seq"

        executor = MigrationExecutor(connection)
        executor.migrate([("attendance", "0009_flexible_work")])
        assert not partitions.is_partitioned(PRESENCE) and not partitions.is_partitioned(DAILY)
        assert key_columns(PRESENCE) == ["id"] and key_columns(DAILY) == ["id"]
        assert Presence.objects.count() == 5 and DailyStatus.objects.count() == 1
        later = DailyStatus.objects.create(employee=nurse, date=date(2026, 5, 5), status=DayStatus.HADIR)
        assert later.pk > statuses[0].pk
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes("attendance"))
        # Committed DDL outlives the test: leave the months the other tests expect.
        for table, _column in partitions.TABLES:
            with connection.cursor() as cursor:
                for name in set(partitions.attached(table)) - before[table]:
                    cursor.execute(f'DROP TABLE "{name}"')
    assert partitions.is_partitioned(PRESENCE) and partitions.is_partitioned(DAILY)


@pytest.mark.sqlite
@pytest.mark.django_db
def test_on_sqlite_there_is_nothing_to_partition(capsys):
    assert partitions.ensure_partitions() == partitions.Maintenance()
    assert tasks.maintain_partitions() == {"created": [], "moved": 0}
    call_command("attendance_partitions")
    assert "nothing to do" in capsys.readouterr().out
