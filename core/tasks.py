"""Thin tasks: load ids, call a service."""

from celery import shared_task

from . import runs, services


@shared_task(name="core.tasks.repair_unit_paths", acks_late=True, time_limit=600, soft_time_limit=540)
def repair_unit_paths(*, instansi_id: int | None = None) -> int:
    return services.repair_unit_paths(instansi_id=instansi_id)


@shared_task(name="core.tasks.ping", time_limit=10, soft_time_limit=5)
def ping() -> str:
    return "pong"


@shared_task(name="core.tasks.sweep_stalled_runs", time_limit=120, soft_time_limit=100)
def sweep_stalled_runs() -> dict[str, int]:
    """Every minute (beat): hand every stalled run of a long job back to its job (core.runs.sweep),
    and queue the exports whose job never reached the broker (core.exports.sweep)."""
    from . import exports

    return {**runs.sweep(), "core.exports": exports.sweep()}


@shared_task(name="core.tasks.build_export", acks_late=True, time_limit=30 * 60, soft_time_limit=25 * 60)
def build_export(*, export_id: int) -> dict[str, object]:
    """Write a large export into private storage (core.exports.build); a re-run of a finished one does nothing."""
    from . import exports

    export = exports.build(export_id)
    return {"export": export.pk, "state": export.state, "rows": export.rows}
