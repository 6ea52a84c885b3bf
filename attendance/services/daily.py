"""The daily status of every employee and working day (domain.md §10), built set-based.

`build_days` computes, for the employees in scope and each date of a span, the status of the day
from what is stored: the presensi records (the first check-in and the last check-out inside the
06.00–18.00 window, in the agency's zone), the schedule in force for the employee's unit, the
agency's days off, approved leave (cuti sakit → sakit), official travel (DinasLuar), training (the
sessions of confirmed or completed enrolments not marked absent), flexible-work arrangements
(FlexibleWork), and the band table in force. The
decision itself is `rules.day_status`.

Set-based: per agency a handful of queries (zone, days off, schedules, band tables), then the
employees in id order in batches, each batch read with one query per source whatever its size,
compared with the rows already stored, and written with one upsert (bulk_create update_conflicts on
(employee, date)) of the rows that changed and one DELETE of the rows that no longer apply (the
employee left, the leave was approved, the day is today and nothing is recorded yet). Idempotent:
a second build of the same span over the same data writes nothing.

On PostgreSQL the common days are decided in SQL: per batch the few employees with approved leave,
travel, training, study or a roster entry in the span go through `rules.day_status` in Python as above,
and everyone else through one statement (`DAY_SQL`: read and count the records, decide, upsert what
changed, delete what no longer applies), fed with the hours per unit and day, the days off and the
band table that `Agency` resolved. SQLite keeps the Python path for everyone (`SQL_FAST_PATH`);
tests/attendance/test_daily_sql.py holds the SQL to the rules on random constructed days.

Which days get a row: the days the employee's schedule has hours (a weekend of a 5-day schedule
has none), up to the agency's today; today before the window closes gets a row only once
something is recorded (a missing check-out is not yet one). No row for the days an employee is
away from duty: on approved CLTN or on tugas belajar (by their dates), nor for employees who are
not active, retired, moved or dismissed (docs/domain-notes.md).

`daily_run` is the same build of one agency as a core.runs run (one at a time per agency, resumed
from its cursor, the last employee id written): the nightly job and HR's "Hitung ulang".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.access import Actor
from core.choices import RunState
from core.models import Instansi, UnitKerja, ids_from_path
from core.runs import Remaining, Runs, enqueue_on_commit
from employees.choices import WorkingState
from employees.models import Employee
from leave import selectors as leave_selectors
from leave.choices import LeaveKind, RequestState
from leave.models import LeaveRequest
from training.choices import EnrolmentState, StudyKind, StudyState
from training.models import Attendance as TrainingAttendance
from training.models import Enrolment, StudyAssignment

from .. import access, rules
from ..choices import BandKind, DayStatus, PresenceKind
from ..models import (
    AttendanceRun,
    Band,
    BandTable,
    DailyStatus,
    DinasLuar,
    FlexibleWork,
    Presence,
    Schedule,
    ScheduleDay,
    ShiftAssignment,
)
from ..selectors.schedules import PERPRES_DEFAULT

RUNS = Runs(AttendanceRun, subject="instansi")
BATCH_SIZE = 5000
# Everyone with an employee record in service, and those away whose days are skipped by date.
IN_SCOPE_STATES = (WorkingState.AKTIF, WorkingState.CLTN, WorkingState.TUGAS_BELAJAR)
TRAINING_STATES = (EnrolmentState.CONFIRMED, EnrolmentState.COMPLETED)
STUDY_STATES = (StudyState.ONGOING, StudyState.COMPLETED)
# Statuses are final once the window closes (rules.in_window: 18:00:59 is still accepted).
DAY_CLOSES = time(18, 0, 59, 999999)
IN, OUT = str(PresenceKind.IN), str(PresenceKind.OUT)
FIELDS = ("status", "check_in", "check_out", "minutes_late", "minutes_early", "tl_band", "psw_band")


# --- The agency's side: zone, days off, schedules, band tables (constant queries) -------------------
@dataclass
class Agency:
    instansi_id: int
    zone: ZoneInfo
    today: date  # local
    now_local: datetime
    days_off: set[date]
    schedules: list[tuple[Schedule, dict[int, rules.DayHours]]]
    tables: list[tuple[BandTable, list[rules.BandSpec]]]
    _hours: dict[tuple[str, date], rules.DayHours | None] = field(default_factory=dict)
    _bands: dict[date, tuple[rules.BandSpec, ...]] = field(default_factory=dict)

    def day_over(self, day: date, closes: time | None = None) -> bool:
        """Whether the day's statuses are final: a past day, or today once its window has closed
        (18.00, or a rostered shift's own closing, `closes`; its :59 second still accepted)."""
        if day != self.today:
            return day < self.today
        limit = DAY_CLOSES if closes is None else closes.replace(second=59, microsecond=999999)
        return self.now_local.time() > limit

    def hours(self, unit_path: str, day: date) -> rules.DayHours | None:
        """The hours expected on `day` in the unit at `unit_path` (rules.resolve_schedule over the
        agency's schedules and those of the unit and its ancestors; the Perpres default without)."""
        key = (unit_path, day)
        if key not in self._hours:
            ids = ids_from_path(unit_path)
            depth_of = {unit_id: depth for depth, unit_id in enumerate(ids)}
            specs = [
                rules.ScheduleSpec(
                    key=s.pk,
                    kind=s.kind,
                    valid_from=s.valid_from,
                    valid_to=s.valid_to,
                    days=days,
                    unit_depth=None if s.unit_id is None else depth_of[s.unit_id],
                )
                for s, days in self.schedules
                if s.unit_id is None or s.unit_id in depth_of
            ]
            spec = rules.resolve_schedule(specs, day) or PERPRES_DEFAULT
            self._hours[key] = rules.expected_hours(spec, day)
        return self._hours[key]

    def bands(self, day: date) -> tuple[rules.BandSpec, ...]:
        """The bands of the table in force on `day` (the latest start), () without one; a tuple, so
        that the rules sort it once (rules._sorted_of_kind)."""
        if day not in self._bands:
            in_force = [
                (t, bands)
                for t, bands in self.tables
                if t.valid_from <= day and (t.valid_to is None or day <= t.valid_to)
            ]
            self._bands[day] = tuple(max(in_force, key=lambda tb: tb[0].valid_from)[1]) if in_force else ()
        return self._bands[day]


def agency_of(instansi_id: int, start: date, end: date, *, now: datetime | None = None) -> Agency:
    """What the build needs of an agency between two dates (six queries)."""
    zone = ZoneInfo(Instansi.objects.filter(pk=instansi_id).values_list("time_zone", flat=True).get())
    now_local = (now or timezone.now()).astimezone(zone)
    days_by_schedule: dict[int, dict[int, rules.DayHours]] = defaultdict(dict)
    schedules = list(
        Schedule.objects.filter(instansi_id=instansi_id, valid_from__lte=end).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)
        )
    )
    for d in ScheduleDay.objects.filter(schedule__in=[s.pk for s in schedules]):
        days_by_schedule[d.schedule_id][d.weekday] = rules.DayHours(
            d.start, d.end, d.break_start, d.break_end
        )
    tables = list(
        BandTable.objects.filter(instansi_id=instansi_id, valid_from__lte=end).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)
        )
    )
    bands_by_table: dict[int, list[rules.BandSpec]] = defaultdict(list)
    for b in Band.objects.filter(table__in=[t.pk for t in tables]):
        bands_by_table[b.table_id].append(
            rules.BandSpec(b.kind, b.code, b.min_minutes, b.max_minutes, b.cut_percent)
        )
    return Agency(
        instansi_id=instansi_id,
        zone=zone,
        today=now_local.date(),
        now_local=now_local,
        days_off=leave_selectors.days_off(instansi_id, start, end),
        schedules=[(s, days_by_schedule[s.pk]) for s in schedules],
        tables=[(t, bands_by_table[t.pk]) for t in tables],
    )


