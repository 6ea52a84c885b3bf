"""Reads of questionnaires: the list (the national standard and the agencies' own, latest versions),
a version's wording and extra questions, its line of versions and what uses it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from core.access import Actor
from core.models import Instansi

from .. import access
from ..models import ExtraQuestion, Questionnaire, Response, SurveyPeriod, UnsurWording
from .units import count_of


def questionnaire_list(*, actor: Actor, instansi: Instansi | None = None) -> QuerySet[Questionnaire]:
    """The latest version of every questionnaire the actor sees, the national standard first, with
    the number of its extra questions and of the periods that use it."""
    qs = access.questionnaires_visible_to(actor).filter(next_version__isnull=True)
    if instansi is not None:
        qs = qs.filter(Q(instansi__isnull=True) | Q(instansi_id=instansi.pk))
    return (
        qs.select_related("instansi")
        .annotate(
            question_count=count_of(ExtraQuestion.objects.all(), "questionnaire"),
            period_count=count_of(SurveyPeriod.objects.all(), "questionnaire"),
        )
        .order_by(F("instansi__name").asc(nulls_first=True), "name", "pk")
    )


def standard() -> Questionnaire:
    """The latest version of the national standard questionnaire (migration 0002 loads version 1)."""
    found = (
        Questionnaire.objects.filter(instansi__isnull=True, next_version__isnull=True)
        .order_by("-version", "-pk")
        .first()
    )
    if found is None:
        raise Questionnaire.DoesNotExist("the standard questionnaire is missing (surveys migration 0002)")
    return found


def wording_of(questionnaire: Questionnaire) -> QuerySet[UnsurWording]:
    return questionnaire.unsur.order_by("code")


def questions_of(questionnaire: Questionnaire) -> QuerySet[ExtraQuestion]:
    return questionnaire.extra_questions.order_by("position", "pk")


def has_responses(questionnaire: Questionnaire) -> bool:
    """Whether any citizen answered this version (then a change makes a new version)."""
    return Response.objects.filter(period__questionnaire=questionnaire).exists()


@dataclass(frozen=True)
class Version:
    pk: int
    version: int
    name: str
    is_current: bool  # the version the page shows


def versions_of(questionnaire: Questionnaire) -> list[Version]:
    """Every version of the questionnaire's line, newest first, read in one query (a line holds
    a handful of versions; the links between them are walked here)."""
    same_owner = (
        Questionnaire.objects.filter(instansi__isnull=True)
        if questionnaire.instansi_id is None
        else Questionnaire.objects.filter(instansi_id=questionnaire.instansi_id)
    )
    rows = {
        pk: (previous_id, version, name)
        for pk, previous_id, version, name in same_owner.values_list("pk", "previous_id", "version", "name")
    }
    following = {previous_id: pk for pk, (previous_id, _v, _n) in rows.items() if previous_id is not None}
    newest = questionnaire.pk
    while newest in following:
        newest = following[newest]
    line: list[Version] = []
    current: int | None = newest
    while current is not None and current in rows and len(line) <= len(rows):
        previous_id, version, name = rows[current]
        line.append(Version(current, version, name, current == questionnaire.pk))
        current = previous_id
    return line


def latest_version_of(questionnaire: Questionnaire) -> Questionnaire:
    """The newest version of the questionnaire's line (itself when none replaces it)."""
    newest = versions_of(questionnaire)[0]
    return questionnaire if newest.pk == questionnaire.pk else Questionnaire.objects.get(pk=newest.pk)


def usage(questionnaire: Questionnaire) -> tuple[int, int]:
    """(periods, responses) that use this version."""
    return (
        questionnaire.periods.count(),
        Response.objects.filter(period__questionnaire=questionnaire).count(),
    )
