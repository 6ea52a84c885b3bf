"""Reads of the performance app, scoped through core.access."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from core import access
from core.access import Actor

from .models import Iki, Period, Rhk, ScoringRun, Skp


def skp_page(*, actor: Actor, skp: Skp) -> dict[str, Any]:
    """An SKP with its plan, expectations and history, and what the actor may do with it: 4 queries."""
    rhks = list(
        skp.rhks.select_related("parent").prefetch_related(
            Prefetch("ikis", queryset=Iki.objects.order_by("order", "pk"))
        )
    )
    return {
        "skp": skp,
        "employee": skp.employee,
        "rhks": rhks,
        "behaviours": list(skp.behaviours.all()),
        "transitions": list(skp.transitions.select_related("actor")),
        "can_edit": access.can_edit_skp(actor, skp),
        "can_review": access.can_review_skp(actor, skp),
        "can_set_expectations": access.can_set_expectations(actor, skp),
        "is_owner": access.is_skp_owner(actor, skp),
    }


def rhk_parent_label(rhk: Rhk) -> str:
    return rhk.parent.text if rhk.parent_id and rhk.parent else ""


# --- Scoring runs (the scoring helper's block) ----------------------------------------------------------


def scoring_periods(*, instansi_id: int) -> QuerySet[Period]:
    """The periods of an agency's years, newest year first, each with the id of its last run."""
    last_run = (
        ScoringRun.objects.filter(period=OuterRef("pk")).order_by("-started_at", "-pk").values("pk")[:1]
    )
    return (
        Period.objects.filter(year__instansi_id=instansi_id)
        .select_related("year")
        .annotate(last_run_id=Subquery(last_run))
        .order_by("-year__year", "end", "-kind", "pk")
    )


def attach_last_runs(periods: Iterable[Period]) -> list[Period]:
    """Set `period.last_run` (or None) on a page of scoring_periods: one query."""
    rows = list(periods)
    ids = [p.last_run_id for p in rows if p.last_run_id]  # type: ignore[attr-defined]
    runs = ScoringRun.objects.select_related("requested_by").in_bulk(ids)
    for p in rows:
        p.last_run = runs.get(p.last_run_id)  # type: ignore[attr-defined]
    return rows
