"""HR starts the scoring of a period on demand; the job itself is performance.scoring."""

from __future__ import annotations

from django.db import transaction

from core.access import Actor

from .. import access, scoring
from ..models import Period, ScoringRun
from ..tasks import score_period


@transaction.atomic
def scoring_request(*, actor: Actor, period: Period) -> tuple[ScoringRun, bool]:
    """Claim the period's scoring and queue the task after commit: (run, True).

    When another run of the period is active, nothing starts: (that run, False).
    """
    access.require(access.can_manage_performance(actor, period.year.instansi_id))
    run, started = scoring.start_run(period_id=period.pk, requested_by_id=actor.user_id)
    if started:
        transaction.on_commit(lambda: score_period.delay(period_id=period.pk, run_id=run.pk))
    return run, started
