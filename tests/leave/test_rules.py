"""The pure leave rules: the 2026 days off against domain.md §6, the working-day count, service
length, and the cuti tahunan buckets (carry-over caps, drawing the oldest days first)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leave import rules
from leave.choices import DayOffKind

# domain.md §6, written out here rather than read from the package under test.
HOLIDAYS_2026 = [
    (1, 1), (1, 16), (2, 17), (3, 19), (3, 21), (3, 22), (4, 3), (4, 5), (5, 1), (5, 14), (5, 27),
    (5, 31), (6, 1), (6, 16), (8, 17), (8, 25), (12, 25),
]  # fmt: skip
CUTI_BERSAMA_2026 = [(2, 16), (3, 18), (3, 20), (3, 23), (3, 24), (5, 15), (5, 28), (12, 24)]


def test_the_2026_national_holidays_and_cuti_bersama_are_the_decreed_lists():
    days = rules.national_days_off(2026)
    holidays = [(d.day.month, d.day.day) for d in days if d.kind == DayOffKind.LIBUR_NASIONAL]
    joint = [(d.day.month, d.day.day) for d in days if d.kind == DayOffKind.CUTI_BERSAMA]
    assert holidays == HOLIDAYS_2026
    assert joint == CUTI_BERSAMA_2026
    names = {d.day: d.name for d in days}
    assert names[date(2026, 8, 17)] == "Hari Kemerdekaan Republik Indonesia"
    assert "Cuti Bersama" in names[date(2026, 12, 24)]


def test_three_working_days_across_a_weekend_and_a_holiday():
    off = {d.day for d in rules.national_days_off(2026)}
    # Thu 13 May, (Fri 14 May Ascension, Fri 15 May cuti bersama, weekend), Mon 18, Tue 19 May.
    days = rules.working_days(date(2026, 5, 13), date(2026, 5, 19), days_off=off)
    assert days == [date(2026, 5, 13), date(2026, 5, 18), date(2026, 5, 19)]
    assert rules.calendar_days(date(2026, 5, 13), date(2026, 5, 19)) == 7


def test_a_six_day_unit_works_on_saturday():
    days = rules.working_days(
        date(2026, 11, 2), date(2026, 11, 8), days_off=set(), weekend=rules.SIX_DAY_WEEKEND
    )
    assert len(days) == 6 and date(2026, 11, 7) in days


@pytest.mark.parametrize(
    ("since", "on", "years"),
    [
        (date(2025, 3, 1), date(2026, 2, 28), 0),
        (date(2025, 3, 1), date(2026, 3, 1), 1),
        (date(2020, 2, 29), date(2025, 2, 28), 5),
        (date(2020, 2, 29), date(2025, 2, 27), 4),
    ],
)
def test_full_years_of_service(since, on, years):
    assert rules.full_years(since, on) == years


def test_a_year_opening_grants_12_and_keeps_at_most_6_of_last_year():
    assert rules.year_opening({2025: 10}, year=2026, used_in={2025}) == {2026: 12, 2025: -4}
    assert rules.year_opening({2025: 4}, year=2026, used_in={2025}) == {2026: 12}


def test_two_unused_years_keep_up_to_24():
    # 2024 and 2025 untouched: 6 of 2024 (already capped when 2025 opened) and 6 of 2025 remain.
    changes = rules.year_opening({2024: 6, 2025: 12}, year=2026, used_in=set())
    assert changes == {2026: 12, 2025: -6}
    assert rules.MAX_AFTER_TWO_UNUSED_YEARS == 6 + 6 + 12


def test_n_minus_2_expires_when_leave_was_taken_in_either_year():
    assert rules.year_opening({2024: 6, 2025: 12}, year=2026, used_in={2025}) == {
        2026: 12,
        2025: -6,
        2024: -6,
    }
    assert rules.year_opening({2024: 6, 2025: 12}, year=2026, used_in={2024}) == {
        2026: 12,
        2025: -6,
        2024: -6,
    }


def test_anything_older_than_n_minus_2_expires():
    assert rules.year_opening({2023: 6}, year=2026, used_in=set()) == {2026: 12, 2023: -6}


def test_not_yet_entitled_gets_no_new_days():
    assert rules.year_opening({}, year=2026, used_in=set(), entitled=False) == {}


def test_drawing_takes_the_oldest_days_first_and_refuses_more_than_there_is():
    assert rules.draw({2024: 2, 2025: 6, 2026: 12}, 5) == {2024: 2, 2025: 3}
    with pytest.raises(rules.NotEnoughDays) as refused:
        rules.draw({2025: 1, 2026: 2}, 4)
    assert (refused.value.wanted, refused.value.available) == (4, 3)


buckets = st.dictionaries(st.integers(2018, 2026), st.integers(0, 12), max_size=6)


@given(remaining=buckets, used=st.sets(st.integers(2018, 2026)), year=st.integers(2024, 2027))
def test_after_an_opening_no_bucket_is_negative_and_the_total_respects_the_caps(remaining, used, year):
    after = dict(remaining)
    for bucket, change in rules.year_opening(remaining, year=year, used_in=used).items():
        after[bucket] = after.get(bucket, 0) + change
    assert all(days >= 0 for days in after.values())
    kept = {b: d for b, d in after.items() if b < year and d}
    assert set(kept) <= {year - 1, year - 2}
    assert all(d <= rules.CARRY_OVER_CAP for d in kept.values())
    if {year - 1, year - 2} & used:
        assert year - 2 not in kept
    current = sum(d for b, d in after.items() if b <= year)
    assert current <= rules.MAX_AFTER_TWO_UNUSED_YEARS + sum(d for b, d in remaining.items() if b >= year)


@given(remaining=buckets, days=st.integers(0, 40))
def test_a_draw_never_takes_more_than_a_bucket_holds(remaining, days):
    try:
        taken = rules.draw(remaining, days)
    except rules.NotEnoughDays:
        assert days > sum(remaining.values())
        return
    assert sum(taken.values()) == days
    assert all(0 < t <= remaining[b] for b, t in taken.items())


def test_a_months_based_leave_shorter_than_a_month_reads_in_calendar_days():
    short = rules.request_length("bulan", date(2026, 12, 14), date(2026, 12, 16), days_off=set())
    assert (short.count, short.shown, short.shown_unit) == (1, 3, "hari_kalender")
    whole = rules.request_length("bulan", date(2026, 3, 1), date(2026, 3, 31), days_off=set())
    assert (whole.count, whole.shown, whole.shown_unit) == (1, 1, "bulan")
    longer = rules.request_length("bulan", date(2026, 3, 1), date(2026, 4, 1), days_off=set())
    assert (longer.count, longer.shown, longer.shown_unit) == (2, 2, "bulan")
    annual = rules.request_length("hari_kerja", date(2026, 5, 13), date(2026, 5, 19), days_off=set())
    assert (annual.shown, annual.shown_unit) == (annual.count, "hari_kerja")
