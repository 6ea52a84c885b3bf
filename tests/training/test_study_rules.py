"""The pure rules of study assignments: eligibility at its edges, the service obligation, the
semester report deadline (training.rules.study)."""

from __future__ import annotations

from datetime import date

import pytest

from training.rules.study import (
    StudyCandidate,
    StudyRules,
    add_months,
    eligibility,
    full_years,
    is_eligible,
    next_report_due,
    obligation_end,
)

TODAY = date(2026, 7, 15)
RULES = StudyRules()


def who(**overrides) -> StudyCandidate:
    fields = dict(
        kind="PNS",
        birth_date=date(1990, 5, 17),
        tmt_cpns=date(2015, 3, 1),
        working_state="aktif",
        predikat_by_year={2024: "baik", 2025: "sangat_baik"},
        has_active_study=False,
    )
    fields.update(overrides)
    return StudyCandidate(**fields)


def failed(candidate: StudyCandidate, *, kind: str = "tugas_belajar", level: str = "S-2", today=TODAY):
    return [
        c.label for c in eligibility(candidate, kind=kind, level=level, today=today, rules=RULES) if not c.ok
    ]


def test_an_employee_meeting_every_condition_is_eligible():
    checks = eligibility(who(), kind="tugas_belajar", level="S-2", today=TODAY, rules=RULES)
    assert is_eligible(checks)
    assert len(checks) == 6


@pytest.mark.parametrize("predikat", ["butuh_perbaikan", "kurang", "sangat_kurang", ""])
def test_a_predikat_below_baik_in_either_of_the_last_two_years_fails(predikat):
    assert len(failed(who(predikat_by_year={2024: "baik", 2025: predikat}))) == 1
    assert len(failed(who(predikat_by_year={2024: predikat, 2025: "baik"}))) == 1


def test_a_missing_year_fails_and_names_it():
    checks = eligibility(
        who(predikat_by_year={2025: "baik"}), kind="izin_belajar", level="S-1", today=TODAY, rules=RULES
    )
    bad = [c for c in checks if not c.ok]
    assert len(bad) == 1 and "2024" in bad[0].detail


def test_the_current_year_does_not_count():
    assert failed(who(predikat_by_year={2025: "baik", 2026: "baik"}))


def test_service_length_is_counted_to_the_day():
    two_years_today = date(2024, 7, 15)
    assert not failed(who(tmt_cpns=two_years_today))
    assert failed(who(tmt_cpns=date(2024, 7, 16)))
    assert failed(who(tmt_cpns=None))


def test_the_age_limit_holds_on_the_last_birthday_and_fails_the_day_after():
    # S-2 limit 40: 40 years old until the day before the 41st birthday.
    assert not failed(who(birth_date=date(1985, 7, 16)))  # 40
    assert failed(who(birth_date=date(1985, 7, 15)))  # 41 today


def test_izin_belajar_has_no_age_limit():
    assert not failed(who(birth_date=date(1960, 1, 1)), kind="izin_belajar")


def test_pppk_a_working_state_other_than_aktif_and_an_open_study_each_fail():
    assert len(failed(who(kind="PPPK"))) == 1
    assert len(failed(who(working_state="tugas_belajar"))) == 1
    assert len(failed(who(has_active_study=True))) == 1


def test_rules_are_configurable():
    rules = StudyRules.from_settings({"good_years": 1, "min_service_years": 0})
    checks = eligibility(
        who(predikat_by_year={2025: "baik"}, tmt_cpns=TODAY), kind="tugas_belajar", level="S-2",
        today=TODAY, rules=rules,
    )  # fmt: skip
    assert is_eligible(checks)


def test_add_months_keeps_the_day_or_the_months_last():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 15), 2) == date(2027, 1, 15)


def test_full_years_counts_whole_years():
    assert full_years(date(2000, 2, 29), date(2026, 2, 28)) == 25
    assert full_years(date(2000, 2, 29), date(2026, 3, 1)) == 26


def test_the_obligation_is_twice_the_study_plus_a_year_by_default():
    # 24 months of study -> 2 × 24 + 12 = 60 months from graduation.
    assert obligation_end(start=date(2024, 9, 1), graduation=date(2026, 9, 1), rules=RULES) == date(
        2031, 9, 1
    )


def test_a_very_short_study_still_counts_one_month():
    assert obligation_end(start=date(2026, 1, 10), graduation=date(2026, 1, 20), rules=RULES) == date(
        2027, 3, 20
    )


def test_the_obligation_formula_is_configuration():
    rules = StudyRules.from_settings({"obligation_multiplier": 1, "obligation_extra_months": 0})
    assert obligation_end(start=date(2024, 9, 1), graduation=date(2026, 9, 1), rules=rules) == date(
        2028, 9, 1
    )


def test_a_semester_report_is_due_a_month_after_the_semester():
    start = date(2026, 9, 1)
    assert next_report_due(start=start, reported=0, rules=RULES) == date(2027, 3, 31)
    assert next_report_due(start=start, reported=1, rules=RULES) == date(2027, 10, 1)
