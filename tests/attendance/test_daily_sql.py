"""The nightly build's SQL path on PostgreSQL (attendance.services.daily.DAY_SQL) against the rules:
random constructed days — records at the band edges (30/31/60/61/90/91 minutes, hh:mm:59), at the
window's edges, missing check-ins or check-outs, records logged twice — on ordinary days, Fridays,
Ramadan days, a holiday, a 6-day unit's Saturday and today before and after the window closes, with
some employees on leave, on travel or on a rostered shift (those go through the rules in Python).

Each example builds the day three ways and asserts identical rows: the rules' path alone
(`SQL_FAST_PATH = False`, the SQLite path), the SQL path over those stored rows (writes nothing), and
the SQL path from empty; a second SQL build writes nothing. The employees without leave, travel or a
shift are also checked against `rules.day_status` itself, decided here from the generated records."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance import rules
from attendance.choices import PresenceKind, PresenceSource, ScheduleKind
from attendance.models import (
    DailyStatus,
    DinasLuar,
    Presence,
    Schedule,
    ScheduleDay,
    Shift,
    ShiftAssignment,
)
from attendance.services import daily
from attendance.services.schedules import schedules_seed_defaults
from leave.choices import LeaveKind
from leave.models import LeaveRequest
from tests.attendance.test_daily import example_bands, leave
from tests.factories import make_employees_bulk

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

WIT = ZoneInfo("Asia/Jayapura")
AFTER = datetime(2026, 9, 1, 3, 0, tzinfo=UTC)
WED, FRI, SAT = date(2026, 8, 5), date(2026, 8, 7), date(2026, 8, 8)
INDEPENDENCE = date(2026, 8, 17)  # a national holiday
RAMADAN_THU, RAMADAN_FRI = date(2026, 3, 5), date(2026, 3, 6)
DAYS = (WED, FRI, SAT, INDEPENDENCE, RAMADAN_THU, RAMADAN_FRI)
SIX_DAY_SATURDAY = rules.DayHours(time(7, 30), time(12, 30))
SIX_DAY_WEEKDAY = rules.DayHours(time(7, 30), time(14, 0))
SHIFT = rules.DayHours(time(14, 0), time(21, 0))
POOL = 6  # employees per unit

# Offsets from the day's start (check-ins) and end (check-outs) at the band edges, and the window's
# own edges (05:59:59 refused, 06:00 counted, 18:00:59 counted, 18:01 refused).
EDGES = (0, 1, 30, 31, 60, 61, 90, 91, 200)
WINDOW_EDGES = (time(5, 59, 59), time(6, 0), time(18, 0, 59), time(18, 1), time(0, 30), time(22, 10))


def _shifted(t: time, minutes: int, second: int) -> time:
    total = max(0, min(t.hour * 60 + t.minute + minutes, 23 * 60 + 59))
    return time(total // 60, total % 60, second)


@st.composite
def a_record(draw: st.DrawFn) -> tuple[str, str, int, int]:
    """(kind, anchor, offset, second): a time relative to the day's start or end, or a window edge."""
    kind = draw(st.sampled_from([PresenceKind.IN, PresenceKind.OUT]))
    anchor = draw(st.sampled_from(["start", "end", "edge"]))
    offset = draw(st.sampled_from(EDGES)) * draw(st.sampled_from([1, -1]))
    return str(kind), anchor, offset, draw(st.sampled_from([0, 59, 30]))


def a_day() -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {
            "day": st.sampled_from(DAYS),
            # None: long over; else the local clock of the day itself (the window open or closed).
            "clock": st.sampled_from([None, time(10, 0), time(18, 0, 30), time(18, 1)]),
            "employees": st.lists(
                st.fixed_dictionaries(
                    {
                        "records": st.lists(a_record(), max_size=4),
                        "extra": st.sampled_from(
                            ["", "", "", "", "", "tahunan", "sakit", "dinas", "shift", "off"]
                        ),
                        "edge": st.sampled_from(range(len(WINDOW_EDGES))),
                    }
                ),
                min_size=2 * POOL,
                max_size=2 * POOL,
            ),
        }
    )


@pytest.fixture
def pool(org):
    example_bands(org.sorong)
    schedules_seed_defaults(instansi=org.sorong)  # the Perpres pattern and Ramadan 1447 H
    six = Schedule.objects.create(
        instansi=org.sorong, unit=org.pkm_sorong, name="Puskesmas 6 hari", kind=ScheduleKind.SIX_DAY,
        valid_from=date(2026, 1, 1),
    )  # fmt: skip
    ScheduleDay.objects.bulk_create(
        ScheduleDay(schedule=six, weekday=d, start=time(7, 30), end=time(14, 0) if d < 5 else time(12, 30))
        for d in range(6)
    )
    shift = Shift.objects.create(instansi=org.sorong, code="S", name="Siang", start=time(14), end=time(21))
    normal = make_employees_bulk(org.dishub_sorong, POOL)
    six_day = make_employees_bulk(org.pkm_sorong, POOL)
    return org, normal + six_day, {e.pk for e in six_day}, shift


def _expected_hours(day: date, six_day: bool) -> rules.DayHours | None:
    """The schedules of the pool, written out: the Perpres pattern (Ramadan in March), and the
    Puskesmas' own 6-day pattern (which holds in Ramadan too: the unit's schedule is more specific)."""
    if six_day:
        return SIX_DAY_SATURDAY if day.weekday() == 5 else SIX_DAY_WEEKDAY if day.weekday() < 5 else None
    if day.weekday() >= 5:
        return None
    if day.month == 3:
        return rules.RAMADAN_FRIDAY if day.weekday() == 4 else rules.RAMADAN_WEEKDAY
    return rules.NORMAL_FRIDAY if day.weekday() == 4 else rules.NORMAL_WEEKDAY


