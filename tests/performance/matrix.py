"""What the performance permission matrices share: the fixture SKPs and a snapshot of every
performance table (a refused POST must leave it unchanged; an allowed one must change it)."""

from __future__ import annotations

from notifications.models import Notification
from performance import models as m
from performance.choices import SkpState

from .factories import make_skp, make_year


def nurse_skp(org, state: str = SkpState.APPROVED):
    """The nurse's SKP (Puskesmas, inside the head's subtree; the head is the atasan)."""
    return make_skp(org.employee_dinkes_sorong, make_year(org.sorong), state=state)


def head_skp(org):
    return make_skp(org.head_dinkes_sorong, make_year(org.sorong))


def dishub_sorong_skp(org):
    """An SKP of Sorong outside the head's subtree (no atasan in the fixture)."""
    return make_skp(org.employee_dishub_sorong, make_year(org.sorong))


def palembang_skp(org):
    return make_skp(org.employee_dishub_palembang, make_year(org.palembang))


TABLES = (
    m.PerformanceYear,
    m.Period,
    m.Skp,
    m.SkpTransition,
    m.Rhk,
    m.Iki,
    m.BehaviourExpectation,
    m.Realisation,
    m.Feedback,
    m.Appraisal,
    m.BehaviourRating,
    m.AppraisalReopening,
    m.UnitPredikat,
    m.PeriodScore,
    m.UnitScore,
    m.ScoringRun,
    m.CoachingPlan,
)


def snapshot() -> tuple:
    return (
        *(list(model.objects.order_by("pk").values()) for model in TABLES),
        list(Notification.objects.order_by("pk").values()),
    )
