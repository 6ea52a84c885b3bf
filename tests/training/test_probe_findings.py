"""What the bad-input probe of the training app found: a programme finished before its last day, a
waitlist promoted into a programme under way, spending on a draft, an allocation below what is spent,
and a training need proposed twice. Each refusal leaves nothing behind."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from training.choices import EnrolmentState, ProgrammeState
from training.models import BudgetLine, Spending, TrainingNeed
from training.services import budget, catalogue, enrolment, needs

from .factories import actor, make_programme
from .needs_helpers import budget_line, competency, spend
from .test_training_services import confirmed, staff

pytestmark = pytest.mark.django_db


def test_a_programme_is_not_finished_before_its_last_day(org, time_machine):
    programme = make_programme(org.sorong)  # 17–19 August 2026; the clock is 15 July
    with pytest.raises(ValidationError, match="setelah hari terakhirnya"):
        catalogue.programme_set_state(actor=actor(org, "hr_sorong"), programme=programme, state="selesai")
    programme.refresh_from_db()
    assert programme.state == ProgrammeState.OPEN

    time_machine.move_to("2026-08-19T09:00:00+09:00")  # its last day: the results may be recorded
    catalogue.programme_set_state(actor=actor(org, "hr_sorong"), programme=programme, state="selesai")
    programme.refresh_from_db()
    assert programme.state == ProgrammeState.FINISHED


def test_a_place_freed_after_the_start_does_not_promote_the_waitlist(org, time_machine):
    programme = make_programme(org.sorong, quota=1)
    first = confirmed(org, programme)
    waiting = confirmed(org, programme, staff(org, "Menunggu"))
    assert waiting.state == EnrolmentState.WAITLISTED

    time_machine.move_to("2026-08-18T01:00:00Z")  # the second day: the first session is over
    enrolment.enrolment_cancel(actor=actor(org, "hr_sorong"), enrolment=first, reason="Sakit")
    waiting.refresh_from_db()
    assert waiting.state == EnrolmentState.WAITLISTED
    assert not waiting.steps.filter(action="naikkan").exists()


def test_a_place_freed_before_the_start_still_promotes_the_waitlist(org):
    programme = make_programme(org.sorong, quota=1)
    first = confirmed(org, programme)
    waiting = confirmed(org, programme, staff(org, "Menunggu"))
    enrolment.enrolment_cancel(actor=actor(org, "hr_sorong"), enrolment=first, reason="Sakit")
    waiting.refresh_from_db()
    assert waiting.state == EnrolmentState.CONFIRMED


def test_no_spending_is_recorded_on_a_draft_programme(org):
    programme = make_programme(org.sorong, state=ProgrammeState.DRAFT)
    with pytest.raises(ValidationError, match="bukan draf"):
        budget.spending_record(
            actor=actor(org, "hr_sorong"), programme=programme, on=date(2026, 7, 1), amount=100
        )
    assert not Spending.objects.exists()


def test_an_allocation_cannot_drop_below_what_is_already_spent(org):
    programme = make_programme(org.sorong)  # budget line 5.2.1.02, 2026
    line = budget_line(org.sorong, allocated=10_000_000)
    spend(programme, 7_250_000)
    hr = actor(org, "hr_sorong")
    with pytest.raises(ValidationError) as refused:
        budget.budget_line_save(actor=hr, instansi=org.sorong, year=2026, code="5.2.1.02", allocated=0)
    assert "7.250.000" in str(refused.value)
    line.refresh_from_db()
    assert line.allocated == 10_000_000

    budget.budget_line_save(actor=hr, instansi=org.sorong, year=2026, code="5.2.1.02", allocated=7_250_000)
    assert BudgetLine.objects.get(pk=line.pk).allocated == 7_250_000
    # Another year's line of the same code is not held by this spending.
    budget.budget_line_save(actor=hr, instansi=org.sorong, year=2027, code="5.2.1.02", allocated=0)


def test_the_same_need_proposed_twice_is_refused(org):
    nurse = actor(org, "employee_dinkes_sorong")
    employee = org.employee_dinkes_sorong
    skill = competency(org.sorong)
    needs.need_propose(actor=nurse, employee=employee, year=2027, competency=skill, reason="Antrean panjang")
    with pytest.raises(ValidationError, match="sudah diusulkan"):
        needs.need_propose(
            actor=nurse, employee=employee, year=2027, competency=skill, reason="Antrean panjang"
        )
    # Without a competency, the same description (whatever its case and spaces) is the same need.
    needs.need_propose(actor=nurse, employee=employee, year=2027, description="Bahasa isyarat dasar")
    with pytest.raises(ValidationError, match="sudah diusulkan"):
        needs.need_propose(actor=nurse, employee=employee, year=2027, description="bahasa  isyarat DASAR")
    assert TrainingNeed.objects.filter(employee=employee).count() == 2
    # Another year is another need.
    needs.need_propose(actor=nurse, employee=employee, year=2028, competency=skill)
    assert TrainingNeed.objects.filter(employee=employee).count() == 3
