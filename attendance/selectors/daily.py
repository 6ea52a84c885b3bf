"""Reads of the daily statuses' build: the agency's current or last run (HR's progress line)."""

from __future__ import annotations

from core.choices import RunState

from ..models import AttendanceRun


def last_run(instansi_id: int) -> AttendanceRun | None:
    """The agency's running build, else its last one (one query)."""
    runs = AttendanceRun.objects.filter(instansi_id=instansi_id)
    return runs.filter(state=RunState.RUNNING).first() or runs.order_by("-started_at", "-pk").first()
