"""Performance rules of domain.md §7 as pure functions: unit tests and property tests."""

from datetime import date
from decimal import Decimal, localcontext
from itertools import pairwise, product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from performance.choices import (
    Direction,
    Frequency,
    OrganisationPredikat,
    Predikat,
    Rating,
    SkpAction,
    SkpState,
)
from performance.rules import (
    ANNUAL_POLICY,
    TRANSITIONS,
    DistributionRule,
    InvalidTransition,
    annual_indeks,
    capaian,
    capaian_exact,
    display,
    distribution_warnings,
    indeks,
    next_state,
    periods_for,
    predikat,
    suggested_rating,
)

D = Decimal

# --- predikat ----------------------------------------------------------------------------------------

# The table of domain.md §7, cell by cell: (hasil, perilaku) -> predikat.
DOMAIN_TABLE = [
    (Rating.ABOVE, Rating.BELOW, Predikat.KURANG),
    (Rating.ABOVE, Rating.MEETS, Predikat.BAIK),
    (Rating.ABOVE, Rating.ABOVE, Predikat.SANGAT_BAIK),
    (Rating.MEETS, Rating.BELOW, Predikat.KURANG),
    (Rating.MEETS, Rating.MEETS, Predikat.BAIK),
    (Rating.MEETS, Rating.ABOVE, Predikat.BAIK),
    (Rating.BELOW, Rating.BELOW, Predikat.SANGAT_KURANG),
    (Rating.BELOW, Rating.MEETS, Predikat.BUTUH_PERBAIKAN),
    (Rating.BELOW, Rating.ABOVE, Predikat.BUTUH_PERBAIKAN),
]


@pytest.mark.parametrize(("hasil", "perilaku", "expected"), DOMAIN_TABLE)
def test_the_predikat_is_the_cell_of_the_domain_matrix(hasil, perilaku, expected):
    assert predikat(hasil, perilaku) == expected


def test_the_predikat_accepts_the_plain_stored_strings():
    assert predikat("above", "above") == "sangat_baik"
    assert predikat("below", "below") == "sangat_kurang"


@pytest.mark.parametrize(("hasil", "perilaku"), [("excellent", "meets"), ("meets", ""), ("ABOVE", "above")])
def test_an_unknown_rating_has_no_predikat(hasil, perilaku):
    with pytest.raises(ValueError, match="rating"):
        predikat(hasil, perilaku)


# --- capaian -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "realisation", "direction", "expected"),
    [
        (D(100), D(80), Direction.HIGHER, D(80)),
        (D(100), D(100), Direction.HIGHER, D(100)),
        (D(100), D(119), Direction.HIGHER, D(119)),
        (D(100), D(150), Direction.HIGHER, D(120)),
        (D(100), D(0), Direction.HIGHER, D(0)),
        (D(10), D(20), Direction.LOWER, D(50)),
        (D(10), D(10), Direction.LOWER, D(100)),
        (D(10), D(8), Direction.LOWER, D(120)),  # 125 is capped
        (D(10), D(0), Direction.LOWER, D(120)),
        (D("0.5"), D("0.45"), Direction.HIGHER, D(90)),
    ],
)
def test_capaian_follows_the_domain_formula(target, realisation, direction, expected):
    assert capaian(target, realisation, direction) == expected


def test_capaian_is_not_rounded():
    assert capaian(D(3), D(1), Direction.HIGHER) == D("33.33333333333333333333333333")
    assert capaian(D(3), D(2), Direction.LOWER) == D(120)  # 150 is capped
    assert capaian(D(3), D(4), Direction.LOWER) == D(75)


def test_capaian_does_not_depend_on_the_callers_decimal_context():
    with localcontext() as context:
        context.prec = 4
        narrow = capaian(D(3), D(1), Direction.HIGHER)
    assert narrow == capaian(D(3), D(1), Direction.HIGHER) == D("33.33333333333333333333333333")


@pytest.mark.parametrize(
    ("target", "realisation", "message"),
    [
        (D(0), D(1), "Target harus lebih besar dari nol."),
        (D(-5), D(1), "Target harus lebih besar dari nol."),
        (D(5), D(-1), "Realisasi tidak boleh negatif."),
    ],
)
def test_capaian_needs_a_positive_target_and_a_non_negative_realisation(target, realisation, message):
    for direction in Direction:
        with pytest.raises(ValueError) as excinfo:
            capaian(target, realisation, direction)
        assert str(excinfo.value) == message


