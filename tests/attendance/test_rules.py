"""The pure attendance rules (domain.md §10): minutes late at hh:mm:59, the TL/PSW band edges at
30/31/60/61/90/91, the 06.00–18.00 window, which records count, the daily status, schedule
resolution (unit over agency, Ramadan over the normal pattern, Friday hours), the geofence and the
PP 94/2021 thresholds at each edge."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attendance import rules
from attendance.choices import BandKind, DayStatus, PresenceKind, Sanction, ScheduleKind

BANDS = rules.EXAMPLE_BANDS
START = time(7, 30)
END = time(16, 0)


# --- Minutes late and early -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("check_in", "late"),
    [
        (time(7, 0), 0),
        (time(7, 30, 0), 0),
        (time(7, 30, 59), 0),
        (time(7, 31, 0), 1),
        (time(8, 0, 0), 30),
        (time(8, 0, 59), 30),
        (time(8, 1, 0), 31),
        (time(8, 30, 59), 60),
        (time(8, 31, 0), 61),
        (time(9, 0, 59), 90),
        (time(9, 1, 0), 91),
    ],
)
def test_minutes_late_truncate_the_check_in_to_the_minute(check_in, late):
    assert rules.minutes_late(check_in, START) == late


@pytest.mark.parametrize(
    ("check_out", "early"),
    [
        (time(16, 0, 0), 0),
        (time(16, 45), 0),
        (time(15, 59, 59), 1),
        (time(15, 30, 0), 30),
        (time(15, 29, 59), 31),
    ],
)
def test_minutes_early_mirror_the_late_rule(check_out, early):
    assert rules.minutes_early(check_out, END) == early


@given(st.times())
def test_minutes_late_ignore_the_seconds(t):
    assert rules.minutes_late(t, START) == rules.minutes_late(t.replace(second=0, microsecond=0), START)
    assert rules.minutes_late(t, START) >= 0


# --- Bands ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("minutes", "code"),
    [
        (0, None),
        (1, "1"),
        (30, "1"),
        (31, "2"),
        (60, "2"),
        (61, "3"),
        (90, "3"),
        (91, "4"),
        (600, "4"),
        (None, "4"),
    ],
)
@pytest.mark.parametrize("kind", [BandKind.TL, BandKind.PSW])
def test_band_edges_at_30_31_60_61_90_91_and_no_record_beyond_the_last(minutes, code, kind):
    band = rules.band_for(minutes, BANDS, kind)
    prefix = "TL" if kind == BandKind.TL else "PSW"
    assert (band.code if band else None) == (f"{prefix}{code}" if code else None)


def test_08_00_59_is_tl1_and_08_01_00_is_tl2():
    assert rules.band_for(rules.minutes_late(time(8, 0, 59), START), BANDS, BandKind.TL).code == "TL1"
    assert rules.band_for(rules.minutes_late(time(8, 1, 0), START), BANDS, BandKind.TL).code == "TL2"


def test_a_table_with_a_closed_last_band_puts_longer_delays_in_it():
    closed = [
        rules.BandSpec(BandKind.TL, "TL1", 1, 30, Decimal("1")),
        rules.BandSpec(BandKind.TL, "TL2", 31, 60, Decimal("2")),
    ]
    assert rules.band_for(200, closed, BandKind.TL).code == "TL2"
    assert rules.band_for(None, closed, BandKind.TL).code == "TL2"
    assert rules.band_for(10, closed, BandKind.PSW) is None


@given(st.integers(min_value=1, max_value=24 * 60))
def test_every_positive_minute_falls_in_exactly_one_band_and_bands_never_go_down(minutes):
    for kind in (BandKind.TL, BandKind.PSW):
        matching = [
            b
            for b in BANDS
            if b.kind == kind
            and b.min_minutes <= minutes
            and (b.max_minutes is None or minutes <= b.max_minutes)
        ]
        assert len(matching) == 1
        assert rules.band_for(minutes, BANDS, kind) == matching[0]
        assert rules.band_for(minutes + 1, BANDS, kind).cut_percent >= matching[0].cut_percent


def test_the_example_table_is_sound_and_a_gap_is_found():
    assert rules.band_table_problems(BANDS) == []
    broken = [b for b in BANDS if b.code != "TL2"]
    assert rules.band_table_problems(broken) == ["tl: TL1 and TL3 leave a gap or overlap"]
    assert rules.band_table_problems([b for b in BANDS if b.kind == BandKind.TL]) == ["psw: no band"]


# --- The window and the records that count ----------------------------------------------------------
@pytest.mark.parametrize(
    ("at", "accepted"),
    [
        (time(5, 59, 59), False),
        (time(6, 0), True),
        (time(12, 0), True),
        (time(18, 0, 59), True),
        (time(18, 1), False),
    ],
)
def test_presensi_is_accepted_from_06_00_to_18_00(at, accepted):
    assert rules.in_window(at) is accepted


def test_the_first_check_in_and_the_last_check_out_count_inside_the_window():
    records = [
        (time(5, 50), PresenceKind.IN),  # before the window
        (time(7, 29), PresenceKind.IN),
        (time(7, 35), PresenceKind.IN),  # a second log of the device
        (time(16, 5), PresenceKind.OUT),
        (time(16, 40), PresenceKind.OUT),
        (time(18, 30), PresenceKind.OUT),  # after the window
    ]
    assert rules.counted_records(records) == (time(7, 29), time(16, 40))
    assert rules.counted_records([]) == (None, None)


# --- The status of a day ----------------------------------------------------------------------------
MONDAY = rules.NORMAL_WEEKDAY


def status(**facts):
    return rules.day_status(rules.DayFacts(**{"hours": MONDAY, **facts}), BANDS)


def test_on_time_in_and_out_is_hadir():
    result = status(check_in=time(7, 30, 59), check_out=time(16, 0))
    assert result == rules.DayResult(DayStatus.HADIR)


def test_late_by_31_minutes_is_terlambat_tl2():
    result = status(check_in=time(8, 1), check_out=time(16, 0))
    assert (result.status, result.minutes_late, result.tl_band, result.psw_band) == (
        DayStatus.TERLAMBAT,
        31,
        "TL2",
        "",
    )


def test_early_by_61_minutes_is_pulang_cepat_psw3():
    result = status(check_in=time(7, 0), check_out=time(14, 59))
    assert (result.status, result.minutes_early, result.psw_band) == (DayStatus.PULANG_CEPAT, 61, "PSW3")


def test_late_and_early_keep_both_bands():
    result = status(check_in=time(7, 45), check_out=time(15, 0))
    assert (result.status, result.tl_band, result.psw_band) == (DayStatus.TERLAMBAT, "TL1", "PSW2")


def test_a_missing_check_in_is_beyond_the_last_tl_band_and_a_missing_check_out_beyond_the_last_psw_band():
    assert status(check_out=time(16, 0)).tl_band == "TL4"
    assert status(check_out=time(16, 0)).status == DayStatus.TERLAMBAT
    no_out = status(check_in=time(7, 0))
    assert (no_out.status, no_out.psw_band) == (DayStatus.PULANG_CEPAT, "PSW4")


def test_without_a_band_table_the_status_still_follows_the_minutes():
    result = rules.day_status(rules.DayFacts(MONDAY, check_in=time(7, 45), check_out=time(16, 0)), [])
    assert (result.status, result.minutes_late, result.tl_band) == (DayStatus.TERLAMBAT, 15, "")
    result = rules.day_status(rules.DayFacts(MONDAY, check_in=time(7, 0)), [])
    assert (result.status, result.psw_band) == (DayStatus.PULANG_CEPAT, "")


def test_today_before_the_window_closes_is_not_yet_judged_on_the_check_out():
    assert status(check_in=time(7, 0), day_over=False) == rules.DayResult(DayStatus.HADIR)
    assert status(day_over=False).status == rules.PENDING


def test_no_record_on_a_working_day_is_tanpa_keterangan():
    result = status()
    assert result.status == DayStatus.TANPA_KETERANGAN and result.counts_as_unexcused


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"hours": None}, DayStatus.LIBUR),
        ({"holiday": True}, DayStatus.LIBUR),
        ({"holiday": True, "on_leave": True}, DayStatus.LIBUR),
        ({"on_leave": True}, DayStatus.CUTI),
        ({"on_leave": True, "sick": True}, DayStatus.SAKIT),
        ({"dinas_luar": True}, DayStatus.DINAS_LUAR),
        ({"training": True}, DayStatus.PELATIHAN),
        ({"on_leave": True, "dinas_luar": True}, DayStatus.CUTI),
    ],
)
def test_leave_holidays_travel_and_training_are_never_absence(facts, expected):
    result = status(**facts)
    assert result.status == expected and not result.counts_as_unexcused


@given(
    st.one_of(st.none(), st.times(time(6), time(18, 0, 59))),
    st.one_of(st.none(), st.times(time(6), time(18, 0, 59))),
)
def test_a_day_with_any_record_is_never_tanpa_keterangan_and_its_bands_follow_its_minutes(
    check_in, check_out
):
    result = status(check_in=check_in, check_out=check_out)
    if check_in is None and check_out is None:
        assert result.status == DayStatus.TANPA_KETERANGAN
        return
    assert result.status in {DayStatus.HADIR, DayStatus.TERLAMBAT, DayStatus.PULANG_CEPAT}
    assert (result.tl_band != "") == (check_in is None or result.minutes_late > 0)
    assert (result.psw_band != "") == (check_out is None or result.minutes_early > 0)
    assert (result.status == DayStatus.HADIR) == (result.tl_band == "" and result.psw_band == "")


# --- Schedules --------------------------------------------------------------------------------------
def spec(
    key,
    kind=ScheduleKind.NORMAL,
    start=date(2026, 1, 1),
    end=None,
    days=rules.DEFAULT_NORMAL_DAYS,
    depth=None,
):
    return rules.ScheduleSpec(key, kind, start, end, days, depth)


def test_the_default_patterns_hold_37_5_and_32_5_hours_a_week():
    assert rules.week_minutes(rules.DEFAULT_NORMAL_DAYS) == rules.NORMAL_WEEK_MINUTES
    assert rules.week_minutes(rules.DEFAULT_RAMADAN_DAYS) == rules.RAMADAN_WEEK_MINUTES


def test_friday_ends_later_and_the_weekend_is_no_working_day():
    normal = spec(1)
    assert rules.expected_hours(normal, date(2026, 8, 20)).end == time(16, 0)  # Thursday
    assert rules.expected_hours(normal, date(2026, 8, 21)).end == time(16, 30)  # Friday
    assert rules.expected_hours(normal, date(2026, 8, 22)) is None  # Saturday
    assert rules.expected_hours(None, date(2026, 8, 20)) is None


def test_ramadan_inside_the_year_wins_over_the_normal_pattern():
    normal = spec(1)
    ramadan = spec(2, ScheduleKind.RAMADAN, date(2026, 2, 18), date(2026, 3, 19), rules.DEFAULT_RAMADAN_DAYS)
    schedules = [normal, ramadan]
    assert rules.resolve_schedule(schedules, date(2026, 2, 17)) == normal
    assert rules.resolve_schedule(schedules, date(2026, 2, 18)) == ramadan
    assert rules.resolve_schedule(schedules, date(2026, 3, 19)) == ramadan
    assert rules.resolve_schedule(schedules, date(2026, 3, 20)) == normal
    friday = rules.expected_hours(ramadan, date(2026, 3, 6))
    assert (friday.start, friday.end) == (time(8, 0), time(15, 30))
    # 08:00:59 under Ramadan hours is on time.
    assert rules.minutes_late(time(8, 0, 59), friday.start) == 0


def test_a_units_schedule_wins_over_the_agencys_even_in_ramadan_and_the_deeper_unit_wins():
    agency_ramadan = spec(
        2, ScheduleKind.RAMADAN, date(2026, 2, 18), date(2026, 3, 19), rules.DEFAULT_RAMADAN_DAYS
    )
    six_days = {**rules.DEFAULT_NORMAL_DAYS, 5: rules.DayHours(time(7, 30), time(12, 0))}
    dinas = spec(3, ScheduleKind.SIX_DAY, days=six_days, depth=0)
    puskesmas = spec(4, ScheduleKind.SHIFT, days=six_days, depth=1)
    on = date(2026, 3, 2)
    assert rules.resolve_schedule([spec(1), agency_ramadan, dinas], on) == dinas
    assert rules.resolve_schedule([spec(1), agency_ramadan, dinas, puskesmas], on) == puskesmas
    assert rules.expected_hours(dinas, date(2026, 8, 22)).end == time(12, 0)  # Saturday


def test_no_schedule_in_force_and_ties_go_to_the_latest_start_then_the_newest_row():
    assert rules.resolve_schedule([spec(1, start=date(2027, 1, 1))], date(2026, 6, 1)) is None
    old = spec(1, start=date(2025, 1, 1), end=date(2026, 12, 31))
    new = spec(2, start=date(2026, 1, 1), end=date(2027, 12, 31))
    assert rules.resolve_schedule([old, new], date(2026, 6, 1)) == new
    twin = spec(3, start=date(2026, 1, 1), end=date(2027, 12, 31))
    assert rules.resolve_schedule([new, twin], date(2026, 6, 1)) == twin


# --- The geofence -----------------------------------------------------------------------------------
OFFICE = rules.Fence(1, "Kantor Wali Kota Sorong", -0.8762, 131.2558, 100)


def test_one_degree_of_latitude_is_about_111_km():
    assert rules.distance_m(0, 0, 1, 0) == pytest.approx(111_195, rel=1e-3)
    assert rules.distance_m(-0.8762, 131.2558, -0.8762, 131.2558) == 0


def test_a_point_inside_the_radius_is_in_and_one_outside_is_refused_with_its_distance():
    fence, d = rules.nearest_fence(-0.8762 + 0.0008, 131.2558, [OFFICE])  # about 89 m north
    assert rules.is_inside(fence, d) and 85 < d < 95
    fence, d = rules.nearest_fence(-0.8762 + 0.0010, 131.2558, [OFFICE])  # about 111 m north
    assert not rules.is_inside(fence, d) and 105 < d < 115
    assert rules.nearest_fence(0, 0, []) is None


def test_among_several_fences_the_one_holding_the_point_is_chosen():
    big_far = rules.Fence(2, "Lapangan", -0.8762 + 0.01, 131.2558, 5000)
    fence, d = rules.nearest_fence(-0.8762, 131.2558 + 0.002, [OFFICE, big_far])  # 222 m from the office
    assert fence == big_far and rules.is_inside(fence, d)


@given(
    st.floats(-10, 10), st.floats(90, 145), st.floats(-10, 10), st.floats(90, 145),
)  # fmt: skip
def test_the_distance_is_symmetric_and_never_negative(lat1, lon1, lat2, lon2):
    d = rules.distance_m(lat1, lon1, lat2, lon2)
    assert d >= 0
    assert d == pytest.approx(rules.distance_m(lat2, lon2, lat1, lon1), abs=1e-6)


# --- PP 94/2021 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("count", "sanction"),
    [
        (2, None),
        (3, Sanction.TEGURAN_LISAN),
        (4, Sanction.TEGURAN_TERTULIS),
        (6, Sanction.TEGURAN_TERTULIS),
        (7, Sanction.TIDAK_PUAS),
        (10, Sanction.TIDAK_PUAS),
        (11, Sanction.POTONG_TUKIN_6),
        (13, Sanction.POTONG_TUKIN_6),
        (14, Sanction.POTONG_TUKIN_9),
        (16, Sanction.POTONG_TUKIN_9),
        (17, Sanction.POTONG_TUKIN_12),
        (20, Sanction.POTONG_TUKIN_12),
        (21, Sanction.PENURUNAN_JABATAN),
        (24, Sanction.PENURUNAN_JABATAN),
        (25, Sanction.PEMBEBASAN_JABATAN),
        (27, Sanction.PEMBEBASAN_JABATAN),
        (28, Sanction.PEMBERHENTIAN),
        (200, Sanction.PEMBERHENTIAN),
    ],
)
def test_each_yearly_count_falls_in_its_pp_94_range(count, sanction):
    found = rules.threshold_of(count)
    assert (found.sanction if found else None) == sanction


@pytest.mark.parametrize(
    ("before", "after", "reached"),
    [(2, 3, [3]), (3, 3, []), (3, 4, [4]), (5, 6, []), (6, 7, [7]), (10, 11, [11]), (13, 14, [14]),
     (16, 17, [17]), (20, 21, [21]), (24, 25, [25]), (27, 28, [28]), (28, 29, []), (0, 12, [3, 4, 7, 11])],
)  # fmt: skip
def test_a_threshold_is_newly_reached_once_at_its_lower_edge(before, after, reached):
    assert [t.days for t in rules.newly_reached(before, after)] == reached


@given(st.lists(st.integers(0, 3), min_size=1, max_size=40))
def test_reaching_thresholds_step_by_step_flags_each_once_as_a_jump_would(steps):
    count, flagged = 0, []
    for step in steps:
        flagged += rules.newly_reached(count, count + step)
        count += step
    assert flagged == rules.newly_reached(0, count)
    assert len(flagged) == len({t.days for t in flagged})


def _weekdays(start, n):
    days, day = [], start
    while len(days) < n:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def test_ten_consecutive_working_days_across_weekends_reach_dismissal_and_nine_do_not():
    working = _weekdays(date(2026, 8, 3), 20)
    nine = set(working[2:11])
    assert rules.longest_run(nine, working) == 9
    assert rules.consecutive_newly_reached(0, 9) is None
    ten = set(working[2:12])  # Wed 5 Aug to Tue 18 Aug: two weekends inside
    assert rules.longest_run(ten, working) == 10
    assert rules.consecutive_newly_reached(9, 10) == rules.Threshold(10, Sanction.PEMBERHENTIAN)
    assert rules.consecutive_newly_reached(10, 11) is None
    broken = ten - {working[6]}
    assert rules.longest_run(broken, working) == 5
