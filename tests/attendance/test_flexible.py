"""Flexible work (WFA, PermenPANRB 4/2025): the rule at its edges (the arrangement's first and last
days, a holiday inside, leave and travel winning, no presensi staying tanpa keterangan, flexible
hours), the daily build (one query per batch), the check-in's geofence waived under flexible location
and refused without it, the recap's count and column, the month calendar, and the pages."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from attendance import rules
from attendance.choices import DayStatus, FlexibleMode, PresenceKind
from attendance.models import DailyStatus, DinasLuar, FlexibleWork, Presence
from attendance.selectors import recap
from attendance.services import daily
from attendance.services import flexible as services
from attendance.services import presence as presence_services
from leave.choices import LeaveKind
from tests.factories import make_employee, make_employees_bulk

from .factories import INSIDE, OUTSIDE, actor, fence
from .recap_factories import band_table, month_of
from .test_daily import AFTER_AUGUST, example_bands, leave, record, statuses

pytestmark = pytest.mark.django_db
BANDS = rules.EXAMPLE_BANDS
WEEKDAY = rules.NORMAL_WEEKDAY  # 07.30–16.00, break 12.00–13.00


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def arrange(
    employee, start: date, end: date, mode: str = FlexibleMode.LOKASI, number: str = "KF/1"
) -> FlexibleWork:
    return FlexibleWork.objects.create(
        employee=employee, start=start, end=end, mode=mode, letter_number=number, letter_date=start
    )


# --- The rule -----------------------------------------------------------------------------------------
def facts(**kwargs) -> rules.DayFacts:
    return rules.DayFacts(hours=WEEKDAY, **kwargs)


def test_a_worked_day_under_flexible_location_is_wfa_and_keeps_its_lateness():
    on_time = rules.day_status(
        facts(flexible=FlexibleMode.LOKASI, check_in=time(7, 30, 59), check_out=time(16, 0)), BANDS
    )
    assert (on_time.status, on_time.minutes_late, on_time.tl_band) == (DayStatus.WFA, 0, "")
    late = rules.day_status(
        facts(flexible=FlexibleMode.LOKASI, check_in=time(8, 1), check_out=time(16, 0)), BANDS
    )
    assert (late.status, late.minutes_late, late.tl_band) == (DayStatus.WFA, 31, "TL2")
    no_out = rules.day_status(facts(flexible=FlexibleMode.LOKASI, check_in=time(7, 0)), BANDS)
    assert (no_out.status, no_out.psw_band) == (DayStatus.WFA, "PSW4")
    # The same day without an arrangement.
    assert (
        rules.day_status(facts(check_in=time(8, 1), check_out=time(16, 0)), BANDS).status
        == DayStatus.TERLAMBAT
    )


def test_without_presensi_an_arranged_day_stays_tanpa_keterangan_or_pending():
    assert rules.day_status(facts(flexible=FlexibleMode.LOKASI), BANDS).status == DayStatus.TANPA_KETERANGAN
    assert rules.day_status(facts(flexible=FlexibleMode.WAKTU), BANDS).counts_as_unexcused
    assert (
        rules.day_status(facts(flexible=FlexibleMode.LOKASI, day_over=False), BANDS).status == rules.PENDING
    )


@pytest.mark.parametrize(
    ("extra", "status"),
    [
        ({"holiday": True}, DayStatus.LIBUR),
        ({"on_leave": True}, DayStatus.CUTI),
        ({"on_leave": True, "sick": True}, DayStatus.SAKIT),
        ({"dinas_luar": True}, DayStatus.DINAS_LUAR),
        ({"training": True}, DayStatus.PELATIHAN),
    ],
)
def test_holidays_leave_travel_and_training_win_over_flexible_work(extra, status):
    worked = {"check_in": time(7, 20), "check_out": time(16, 5)}
    assert (
        rules.day_status(facts(flexible=FlexibleMode.LOKASI_WAKTU, **worked, **extra), BANDS).status == status
    )
    assert rules.day_status(
        rules.DayFacts(hours=None, flexible=FlexibleMode.LOKASI, **worked), BANDS
    ).status == (DayStatus.LIBUR)


@pytest.mark.parametrize(
    ("check_in", "check_out", "early", "psw"),
    [
        (time(9, 0), time(17, 30), 0, ""),  # 8.5 hours: the span of 07.30–16.00
        (time(9, 0, 59), time(17, 30), 0, ""),  # truncated to the minute
        (time(9, 0), time(17, 29, 59), 1, "PSW1"),
        (time(6, 0), time(14, 0), 30, "PSW1"),
        (time(6, 0), time(13, 59), 31, "PSW2"),
        (time(10, 0), time(18, 0), 30, "PSW1"),  # a late start is no lateness, the short day is
    ],
)
def test_flexible_hours_enforce_no_start_but_the_days_span(check_in, check_out, early, psw):
    for mode in (FlexibleMode.WAKTU, FlexibleMode.LOKASI_WAKTU):
        result = rules.day_status(facts(flexible=mode, check_in=check_in, check_out=check_out), BANDS)
        assert (result.status, result.minutes_late, result.tl_band) == (DayStatus.WFA, 0, "")
        assert (result.minutes_early, result.psw_band) == (early, psw)
    # Flexible location alone keeps the schedule's start: 10.00 is 150 minutes late.
    located = rules.day_status(
        facts(flexible=FlexibleMode.LOKASI, check_in=time(10, 0), check_out=time(18, 0)), BANDS
    )
    assert (located.minutes_late, located.tl_band, located.minutes_early) == (150, "TL4", 0)


def test_flexible_hours_without_a_check_in_or_out_fall_back_to_the_last_bands():
    no_in = rules.day_status(facts(flexible=FlexibleMode.WAKTU, check_out=time(17, 0)), BANDS)
    assert (no_in.status, no_in.tl_band, no_in.psw_band) == (DayStatus.WFA, "TL4", "")
    no_out = rules.day_status(facts(flexible=FlexibleMode.WAKTU, check_in=time(10, 0)), BANDS)
    assert (no_out.status, no_out.tl_band, no_out.psw_band) == (DayStatus.WFA, "", "PSW4")
    still_open = rules.day_status(
        facts(flexible=FlexibleMode.WAKTU, check_in=time(10, 0), day_over=False), BANDS
    )
    assert (still_open.status, still_open.minutes_early, still_open.psw_band) == (DayStatus.WFA, 0, "")


# --- The daily build ----------------------------------------------------------------------------------
def test_the_build_marks_the_arranged_days_from_its_first_to_its_last(org):
    example_bands(org.sorong)
    nurse = org.employee_dinkes_sorong
    fri, independence = date(2026, 8, 14), date(2026, 8, 17)  # 17 August: a national holiday (Monday)
    tue, wed, thu, next_fri = date(2026, 8, 18), date(2026, 8, 19), date(2026, 8, 20), date(2026, 8, 21)
    arrange(nurse, independence, thu)
    for day in (fri, independence, tue, wed, next_fri):
        record(nurse, day, PresenceKind.IN, 7, 25)
        record(nurse, day, PresenceKind.OUT, 16, 35)
    leave(nurse, LeaveKind.TAHUNAN, wed, wed)
    daily.build_days(start=fri, end=next_fri, instansi_id=org.sorong.pk, now=AFTER_AUGUST)
    days = {d: s.status for d, s in statuses(nurse, fri, next_fri).items()}
    assert days == {
        fri: DayStatus.HADIR,  # the day before the arrangement
        independence: DayStatus.LIBUR,  # its first day is a holiday
        tue: DayStatus.WFA,
        wed: DayStatus.CUTI,  # leave wins
        thu: DayStatus.TANPA_KETERANGAN,  # its last day, without presensi
        next_fri: DayStatus.HADIR,  # the day after
    }
    assert statuses(nurse, tue, tue)[tue].check_in is not None  # the counted records are kept


def test_travel_wins_over_an_arrangement_and_another_employee_is_untouched(org):
    nurse, other = org.employee_dinkes_sorong, org.employee_dishub_sorong
    mon, tue = date(2026, 8, 3), date(2026, 8, 4)
    arrange(other, mon, tue)
    DinasLuar.objects.create(employee=other, start=tue, end=tue, letter_number="SPT/1", letter_date=mon)
    for who in (nurse, other):
        for day in (mon, tue):
            record(who, day, PresenceKind.IN, 7, 20)
            record(who, day, PresenceKind.OUT, 16, 5)
    daily.build_days(start=mon, end=tue, instansi_id=org.sorong.pk, now=AFTER_AUGUST)
    assert {d: s.status for d, s in statuses(other, mon, tue).items()} == {
        mon: DayStatus.WFA,
        tue: DayStatus.DINAS_LUAR,
    }
    assert {s.status for s in statuses(nurse, mon, tue).values()} == {DayStatus.HADIR}


def test_the_build_reads_the_arrangements_once_per_batch(org, django_assert_max_num_queries):
    mon, fri = date(2026, 8, 3), date(2026, 8, 7)
    arrange(org.employee_dinkes_sorong, mon, fri)
    make_employees_bulk(org.pkm_sorong, 4)
    people = daily._scope(org.sorong.pk).count()

    def flexible_reads(batch_size: int) -> int:
        DailyStatus.objects.all().delete()
        with django_assert_max_num_queries(200) as captured:
            daily.build_days(
                start=mon, end=fri, instansi_id=org.sorong.pk, now=AFTER_AUGUST, batch_size=batch_size
            )
        return sum("attendance_flexiblework" in q["sql"] for q in captured.captured_queries)

    assert people >= 5
    assert flexible_reads(100) == 1
    # Batches of 2: one read per batch of employees, not per employee or day.
    assert flexible_reads(2) == -(-people // 2)
    assert DailyStatus.objects.filter(status=DayStatus.TANPA_KETERANGAN).count() == people * 5


# --- The check-in ---------------------------------------------------------------------------------------
def tap(org, point=OUTSIDE, persona="employee_dinkes_sorong", kind=PresenceKind.IN):
    lat, lon = point if point is not None else (None, None)
    return presence_services.presence_record(
        actor=actor(org.users[persona]), kind=kind, latitude=lat, longitude=lon
    )


CLOCK = "2026-07-14T22:45:10Z"  # Wed 15 July 2026, 07.45.10 WIT in Sorong
TODAY = date(2026, 7, 15)


@pytest.mark.clock(CLOCK)
def test_flexible_location_records_the_check_in_outside_the_fence_with_its_position(org):
    fence(org.sorong)
    arrange(org.employee_dinkes_sorong, TODAY, TODAY)  # today is its first and last day
    recorded = tap(org)
    row = Presence.objects.get()
    assert recorded.created and row.work_date == TODAY
    assert (row.work_location_id, row.distance_m) == (None, None)
    assert (float(row.latitude), float(row.longitude)) == pytest.approx(OUTSIDE)
    assert "(kerja fleksibel lokasi)" in presence_services.describe(recorded)
    out = tap(org, kind=PresenceKind.OUT)
    assert "Presensi pulang tercatat" in presence_services.describe(out)


@pytest.mark.clock(CLOCK)
def test_flexible_location_accepts_a_check_in_without_a_position_or_any_fence(org):
    arrange(org.employee_dinkes_sorong, TODAY - timedelta(days=3), TODAY, mode=FlexibleMode.LOKASI_WAKTU)
    assert tap(org, point=None).created  # the agency has no fence at all
    row = Presence.objects.get()
    assert (row.latitude, row.work_location_id) == (None, None)


@pytest.mark.clock(CLOCK)
def test_inside_the_fence_a_flexible_employee_is_recorded_at_the_work_location(org):
    office = fence(org.sorong)
    arrange(org.employee_dinkes_sorong, TODAY, TODAY)
    tap(org, point=INSIDE)
    assert Presence.objects.get().work_location_id == office.pk


@pytest.mark.clock(CLOCK)
@pytest.mark.parametrize(
    ("mode", "start", "end", "whose"),
    [
        (FlexibleMode.WAKTU, TODAY, TODAY, "employee_dinkes_sorong"),  # flexible hours only
        (FlexibleMode.LOKASI, TODAY - timedelta(days=5), TODAY - timedelta(days=1), "employee_dinkes_sorong"),
        (FlexibleMode.LOKASI, TODAY + timedelta(days=1), TODAY + timedelta(days=3), "employee_dinkes_sorong"),
        (FlexibleMode.LOKASI, TODAY, TODAY, "employee_dishub_sorong"),  # someone else's
        (None, None, None, None),  # no arrangement at all
    ],
)
def test_without_a_flexible_location_today_the_geofence_refuses(org, mode, start, end, whose):
    fence(org.sorong)
    if mode is not None:
        arrange(getattr(org, whose), start, end, mode=mode)
    with pytest.raises(ValidationError, match="di luar lokasi kerja"):
        tap(org)
    with pytest.raises(ValidationError, match="Lokasi perangkat tidak terbaca"):
        tap(org, point=None)
    assert not Presence.objects.exists()


@pytest.mark.clock(CLOCK)
def test_the_arrangement_is_read_only_when_the_geofence_would_refuse(org, django_assert_max_num_queries):
    fence(org.sorong)
    arrange(org.employee_dinkes_sorong, TODAY, TODAY)
    tap(org, point=INSIDE)  # the cache holds the agency's settings

    def reads(point, kind) -> int:
        with django_assert_max_num_queries(10) as captured:
            tap(org, point=point, kind=kind)
        return sum("attendance_flexiblework" in q["sql"] for q in captured.captured_queries)

    assert reads(INSIDE, PresenceKind.OUT) == 0
    assert reads(OUTSIDE, PresenceKind.OUT) == 1  # one EXISTS, however many checks need it
    assert reads(None, PresenceKind.OUT) == 1


# --- The recap and the calendar -----------------------------------------------------------------------------
def test_the_recap_counts_wfa_days_as_days_worked_in_their_own_column(org):
    band_table(org.sorong, date(2026, 1, 1))
    nurse = org.employee_dinkes_sorong
    month_of(
        nurse, 2026, 7,
        d1={"status": DayStatus.WFA},
        d2={"status": DayStatus.WFA, "late": 31, "tl": "TL2"},
        d3={"status": DayStatus.TANPA_KETERANGAN},
    )  # fmt: skip
    columns = recap.recap_columns(org.sorong.pk, *recap.month_bounds(2026, 7))
    row = recap.shape(next(iter(recap.recap_rows(instansi_id=org.sorong.pk, columns=columns))), columns)
    assert (row.working_days, row.worked, row.hadir, row.wfa, row.tk, row.terlambat) == (23, 22, 20, 2, 1, 0)
    assert row.tl[1] == (1, 31)  # the WFA day's lateness still cuts: 1% (TL2) + 3% (TK)
    assert row.cut_percent == 4


def test_the_punctuality_does_not_count_a_late_wfa_day_as_on_time(org):
    nurse = org.employee_dinkes_sorong
    month_of(nurse, 2026, 7, status=DayStatus.WFA, d1={"status": DayStatus.WFA, "late": 5, "tl": "TL1"})
    DailyStatus.objects.filter(employee=nurse).update(check_in=datetime(2026, 7, 1, 22, 20, tzinfo=UTC))
    DailyStatus.objects.filter(employee=nurse, date=date(2026, 7, 2)).update(check_in=None)  # no check-in
    trends = recap.punctuality(
        instansi_id=org.sorong.pk, year=2026, month=7, months=1, today=date(2026, 7, 31)
    )
    points = [p for t in trends for p in t.points if p[2]]
    assert len(points) == 1 and points[0][2] == 23
    assert points[0][1] == Decimal("91.3")  # 21 of 23: the late day and the day without a check-in are not


def test_the_month_calendar_shows_wfa_days_with_their_legend(org, as_persona):
    nurse = org.employee_dinkes_sorong
    DailyStatus.objects.create(employee=nurse, date=date(2026, 7, 13), status=DayStatus.WFA)
    page = as_persona("employee_dinkes_sorong").get(reverse("attendance:presence"), {"bulan": "2026-07"})
    html = page.content.decode()
    assert 'class="cal-day cal-wfa' in html and 'data-status="wfa"' in html
    assert 'cal-swatch cal-wfa"></span> WFA/fleksibel' in html


@pytest.mark.clock(CLOCK)
def test_the_presensi_page_names_todays_arrangement_and_its_status(org, as_persona):
    fence(org.sorong)
    arrange(org.employee_dinkes_sorong, TODAY, TODAY + timedelta(days=2), number="800/7/KF/2026")
    client = as_persona("employee_dinkes_sorong")
    page = client.get(reverse("attendance:presence")).content.decode()
    assert (
        'data-testid="presence-flexible"' in page
        and "800/7/KF/2026" in page
        and "data-location-optional" in page
    )
    client.post(reverse("attendance:record"), {"kind": "in", "latitude": OUTSIDE[0], "longitude": OUTSIDE[1]})
    page = client.get(reverse("attendance:presence")).content.decode()
    assert "WFA/fleksibel" in page and Presence.objects.count() == 1


# --- Recording, overlap, deleting --------------------------------------------------------------------------
def create(org, who: str, nip: str, **overrides) -> FlexibleWork:
    fields = dict(
        start=date(2026, 7, 6), end=date(2026, 7, 8), mode=FlexibleMode.LOKASI,
        letter_number="800/3/KF/2026", letter_date=date(2026, 7, 1),
    )  # fmt: skip
    fields.update(overrides)
    return services.flexible_create(actor=actor(org.users[who]), instansi=org.sorong, nip=nip, **fields)


def test_hr_records_an_arrangement_and_its_worked_days_become_wfa(org):
    nurse = org.employee_dinkes_sorong
    for day in (date(2026, 7, 6), date(2026, 7, 7)):
        record(nurse, day, PresenceKind.IN, 7, 20)
        record(nurse, day, PresenceKind.OUT, 16, 2)
    arrangement = create(org, "hr_sorong", nurse.nip)
    assert arrangement.recorded_by_id == org.users["hr_sorong"].pk
    assert arrangement.history.get().history_user_id == org.users["hr_sorong"].pk
    days = {d: s.status for d, s in statuses(nurse, date(2026, 7, 6), date(2026, 7, 8)).items()}
    assert days == {
        date(2026, 7, 6): DayStatus.WFA,
        date(2026, 7, 7): DayStatus.WFA,
        date(2026, 7, 8): DayStatus.TANPA_KETERANGAN,
    }
    services.flexible_delete(actor=actor(org.users["hr_sorong"]), arrangement=arrangement)
    days = {d: s.status for d, s in statuses(nurse, date(2026, 7, 6), date(2026, 7, 8)).items()}
    assert days[date(2026, 7, 6)] == DayStatus.HADIR and not FlexibleWork.objects.exists()


def test_an_overlapping_arrangement_is_refused_in_indonesian(org):
    nurse = org.employee_dinkes_sorong.nip
    create(org, "hr_sorong", nurse)
    for start, end in ((date(2026, 7, 8), date(2026, 7, 10)), (date(2026, 7, 1), date(2026, 7, 6))):
        with pytest.raises(ValidationError, match="sudah tercatat kerja fleksibel 6 Juli 2026–8 Juli 2026"):
            create(org, "hr_sorong", nurse, start=start, end=end, mode=FlexibleMode.WAKTU)
    create(org, "hr_sorong", nurse, start=date(2026, 7, 9), end=date(2026, 7, 10))  # the next day: fine
    assert FlexibleWork.objects.count() == 2


def test_the_head_records_below_but_not_for_themselves_nor_outside(org):
    assert (
        create(org, "head_dinkes_sorong", org.employee_dinkes_sorong.nip).employee
        == org.employee_dinkes_sorong
    )
    with pytest.raises(ValidationError, match="NIP"):
        create(org, "head_dinkes_sorong", org.head_dinkes_sorong.nip)
    with pytest.raises(ValidationError):
        create(org, "head_dinkes_sorong", org.employee_dishub_sorong.nip)
    with pytest.raises(ValidationError):
        create(org, "hr_palembang", org.employee_dishub_sorong.nip)
    with pytest.raises(PermissionDenied):
        create(org, "employee_dishub_palembang", org.employee_dishub_palembang.nip)
    assert FlexibleWork.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end": date(2026, 7, 5)}, "end"),
        ({"end": date(2027, 7, 8)}, "end"),
        ({"letter_date": date(2026, 7, 9)}, "letter_date"),
        ({"letter_number": "   "}, "letter_number"),
        ({"mode": "rumah"}, "mode"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(org, overrides, field):
    with pytest.raises(ValidationError) as refused:
        create(org, "hr_sorong", org.employee_dinkes_sorong.nip, **overrides)
    assert field in refused.value.error_dict
    assert not FlexibleWork.objects.exists() and not DailyStatus.objects.exists()


# --- The page ------------------------------------------------------------------------------------------------
def test_the_page_lists_filters_searches_and_records(org, as_persona, django_assert_max_num_queries):
    client = as_persona("hr_sorong")
    for n in range(3):
        other = make_employee(org.dishub_sorong, name=f"Pelaksana Dishub {n}")
        arrange(other, date(2026, 6, 1 + n), date(2026, 6, 2 + n), number=f"KF/{n}",
                mode=FlexibleMode.WAKTU if n == 2 else FlexibleMode.LOKASI)  # fmt: skip
    url = reverse("attendance:flexible")
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    for n in range(3, 60):
        arrange(org.employee_dishub_sorong, date(2025, 1, 1) + timedelta(days=2 * n),
                date(2025, 1, 1) + timedelta(days=2 * n), number=f"KF/{n}")  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.count(b"KF/") == 50  # a page of 50, the rest on the next
    assert client.get(url, {"page": 2}).content.count(b"KF/") == 10
    found = client.get(url, {"q": "Pelaksana Dishub 1"})
    assert (
        b"KF/1<" in found.content.replace(b"\n", b"").replace(b" ", b"") and found.content.count(b"KF/") == 1
    )
    on = client.get(url, {"tanggal": "2026-06-03"})
    assert on.content.count(b"KF/") == 2 and b"KF/1<" in on.content.replace(b"\n", b"").replace(b" ", b"")
    hours = client.get(url, {"jenis": "waktu"})
    assert hours.content.count(b"KF/") == 1 and b"KF/2<" in hours.content.replace(b"\n", b"").replace(
        b" ", b""
    )
    response = client.post(
        f"{url}?instansi={org.sorong.pk}",
        {"nip": org.employee_dinkes_sorong.nip, "mode": "lokasi", "start": "2026-07-13", "end": "2026-07-10",
         "letter_number": "X", "letter_date": "2026-07-01"},
    )  # fmt: skip
    assert (
        response.status_code == 200
        and "Tanggal selesai tidak boleh sebelum tanggal mulai" in response.content.decode()
    )
    response = client.post(
        f"{url}?instansi={org.sorong.pk}",
        {"nip": org.employee_dinkes_sorong.nip, "mode": "lokasi", "start": "2026-07-13", "end": "2026-07-14",
         "letter_number": "800/9/KF/2026", "letter_date": "2026-07-10", "note": "Renovasi kantor"},
    )  # fmt: skip
    assert response.status_code == 302
    assert FlexibleWork.objects.get(letter_number="800/9/KF/2026").note == "Renovasi kantor"


def test_the_page_refuses_an_overlap_with_its_message_and_deletes_with_a_question(org, as_persona):
    arrangement = arrange(org.employee_dinkes_sorong, date(2026, 7, 6), date(2026, 7, 8), number="KF/A")
    client = as_persona("head_dinkes_sorong")
    url = reverse("attendance:flexible")
    page = client.get(url).content.decode()
    assert "KF/A" in page and "data-confirm=" in page
    response = client.post(
        f"{url}?instansi={org.sorong.pk}",
        {"nip": org.employee_dinkes_sorong.nip, "mode": "waktu", "start": "2026-07-08", "end": "2026-07-09",
         "letter_number": "KF/B", "letter_date": "2026-07-01"},
    )  # fmt: skip
    assert response.status_code == 200 and "sudah tercatat kerja fleksibel" in response.content.decode()
    response = client.post(reverse("attendance:flexible_delete", args=[arrangement.pk]))
    assert response.status_code == 302 and not FlexibleWork.objects.exists()


def test_the_nightly_build_is_unchanged_without_arrangements(org):
    """No arrangement, no WFA: the build over the same data writes nothing the second time."""
    nurse = org.employee_dinkes_sorong
    day = date(2026, 8, 4)
    record(nurse, day, PresenceKind.IN, 7, 0)
    record(nurse, day, PresenceKind.OUT, 16, 0)
    assert daily.build_days(start=day, end=day, instansi_id=org.sorong.pk, now=AFTER_AUGUST) > 0
    assert daily.build_days(start=day, end=day, instansi_id=org.sorong.pk, now=AFTER_AUGUST) == 0
    arrange(nurse, day, day)
    assert daily.build_days(start=day, end=day, instansi_id=org.sorong.pk, now=AFTER_AUGUST) == 1
    assert statuses(nurse, day, day)[day].status == DayStatus.WFA