def test_capaian_refuses_an_unknown_direction_and_non_finite_or_float_numbers():
    with pytest.raises(ValueError, match="direction"):
        capaian(D(1), D(1), "sideways")
    with pytest.raises(ValueError, match="finite"):
        capaian(D("NaN"), D(1), Direction.HIGHER)
    with pytest.raises(ValueError, match="finite"):
        capaian(D(1), D("Infinity"), Direction.HIGHER)
    with pytest.raises(TypeError):
        capaian(1.5, D(1), Direction.HIGHER)


# --- indeks ------------------------------------------------------------------------------------------


def test_the_indeks_is_the_weighted_mean_of_the_capaian():
    assert indeks([(D(80), D(1)), (D(100), D(3))]) == D(95)
    assert indeks([(D(80), D(1)), (D(100), D(1))]) == D(90)
    assert indeks([(D("87.5"), D("0.5"))]) == D("87.5")


def test_the_indeks_accepts_any_iterable_once():
    assert indeks((c, D(1)) for c in (D(60), D(90), D(120))) == D(90)


def test_there_is_no_indeks_without_capaian():
    assert indeks([]) is None
    assert annual_indeks([]) is None


@pytest.mark.parametrize("weight", [D(0), D(-1), D("-0.5")])
def test_every_weight_must_be_positive(weight):
    with pytest.raises(ValueError) as excinfo:
        indeks([(D(100), D(1)), (D(90), weight)])
    assert str(excinfo.value) == "Bobot harus lebih besar dari nol."


def test_the_annual_indeks_counts_every_report_of_the_year_with_its_iki_weight():
    # IKI A (weight 2) reported in Q1 and Q2; IKI B (weight 1) only in Q2.
    reports = [(D(100), D(2)), (D(80), D(2)), (D(120), D(1))]
    assert annual_indeks(reports) == D(96)  # (200 + 160 + 120) / 5
    assert annual_indeks(reports) == indeks(reports)
    assert "weighted mean of capaian over every (IKI, period)" in ANNUAL_POLICY


# --- suggested rating --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(120), Rating.ABOVE),
        (D(110), Rating.ABOVE),
        (D("109.9999"), Rating.MEETS),
        (D(80), Rating.MEETS),
        (D("79.9999"), Rating.BELOW),
        (D(0), Rating.BELOW),
    ],
)
def test_the_suggested_rating_follows_the_default_thresholds(value, expected):
    assert suggested_rating(value) == expected


def test_an_instansi_can_set_its_own_thresholds():
    assert suggested_rating(D(100), above=D(100), meets=D(90)) == Rating.ABOVE
    assert suggested_rating(D(95), above=D(100), meets=D(90)) == Rating.MEETS
    assert suggested_rating(D(85), above=D(100), meets=D(90)) == Rating.BELOW


def test_there_is_no_suggested_rating_without_an_indeks():
    assert suggested_rating(None) is None


@pytest.mark.parametrize(("above", "meets"), [(D(80), D(80)), (D(70), D(80))])
def test_the_above_threshold_must_exceed_the_meets_threshold(above, meets):
    with pytest.raises(ValueError, match="Ambang Di Atas Ekspektasi"):
        suggested_rating(D(90), above=above, meets=meets)
    with pytest.raises(ValueError):
        suggested_rating(None, above=above, meets=meets)


# --- display -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("87.5"), "87,50"),
        (D(120), "120,00"),
        (D(0), "0,00"),
        (D("87.555"), "87,56"),
        (D("87.545"), "87,55"),  # half-up, where half-even would give 87,54
        (D("87.5449999"), "87,54"),
        (D("0.005"), "0,01"),
        (D("33.33333333333333333333333333"), "33,33"),
        (D("-0.001"), "0,00"),
        (D("1E+30"), "1000000000000000000000000000000,00"),
    ],
)
def test_display_rounds_half_up_to_two_decimals_with_a_decimal_comma(value, expected):
    assert display(value) == expected


def test_display_shows_a_dash_for_no_value():
    assert display(None) == "–"


# --- periods -----------------------------------------------------------------------------------------