# --- A batch of employees -------------------------------------------------------------------------
def _dates(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _spans(rows: Iterable[tuple[int, date, date]], start: date, end: date) -> dict[int, set[date]]:
    """Per employee, the days between `start` and `end` covered by (employee, first, last) spans."""
    found: dict[int, set[date]] = defaultdict(set)
    for employee_id, first, last in rows:
        day = max(first, start)
        while day <= min(last, end):
            found[employee_id].add(day)
            day += timedelta(days=1)
    return found


def _employee_filter(lo: int, hi: int | None, ids: list[int] | None, via: str = "employee_id") -> Q:
    if ids is not None:
        return Q(**{f"{via}__in": ids})
    q = Q(**{f"{via}__gt": lo})
    return q & Q(**{f"{via}__lte": hi}) if hi is not None else q


def _training_days(
    lo: int, hi: int | None, ids: list[int] | None, start: date, end: date
) -> dict[int, set[date]]:
    """Per employee, the days of sessions of their confirmed or completed enrolments, unless HR
    marked them absent from that session (two queries)."""
    sessions = Enrolment.objects.filter(
        _employee_filter(lo, hi, ids),
        state__in=TRAINING_STATES,
        programme__sessions__date__gte=start,
        programme__sessions__date__lte=end,
    ).values_list("employee_id", "programme__sessions__date", "pk", "programme__sessions__pk")
    absent = set(
        TrainingAttendance.objects.filter(
            _employee_filter(lo, hi, ids, via="enrolment__employee_id"),
            present=False,
            session__date__gte=start,
            session__date__lte=end,
        ).values_list("enrolment_id", "session_id")
    )
    found: dict[int, set[date]] = defaultdict(set)
    for employee_id, day, enrolment_id, session_id in sessions:
        if (enrolment_id, session_id) not in absent:
            found[employee_id].add(day)
    return found


def _roster(who: Q, start: date, end: date) -> dict[tuple[int, date], rules.RosterDay]:
    """The roster entries of a batch's employees in a span (one query): a shift's hours, or None for
    a day off on the roster."""
    roster: dict[tuple[int, date], rules.RosterDay] = {}
    for employee_id, day, shift_id, s, e, bs, be in ShiftAssignment.objects.filter(
        who, date__gte=start, date__lte=end
    ).values_list(
        "employee_id",
        "date",
        "shift_id",
        "shift__start",
        "shift__end",
        "shift__break_start",
        "shift__break_end",
    ):
        roster[(employee_id, day)] = rules.RosterDay(
            None if shift_id is None else rules.DayHours(s, e, bs, be)
        )
    return roster


@dataclass
class Sources:
    """What a batch reads besides the presensi records: the rare facts of a day (approved leave by
    kind, travel, training and study days, the roster, flexible work), per employee."""

    leave: dict[int, dict[date, str]]
    travel: dict[int, set[date]]
    training: dict[int, set[date]]
    study: dict[int, set[date]]
    roster: dict[tuple[int, date], rules.RosterDay]
    flexible: dict[tuple[int, date], str]  # the flexible-work mode of each (employee, day) covered

    def employees(self) -> set[int]:
        """Who has any of them in the span (the SQL path leaves these employees to the rules)."""
        found = set(self.leave) | set(self.travel) | set(self.training) | set(self.study)
        found.update(employee_id for employee_id, _day in self.roster)
        found.update(employee_id for employee_id, _day in self.flexible)
        return found


def _sources(
    employee_ids: list[int], start: date, last: date, *, lo: int, hi: int | None, ids: list[int] | None
) -> Sources:
    """The leave, travel, training, study and roster of a batch's employees (a fixed number of
    queries whatever the batch's size)."""
    who = _employee_filter(lo, hi, ids)
    # Few have leave on a given span: find them by the id range first (one small query), so the
    # leave selector gets their ids, not a list of thousands.
    on_leave = set(
        LeaveRequest.objects.filter(
            who, state=RequestState.DISETUJUI, start__lte=last, end__gte=start
        ).values_list("employee_id", flat=True)
    )
    leave = leave_selectors.approved_leave_days([pk for pk in employee_ids if pk in on_leave], start, last)
    travel = _spans(
        DinasLuar.objects.filter(who, start__lte=last, end__gte=start).values_list(
            "employee_id", "start", "end"
        ),
        start,
        last,
    )
    training = _training_days(lo, hi, ids, start, last)
    study = _spans(
        (
            (employee_id, first, min(planned, graduated) if graduated else planned)
            for employee_id, first, planned, graduated in StudyAssignment.objects.filter(
                who,
                kind=StudyKind.TUGAS_BELAJAR,
                state__in=STUDY_STATES,
                start_date__lte=last,
                end_date__gte=start,
            ).values_list("employee_id", "start_date", "end_date", "graduation_date")
        ),
        start,
        last,
    )
    return Sources(
        leave, travel, training, study, _roster(who, start, last), _flexible_days(who, start, last)
    )


def _decide(
    agency: Agency,
    employees: list[tuple[int, str]],
    start: date,
    last: date,
    records: dict[tuple[int, date], list[tuple[time, str, datetime]]],
    sources: Sources,
) -> dict[tuple[int, date], tuple[object, ...]]:
    """The rows wanted for the employees' days between `start` and `last`, decided by the rules."""
    wanted: dict[tuple[int, date], tuple[object, ...]] = {}
    no_days: set[date] = set()
    empty: dict[date, str] = {}
    for employee_id, path in employees:
        own_leave = sources.leave.get(employee_id, empty)
        own_travel = sources.travel.get(employee_id, no_days)
        own_training = sources.training.get(employee_id, no_days)
        own_study = sources.study.get(employee_id, no_days)
        for day in _dates(start, last):
            rostered = sources.roster.get((employee_id, day))
            hours = rules.day_hours(agency.hours(path, day), rostered)
            if hours is None:
                continue  # no work by the schedule or the roster: no row
            leave_kind = own_leave.get(day)
            if leave_kind == LeaveKind.CLTN or day in own_study:
                continue  # away from duty
            day_records = records.get((employee_id, day), [])
            window = rules.window_of(rostered)
            first_in, last_out = rules.counted_records([(t, k) for t, k, _at in day_records], window)
            facts = rules.DayFacts(
                hours=hours,
                # A shift on the roster is worked on a holiday too (hospitals, puskesmas).
                holiday=day in agency.days_off and rostered is None,
                on_leave=leave_kind is not None,
                sick=leave_kind == LeaveKind.SAKIT,
                dinas_luar=day in own_travel,
                training=day in own_training,
                flexible=sources.flexible.get((employee_id, day), ""),
                check_in=first_in,
                check_out=last_out,
                day_over=agency.day_over(day, window[1]),
            )
            result = rules.day_status(facts, agency.bands(day))
            if result.status == rules.PENDING:
                continue
            # The counted records themselves (kept on leave or travel days too, for the calendar).
            check_in = next((at for t, k, at in day_records if k == IN and t == first_in), None)
            check_out = next((at for t, k, at in day_records if k == OUT and t == last_out), None)
            wanted[(employee_id, day)] = (
                result.status,
                check_in,
                check_out,
                result.minutes_late,
                result.minutes_early,
                result.tl_band,
                result.psw_band,
            )
    return wanted


def _records(
    agency: Agency, who: Q, start: date, last: date
) -> dict[tuple[int, date], list[tuple[time, str, datetime]]]:
    """The presensi records of a batch's days: (local time, kind, instant) per (employee, day)."""
    records: dict[tuple[int, date], list[tuple[time, str, datetime]]] = defaultdict(list)
    for employee_id, day, at, kind in Presence.objects.filter(
        who, work_date__gte=start, work_date__lte=last
    ).values_list("employee_id", "work_date", "at", "kind"):
        records[(employee_id, day)].append((at.astimezone(agency.zone).time(), kind, at))
    return records


def _write(
    stored: dict[tuple[int, date], tuple[int, tuple[object, ...]]],
    wanted: dict[tuple[int, date], tuple[object, ...]],
) -> int:
    """Upsert the wanted rows that differ from the stored ones, delete the stored rows not wanted."""
    changed = [
        DailyStatus(employee_id=key[0], date=key[1], **dict(zip(FIELDS, values, strict=True)))
        for key, values in wanted.items()
        if key not in stored or stored[key][1] != values
    ]
    gone = [pk for key, (pk, _values) in stored.items() if key not in wanted]
    gone_days = [key[1] for key in stored if key not in wanted]
    if changed:
        DailyStatus.objects.bulk_create(
            changed,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["employee", "date"],
            update_fields=[*FIELDS, "computed_at"],
        )
    if gone:
        # The dates bound it to their months' partitions on PostgreSQL (docs/attendance.md).
        DailyStatus.objects.filter(pk__in=gone, date__range=(min(gone_days), max(gone_days))).delete()
    return len(changed) + len(gone)


def _stored(
    agency: Agency, who: Q, start: date, end: date
) -> dict[tuple[int, date], tuple[int, tuple[object, ...]]]:
    stored: dict[tuple[int, date], tuple[int, tuple[object, ...]]] = {}
    if start <= end:
        for row in DailyStatus.objects.filter(
            who, date__gte=start, date__lte=end, employee__unit__instansi_id=agency.instansi_id
        ).values_list("pk", "employee_id", "date", *FIELDS):
            stored[(row[1], row[2])] = (row[0], tuple(row[3:]))
    return stored


# On PostgreSQL the common days are decided in SQL (`_build_batch_sql`); False: always the rules in
# Python (SQLite's path; the tests compare both).
SQL_FAST_PATH = True


def build_batch(
    agency: Agency,
    employees: list[tuple[int, str]],
    start: date,
    end: date,
    *,
    lo: int = 0,
    hi: int | None = None,
    ids: list[int] | None = None,
) -> int:
    """Build the days of a batch of employees ((id, unit path), in scope) between two dates and
    write what changed. The batch covers the employee ids in (lo, hi] (hi None: no upper end) or, with
    `ids`, exactly those: stored rows of the span for employees of the agency in it that no longer
    apply are deleted. Returns the rows inserted, changed or deleted. A fixed number of queries."""
    last = min(end, agency.today)
    if employees and start <= last and SQL_FAST_PATH and connection.vendor == "postgresql":
        return _build_batch_sql(agency, employees, start, end, last, lo=lo, hi=hi, ids=ids)
    who = _employee_filter(lo, hi, ids)
    stored = _stored(agency, who, start, end)
    wanted: dict[tuple[int, date], tuple[object, ...]] = {}
    if employees and start <= last:
        employee_ids = [pk for pk, _path in employees]
        sources = _sources(employee_ids, start, last, lo=lo, hi=hi, ids=ids)
        wanted = _decide(agency, employees, start, last, _records(agency, who, start, last), sources)
    return _write(stored, wanted)


# --- The common days in SQL (PostgreSQL) -----------------------------------------------------------
# One statement per batch decides, upserts and deletes the days of every employee without leave,
# travel, training, study or a roster entry in the span: the schedule's hours per unit and day, the
# agency's days off and the band table come in as arrays (resolved by `Agency` as for the rules), the
# records are read and counted in SQL. It mirrors `rules.counted_records` (the first check-in and the
# last check-out by local time inside 06.00–18.00, by the minute) and `rules.day_status` (the order
# libur → no record → terlambat → pulang cepat → hadir, minutes truncated, `rules.band_for`), and
# writes only the rows whose values differ (ON CONFLICT … DO UPDATE … WHERE … IS DISTINCT FROM), so a
# second build writes nothing. tests/attendance/test_daily_sql.py holds it to the rules.
DAY_SQL = """
WITH emp(employee_id, k) AS (
    SELECT * FROM unnest(%(emp_ids)s::bigint[], %(emp_keys)s::int[])
),
unit_day(k, day, starts, ends, holiday, day_over) AS (
    SELECT * FROM unnest(%(ud_keys)s::int[], %(ud_days)s::date[], %(ud_starts)s::int[],
                         %(ud_ends)s::int[], %(ud_holiday)s::bool[], %(ud_over)s::bool[])
),
band(day, kind, pos, code, lo, hi) AS (
    SELECT * FROM unnest(%(b_days)s::date[], %(b_kinds)s::text[], %(b_pos)s::int[],
                         %(b_codes)s::text[], %(b_lo)s::int[], %(b_hi)s::int[])
),
local_record AS (
    SELECT p.employee_id, p.work_date, p.at, p.kind, l.t,
           (extract(hour FROM l.t) * 60 + extract(minute FROM l.t))::int AS m
    FROM {presence} p
    JOIN emp ON emp.employee_id = p.employee_id
    CROSS JOIN LATERAL (SELECT (p.at AT TIME ZONE %(zone)s)::time AS t) l
    WHERE p.work_date BETWEEN %(start)s AND %(last)s AND {who_p}
),
counted AS (
    SELECT employee_id, work_date,
           min(t) FILTER (WHERE kind = %(in)s AND m BETWEEN %(opens)s AND %(closes)s) AS first_in,
           (array_agg(at ORDER BY t, at)
                FILTER (WHERE kind = %(in)s AND m BETWEEN %(opens)s AND %(closes)s))[1] AS in_at,
           max(t) FILTER (WHERE kind = %(out)s AND m BETWEEN %(opens)s AND %(closes)s) AS last_out,
           (array_agg(at ORDER BY t DESC, at)
                FILTER (WHERE kind = %(out)s AND m BETWEEN %(opens)s AND %(closes)s))[1] AS out_at
    FROM local_record
    GROUP BY employee_id, work_date
),
day_fact AS (
    SELECT emp.employee_id, u.day, u.holiday, u.day_over, c.in_at, c.out_at,
           c.first_in IS NULL AND c.last_out IS NULL AS no_record,
           CASE WHEN c.first_in IS NOT NULL THEN greatest(
               0, (extract(hour FROM c.first_in) * 60 + extract(minute FROM c.first_in))::int - u.starts
           ) END AS late,
           CASE WHEN c.last_out IS NOT NULL THEN greatest(
               0, u.ends - (extract(hour FROM c.last_out) * 60 + extract(minute FROM c.last_out))::int
           ) WHEN NOT u.day_over THEN 0 END AS early
    FROM emp
    JOIN unit_day u ON u.k = emp.k
    LEFT JOIN counted c ON c.employee_id = emp.employee_id AND c.work_date = u.day
),
decided AS (
    SELECT employee_id, day, in_at, out_at,
           CASE WHEN holiday THEN %(libur)s
                WHEN no_record THEN CASE WHEN day_over THEN %(tk)s END
                WHEN late IS NULL OR late > 0 THEN %(terlambat)s
                WHEN early IS NULL OR early > 0 THEN %(pulang_cepat)s
                ELSE %(hadir)s END AS status,
           CASE WHEN holiday OR no_record THEN 0 ELSE coalesce(late, 0) END AS minutes_late,
           CASE WHEN holiday OR no_record THEN 0 ELSE coalesce(early, 0) END AS minutes_early,
           CASE WHEN holiday OR no_record THEN '' ELSE {tl_band} END AS tl_band,
           CASE WHEN holiday OR no_record THEN '' ELSE {psw_band} END AS psw_band
    FROM day_fact
),
wanted AS (SELECT * FROM decided WHERE status IS NOT NULL),
written AS (
    INSERT INTO {daily} AS s (employee_id, date, status, check_in, check_out, minutes_late,
                              minutes_early, tl_band, psw_band, computed_at)
    SELECT employee_id, day, status, in_at, out_at, minutes_late, minutes_early, tl_band, psw_band,
           %(now)s
    FROM wanted
    ON CONFLICT (employee_id, date) DO UPDATE SET
        status = EXCLUDED.status, check_in = EXCLUDED.check_in, check_out = EXCLUDED.check_out,
        minutes_late = EXCLUDED.minutes_late, minutes_early = EXCLUDED.minutes_early,
        tl_band = EXCLUDED.tl_band, psw_band = EXCLUDED.psw_band, computed_at = EXCLUDED.computed_at
    WHERE (s.status, s.check_in, s.check_out, s.minutes_late, s.minutes_early, s.tl_band, s.psw_band)
        IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.check_in, EXCLUDED.check_out,
                          EXCLUDED.minutes_late, EXCLUDED.minutes_early, EXCLUDED.tl_band,
                          EXCLUDED.psw_band)
    RETURNING 1
),
removed AS (
    DELETE FROM {daily} s
    USING {employee} e, {unit} u
    WHERE s.employee_id = e.{employee_pk} AND e.{employee_unit} = u.{unit_pk}
      AND u.{unit_instansi} = %(instansi)s
      AND s.date BETWEEN %(start)s AND %(end)s AND {who_s}
      AND NOT (s.employee_id = ANY(%(special)s::bigint[]))
      AND (s.employee_id, s.date) NOT IN (SELECT w.employee_id, w.day FROM wanted w)
    RETURNING 1
)
SELECT (SELECT count(*) FROM written) + (SELECT count(*) FROM removed)
"""


def _band_sql(minutes: str, kind: str) -> str:
    """`rules.band_for` over the `band` rows of the day (in the rules' order, `pos`): no minutes → the
    last band; none or fewer than one → no band; the band holding them; beyond a closed last band →
    the last band."""
    of_kind = f"FROM band b WHERE b.day = day_fact.day AND b.kind = %({kind})s"
    return (
        f"coalesce(CASE WHEN {minutes} IS NULL THEN (SELECT b.code {of_kind} ORDER BY b.pos DESC LIMIT 1) "
        f"WHEN {minutes} <= 0 THEN '' "
        f"ELSE coalesce((SELECT b.code {of_kind} AND b.lo <= {minutes} "
        f"AND (b.hi IS NULL OR {minutes} <= b.hi) ORDER BY b.pos LIMIT 1), "
        f"(SELECT CASE WHEN {minutes} > b.lo THEN b.code END {of_kind} ORDER BY b.pos DESC LIMIT 1)) "
        "END, '')"
    )


def _day_minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _build_batch_sql(
    agency: Agency,
    employees: list[tuple[int, str]],
    start: date,
    end: date,
    last: date,
    *,
    lo: int,
    hi: int | None,
    ids: list[int] | None,
) -> int:
    """`build_batch` on PostgreSQL: the employees with leave, travel, training, study or a roster
    entry in the span by the rules in Python (few), everyone else in one SQL statement."""
    employee_ids = [pk for pk, _path in employees]
    sources = _sources(employee_ids, start, last, lo=lo, hi=hi, ids=ids)
    special_ids = sources.employees() & set(employee_ids)
    written = 0
    if special_ids:
        chosen = sorted(special_ids)
        who = Q(employee_id__in=chosen)
        special = [(pk, path) for pk, path in employees if pk in special_ids]
        wanted = _decide(agency, special, start, last, _records(agency, who, start, last), sources)
        written += _write(_stored(agency, who, start, end), wanted)
    keys: dict[str, int] = {}
    emp_ids: list[int] = []
    emp_keys: list[int] = []
    for pk, path in employees:
        if pk not in special_ids:
            emp_ids.append(pk)
            emp_keys.append(keys.setdefault(path, len(keys)))
    days = _dates(start, last)
    unit_days: list[tuple[int, date, int, int, bool, bool]] = []
    for path, k in keys.items():
        for day in days:
            hours = agency.hours(path, day)
            if hours is not None:
                unit_days.append(
                    (
                        k,
                        day,
                        _day_minutes(hours.start),
                        _day_minutes(hours.end),
                        day in agency.days_off,
                        agency.day_over(day, rules.WINDOW_CLOSES),
                    )
                )
    bands: list[tuple[date, str, int, str, int, int | None]] = []
    for day in days:
        table = agency.bands(day)
        for kind in (BandKind.TL, BandKind.PSW):
            ordered = sorted((b for b in table if b.kind == kind), key=lambda b: b.min_minutes)
            bands.extend(
                (day, str(kind), pos, b.code, b.min_minutes, b.max_minutes) for pos, b in enumerate(ordered)
            )
    params: dict[str, Any] = {
        "emp_ids": emp_ids,
        "emp_keys": emp_keys,
        "ud_keys": [u[0] for u in unit_days],
        "ud_days": [u[1] for u in unit_days],
        "ud_starts": [u[2] for u in unit_days],
        "ud_ends": [u[3] for u in unit_days],
        "ud_holiday": [u[4] for u in unit_days],
        "ud_over": [u[5] for u in unit_days],
        "b_days": [b[0] for b in bands],
        "b_kinds": [b[1] for b in bands],
        "b_pos": [b[2] for b in bands],
        "b_codes": [b[3] for b in bands],
        "b_lo": [b[4] for b in bands],
        "b_hi": [b[5] for b in bands],
        "zone": agency.zone.key,
        "start": start,
        "last": last,
        "end": end,
        "in": IN,
        "out": OUT,
        "opens": _day_minutes(rules.WINDOW_OPENS),
        "closes": _day_minutes(rules.WINDOW_CLOSES),
        "tl": str(BandKind.TL),
        "psw": str(BandKind.PSW),
        "libur": str(DayStatus.LIBUR),
        "tk": str(DayStatus.TANPA_KETERANGAN),
        "terlambat": str(DayStatus.TERLAMBAT),
        "pulang_cepat": str(DayStatus.PULANG_CEPAT),
        "hadir": str(DayStatus.HADIR),
        "now": timezone.now(),
        "instansi": agency.instansi_id,
        "special": sorted(special_ids),
        "lo": lo,
        "hi": hi,
        "ids": ids or [],
    }
    if ids is not None:
        who_p, who_s = "p.employee_id = ANY(%(ids)s::bigint[])", "s.employee_id = ANY(%(ids)s::bigint[])"
    else:
        who_p, who_s = "p.employee_id > %(lo)s", "s.employee_id > %(lo)s"
        if hi is not None:
            who_p += " AND p.employee_id <= %(hi)s"
            who_s += " AND s.employee_id <= %(hi)s"
    employee_meta, unit_meta = Employee._meta, UnitKerja._meta
    sql = DAY_SQL.format(
        presence=connection.ops.quote_name(Presence._meta.db_table),
        daily=connection.ops.quote_name(DailyStatus._meta.db_table),
        employee=connection.ops.quote_name(employee_meta.db_table),
        employee_pk=connection.ops.quote_name(employee_meta.pk.column),
        employee_unit=connection.ops.quote_name(employee_meta.get_field("unit").column),
        unit=connection.ops.quote_name(unit_meta.db_table),
        unit_pk=connection.ops.quote_name(unit_meta.pk.column),
        unit_instansi=connection.ops.quote_name(unit_meta.get_field("instansi").column),
        who_p=who_p,
        who_s=who_s,
        tl_band=_band_sql("late", "tl"),
        psw_band=_band_sql("early", "psw"),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        written += int(cursor.fetchone()[0])
    return written


# --- Whole builds --------------------------------------------------------------------------------
def _scope(instansi_id: int) -> QuerySet[Employee]:
    return Employee.objects.filter(
        unit__instansi_id=instansi_id, is_active=True, working_state__in=IN_SCOPE_STATES
    )


def _next_batch(instansi_id: int, after: int, size: int) -> list[tuple[int, str]]:
    return list(
        _scope(instansi_id).filter(pk__gt=after).order_by("pk").values_list("pk", "unit__path")[:size]
    )


def build_days(
    *,
    start: date,
    end: date,
    employee_ids: Iterable[int] | None = None,
    instansi_id: int | None = None,
    now: datetime | None = None,
    batch_size: int | None = None,
) -> int:
    """Build the daily statuses between `start` and `end` (both included) of the given employees,
    or of every employee of `instansi_id`, or of everyone (both None). Idempotent; returns the rows
    inserted, changed or deleted (0 when nothing changed). Call it inside or outside a transaction
    (after a correction is approved, for instance: `build_days(start=d, end=d, employee_ids=[e])`)."""
    size = batch_size or int(getattr(settings, "ATTENDANCE_DAILY_BATCH_SIZE", BATCH_SIZE))
    written = 0
    if employee_ids is not None:
        ids = sorted(set(employee_ids))
        by_agency: dict[int, list[int]] = defaultdict(list)
        for pk, agency_id in Employee.objects.filter(pk__in=ids).values_list("pk", "unit__instansi_id"):
            if instansi_id is None or agency_id == instansi_id:
                by_agency[agency_id].append(pk)
        for agency_id, members in sorted(by_agency.items()):
            agency = agency_of(agency_id, start, end, now=now)
            for n in range(0, len(members), size):
                chunk = members[n : n + size]
                employees = list(
                    _scope(agency_id).filter(pk__in=chunk).order_by("pk").values_list("pk", "unit__path")
                )
                with transaction.atomic():
                    written += build_batch(agency, employees, start, end, ids=chunk)
        return written
    agency_ids = (
        [instansi_id]
        if instansi_id is not None
        else list(Instansi.objects.order_by("pk").values_list("pk", flat=True))
    )
    for agency_id in agency_ids:
        agency = agency_of(agency_id, start, end, now=now)
        after = 0
        while True:
            employees = _next_batch(agency_id, after, size)
            hi = employees[-1][0] if len(employees) == size else None
            with transaction.atomic():
                written += build_batch(agency, employees, start, end, lo=after, hi=hi)
            if hi is None:
                break
            after = hi
    return written


def nightly_range(today: date) -> tuple[date, date]:
    """What the nightly job builds: yesterday and the month so far, and during the first five days
    of a month the previous month too (late corrections and leave approvals still count)."""
    yesterday = today - timedelta(days=1)
    start = yesterday.replace(day=1)
    if today.day <= 5:
        start = min(start, (today.replace(day=1) - timedelta(days=1)).replace(day=1))
    return start, today


def _remaining(instansi_id: int) -> Remaining:
    return lambda after: _scope(instansi_id).filter(pk__gt=after).count()


def daily_run(
    *,
    instansi_id: int,
    start: date | None = None,
    end: date | None = None,
    requested_by_id: int | None = None,
    batch_size: int | None = None,
    now: datetime | None = None,
    run_id: int | None = None,
) -> AttendanceRun:
    """Build an agency's daily statuses between two dates (default: `nightly_range` of its local
    today) as a run: claim it (one at a time per agency), then batch by batch from the cursor, each
    batch committed with the cursor. Returns the run: DONE when this call finished it, or the other,
    active one. A resumed run (failed, or taken over) finishes its own span first. `run_id`: the
    run a page claimed already (daily_rebuild_request), worked on while it is RUNNING."""
    if run_id is not None:
        run, owned = RUNS.claimed(instansi_id, run_id)
        if not owned:
            return run
        start, end = run.start, run.end
    if start is None or end is None:
        start, end = nightly_range(local_today(instansi_id, now))
    if run_id is None:
        run, owned = RUNS.claim(
            instansi_id, remaining=_remaining(instansi_id), requested_by_id=requested_by_id
        )
        if not owned:
            return run
    if run.start is None or run.end is None:
        AttendanceRun.objects.filter(pk=run.pk).update(start=start, end=end)
        run.start, run.end = start, end
    size = batch_size or int(getattr(settings, "ATTENDANCE_DAILY_BATCH_SIZE", BATCH_SIZE))
    with RUNS.guard(run):
        agency = agency_of(instansi_id, run.start, run.end, now=now)
        while True:
            with transaction.atomic():
                employees = _next_batch(instansi_id, run.cursor, size)
                hi = employees[-1][0] if len(employees) == size else None
                build_batch(agency, employees, run.start, run.end, lo=run.cursor, hi=hi)
                if hi is None:
                    RUNS.advance(
                        run, cursor=employees[-1][0] if employees else run.cursor, count=len(employees)
                    )
                    RUNS.finish(run)
                    break
                RUNS.advance(run, cursor=hi, count=len(employees))
    run.refresh_from_db()
    if (run.start, run.end) != (start, end) and run.state == RunState.DONE:
        return daily_run(
            instansi_id=instansi_id,
            start=start,
            end=end,
            requested_by_id=requested_by_id,
            batch_size=batch_size,
            now=now,
        )
    return run


def local_today(instansi_id: int, now: datetime | None = None) -> date:
    zone = ZoneInfo(Instansi.objects.filter(pk=instansi_id).values_list("time_zone", flat=True).get())
    return (now or timezone.now()).astimezone(zone).date()


@transaction.atomic
def daily_rebuild_request(*, actor: Actor, instansi: Instansi) -> tuple[AttendanceRun, bool]:
    """HR's "Hitung ulang": claim the agency's build of the nightly span and queue the task after
    commit: (run, True); when another run is active, nothing starts: (that run, False)."""
    from ..tasks import build_agency_days  # tasks import this module: looked up at call time

    access.require_in_agency(actor, access.can_rebuild_daily(actor, instansi.pk), instansi.pk)
    start, end = nightly_range(local_today(instansi.pk))
    run, started = RUNS.claim(instansi.pk, remaining=_remaining(instansi.pk), requested_by_id=actor.user_id)
    if started:
        if run.start is None or run.end is None:
            AttendanceRun.objects.filter(pk=run.pk).update(start=start, end=end)
            run.start, run.end = start, end
        enqueue_on_commit(
            lambda: build_agency_days.delay(instansi_id=instansi.pk, run_id=run.pk),
            on_failure=lambda exc: RUNS.stall(run, AttendanceRun.QUEUE_UNAVAILABLE),
        )
    return run, started


def requeue(instansi_id: int) -> None:
    """Queue an agency's build whose run stalled again (core.runs.sweep); the claim takes it over."""
    from ..tasks import build_agency_days

    build_agency_days.delay(instansi_id=instansi_id)


def _flexible_days(who: Q, start: date, end: date) -> dict[tuple[int, date], str]:
    """The flexible-work arrangements of a batch's employees over a span (one query): the mode of
    each (employee, day) they cover."""
    found: dict[tuple[int, date], str] = {}
    for employee_id, first, last, mode in FlexibleWork.objects.filter(
        who, start__lte=end, end__gte=start
    ).values_list("employee_id", "start", "end", "mode"):
        for day in _dates(max(first, start), min(last, end)):
            found[(employee_id, day)] = mode
    return found
