"""The TPP cut's arithmetic (attendance.rules, pure): the table in force day by day, the runs of a month
under each version, the cut per run, the cap at 100% and the share of the TPP."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from attendance import rules

from .recap_factories import bands_with_cuts

D = Decimal
OLD = rules.TableVersion(1, date(2025, 1, 1), None, rules.EXAMPLE_BANDS, D("3.00"), D("40"))
NEW = rules.TableVersion(
    2,
    date(2026, 7, 16),
    None,
    bands_with_cuts(["1", "2", "3", "4"], ["1", "2", "3", "4"]),
    D("5.00"),
    D("50"),
)


def test_the_table_in_force_is_the_latest_start_covering_the_day():
    assert rules.table_on([OLD, NEW], date(2026, 7, 15)) == OLD
    assert rules.table_on([OLD, NEW], date(2026, 7, 16)) == NEW
    assert rules.table_on([OLD, NEW], date(2024, 12, 31)) is None
    closed = rules.TableVersion(3, date(2026, 1, 1), date(2026, 1, 31), (), D(0))
    assert rules.table_on([closed], date(2026, 1, 31)) == closed
    assert rules.table_on([closed], date(2026, 2, 1)) is None


def test_a_new_version_from_the_16th_cuts_the_month_in_two_runs():
    spans = rules.table_spans([OLD, NEW], date(2026, 7, 1), date(2026, 7, 31))
    assert [(s.table, s.start, s.end) for s in spans] == [
        (OLD, date(2026, 7, 1), date(2026, 7, 15)),
        (NEW, date(2026, 7, 16), date(2026, 7, 31)),
    ]
    # No table before the first one: a run without a table (no cut).
    spans = rules.table_spans([NEW], date(2026, 7, 1), date(2026, 7, 31))
    assert [(s.table, s.start.day, s.end.day) for s in spans] == [(None, 1, 15), (NEW, 16, 31)]
    assert rules.table_spans([], date(2026, 7, 1), date(2026, 7, 3)) == [
        rules.TableSpan(None, date(2026, 7, 1), date(2026, 7, 3))
    ]


def test_the_cut_of_a_run_sums_each_band_day_and_each_unexcused_day():
    counts = rules.SpanCounts(OLD, {"TL1": 2, "TL2": 1, "TL4": 1, "PSW3": 1}, absent_days=2)
    # 2 × 0.5 + 1 × 1 + 1 × 1.5 + 1 × 1.25 + 2 × 3
    assert rules.span_cut(counts) == D("10.75")
    assert rules.span_cut(rules.SpanCounts(OLD, {}, 0)) == 0
    # A code the table does not hold (built under another table) and no table at all cut nothing.
    assert rules.span_cut(rules.SpanCounts(OLD, {"TL9": 4}, 0)) == 0
    assert rules.span_cut(rules.SpanCounts(None, {"TL1": 4}, 3)) == 0


def test_the_month_sums_its_runs_under_each_version():
    before = rules.SpanCounts(OLD, {"TL1": 1}, absent_days=1)  # 0.5 + 3
    after = rules.SpanCounts(NEW, {"TL1": 1}, absent_days=1)  # 1 + 5
    assert rules.month_cut_percent([before, after]) == D("9.50")


@pytest.mark.parametrize(
    ("absent", "tl4", "expected"),
    [
        (33, 0, D("99.00")),  # just under
        (33, 2, D("100.00")),  # 99 + 3 = 102: capped
        (30, 6, D("99.00")),  # 90 + 9
        (30, 7, D("100.00")),  # 90 + 10.5: capped
        (0, 0, D("0.00")),
    ],
)
def test_the_month_is_capped_at_the_whole_attendance_part(absent, tl4, expected):
    assert rules.month_cut_percent([rules.SpanCounts(OLD, {"TL4": tl4}, absent)]) == expected


def test_exactly_one_hundred_is_not_capped_further():
    table = rules.TableVersion(9, date(2026, 1, 1), None, (), D("25"))
    assert rules.month_cut_percent([rules.SpanCounts(table, {}, 4)]) == D("100.00")
    assert rules.month_cut_percent([rules.SpanCounts(table, {}, 5)]) == D("100.00")


def test_the_cut_as_a_share_of_the_whole_tpp():
    assert rules.tpp_cut_percent(D("10.00"), D("40")) == D("4.00")
    assert rules.tpp_cut_percent(D("100.00"), D("40")) == D("40.00")
    assert rules.tpp_cut_percent(D("1.25"), D("40")) == D("0.50")
    assert rules.tpp_cut_percent(D("0.75"), D("30")) == D("0.23")  # 0.225, half up to the hundredth
    assert rules.tpp_cut_percent(D("5"), D("0")) == D("0.00")


def test_the_rupiah_cut_of_a_monthly_tpp():
    # 40% of 5,000,000 is 2,000,000; 10.75% of it is 215,000.
    assert rules.tpp_cut_amount(D(5_000_000), D("10.75"), D("40")) == D(215_000)
    assert rules.tpp_cut_amount(D(1_234_567), D("0.5"), D("40")) == D(2469)  # 2,469.134 → 2,469
    assert rules.tpp_cut_amount(D(1_000_001), D("0.5"), D("40")) == D(2000)  # 2,000.002
    assert rules.tpp_cut_amount(D(3_000_000), D("100"), D("40")) == D(1_200_000)


def test_on_time_percent():
    assert rules.on_time_percent(0, 0) is None
    assert rules.on_time_percent(20, 22) == D("90.9")
    assert rules.on_time_percent(22, 22) == D("100.0")
    assert rules.on_time_percent(0, 5) == D("0.0")
