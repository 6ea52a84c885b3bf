"""The SKM rules (domain.md §9) as pure functions: the worked example, the bands, the weights, the
minimum sample, and properties over random responses."""

import importlib
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys import rules


@dataclass(frozen=True)
class Band:
    grade: str
    minimum: Decimal


BANDS_2017 = [Band("A", Decimal("88.31")), Band("B", Decimal("76.61")), Band("C", Decimal("65.00")),
              Band("D", Decimal("25.00"))]  # fmt: skip

WORKED = {
    "U1": [3, 4, 3, 3], "U2": [3, 3, 3, 2], "U3": [2, 3, 3, 3], "U4": [4, 4, 4, 4], "U5": [3, 3, 4, 3],
    "U6": [3, 4, 4, 3], "U7": [4, 4, 3, 4], "U8": [2, 3, 3, 3], "U9": [3, 3, 3, 3],
}  # fmt: skip


def responses_of(per_unsur):
    count = len(next(iter(per_unsur.values())))
    return [{code: values[i] for code, values in per_unsur.items()} for i in range(count)]


def test_the_worked_example_of_domain_md():
    ikm = rules.compute_ikm(rules.totals_of(responses_of(WORKED)), "exact", BANDS_2017)
    assert ikm is not None
    assert [rules.display(ikm.nrr[c]) for c in rules.UNSUR_CODES] == [
        Decimal(x) for x in ("3.25", "2.75", "2.75", "4.00", "3.25", "3.50", "3.75", "2.75", "3.00")
    ]
    assert sum(ikm.nrr.values()) == 29
    assert ikm.ikm == Fraction(29, 9)
    assert rules.display(ikm.ikm, 4) == Decimal("3.2222")
    assert ikm.konversi_display == Decimal("80.56")
    assert ikm.mutu == "B"
    assert ikm.priorities(3) == ["U2", "U3", "U8"]  # 2.75 each, in code order


def test_no_unsur_is_a_priority_when_all_score_the_same_and_only_those_below_the_best_are():
    same = rules.compute_ikm(
        rules.totals_of(responses_of({c: [4, 4] for c in rules.UNSUR_CODES})), "exact", BANDS_2017
    )
    assert same is not None and same.priorities(3) == []
    one_lower = {c: [4, 4] for c in rules.UNSUR_CODES} | {"U7": [3, 4]}
    ikm = rules.compute_ikm(rules.totals_of(responses_of(one_lower)), "exact", BANDS_2017)
    assert ikm is not None and ikm.priorities(3) == ["U7"]


@pytest.mark.parametrize(
    ("konversi", "grade"),
    [
        (Fraction("88.31"), "A"),
        (Fraction("88.305"), "A"),  # shown as 88.31
        (Fraction("88.3049"), "B"),
        (Fraction("76.61"), "B"),
        (Fraction("76.605"), "B"),
        (Fraction("76.6049"), "C"),
        (Fraction("65.00"), "C"),
        (Fraction("64.995"), "C"),  # shown as 65.00
        (Fraction("64.994"), "D"),
        (Fraction(25), "D"),
        (Fraction(100), "A"),
    ],
)
def test_mutu_is_graded_on_the_konversi_rounded_to_two_decimals(konversi, grade):
    assert rules.mutu(konversi, BANDS_2017) == grade


def test_display_rounds_half_up():
    assert rules.display(Fraction("80.555")) == Decimal("80.56")
    assert rules.display(Fraction("80.545")) == Decimal("80.55")
    assert rules.display(Fraction(29, 9) * 25) == Decimal("80.56")


def test_a_rounded_weight_reproduces_an_old_report():
    """The same answers with the weight 0.111 (reports before exact weighting): IKM = 29 × 0.111."""
    totals = rules.totals_of(responses_of(WORKED))
    old = rules.compute_ikm(totals, "0.111", BANDS_2017)
    assert old is not None
    assert old.ikm == Fraction(29) * Fraction(111, 1000)
    assert rules.display(old.ikm, 3) == Decimal("3.219")
    assert old.konversi_display == Decimal("80.48")
    assert rules.compute_ikm(totals, "0.11", BANDS_2017).konversi_display == Decimal("79.75")


@pytest.mark.parametrize(
    ("population", "sample"),
    [(0, 0), (5, 5), (10, 10), (12, 12), (15, 14), (16, 15), (100, 80), (101, 81), (125, 94),
     (1000, 278), (4000, 349), (100000, 384), (2_000_000, 384)],
)  # fmt: skip
def test_the_minimum_sample_reads_the_krejcie_morgan_table(population, sample):
    """Tabled rows exactly; between rows the straight line rounded up (125: 80 + 28/2 = 94);
    never above the population."""
    table = importlib.import_module("surveys.migrations.0002_skm_reference_data").SAMPLE
    assert rules.minimum_sample(population, table) == sample


def test_nobody_answered_gives_no_ikm():
    assert rules.compute_ikm(rules.totals_of([]), "exact", BANDS_2017) is None


def test_invalid_answers_are_rejected():
    assert [rules.is_valid_answer(v) for v in (0, 1, 4, 5, -1, "3", 3.0, True, None)] == [
        False, True, True, False, False, False, False, False, False,
    ]  # fmt: skip


answer = st.integers(min_value=1, max_value=4)
response = st.fixed_dictionaries({code: answer for code in rules.UNSUR_CODES})


@given(st.lists(response, min_size=1, max_size=60), st.randoms())
def test_ikm_is_bounded_and_does_not_depend_on_the_order_of_responses(responses, rnd):
    ikm = rules.compute_ikm(rules.totals_of(responses), "exact", BANDS_2017)
    assert ikm is not None
    assert 1 <= ikm.ikm <= 4
    assert 25 <= ikm.konversi <= 100
    shuffled = list(responses)
    rnd.shuffle(shuffled)
    assert rules.compute_ikm(rules.totals_of(shuffled), "exact", BANDS_2017) == ikm


@given(st.lists(st.lists(response, min_size=1, max_size=20), min_size=1, max_size=5))
def test_pooling_groups_is_the_ikm_of_all_their_responses(groups):
    pooled = rules.pool(rules.totals_of(group) for group in groups)
    together = rules.totals_of([r for group in groups for r in group])
    assert pooled == together
    assert rules.compute_ikm(pooled, "exact", BANDS_2017) == rules.compute_ikm(together, "exact", BANDS_2017)


@given(st.lists(response, min_size=1, max_size=30))
def test_all_answers_four_is_100_and_all_one_is_25(responses):
    best = [dict.fromkeys(rules.UNSUR_CODES, 4) for _ in responses]
    worst = [dict.fromkeys(rules.UNSUR_CODES, 1) for _ in responses]
    assert rules.compute_ikm(rules.totals_of(best), "exact", BANDS_2017).konversi == 100
    assert rules.compute_ikm(rules.totals_of(worst), "exact", BANDS_2017).konversi == 25
