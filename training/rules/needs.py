"""Pure rules of training needs and the training budget (issue 14 items 7 and 9)."""

from __future__ import annotations

from ..choices import EnrolmentState, NeedStatus

# An enrolment that ended without the training: the need is open again.
ENDED_WITHOUT_TRAINING = frozenset({EnrolmentState.REJECTED, EnrolmentState.CANCELLED})


def need_status(enrolment_state: str | None) -> str:
    """A need is met once its nomination is completed, nominated while that enrolment is alive, and
    open without one (or when the nomination was rejected or cancelled)."""
    if not enrolment_state or enrolment_state in ENDED_WITHOUT_TRAINING:
        return NeedStatus.OPEN
    if enrolment_state == EnrolmentState.COMPLETED:
        return NeedStatus.MET
    return NeedStatus.NOMINATED


def planned_cost(quota: int, cost_per_participant: int) -> int:
    """A programme's planned cost: every place paid at the cost per participant."""
    return quota * cost_per_participant


def committed_cost(seats: int, cost_per_participant: int) -> int:
    """What a programme has committed: its confirmed (or completed) places at the cost per participant."""
    return seats * cost_per_participant


def over_allocation(allocated: int | None, committed: int, spent: int) -> int:
    """By how much the larger of committed and spent passes the allocation (0 when within it); a line
    with no allocation recorded counts as 0 allocated."""
    return max(0, max(committed, spent) - (allocated or 0))


def rupiah(amount: int) -> str:
    """Integer rupiah with Indonesian thousands separators: 1500000 -> "Rp1.500.000"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")
