"""Evaluation (issue 14 item 8): the windows of the reaction and of the applied-learning evaluation,
one of each per enrolment, the participant never evaluating themself as atasan, HR's averages,
counts and distributions per programme and per organiser, and the home page's pending counts."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import make_employee
from training.models import AppliedEvaluation, PartnerInstitution, ReactionFeedback
from training.rules import evaluation as rules
from training.selectors import evaluation as selectors
from training.services import evaluation as services

from .evaluation_helpers import completed, finished_programme
from .factories import actor

pytestmark = pytest.mark.django_db
TODAY = date(2026, 7, 15)
GOOD = {"content": 5, "trainer": 4, "organisation": 4, "usefulness": 5}


# --- Rules ---------------------------------------------------------------------------------------------
def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert rules.add_months(date(2026, 3, 4), 3) == date(2026, 6, 4)
    assert rules.add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert rules.add_months(date(2026, 10, 15), 3) == date(2027, 1, 15)
    assert rules.add_months(date(2026, 1, 31), -3) == date(2025, 10, 31)


def test_the_feedback_window():
    end = date(2026, 7, 1)
    assert not rules.feedback_open(date(2026, 6, 30), end)
    assert rules.feedback_open(end, end) and rules.feedback_open(date(2026, 7, 31), end)
    assert not rules.feedback_open(date(2026, 8, 1), end)
    assert rules.feedback_problem(date(2026, 8, 1), end)
    assert not rules.feedback_problem(date(2026, 7, 31), end)


def test_the_applied_evaluation_opens_three_months_after_the_end():
    assert rules.APPLIED_DELAY_MONTHS == 3
    end = date(2026, 4, 15)
    assert not rules.applied_open(date(2026, 7, 14), end)
    assert rules.applied_open(date(2026, 7, 15), end)
    assert rules.applied_problem(date(2026, 7, 14), end)


@pytest.mark.parametrize(
    "today", [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 7, 15), date(2024, 2, 29)]
)
def test_the_latest_open_end_agrees_with_the_rule(today):
    """applied_latest_end (what SQL selects) and applied_open (the rule) agree on every day around it."""
    latest = rules.applied_latest_end(today)
    assert rules.applied_open(today, latest)
    for offset in range(1, 5):
        later = date.fromordinal(latest.toordinal() + offset)
        assert not rules.applied_open(today, later)


def test_ratings_and_means():
    assert rules.rating_problem(0) and rules.rating_problem(6) and rules.rating_problem("5")
    assert rules.rating_problem(True) and not rules.rating_problem(3)
    assert rules.distribution([5, 5, 4, 1, 9]) == {1: 1, 2: 0, 3: 0, 4: 1, 5: 2}
    assert str(rules.average({1: 1, 2: 0, 3: 0, 4: 1, 5: 2})) == "3.75"
    assert rules.average({1: 0, 2: 0, 3: 0, 4: 0, 5: 0}) is None


# --- The reaction ------------------------------------------------------------------------------------------
@pytest.fixture
def recent(org):
    """Ended 2 July (13 days before the test clock): the reaction is open, the applied one is not."""
    return completed(org, finished_programme(org, start=date(2026, 6, 30), end=date(2026, 7, 2)))


def test_the_participant_gives_and_changes_their_reaction_once_per_enrolment(org, recent):
    nurse = actor(org, "employee_dinkes_sorong")
    services.feedback_save(actor=nurse, enrolment=recent, ratings=GOOD, comment="Bermanfaat")
    services.feedback_save(actor=nurse, enrolment=recent, ratings={**GOOD, "trainer": 2}, comment="")
    feedback = ReactionFeedback.objects.get()
    assert (feedback.enrolment, feedback.trainer, feedback.comment) == (recent, 2, "")


def test_the_reaction_closes_thirty_days_after_the_end(org, recent):
    nurse = actor(org, "employee_dinkes_sorong")
    with time_machine.travel("2026-08-02T03:00:00Z", tick=False), pytest.raises(ValidationError):
        services.feedback_save(actor=nurse, enrolment=recent, ratings=GOOD)
    assert not ReactionFeedback.objects.exists()


def test_a_bad_rating_is_refused(org, recent):
    with pytest.raises(ValidationError) as caught:
        services.feedback_save(
            actor=actor(org, "employee_dinkes_sorong"), enrolment=recent, ratings={**GOOD, "content": 7}
        )
    assert set(caught.value.message_dict) == {"content"}
    assert not ReactionFeedback.objects.exists()


@pytest.mark.parametrize("persona", ["head_dinkes_sorong", "hr_sorong"])
def test_only_the_participant_gives_the_reaction(org, recent, persona):
    with pytest.raises(PermissionDenied):
        services.feedback_save(actor=actor(org, persona), enrolment=recent, ratings=GOOD)


def test_no_reaction_for_an_enrolment_not_completed(org, recent):
    recent.state = "dikonfirmasi"
    recent.save()
    with pytest.raises(PermissionDenied):
        services.feedback_save(actor=actor(org, "employee_dinkes_sorong"), enrolment=recent, ratings=GOOD)


# --- Applied learning --------------------------------------------------------------------------------------------
@pytest.fixture
def old(org):
    """Ended 4 March: the applied evaluation has been open since 4 June."""
    return completed(org, finished_programme(org))


def test_the_atasan_evaluates_applied_learning_once(org, old):
    head = actor(org, "head_dinkes_sorong")
    services.applied_save(actor=head, enrolment=old, rating=4, comment="Menerapkan SOP baru")
    evaluation = AppliedEvaluation.objects.get()
    assert (evaluation.evaluator, evaluation.rating) == (org.head_dinkes_sorong, 4)
    with pytest.raises(ValidationError):
        services.applied_save(actor=head, enrolment=old, rating=5, comment="Lagi")
    assert AppliedEvaluation.objects.get().rating == 4


def test_not_before_three_months(org, recent):
    with pytest.raises(ValidationError):
        services.applied_save(actor=actor(org, "head_dinkes_sorong"), enrolment=recent, rating=4, comment="x")
    assert not AppliedEvaluation.objects.exists()


def test_a_comment_is_required(org, old):
    with pytest.raises(ValidationError):
        services.applied_save(actor=actor(org, "head_dinkes_sorong"), enrolment=old, rating=4, comment="  ")


@pytest.mark.parametrize("persona", ["employee_dinkes_sorong", "hr_sorong", "hr_palembang"])
def test_only_the_recorded_atasan_evaluates(org, old, persona):
    with pytest.raises(PermissionDenied):
        services.applied_save(actor=actor(org, persona), enrolment=old, rating=4, comment="x")


def test_the_participant_never_evaluates_themself_even_as_approver(org):
    enrolment = completed(org, finished_programme(org), approver=org.employee_dinkes_sorong)
    with pytest.raises(PermissionDenied):
        services.applied_save(
            actor=actor(org, "employee_dinkes_sorong"), enrolment=enrolment, rating=5, comment="x"
        )


# --- Results ---------------------------------------------------------------------------------------------------
def test_results_per_programme_and_per_organiser(org):
    partner = PartnerInstitution.objects.create(
        instansi=org.sorong, name="Universitas Papua", kind="universitas"
    )
    programme = finished_programme(org, partner=partner, organiser_kind="mitra", organiser_name="")
    other = finished_programme(org, title="Lain", organiser_name="BPSDM")
    people = [make_employee(org.dinkes_sorong, name=f"Peserta {i}") for i in range(3)]
    enrolments = [completed(org, programme, employee=p) for p in people]
    completed(org, other)
    for enrolment, (c, t) in zip(enrolments[:2], [(5, 4), (3, 2)], strict=True):
        ReactionFeedback.objects.create(
            enrolment=enrolment, content=c, trainer=t, organisation=4, usefulness=5, comment="ok"
        )
    AppliedEvaluation.objects.create(
        enrolment=enrolments[0], evaluator=org.head_dinkes_sorong, rating=3, comment="x"
    )
    hr = actor(org, "hr_sorong")
    rows = {p.title: p for p in selectors.programme_results(actor=hr)}
    row = rows[programme.title]
    assert (row.completed, row.feedback_count, row.applied_count) == (3, 2, 1)
    assert (row.avg_content, row.avg_trainer, row.avg_applied) == (4, 3, 3)
    assert (rows["Lain"].completed, rows["Lain"].feedback_count, rows["Lain"].avg_content) == (1, 0, None)
    reaction, applied = selectors.distributions(programme)
    assert reaction[0].counts == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1} and reaction[0].total == 2
    assert applied.counts[3] == 1 and applied.total == 1
    organisers = {o["organiser"]: o for o in selectors.organiser_results(actor=hr)}
    assert organisers["Universitas Papua"]["programmes"] == 1
    assert organisers["Universitas Papua"]["feedback_count"] == 2
    assert organisers["BPSDM"]["feedback_count"] == 0
    # Palembang's HR sees none of Sorong's programmes.
    assert not selectors.programme_results(actor=actor(org, "hr_palembang")).exists()


def test_pending_counts_for_the_participant_and_the_atasan(org, recent, old):
    nurse, head = org.employee_dinkes_sorong.pk, org.head_dinkes_sorong.pk
    assert selectors.pending_counts(nurse, TODAY) == selectors.Pending(feedback=1, applied=0)  # `old` closed
    assert selectors.pending_counts(head, TODAY) == selectors.Pending(
        feedback=0, applied=1
    )  # `recent` not yet
    ReactionFeedback.objects.create(enrolment=recent, **GOOD)
    AppliedEvaluation.objects.create(enrolment=old, evaluator=org.head_dinkes_sorong, rating=4, comment="x")
    assert selectors.pending_counts(nurse, TODAY) == selectors.Pending(0, 0)
    assert selectors.pending_counts(head, TODAY) == selectors.Pending(0, 0)


def test_the_home_page_shows_the_pending_evaluations(org, recent, old, as_persona):
    nurse_page = as_persona("employee_dinkes_sorong").get("/").content.decode()
    assert 'data-testid="work-training_feedback"' in nurse_page
    head_page = as_persona("head_dinkes_sorong").get("/").content.decode()
    assert 'data-testid="work-training_applied"' in head_page
    assert 'data-testid="work-training_feedback"' not in head_page
