"""Reads of coaching plans for other apps (issue 14 item 7).

The training app reads the coaching plans that name a training need through `plans_with_training_need`
and turns them into training needs. It tells the coaching page which programmes answered a plan's
need through a provider it registers when it starts (`provide_training_outcomes`, like
employees.services.superiors.on_superiors_changed), so this app never imports training.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from ..models import CoachingPlan


def plans_with_training_need(instansi_id: int) -> QuerySet[CoachingPlan]:
    """The coaching plans of an agency's employees whose training need is written."""
    return (
        CoachingPlan.objects.filter(employee__unit__instansi_id=instansi_id)
        .exclude(training_need="")
        .select_related("employee", "head")
        .order_by("pk")
    )


@dataclass(frozen=True)
class TrainingOutcome:
    """A programme nominated for a coaching plan's training need, and whether it is completed."""

    title: str
    state_label: str
    completed: bool
    completed_on: date | None
    url: str


OutcomeProvider = Callable[[CoachingPlan], list[TrainingOutcome]]
_providers: list[OutcomeProvider] = []


def provide_training_outcomes(provider: OutcomeProvider) -> None:
    """Register a provider (training.apps registers one at start-up)."""
    if provider not in _providers:
        _providers.append(provider)


def training_outcomes(plan: CoachingPlan) -> list[TrainingOutcome]:
    """The programmes answering the plan's training need, as the providers report them."""
    return [outcome for provider in _providers for outcome in provider(plan)]