def test_a_monthly_year_has_twelve_periods_ending_on_the_last_day_of_each_month():
    periods = periods_for(2024, Frequency.MONTHLY)
    assert len(periods) == 12
    assert periods[0] == (1, date(2024, 1, 1), date(2024, 1, 31))
    assert periods[1] == (2, date(2024, 2, 1), date(2024, 2, 29))  # leap year
    assert periods[11] == (12, date(2024, 12, 1), date(2024, 12, 31))
    assert periods_for(2025, Frequency.MONTHLY)[1] == (2, date(2025, 2, 1), date(2025, 2, 28))


def test_a_quarterly_year_has_four_periods():
    assert periods_for(2026, Frequency.QUARTERLY) == [
        (1, date(2026, 1, 1), date(2026, 3, 31)),
        (2, date(2026, 4, 1), date(2026, 6, 30)),
        (3, date(2026, 7, 1), date(2026, 9, 30)),
        (4, date(2026, 10, 1), date(2026, 12, 31)),
    ]


def test_a_semester_year_has_two_periods():
    assert periods_for(2026, "semester") == [
        (1, date(2026, 1, 1), date(2026, 6, 30)),
        (2, date(2026, 7, 1), date(2026, 12, 31)),
    ]


def test_an_unknown_frequency_has_no_periods():
    with pytest.raises(ValueError, match="frequency"):
        periods_for(2026, "weekly")


@given(year=st.integers(min_value=1990, max_value=2100), frequency=st.sampled_from(list(Frequency)))
def test_the_periods_of_a_year_cover_it_without_gaps_or_overlaps(year, frequency):
    periods = periods_for(year, frequency)
    assert [number for number, _, _ in periods] == list(range(1, len(periods) + 1))
    assert periods[0][1] == date(year, 1, 1)
    assert periods[-1][2] == date(year, 12, 31)
    for (_, _, end), (_, start, _) in pairwise(periods):
        assert (start - end).days == 1


# --- SKP transitions ---------------------------------------------------------------------------------

ALLOWED = {
    (SkpState.DRAFT, SkpAction.SUBMIT): SkpState.SUBMITTED,
    (SkpState.RETURNED, SkpAction.SUBMIT): SkpState.SUBMITTED,
    (SkpState.SUBMITTED, SkpAction.RETURN): SkpState.RETURNED,
    (SkpState.SUBMITTED, SkpAction.APPROVE): SkpState.APPROVED,
    (SkpState.APPROVED, SkpAction.SUPERSEDE): SkpState.SUPERSEDED,
}
FORBIDDEN = [pair for pair in product(SkpState, SkpAction) if pair not in ALLOWED]


def test_the_transition_table_is_exactly_the_allowed_transitions():
    assert TRANSITIONS == ALLOWED
    assert len(FORBIDDEN) == len(SkpState) * len(SkpAction) - 5


@pytest.mark.parametrize(("state", "action", "expected"), [(*pair, new) for pair, new in ALLOWED.items()])
def test_an_allowed_action_moves_the_skp_to_its_next_state(state, action, expected):
    assert next_state(state, action) == expected
    assert next_state(str(state.value), str(action.value)) == expected


@pytest.mark.parametrize(("state", "action"), FORBIDDEN)
def test_any_other_action_is_refused_with_an_indonesian_message(state, action):
    with pytest.raises(InvalidTransition) as excinfo:
        next_state(state, action)
    assert isinstance(excinfo.value, ValueError)
    assert str(excinfo.value) == (
        f"Tindakan “{action.label}” tidak dapat dilakukan pada SKP berstatus “{state.label}”."
    )


def test_approving_a_draft_names_both_in_the_message():
    with pytest.raises(InvalidTransition) as excinfo:
        next_state("draft", "approve")
    assert str(excinfo.value) == "Tindakan “Setujui” tidak dapat dilakukan pada SKP berstatus “Draf”."


def test_an_unknown_state_or_action_is_refused_too():
    with pytest.raises(InvalidTransition, match="“archived”"):
        next_state("archived", SkpAction.SUBMIT)
    with pytest.raises(InvalidTransition, match="“publish”"):
        next_state(SkpState.DRAFT, "publish")


# --- distribution of predikat ------------------------------------------------------------------------

SB, B, BP, K, SK = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)
ORG = OrganisationPredikat


