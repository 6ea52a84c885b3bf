"""Reads of the performance app, scoped through core.access."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from core.access import Actor

from . import access
from .choices import AppraisalState, PeriodKind, Predikat, SkpAction, SkpState
from .models import Appraisal, Iki, Period, Rhk, ScoringRun, Skp
from .services.skp import submission_problems

# Predikat that meet the performance condition of a regular promotion ("at least baik", domain §5).
GOOD_PREDIKAT = (Predikat.SANGAT_BAIK, Predikat.BAIK)


def skp_page(*, actor: Actor, skp: Skp) -> dict[str, Any]:
    """An SKP with its plan, expectations, versions and history, and what the actor may do with it:
    a constant number of queries however many RHK and IKI it has."""
    rhks = list(
        skp.rhks.select_related("parent").prefetch_related(
            Prefetch("ikis", queryset=Iki.objects.order_by("order", "pk"))
        )
    )
    can_edit = access.can_edit_skp(actor, skp)
    is_owner = access.is_skp_owner(actor, skp)
    transitions = list(skp.transitions.select_related("actor__employee"))
    versions = list(
        access.skps_visible_to(actor)
        .filter(employee_id=skp.employee_id, year_id=skp.year_id)
        .order_by("version")
        .only("pk", "version", "state", "year_id", "employee_id", "approved_at", "created_at", "previous_id")
    )
    last_return = next((t for t in reversed(transitions) if t.action == SkpAction.RETURN), None)
    revision = next((v for v in versions if v.previous_id == skp.pk and v.state != SkpState.SUPERSEDED), None)
    return {
        "skp": skp,
        "employee": skp.employee,
        "rhks": rhks,
        "iki_count": sum(len(rhk.ikis.all()) for rhk in rhks),
        "behaviours": list(skp.behaviours.all()),
        "transitions": transitions,
        "last_return": last_return if skp.state == SkpState.RETURNED else None,
        "versions": versions,
        # The employee sees an evaluation document once it is final (access.can_see_appraisal_draft).
        "appraisals": [
            a
            for a in skp.appraisals.select_related("period").order_by("period__end", "-period__kind")
            if access.can_see_appraisal_draft(actor, a)
        ],
        "revision": revision,
        "problems": submission_problems(skp, rhks) if can_edit else [],
        "can_edit": can_edit,
        "can_review": access.can_review_skp(actor, skp),
        "can_set_expectations": access.can_set_expectations(actor, skp),
        "can_revise": access.can_revise_skp(actor, skp) and revision is None,
        "can_copy_down": is_owner and access.can_copy_rhk_down(actor) and skp.state != SkpState.SUPERSEDED,
        "is_owner": is_owner,
        "is_superseded": skp.state == SkpState.SUPERSEDED,
    }


def rhk_parent_label(rhk: Rhk) -> str:
    return rhk.parent.text if rhk.parent_id and rhk.parent else ""


def annual_performance_annotations(years: list[int]) -> dict[str, Any]:
    """Annotations on Employee for the promotion condition "predikat at least Baik in `years`":
    `skp_good_years` (final annual appraisals with Baik or Sangat Baik in those years) and
    `skp_poor` (a final annual appraisal below Baik in them). Two correlated subqueries."""
    finals = Appraisal.objects.filter(
        employee=OuterRef("pk"),
        state=AppraisalState.FINAL,
        period__kind=PeriodKind.ANNUAL,
        period__year__year__in=years,
    )
    good = (
        finals.filter(predikat__in=GOOD_PREDIKAT)
        .order_by()
        .values("employee")
        .annotate(n=Count("period__year__year", distinct=True))
        .values("n")
    )
    return {
        "skp_good_years": Coalesce(Subquery(good, output_field=IntegerField()), Value(0)),
        "skp_poor": Exists(finals.exclude(predikat__in=GOOD_PREDIKAT)),
    }


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
