"""The nightly build of daily statuses (attendance.services.daily): constructed days across schedule
kinds, holidays, leave, travel, training, missing records; idempotence; the run's lock; a query count
that does not grow with the number of employees."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from attendance import rules
from attendance.choices import DayStatus, PresenceKind, PresenceSource, ScheduleKind
from attendance.models import (
    AttendanceRun,
    Band,
    BandTable,
    DailyStatus,
    DinasLuar,
    Presence,
    Schedule,
    ScheduleDay,
)
from attendance.services import daily
from attendance.services.schedules import schedules_seed_defaults
from core.choices import RunState
from employees.choices import WorkingState
from leave.choices import LeaveKind, RequestState
from leave.models import LeaveRequest
from tests.factories import make_employees_bulk
from tests.leave.factories import leave_type

WIT = ZoneInfo("Asia/Jayapura")
AFTER_AUGUST = datetime(2026, 9, 1, 3, 0, tzinfo=UTC)  # every August day is over in every zone

pytestmark = pytest.mark.django_db


def local(day: date, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm, ss), tzinfo=WIT)


def record(employee, day: date, kind: str, hh: int, mm: int, ss: int = 0, device: str = "") -> Presence:
    at = local(day, hh, mm, ss)
    return Presence.objects.create(
        employee=employee,
        work_date=day,
        at=at,
        kind=kind,
        source=PresenceSource.DEVICE if device else PresenceSource.BROWSER,
        device=device,
    )


def example_bands(instansi) -> BandTable:
    table = BandTable.objects.create(
        instansi=instansi,
        name="Perwali 1/2026",
        valid_from=date(2026, 1, 1),
        absence_cut_percent=Decimal("3"),
    )
    Band.objects.bulk_create(
        Band(
            table=table,
            kind=b.kind,
            code=b.code,
            min_minutes=b.min_minutes,
            max_minutes=b.max_minutes,
            cut_percent=b.cut_percent,
        )
        for b in rules.EXAMPLE_BANDS
    )
    return table


def leave(employee, kind: str, start: date, end: date, state: str = RequestState.DISETUJUI) -> LeaveRequest:
    return LeaveRequest.objects.create(
        employee=employee,
        leave_type=leave_type(kind),
        start=start,
        end=end,
        length=(end - start).days + 1,
        length_unit="hari_kerja",
        working_days=(end - start).days + 1,
        reason="uji",
        address="Sorong",
        phone="08123456789",
        state=state,
    )


def statuses(employee, start: date, end: date) -> dict[date, DailyStatus]:
    return {s.date: s for s in DailyStatus.objects.filter(employee=employee, date__gte=start, date__lte=end)}


def snapshot() -> list[tuple]:
    return list(
        DailyStatus.objects.order_by("employee_id", "date").values_list("employee_id", "date", *daily.FIELDS)
    )


# --- Constructed days --------------------------------------------------------------------------------
def test_a_normal_week_with_late_early_and_missing_records(org):
    example_bands(org.sorong)
    nurse = org.employee_dinkes_sorong
    mon = date(2026, 8, 3)
    tue, wed, thu, fri = (mon + timedelta(days=n) for n in range(1, 5))
    record(nurse, mon, PresenceKind.IN, 7, 30, 59)  # on time by the :59 rule
    record(nurse, mon, PresenceKind.OUT, 16, 0)
    record(nurse, tue, PresenceKind.IN, 8, 1, 0, device="FP-1")  # 31 minutes: TL2
    record(nurse, tue, PresenceKind.IN, 8, 5, 0, device="FP-2")  # a device that logs twice: the first counts
    record(nurse, tue, PresenceKind.OUT, 16, 10, device="FP-1")
    record(nurse, tue, PresenceKind.OUT, 18, 1, device="FP-1")  # outside the window: ignored
    record(nurse, wed, PresenceKind.IN, 7, 20)  # no check-out: beyond the last PSW band
    record(nurse, fri, PresenceKind.IN, 7, 25)
    record(nurse, fri, PresenceKind.OUT, 16, 15)  # Friday ends 16.30: 15 minutes early
    daily.build_days(start=mon, end=mon + timedelta(days=6), employee_ids=[nurse.pk], now=AFTER_AUGUST)
    days = statuses(nurse, mon, mon + timedelta(days=6))
    assert sorted(days) == [mon, tue, wed, thu, fri]  # no row on the weekend of a 5-day schedule
    assert days[mon].status == DayStatus.HADIR and days[mon].minutes_late == 0
    assert days[mon].check_in == local(mon, 7, 30, 59) and days[mon].check_out == local(mon, 16, 0)
    assert (days[tue].status, days[tue].minutes_late, days[tue].tl_band) == (DayStatus.TERLAMBAT, 31, "TL2")
    assert days[tue].check_in == local(tue, 8, 1) and days[tue].check_out == local(tue, 16, 10)
    assert (days[wed].status, days[wed].psw_band, days[wed].check_out) == (
        DayStatus.PULANG_CEPAT,
        "PSW4",
        None,
    )
    assert days[thu].status == DayStatus.TANPA_KETERANGAN and days[thu].check_in is None
    assert (days[fri].status, days[fri].minutes_early, days[fri].psw_band) == (
        DayStatus.PULANG_CEPAT,
        15,
        "PSW1",
    )


def test_a_missing_check_in_is_late_beyond_the_last_band(org):
    example_bands(org.sorong)
    nurse = org.employee_dinkes_sorong
    day = date(2026, 8, 4)
    record(nurse, day, PresenceKind.OUT, 16, 5)
    daily.build_days(start=day, end=day, instansi_id=org.sorong.pk, now=AFTER_AUGUST)
    row = statuses(nurse, day, day)[day]
    assert (row.status, row.tl_band, row.psw_band, row.check_in) == (DayStatus.TERLAMBAT, "TL4", "", None)


def test_ramadan_and_its_friday(org):
    schedules_seed_defaults(instansi=org.sorong)  # Perpres pattern and Ramadan 1447 H (19 Feb–20 Mar 2026)
    nurse = org.employee_dinkes_sorong
    thu, fri = date(2026, 3, 5), date(2026, 3, 6)
    record(nurse, thu, PresenceKind.IN, 8, 0, 59)  # Ramadan starts 08.00: on time
    record(nurse, thu, PresenceKind.OUT, 15, 0)  # and ends 15.00
    record(nurse, fri, PresenceKind.IN, 8, 0)
    record(nurse, fri, PresenceKind.OUT, 15, 0)  # Ramadan Friday ends 15.30: 30 minutes early
    daily.build_days(start=thu, end=fri, employee_ids=[nurse.pk], now=AFTER_AUGUST)
    days = statuses(nurse, thu, fri)
    assert days[thu].status == DayStatus.HADIR
    assert (days[fri].status, days[fri].minutes_early) == (DayStatus.PULANG_CEPAT, 30)


def test_a_six_day_unit_works_saturday_and_the_rest_of_the_agency_does_not(org):
    six = Schedule.objects.create(
        instansi=org.sorong, unit=org.pkm_sorong, name="Puskesmas 6 hari", kind=ScheduleKind.SIX_DAY,
        valid_from=date(2026, 1, 1),
    )  # fmt: skip
    ScheduleDay.objects.bulk_create(
        ScheduleDay(schedule=six, weekday=d, start=time(7, 30), end=time(14, 0) if d < 5 else time(12, 30))
        for d in range(6)
    )
    nurse, other = org.employee_dinkes_sorong, org.employee_dishub_sorong
    sat = date(2026, 8, 8)
    record(nurse, sat, PresenceKind.IN, 7, 29)
    record(nurse, sat, PresenceKind.OUT, 12, 30)
    daily.build_days(start=sat, end=sat, instansi_id=org.sorong.pk, now=AFTER_AUGUST)
    assert statuses(nurse, sat, sat)[sat].status == DayStatus.HADIR
    assert statuses(other, sat, sat) == {}
    # The head of Dinkes (above the Puskesmas) keeps the agency's 5-day pattern.
    assert statuses(org.head_dinkes_sorong, sat, sat) == {}


def test_holidays_leave_sickness_travel_are_not_absences(org):
    nurse, other = org.employee_dinkes_sorong, org.employee_dishub_sorong
    head = org.head_dinkes_sorong
    independence, tue, wed, thu = date(2026, 8, 17), date(2026, 8, 18), date(2026, 8, 19), date(2026, 8, 20)
    leave(nurse, LeaveKind.TAHUNAN, tue, tue)
    leave(nurse, LeaveKind.SAKIT, wed, wed)
    leave(nurse, LeaveKind.TAHUNAN, thu, thu, state=RequestState.ATASAN)  # not approved: not leave
    DinasLuar.objects.create(
        employee=other, start=tue, end=thu, letter_number="800/12/SPT/2026", letter_date=date(2026, 8, 14)
    )
    daily.build_days(start=independence, end=thu, instansi_id=org.sorong.pk, now=AFTER_AUGUST)
    mine = statuses(nurse, independence, thu)
    assert mine[independence].status == DayStatus.LIBUR
    assert mine[tue].status == DayStatus.CUTI
    assert mine[wed].status == DayStatus.SAKIT
    assert mine[thu].status == DayStatus.TANPA_KETERANGAN
    theirs = statuses(other, independence, thu)
    assert [theirs[d].status for d in (tue, wed, thu)] == [DayStatus.DINAS_LUAR] * 3
    assert statuses(head, tue, tue)[tue].status == DayStatus.TANPA_KETERANGAN


def test_cltn_and_tugas_belajar_days_get_no_row_and_those_out_of_service_none(org):
    nurse, other, head = org.employee_dinkes_sorong, org.employee_dishub_sorong, org.head_dinkes_sorong
    mon, fri = date(2026, 8, 3), date(2026, 8, 7)
    leave(nurse, LeaveKind.CLTN, date(2026, 8, 5), date(2026, 12, 31))
    other.working_state = WorkingState.PENSIUN
    other.save(update_fields=["working_state"])
    head.is_active = False
    head.save(update_fields=["is_active"])
    daily.build_days(start=mon, end=fri, instansi_id=org.sorong.pk, now=AFTER_AUGUST)
    assert sorted(statuses(nurse, mon, fri)) == [mon, date(2026, 8, 4)]
    assert statuses(other, mon, fri) == {} and statuses(head, mon, fri) == {}


def test_training_days_count_unless_marked_absent(org):
    from tests.training.factories import make_programme
    from training.choices import EnrolmentOrigin, EnrolmentState
    from training.models import Attendance as TrainingAttendance
    from training.models import Enrolment, Session

    nurse, other = org.employee_dinkes_sorong, org.employee_dishub_sorong
    mon, tue = date(2026, 8, 3), date(2026, 8, 4)
    programme = make_programme(org.sorong, start_date=mon, end_date=tue)
    second = Session.objects.create(programme=programme, date=tue, start_time=time(8), end_time=time(12))
    confirmed = Enrolment.objects.create(
        programme=programme, employee=nurse, state=EnrolmentState.CONFIRMED, origin=EnrolmentOrigin.SELF
    )
    Enrolment.objects.create(
        programme=programme, employee=other, state=EnrolmentState.REQUESTED, origin=EnrolmentOrigin.SELF
    )
    TrainingAttendance.objects.create(enrolment=confirmed, session=second, present=False)
    daily.build_days(start=mon, end=tue, instansi_id=org.sorong.pk, now=AFTER_AUGUST)
    mine = statuses(nurse, mon, tue)
    assert (mine[mon].status, mine[tue].status) == (DayStatus.PELATIHAN, DayStatus.TANPA_KETERANGAN)
    assert statuses(other, mon, mon)[mon].status == DayStatus.TANPA_KETERANGAN  # not admitted yet


@pytest.mark.clock("2026-08-04T05:00:00Z")  # 14.00 WIT: the window is still open
def test_today_before_the_window_closes_is_not_yet_absent_nor_early(org, clock):
    nurse, other = org.employee_dinkes_sorong, org.employee_dishub_sorong
    today = date(2026, 8, 4)
    record(nurse, today, PresenceKind.IN, 7, 15)
    daily.build_days(start=today, end=date(2026, 8, 10), instansi_id=org.sorong.pk)
    row = statuses(nurse, today, today)[today]
    assert (row.status, row.minutes_early, row.psw_band) == (DayStatus.HADIR, 0, "")
    assert statuses(other, today, today) == {}  # nothing recorded yet: no status
    assert not DailyStatus.objects.filter(date__gt=today).exists()  # the future is not built


# --- Idempotence ---------------------------------------------------------------------------------------
def test_built_twice_gives_identical_rows_and_follows_what_changed(org):
    example_bands(org.sorong)
    nurse, other = org.employee_dinkes_sorong, org.employee_dishub_sorong
    start, end = date(2026, 8, 3), date(2026, 8, 14)
    record(nurse, start, PresenceKind.IN, 8, 15)
    record(nurse, start, PresenceKind.OUT, 16, 0)
    first = daily.build_days(start=start, end=end, instansi_id=org.sorong.pk, now=AFTER_AUGUST)
    rows = snapshot()
    ids = set(DailyStatus.objects.values_list("pk", flat=True))
    assert first == len(rows) == 3 * 10  # three employees of Sorong, ten working days
    assert daily.build_days(start=start, end=end, instansi_id=org.sorong.pk, now=AFTER_AUGUST) == 0
    assert snapshot() == rows and set(DailyStatus.objects.values_list("pk", flat=True)) == ids
    # A leave approved afterwards changes its days; an employee who left loses the span's rows.
    leave(nurse, LeaveKind.TAHUNAN, date(2026, 8, 10), date(2026, 8, 11))
    other.is_active = False
    other.save(update_fields=["is_active"])
    assert daily.build_days(start=start, end=end, instansi_id=org.sorong.pk, now=AFTER_AUGUST) == 2 + 10
    assert statuses(nurse, date(2026, 8, 10), date(2026, 8, 11))[date(2026, 8, 10)].status == DayStatus.CUTI
    assert statuses(other, start, end) == {}
    # Palembang was not asked for.
    assert not DailyStatus.objects.filter(employee=org.employee_dishub_palembang).exists()


def test_a_built_employee_list_touches_only_those_employees(org):
    nurse, other = org.employee_dinkes_sorong, org.employee_dishub_sorong
    day = date(2026, 8, 4)
    daily.build_days(start=day, end=day, instansi_id=org.sorong.pk, now=AFTER_AUGUST)
    record(nurse, day, PresenceKind.IN, 7, 0)
    record(nurse, day, PresenceKind.OUT, 16, 0)
    record(other, day, PresenceKind.IN, 7, 0)
    assert daily.build_days(start=day, end=day, employee_ids=[nurse.pk], now=AFTER_AUGUST) == 1
    assert statuses(nurse, day, day)[day].status == DayStatus.HADIR
    assert statuses(other, day, day)[day].status == DayStatus.TANPA_KETERANGAN


def test_the_query_count_does_not_grow_with_the_employees(org, django_assert_max_num_queries):
    example_bands(org.sorong)
    start, end = date(2026, 8, 3), date(2026, 8, 7)

    def build() -> None:
        daily.build_days(start=start, end=end, instansi_id=org.sorong.pk, now=AFTER_AUGUST)

    def reads(queries) -> int:
        return sum(not q["sql"].lstrip().upper().startswith("INSERT") for q in queries)

    make_employees_bulk(org.pkm_sorong, 5)
    with django_assert_max_num_queries(20) as few:
        build()
    DailyStatus.objects.all().delete()
    make_employees_bulk(org.dishub_sorong, 45)
    # The same reads whatever the number of employees; the upsert is one INSERT per batch of rows
    # (SQLite caps the parameters of a statement: a few more batches there, one on PostgreSQL).
    with django_assert_max_num_queries(len(few.captured_queries) + 3) as many:
        build()
    assert reads(many.captured_queries) == reads(few.captured_queries)
    assert DailyStatus.objects.count() == (3 + 50) * 5


# --- The run (core.runs) -------------------------------------------------------------------------------
def test_nightly_range():
    assert daily.nightly_range(date(2026, 8, 20)) == (date(2026, 8, 1), date(2026, 8, 20))
    assert daily.nightly_range(date(2026, 8, 1)) == (date(2026, 7, 1), date(2026, 8, 1))
    assert daily.nightly_range(date(2026, 8, 5)) == (date(2026, 7, 1), date(2026, 8, 5))
    assert daily.nightly_range(date(2026, 8, 6)) == (date(2026, 8, 1), date(2026, 8, 6))
    assert daily.nightly_range(date(2026, 1, 3)) == (date(2025, 12, 1), date(2026, 1, 3))


def test_a_run_in_batches_writes_everything_and_finishes(org):
    make_employees_bulk(org.pkm_sorong, 7)
    start, end = date(2026, 8, 3), date(2026, 8, 4)
    run = daily.daily_run(instansi_id=org.sorong.pk, start=start, end=end, batch_size=3, now=AFTER_AUGUST)
    assert run.state == RunState.DONE and (run.start, run.end) == (start, end)
    assert run.processed == run.total == 10
    assert DailyStatus.objects.filter(employee__unit__instansi=org.sorong).count() == 20


def test_a_second_run_while_one_is_running_does_nothing(org):
    active = AttendanceRun.objects.create(instansi=org.sorong, start=date(2026, 8, 1), end=date(2026, 8, 4))
    run = daily.daily_run(instansi_id=org.sorong.pk, start=date(2026, 8, 3), end=date(2026, 8, 4))
    assert run.pk == active.pk and run.state == RunState.RUNNING
    assert not DailyStatus.objects.exists()
    assert AttendanceRun.objects.count() == 1


def test_a_stalled_run_is_taken_over_and_finishes_its_span_then_the_one_asked(org, clock):
    stale = clock - timedelta(hours=1)
    AttendanceRun.objects.create(
        instansi=org.sorong,
        start=date(2026, 7, 1),
        end=date(2026, 7, 1),
        started_at=stale,
        heartbeat_at=stale,
    )
    run = daily.daily_run(instansi_id=org.sorong.pk, start=date(2026, 7, 2), end=date(2026, 7, 2))
    assert run.state == RunState.DONE and (run.start, run.end) == (date(2026, 7, 2), date(2026, 7, 2))
    assert sorted(set(DailyStatus.objects.values_list("date", flat=True))) == [
        date(2026, 7, 1),
        date(2026, 7, 2),
    ]
    assert list(AttendanceRun.objects.values_list("state", flat=True)) == [RunState.DONE, RunState.DONE]


def test_the_nightly_task_builds_every_agency_in_its_own_zone(org, time_machine):
    from attendance.tasks import build_daily_statuses

    time_machine.move_to("2026-08-12T12:00:00Z")  # 21.00 WIT and 19.00 WIB: the 12th is over in both
    assert build_daily_statuses.delay().get() == {"queued": 2}
    assert DailyStatus.objects.filter(employee=org.employee_dishub_palembang).count() == 8  # 3–7, 10–12 Aug
    assert DailyStatus.objects.filter(employee=org.employee_dinkes_sorong, date=date(2026, 8, 12)).exists()
    assert AttendanceRun.objects.filter(state=RunState.DONE).count() == 2


def test_hr_rebuilds_from_the_schedules_page_once_at_a_time(
    org, as_persona, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    client = as_persona("hr_sorong")
    url = reverse("attendance:daily_rebuild") + f"?instansi={org.sorong.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(url)
    response = client.get(posted.url)
    assert "Penghitungan ulang status harian dimulai" in response.content.decode()
    run = AttendanceRun.objects.get()
    assert run.state == RunState.DONE and run.requested_by == org.users["hr_sorong"]
    assert (run.start, run.end) == (date(2026, 7, 1), date(2026, 7, 15))  # the clock: 15 July 2026
    assert DailyStatus.objects.filter(employee=org.employee_dinkes_sorong, date=date(2026, 7, 14)).exists()
    assert b'data-run-state="done"' in response.content
    AttendanceRun.objects.filter(pk=run.pk).update(state=RunState.RUNNING)
    busy = client.post(url, follow=True)
    assert "sedang berjalan" in busy.content.decode() and AttendanceRun.objects.count() == 1