# The limits of domain.md §7, written out here by hand. In the app they are versioned reference data
# (performance.models.DistributionRuleSet, loaded by migration 0007 and checked against this table
# in tests/performance/test_distribution_rules.py); the rule gets the limits passed in.
DOMAIN_RULES = {
    ORG.ISTIMEWA: (DistributionRule("at_most_percent", (SB,), D(70)),),
    ORG.BAIK: (
        DistributionRule("at_most_percent", (B,), D(70)),
        DistributionRule("at_least_count", (BP, K), D(1)),
    ),
    ORG.BUTUH_PERBAIKAN: (
        DistributionRule("at_least_percent", (BP,), D(60)),
        DistributionRule("at_most_percent", (SB,), D(10)),
    ),
    ORG.KURANG: (
        DistributionRule("at_least_percent", (K,), D(60)),
        DistributionRule("at_least_percent", (BP,), D(10)),
        DistributionRule("at_most_percent", (SB,), D(10)),
    ),
    ORG.SANGAT_KURANG: (
        DistributionRule("at_least_percent", (SK,), D(60)),
        DistributionRule("at_least_percent", (K, BP), D(10)),
        DistributionRule("at_most_percent", (SB,), D(0)),
    ),
}


def warn(org, counts):
    return distribution_warnings(org, counts, DOMAIN_RULES[ORG(org)])


def test_every_organisation_predikat_has_distribution_rules():
    assert set(DOMAIN_RULES) == set(OrganisationPredikat)


@pytest.mark.parametrize("org", list(OrganisationPredikat))
@pytest.mark.parametrize("counts", [{}, {SB: 0, B: 0, SK: 0}])
def test_no_employees_means_no_warnings(org, counts):
    assert warn(org, counts) == []


@pytest.mark.parametrize(
    ("org", "counts", "expected"),
    [
        # Istimewa: at most 70% Sangat Baik.
        (ORG.ISTIMEWA, {SB: 7, B: 3}, []),
        (
            ORG.ISTIMEWA,
            {SB: 8, B: 2},
            ["Sangat Baik 80% melebihi batas 70% untuk predikat organisasi Istimewa."],
        ),
        (ORG.ISTIMEWA, {SB: 10}, ["Sangat Baik 100% melebihi batas 70% untuk predikat organisasi Istimewa."]),
        # Baik: at most 70% Baik ...
        (ORG.BAIK, {B: 7, SB: 2, BP: 1}, []),
        (ORG.BAIK, {B: 8, SB: 1, K: 1}, ["Baik 80% melebihi batas 70% untuk predikat organisasi Baik."]),
        # ... and at least one Butuh Perbaikan or Kurang.
        (ORG.BAIK, {B: 7, SB: 2, K: 1}, []),
        (
            ORG.BAIK,
            {B: 7, SB: 3},
            [
                "Butuh Perbaikan atau Kurang/Misconduct 0 pegawai, kurang dari batas minimal 1 pegawai "
                "untuk predikat organisasi Baik."
            ],
        ),
        # Butuh Perbaikan: at least 60% Butuh Perbaikan ...
        (ORG.BUTUH_PERBAIKAN, {BP: 6, B: 3, SB: 1}, []),
        (
            ORG.BUTUH_PERBAIKAN,
            {BP: 5, B: 5},
            ["Butuh Perbaikan 50% kurang dari batas minimal 60% untuk predikat organisasi Butuh Perbaikan."],
        ),
        # ... at most 10% Sangat Baik.
        (
            ORG.BUTUH_PERBAIKAN,
            {BP: 6, B: 2, SB: 2},
            ["Sangat Baik 20% melebihi batas 10% untuk predikat organisasi Butuh Perbaikan."],
        ),
        # Kurang: at least 60% Kurang, at least 10% Butuh Perbaikan, at most 10% Sangat Baik.
        (ORG.KURANG, {K: 6, BP: 1, SB: 1, B: 2}, []),
        (
            ORG.KURANG,
            {K: 5, BP: 1, B: 4},
            ["Kurang/Misconduct 50% kurang dari batas minimal 60% untuk predikat organisasi Kurang."],
        ),
        (
            ORG.KURANG,
            {K: 6, B: 4},
            ["Butuh Perbaikan 0% kurang dari batas minimal 10% untuk predikat organisasi Kurang."],
        ),
        (
            ORG.KURANG,
            {K: 6, BP: 2, SB: 2},
            ["Sangat Baik 20% melebihi batas 10% untuk predikat organisasi Kurang."],
        ),
        # Sangat Kurang: at least 60% Sangat Kurang, at least 10% Kurang or Butuh Perbaikan, no Sangat Baik.
        (ORG.SANGAT_KURANG, {SK: 6, K: 1, B: 3}, []),
        (ORG.SANGAT_KURANG, {SK: 6, BP: 1, B: 3}, []),
        (
            ORG.SANGAT_KURANG,
            {SK: 5, K: 1, B: 4},
            ["Sangat Kurang 50% kurang dari batas minimal 60% untuk predikat organisasi Sangat Kurang."],
        ),
        (
            ORG.SANGAT_KURANG,
            {SK: 6, B: 4},
            [
                "Kurang/Misconduct atau Butuh Perbaikan 0% kurang dari batas minimal 10% "
                "untuk predikat organisasi Sangat Kurang."
            ],
        ),
        (
            ORG.SANGAT_KURANG,
            {SK: 6, K: 1, B: 2, SB: 1},
            ["Sangat Baik 10% melebihi batas 0% untuk predikat organisasi Sangat Kurang."],
        ),
    ],
)
def test_each_distribution_rule_holds_at_its_boundary_and_warns_beyond_it(org, counts, expected):
    assert warn(org, counts) == expected


