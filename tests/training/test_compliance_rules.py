"""The pure rules of the 20 JP duty (training.rules.compliance)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from training.rules.compliance import (
    DEFAULT_RULES,
    Activity,
    JpRules,
    converted,
    counted_year,
    factor_for,
    jp_display,
    jp_earned,
    meets,
    reminder_key,
    reminders_due,
    share_percent,
    shortfall,
    target_for,
    trimmed,
    years_to_recompute,
)

CATEGORIES = ["struktural", "fungsional", "teknis", "seminar", "lainnya"]


def test_an_activity_counts_in_the_year_it_ends():
    december_to_january = Activity("teknis", date(2027, 1, 10), 30)
    assert counted_year(december_to_january.end_date) == 2027
    assert jp_earned([december_to_january], 2026, {}) == 0
    assert jp_earned([december_to_january], 2027, {}) == 30


def test_without_a_factor_one_hour_is_one_jp():
    assert factor_for("seminar", {}) == Decimal("1.00")
    assert (
        jp_earned(
            [Activity("seminar", date(2026, 3, 1), 8), Activity("teknis", date(2026, 5, 1), 12)], 2026, {}
        )
        == 20
    )


def test_the_factor_of_the_category_converts_the_hours():
    factors = {"lainnya": Decimal("0.50"), "seminar": Decimal("0.25")}
    activities = [
        Activity("lainnya", date(2026, 2, 1), 9),  # e-learning recorded as "lainnya": 4.5 JP
        Activity("seminar", date(2026, 3, 1), 3),  # 0.75 JP
        Activity("teknis", date(2026, 4, 1), 10),  # no factor: 10 JP
    ]
    assert jp_earned(activities, 2026, factors) == Decimal("15.25")
    assert converted(9, Decimal("0.50")) == Decimal("4.50")


def test_the_pns_target_is_20_and_the_pppk_target_is_configurable():
    assert target_for("PNS") == 20
    assert target_for("PPPK") == 20
    assert DEFAULT_RULES.pppk_cap == 24
    assert target_for("PPPK", JpRules(pppk_target=24)) == 24
    assert target_for("PNS", JpRules(pppk_target=24)) == 20


def test_exactly_the_target_meets_it():
    assert meets(Decimal("20.00"), 20)
    assert not meets(Decimal("19.99"), 20)
    assert shortfall(Decimal("12.5"), 20) == Decimal("7.5")
    assert shortfall(Decimal("25"), 20) == 0


def test_the_share_is_a_percentage_with_one_decimal():
    assert share_percent(1, 3) == Decimal("33.3")
    assert share_percent(2, 3) == Decimal("66.7")
    assert share_percent(0, 0) is None


def test_reminders_start_on_the_first_of_july():
    assert not reminders_due(date(2026, 6, 30))
    assert reminders_due(date(2026, 7, 1))
    assert reminders_due(date(2026, 12, 31))


def test_the_reminder_key_changes_each_month_only():
    assert reminder_key(date(2026, 7, 1)) == reminder_key(date(2026, 7, 31))
    assert reminder_key(date(2026, 7, 31)) != reminder_key(date(2026, 8, 1))


def test_last_year_is_recomputed_during_the_first_quarter():
    assert years_to_recompute(date(2026, 3, 31)) == [2025, 2026]
    assert years_to_recompute(date(2026, 4, 1)) == [2026]


def test_jp_text_has_no_trailing_zeros_nor_exponent():
    assert trimmed(Decimal("20.00")) == Decimal("20")
    assert f"{trimmed(Decimal('20.00'))}" == "20"
    assert jp_display(Decimal("12.50")) == "12,5"
    assert jp_display(Decimal("0")) == "0"


activities = st.lists(
    st.builds(
        Activity,
        st.sampled_from(CATEGORIES),
        st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
        st.integers(min_value=0, max_value=500),
    ),
    max_size=30,
)
factor_maps = st.dictionaries(
    st.sampled_from(CATEGORIES),
    st.decimals(min_value=0, max_value=10, places=2, allow_nan=False, allow_infinity=False),
)


@given(activities, factor_maps)
def test_the_years_partition_the_jp(acts, factors):
    """Every activity counts in exactly one year: the years' JP add up to the whole."""
    whole = sum((Decimal(a.hours) * factor_for(a.category, factors) for a in acts), Decimal(0))
    assert sum(jp_earned(acts, year, factors) for year in range(2024, 2028)) == whole


@given(activities, factor_maps, st.sampled_from(CATEGORIES))
def test_a_higher_factor_never_lowers_the_jp(acts, factors, category):
    raised = {**factors, category: factor_for(category, factors) + Decimal("0.5")}
    assert jp_earned(acts, 2026, raised) >= jp_earned(acts, 2026, factors)
