"""The pure rules of competency development (training/rules/__init__.py)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from training import rules
from training.choices import EnrolmentAction as A
from training.choices import EnrolmentState as S


def test_classical_and_non_classical_forms():
    assert rules.is_classical("pelatihan") and rules.is_classical("seminar")
    assert not rules.is_classical("e_learning") and not rules.is_classical("magang")


def test_the_golongan_ladder_runs_from_i_a_to_iv_e():
    assert rules.golongan_order("I/a") == 1
    assert rules.golongan_order("III/a") == 9
    assert rules.golongan_order("IV/e") == 17
    assert rules.golongan_order("IX") is None  # a PPPK grade
    assert rules.golongan_order("") is None


@pytest.mark.parametrize(
    ("golongan", "low", "high", "inside"),
    [
        ("III/a", "", "", True),
        ("IX", "", "", True),  # an open range admits everyone, PPPK too
        ("III/a", "III/a", "III/d", True),
        ("III/d", "III/a", "III/d", True),
        ("II/d", "III/a", "III/d", False),
        ("IV/a", "III/a", "III/d", False),
        ("IV/a", "III/a", "", True),
        ("II/a", "", "II/d", True),
        ("IX", "III/a", "", False),  # a bounded range admits PNS golongan only
        ("", "", "II/d", False),
    ],
)
def test_a_golongan_lies_in_a_range_or_not(golongan, low, high, inside):
    assert rules.golongan_in_range(golongan, low, high) is inside


def test_a_range_upside_down_is_refused():
    assert rules.golongan_range_problem("IV/a", "III/a")
    assert not rules.golongan_range_problem("III/a", "IV/a")
    assert not rules.golongan_range_problem("", "IV/a")


def test_the_enrolment_state_machine():
    assert rules.next_state(S.REQUESTED, A.APPROVE) == S.APPROVED
    assert rules.next_state(S.APPROVED, A.CONFIRM) == S.CONFIRMED
    assert rules.next_state(S.APPROVED, A.WAITLIST) == S.WAITLISTED
    assert rules.next_state(S.WAITLISTED, A.PROMOTE) == S.CONFIRMED
    assert rules.next_state(S.CONFIRMED, A.CANCEL) == S.CANCELLED
    assert rules.next_state(S.CONFIRMED, A.COMPLETE) == S.COMPLETED
    with pytest.raises(rules.InvalidTransition, match="tidak dapat dilakukan"):
        rules.next_state(S.COMPLETED, A.CANCEL)
    with pytest.raises(rules.InvalidTransition):
        rules.next_state(S.REQUESTED, A.CONFIRM)  # HR never skips the atasan


def test_a_place_while_one_is_left_else_the_waitlist():
    assert rules.confirm_outcome(2, 1) == A.CONFIRM
    assert rules.confirm_outcome(2, 2) == A.WAITLIST
    assert rules.confirm_outcome(2, 3) == A.WAITLIST
    assert rules.seats_left(2, 5) == 0


def test_the_cancellation_deadline_is_inclusive():
    start = date(2026, 8, 17)
    assert rules.cancel_deadline(start, 3) == date(2026, 8, 14)
    assert rules.may_cancel(date(2026, 8, 14), start, 3)
    assert not rules.may_cancel(date(2026, 8, 15), start, 3)
    assert rules.may_cancel(date(2026, 8, 17), start, 0)


def test_the_history_category_of_a_programme():
    assert rules.history_category("teknis", "seminar") == "seminar"
    assert rules.history_category("manajerial", "pelatihan") == "struktural"
    assert rules.history_category("teknis", "kursus") == "teknis"
    assert rules.history_category("sosial_kultural", "coaching") == "lainnya"


def test_a_score_outside_0_to_100_is_refused():
    from decimal import Decimal

    assert rules.score_problem(Decimal("100.01"))
    assert rules.score_problem(Decimal("-1"))
    assert not rules.score_problem(Decimal("85.5"))
    assert not rules.score_problem(None)


def test_a_certificate_code_has_its_printed_shape():
    code = rules.new_certificate_code()
    assert rules.CODE_SHAPE.fullmatch(code.replace("-", ""))
    assert len(code) == 14 and code[4] == code[9] == "-"


@given(st.text(alphabet=rules.CODE_ALPHABET, min_size=12, max_size=12))
def test_a_code_typed_in_lower_case_or_without_dashes_is_the_same_code(raw):
    printed = "-".join(raw[i : i + 4] for i in range(0, 12, 4))
    assert rules.normalise_code(raw.lower()) == printed
    assert rules.normalise_code(f" {printed} ") == printed


@pytest.mark.parametrize(
    "typed", ["", "ABCD-EFGH-JKL", "ABCD-EFGH-JKLMN", "ABCD-EFGH-JK0M", "ABCD/EFGH/JKLM", "x" * 500]
)
def test_what_cannot_be_a_code_is_none(typed):
    assert rules.normalise_code(typed) is None