def test_a_share_that_is_not_whole_is_shown_with_at_most_two_decimals():
    assert warn(ORG.ISTIMEWA, {SB: 5, B: 2}) == [
        "Sangat Baik 71,43% melebihi batas 70% untuk predikat organisasi Istimewa."
    ]
    assert warn(ORG.BUTUH_PERBAIKAN, {BP: 1, B: 2}) == [
        "Butuh Perbaikan 33,33% kurang dari batas minimal 60% untuk predikat organisasi Butuh Perbaikan."
    ]


def test_a_share_just_above_the_limit_warns():
    # 701 of 1000 is 70.1%.
    assert warn(ORG.ISTIMEWA, {SB: 701, B: 299}) == [
        "Sangat Baik 70,1% melebihi batas 70% untuk predikat organisasi Istimewa."
    ]
    assert warn(ORG.ISTIMEWA, {SB: 700, B: 300}) == []


def test_every_broken_rule_gets_its_own_warning():
    assert warn(ORG.SANGAT_KURANG, {SB: 5, B: 5}) == [
        "Sangat Kurang 0% kurang dari batas minimal 60% untuk predikat organisasi Sangat Kurang.",
        "Kurang/Misconduct atau Butuh Perbaikan 0% kurang dari batas minimal 10% "
        "untuk predikat organisasi Sangat Kurang.",
        "Sangat Baik 50% melebihi batas 0% untuk predikat organisasi Sangat Kurang.",
    ]


def test_the_distribution_accepts_the_plain_stored_strings():
    assert warn("istimewa", {"sangat_baik": 8, "baik": 2}) == [
        "Sangat Baik 80% melebihi batas 70% untuk predikat organisasi Istimewa."
    ]


def test_the_distribution_refuses_unknown_vocabulary_and_negative_counts():
    with pytest.raises(ValueError, match="organisation predikat"):
        distribution_warnings("luar_biasa", {SB: 1}, DOMAIN_RULES[ORG.BAIK])
    with pytest.raises(ValueError, match="Unknown predikat"):
        warn(ORG.BAIK, {"cukup": 1})
    with pytest.raises(ValueError, match="non-negative"):
        warn(ORG.BAIK, {B: -1, BP: 2})


# --- properties --------------------------------------------------------------------------------------

targets = st.decimals(min_value=D("0.0001"), max_value=D(1_000_000), places=4)
realisations = st.decimals(min_value=D(0), max_value=D(1_000_000), places=4)
directions = st.sampled_from(list(Direction))
capaians = st.decimals(min_value=D(0), max_value=D(120), places=6)
weights = st.decimals(min_value=D("0.01"), max_value=D(100), places=2)
items = st.lists(st.tuples(capaians, weights), min_size=1, max_size=20)
RANK = {Rating.BELOW: 0, Rating.MEETS: 1, Rating.ABOVE: 2}


@given(target=targets, realisation=realisations, direction=directions)
def test_capaian_always_lies_between_0_and_120(target, realisation, direction):
    assert D(0) <= capaian(target, realisation, direction) <= D(120)