def _snapshot(day: date) -> list[tuple]:
    return list(
        DailyStatus.objects.filter(date=day)
        .order_by("employee_id")
        .values_list("employee_id", "date", *daily.FIELDS)
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=a_day())
def test_the_sql_path_decides_as_the_rules(pool, monkeypatch, scenario):
    org, employees, six_day_ids, shift = pool
    for model in (DailyStatus, Presence, DinasLuar, ShiftAssignment, LeaveRequest):
        model.objects.all().delete()
    day: date = scenario["day"]
    clock: time | None = scenario["clock"]
    now = AFTER if clock is None else datetime.combine(day, clock, tzinfo=WIT)
    plain: dict[int, tuple[rules.DayHours | None, list[tuple[time, str]]]] = {}
    for employee, spec in zip(employees, scenario["employees"], strict=True):
        hours = _expected_hours(day, employee.pk in six_day_ids) or rules.NORMAL_WEEKDAY
        local_times: list[tuple[time, str]] = []
        for n, (kind, anchor, offset, second) in enumerate(spec["records"]):
            if anchor == "edge":
                t = WINDOW_EDGES[(spec["edge"] + n) % len(WINDOW_EDGES)]
            else:
                t = _shifted(hours.start if anchor == "start" else hours.end, offset, second)
            local_times.append((t, kind))
            Presence.objects.create(
                employee=employee, work_date=day, at=datetime.combine(day, t, tzinfo=WIT), kind=kind,
                source=PresenceSource.DEVICE, device=f"D{n}",
            )  # fmt: skip
        extra = spec["extra"]
        if extra in ("tahunan", "sakit"):
            leave(employee, LeaveKind.TAHUNAN if extra == "tahunan" else LeaveKind.SAKIT, day, day)
        elif extra == "dinas":
            DinasLuar.objects.create(
                employee=employee, start=day, end=day, letter_number="800/1/SPT", letter_date=day
            )
        elif extra in ("shift", "off"):
            ShiftAssignment.objects.create(
                employee=employee, date=day, shift=shift if extra == "shift" else None
            )
        else:
            plain[employee.pk] = (_expected_hours(day, employee.pk in six_day_ids), local_times)

    def build() -> int:
        return daily.build_days(start=day, end=day, instansi_id=org.sorong.pk, now=now)

    monkeypatch.setattr(daily, "SQL_FAST_PATH", False)
    build()
    by_rules = _snapshot(day)
    monkeypatch.setattr(daily, "SQL_FAST_PATH", True)
    assert build() == 0  # over the rules' rows the SQL path finds nothing to change
    assert _snapshot(day) == by_rules
    DailyStatus.objects.all().delete()
    assert build() == len(by_rules)
    assert _snapshot(day) == by_rules
    assert build() == 0

    # The plain employees straight against rules.day_status.
    rows = {row[0]: row for row in by_rules}
    agency = daily.agency_of(org.sorong.pk, day, day, now=now)
    for employee_id, (hours, local_times) in plain.items():
        first_in, last_out = rules.counted_records(local_times)
        result = rules.day_status(
            rules.DayFacts(
                hours=hours,
                holiday=day == INDEPENDENCE,
                check_in=first_in,
                check_out=last_out,
                day_over=agency.day_over(day),
            ),
            rules.EXAMPLE_BANDS,
        )
        if hours is None or result.status == rules.PENDING:
            assert employee_id not in rows
            continue
        row = rows[employee_id]
        assert row[2:3] + row[5:] == (
            result.status,
            result.minutes_late,
            result.minutes_early,
            result.tl_band,
            result.psw_band,
        )
        assert (row[3] and row[3].astimezone(WIT).time()) == first_in
        assert (row[4] and row[4].astimezone(WIT).time()) == last_out


def test_the_sql_path_follows_changes_and_deletes_what_no_longer_applies(pool):
    """A changed record updates only its row; an employee who left loses the row (one statement)."""
    org, employees, _six, _shift = pool
    first, second = employees[0], employees[1]
    for employee in (first, second):
        Presence.objects.create(
            employee=employee, work_date=WED, at=datetime.combine(WED, time(7, 45), tzinfo=WIT),
            kind=PresenceKind.IN, source=PresenceSource.DEVICE, device="D",
        )  # fmt: skip
    assert daily.build_days(start=WED, end=WED, instansi_id=org.sorong.pk, now=AFTER) == 3 + 2 * POOL
    Presence.objects.filter(employee=first).update(at=datetime.combine(WED, time(8, 31), tzinfo=WIT))
    second.is_active = False
    second.save(update_fields=["is_active"])
    assert daily.build_days(start=WED, end=WED, instansi_id=org.sorong.pk, now=AFTER) == 2
    row = DailyStatus.objects.get(employee=first, date=WED)
    assert (row.minutes_late, row.tl_band) == (61, "TL3")
    assert not DailyStatus.objects.filter(employee=second).exists()
    assert daily.build_days(start=WED, end=WED, instansi_id=org.sorong.pk, now=AFTER) == 0
    assert daily.build_days(start=WED, end=WED, employee_ids=[first.pk], now=AFTER) == 0
