"""Writes of evaluation: the participant's reaction (given, then changed until it closes) and the
atasan's evaluation of applied learning (given once, from some months after the programme). The
dates are rules.evaluation's; who may write is access's."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import Actor
from core.audit import stamp

from .. import access
from ..models import AppliedEvaluation, Enrolment, ReactionFeedback
from ..rules.evaluation import ASPECTS, applied_problem, feedback_problem, rating_problem

COMMENT_MAX = 2000


def _locked(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("programme__instansi", "employee")
        .get(pk=enrolment.pk)
    )


def _ratings(ratings: Mapping[str, int], names: tuple[str, ...]) -> dict[str, int]:
    problems = {name: rating_problem(ratings.get(name)) for name in names}
    problems = {name: problem for name, problem in problems.items() if problem}
    if problems:
        raise ValidationError(problems)
    return {name: ratings[name] for name in names}


@transaction.atomic
def feedback_save(
    *, actor: Actor, enrolment: Enrolment, ratings: Mapping[str, int], comment: str = ""
) -> ReactionFeedback:
    """The participant's reaction to a programme they completed: created, or changed while open."""
    enrolment = _locked(enrolment)
    access.require(access.can_give_feedback(actor, enrolment))
    problem = feedback_problem(timezone.localdate(), enrolment.programme.end_date)
    if problem:
        raise ValidationError(problem)
    values = _ratings(ratings, ASPECTS)
    now = timezone.now()
    feedback = ReactionFeedback.objects.filter(enrolment=enrolment).first() or ReactionFeedback(
        enrolment=enrolment, submitted_at=now
    )
    for name, value in values.items():
        setattr(feedback, name, value)
    feedback.comment, feedback.updated_at = comment.strip()[:COMMENT_MAX], now
    feedback.full_clean(exclude=["enrolment"])
    stamp(feedback, actor)
    feedback.save()
    return feedback


@transaction.atomic
def applied_save(*, actor: Actor, enrolment: Enrolment, rating: int, comment: str) -> AppliedEvaluation:
    """The atasan's evaluation of applied learning, once per enrolment, never by the participant."""
    enrolment = _locked(enrolment)
    access.require(access.can_evaluate_applied(actor, enrolment))
    problem = applied_problem(timezone.localdate(), enrolment.programme.end_date)
    if problem:
        raise ValidationError(problem)
    if AppliedEvaluation.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(_("Evaluasi penerapan peserta ini sudah diberikan."))
    value = _ratings({"rating": rating}, ("rating",))["rating"]
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Tuliskan bagaimana hasil pembelajaran diterapkan dalam pekerjaan.")}
        )
    assert enrolment.approver_id is not None  # can_evaluate_applied: the actor is the approver
    evaluation = AppliedEvaluation(
        enrolment=enrolment,
        evaluator_id=enrolment.approver_id,
        rating=value,
        comment=comment.strip()[:COMMENT_MAX],
        submitted_at=timezone.now(),
    )
    evaluation.full_clean(exclude=["enrolment", "evaluator"])
    stamp(evaluation, actor)
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError as exc:  # a concurrent second submission
        raise ValidationError(_("Evaluasi penerapan peserta ini sudah diberikan.")) from exc
    return evaluation
