"""Reads of the scoring pages: the periods of an agency with their last scoring run."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from ..models import Period, ScoringRun


def scoring_periods(*, instansi_id: int) -> QuerySet[Period]:
    """The periods of an agency's years, newest year first, each with the id of its last run."""
    last_run = (
        ScoringRun.objects.filter(period=OuterRef("pk")).order_by("-started_at", "-pk").values("pk")[:1]
    )
    return (
        Period.objects.filter(year__instansi_id=instansi_id)
        .select_related("year__instansi")
        .annotate(last_run_id=Subquery(last_run))
        .order_by("-year__year", "end", "-kind", "pk")
    )


def attach_last_runs(periods: Iterable[Period]) -> list[Period]:
    """Set `period.last_run` (or None) on a page of scoring_periods: one query."""
    rows = list(periods)
    ids = [p.last_run_id for p in rows if p.last_run_id]  # type: ignore[attr-defined]
    runs = ScoringRun.objects.select_related("requested_by").in_bulk(ids)
    now = timezone.now()
    for p in rows:
        p.last_run = runs.get(p.last_run_id)  # type: ignore[attr-defined]
        p.provisional = not period_has_ended(p, now=now)  # type: ignore[attr-defined]
    return rows


def period_has_ended(period: Period, *, now: datetime | None = None) -> bool:
    """The period's last day is over in the agency's own zone: its scores are final (until then they
    are provisional, "sementara", and the daily job scores it again once it has ended)."""
    zone = ZoneInfo(period.year.instansi.time_zone)
    return period.end < (now or timezone.now()).astimezone(zone).date()