@given(target=targets, r1=realisations, r2=realisations)
def test_capaian_never_falls_as_realisation_rises_when_higher_is_better(target, r1, r2):
    low, high = sorted((r1, r2))
    assert capaian(target, low, Direction.HIGHER) <= capaian(target, high, Direction.HIGHER)


@given(target=targets, r1=realisations, r2=realisations)
def test_capaian_never_rises_as_realisation_rises_when_lower_is_better(target, r1, r2):
    low, high = sorted((r1, r2))
    assert capaian(target, low, Direction.LOWER) >= capaian(target, high, Direction.LOWER)


@given(
    target=targets,
    realisation=realisations,
    direction=directions,
    k=st.decimals(min_value=D("0.001"), max_value=D(10_000), places=3),
)
def test_capaian_does_not_change_when_target_and_realisation_are_scaled_together(
    target, realisation, direction, k
):
    with localcontext() as context:
        context.prec = 60  # the products are exact
        scaled_target, scaled_realisation = k * target, k * realisation
    assert capaian(scaled_target, scaled_realisation, direction) == capaian(target, realisation, direction)


@given(items=items)
def test_the_indeks_lies_between_the_smallest_and_the_largest_capaian(items):
    values = [c for c, _ in items]
    assert min(values) <= indeks(items) <= max(values)


@given(items=items, k=st.decimals(min_value=D("0.01"), max_value=D(1000), places=2))
def test_the_indeks_does_not_change_when_every_weight_is_scaled_by_the_same_factor(items, k):
    with localcontext() as context:
        context.prec = 60
        scaled = [(c, w * k) for c, w in items]
    assert indeks(scaled) == indeks(items)


@given(items=items, data=st.data())
def test_doubling_the_weight_of_one_item_moves_the_indeks_towards_it(items, data):
    i = data.draw(st.integers(min_value=0, max_value=len(items) - 1))
    value, weight = items[i]
    doubled = [*items[:i], (value, weight * 2), *items[i + 1 :]]
    before, after = indeks(items), indeks(doubled)
    if value > before:
        assert before < after <= value
    elif value < before:
        assert value <= after < before
    else:
        assert after == before


@given(a=capaians, b=capaians)
def test_the_suggested_rating_never_falls_as_the_indeks_rises(a, b):
    low, high = sorted((a, b))
    assert RANK[suggested_rating(low)] <= RANK[suggested_rating(high)]


@st.composite
def thresholds(draw) -> tuple[Decimal, Decimal]:
    """(meets, above) with 0 ≤ meets < above ≤ 120: valid by construction."""
    meets = draw(st.decimals(min_value=D(0), max_value=D("119.99"), places=2))
    above = draw(st.decimals(min_value=meets + D("0.01"), max_value=D(120), places=2))
    return meets, above


@given(a=capaians, b=capaians, limits=thresholds())
def test_the_suggested_rating_never_falls_as_the_indeks_rises_for_any_thresholds(a, b, limits):
    meets, above = limits
    assert D(0) <= meets < above <= D(120)
    low, high = sorted((a, b))
    assert (
        RANK[suggested_rating(low, above=above, meets=meets)]
        <= RANK[suggested_rating(high, above=above, meets=meets)]
    )


def test_an_indeks_of_exactly_80_from_thirds_suggests_sesuai_not_di_bawah():
    # 31/30 and 17/30 are 103⅓ and 56⅔: rounding each before averaging gave 79.99…98.
    pairs = [(capaian_exact(D(30), D(r), Direction.HIGHER), D(1)) for r in (31, 17)]
    assert indeks(pairs) == D(80)
    assert suggested_rating(indeks(pairs)) == Rating.MEETS


def test_numbers_are_written_in_the_active_languages_style():
    from django.utils import translation

    from performance import rules

    with translation.override("id"):
        assert rules.display(Decimal("87.5")) == "87,50"
        assert rules.number_display(Decimal("1.78")) == "1,78"
        assert rules.grouped_display(Decimal("99999999999.9999")) == "99.999.999.999,9999"
    with translation.override("en"):
        assert rules.display(Decimal("87.5")) == "87.50"
        assert rules.number_display(Decimal("1.78")) == "1.78"
        assert rules.grouped_display(Decimal("99999999999.9999")) == "99,999,999,999.9999"
