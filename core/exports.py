"""Exports too large to stream: built by a job into private storage, offered once complete.

A list export up to settings.EXPORT_STREAM_MAX_ROWS rows streams as before (a CSV ends with its
completeness line, core.excel.csv_lines). Above that, the view asks `request_export`: an ExportFile
row is saved and the task core.tasks.build_export writes the file under a temporary name, renames it
when the last row is written and only then marks it DONE with its row count. A failure (the database
gone, a full disk) leaves no file and a FAILED row that says so; a re-run of a DONE export does nothing.

The apps bring what is exported: `register(Builder(...))` in their AppConfig.ready, with a function
that gives, for the actor and the stored parameters, the headers and the rows (core imports no app).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import excel
from .access import Actor, actor_for
from .choices import RunState
from .models import ExportFile
from .runs import enqueue_on_commit

logger = logging.getLogger(__name__)

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Export:
    """What a builder gives: the sheet's title, its headers and its rows (an iterator, fetched in chunks)."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()
    heading: Sequence[str] = ()  # xlsx: lines above each sheet's header (core.excel.report_heading)
    before: Sequence[Export] = ()  # xlsx: smaller sheets written before this one (their rows not counted)
    # xlsx: bold lines under the rows (a totals line), not counted; read after the last row is written,
    # so an iterable the rows fill as they stream may hold them.
    footer: Iterable[Sequence[Any]] = ()


@dataclass(frozen=True)
class Builder:
    kind: str
    build: Callable[[Actor, dict[str, Any]], Export]


BUILDERS: dict[str, Builder] = {}


def register(builder: Builder) -> None:
    BUILDERS[builder.kind] = builder


def stream_limit() -> int:
    """Rows up to which an export streams; above it, it is built by a job."""
    return int(settings.EXPORT_STREAM_MAX_ROWS)


def request_export(*, actor: Actor, kind: str, fmt: str, params: dict[str, Any], title: str) -> ExportFile:
    """Save the export's row and queue its job after commit. With the broker down the row says so
    (waiting for the queue); the sweep (`sweep`, every minute) queues it once the broker answers."""
    if kind not in BUILDERS or fmt not in FORMATS or actor.user_id is None:
        raise ValueError(f"unknown export {kind}/{fmt}")
    from .tasks import build_export  # tasks import this module

    with transaction.atomic():
        export = ExportFile.objects.create(
            requested_by_id=actor.user_id, kind=kind, fmt=fmt, params=params, title=title[:200]
        )
        enqueue_on_commit(
            lambda: build_export.delay(export_id=export.pk),
            on_failure=lambda exc: ExportFile.objects.filter(pk=export.pk, state=RunState.RUNNING).update(
                error=QUEUE_UNAVAILABLE
            ),
        )
    return export


QUEUE_UNAVAILABLE = ExportFile.QUEUE_UNAVAILABLE


def sweep() -> int:
    """Queue again every export whose job never reached the broker: the number queued. A requeue
    that fails leaves it waiting for the next sweep."""
    from .tasks import build_export

    queued = 0
    waiting = ExportFile.objects.filter(state=RunState.RUNNING, error=QUEUE_UNAVAILABLE).order_by("pk")
    for pk in waiting.values_list("pk", flat=True):
        try:
            build_export.delay(export_id=pk)
        except Exception as exc:
            logger.warning("requeue of export %s failed: %s: %s", pk, type(exc).__name__, exc)
            continue
        ExportFile.objects.filter(pk=pk, state=RunState.RUNNING, error=QUEUE_UNAVAILABLE).update(error="")
        queued += 1
    return queued


def error_display(export: ExportFile) -> str:
    if export.error == QUEUE_UNAVAILABLE:
        return _(
            "Antrean tugas (Redis) tidak dapat dihubungi. Ekspor dibuat otomatis setelah antrean pulih; "
            "berkasnya muncul di halaman ini."
        )
    return _("Ekspor gagal: %(error)s. Tidak ada berkas yang tersimpan; minta ekspor lagi.") % {
        "error": export.error
    }


def build(export_id: int) -> ExportFile:
    """Write the export's file (the task). Idempotent: a DONE or FAILED export is returned as it is."""
    export = ExportFile.objects.select_related("requested_by").get(pk=export_id)
    if export.state != RunState.RUNNING:
        return export
    storage = export.file.storage
    tmp_name = ""
    try:
        builder = BUILDERS[export.kind]
        actor = actor_for(export.requested_by)
        language = export.params.get("_language") or settings.LANGUAGE_CODE
        with override(language):
            spec = builder.build(actor, export.params)
            handle, tmp_name = tempfile.mkstemp(suffix=f".{export.fmt}", dir=_scratch_dir(storage))
            os.close(handle)
            rows = _write(spec, export.fmt, tmp_name)
        with open(tmp_name, "rb") as source:
            name = storage.save(f"exports/{export.requested_by_id}/{export.pk}.{export.fmt}", File(source))
        size = storage.size(name)
        with transaction.atomic():
            updated = ExportFile.objects.filter(pk=export.pk, state=RunState.RUNNING).update(
                state=RunState.DONE, file=name, rows=rows, size=size, error="", finished_at=timezone.now()
            )
            if not updated:  # another worker finished it in between: keep theirs
                storage.delete(name)
    except Exception as exc:
        logger.exception("export %s failed", export_id)
        with suppress(Exception):
            ExportFile.objects.filter(pk=export.pk, state=RunState.RUNNING).update(
                state=RunState.FAILED,
                error=(str(exc) or type(exc).__name__)[:500],
                finished_at=timezone.now(),
            )
        raise
    finally:
        if tmp_name:
            with suppress(OSError):
                os.unlink(tmp_name)
    export.refresh_from_db()
    return export


def _scratch_dir(storage: Any) -> str:
    path = os.path.join(storage.location, "exports", "tmp")
    os.makedirs(path, exist_ok=True)
    return path


def _write(spec: Export, fmt: str, path: str) -> int:
    """Write every row to `path`; the number of data rows written."""
    counter = _Counter(spec.rows)
    if fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as out:
            for line in excel.csv_lines(spec.headers, counter):
                out.write(line)
    else:
        sheets = [
            excel.Sheet(
                title=b.title[:31], headers=b.headers, rows=b.rows, widths=b.widths, freeze_header=True
            )
            for b in spec.before
        ]
        sheets.append(
            excel.Sheet(
                title=spec.title[:31],
                headers=spec.headers,
                rows=counter,
                widths=spec.widths,
                footer=spec.footer,
                freeze_header=True,
            )
        )
        with open(path, "wb") as out:
            excel.write_workbook(out, sheets=sheets, heading=spec.heading)
    return counter.count


class _Counter:
    """Counts the rows as they pass."""

    def __init__(self, rows: Iterable[Sequence[Any]]):
        self._rows = iter(rows)
        self.count = 0

    def __iter__(self) -> _Counter:
        return self

    def __next__(self) -> Sequence[Any]:
        row = next(self._rows)
        self.count += 1
        return row
