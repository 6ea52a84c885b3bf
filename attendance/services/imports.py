"""HR's import of device files (CSV or .xlsx as fingerprint and face devices export them): a dry run
that reports every bad row with its line number and reasons, and an all-or-nothing apply that checks
the file again (the preview is never trusted) and writes every new record in one transaction, or
nothing when any row is bad. Records already stored are ignored and counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import Actor
from core.models import Instansi

from .. import access
from ..choices import PresenceSource
from ..models import Presence
from ..selectors import presence as presence_selectors
from . import devicelogs

DEFAULT_MAX_ROWS = 20000
PREVIEW_ROWS = 20


def max_rows() -> int:
    """Data rows per file (settings may override it)."""
    return int(getattr(settings, "ATTENDANCE_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


@dataclass
class ImportReport:
    instansi: Instansi
    total: int = 0
    file_error: str = ""
    problems: list[devicelogs.Problem] = field(default_factory=list)
    ready: list[Presence] = field(default_factory=list)
    duplicates: int = 0
    written: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.problems and self.total > 0

    @property
    def first_rows(self) -> list[Presence]:
        return self.ready[:PREVIEW_ROWS]


def import_check(
    *, actor: Actor, instansi: Instansi, source: IO[bytes], now: datetime | None = None
) -> ImportReport:
    """Read and check every row of a device file; nothing is written."""
    access.require_in_agency(actor, access.can_import_presence(actor, instansi.pk), instansi.pk)
    report = ImportReport(instansi=instansi)
    try:
        records = devicelogs.read_file(source, max_rows=max_rows())
    except devicelogs.FileRefused as exc:
        report.file_error = str(exc)
        return report
    zone = presence_selectors.presence_config(instansi.pk).zone
    rows = devicelogs.rows_from_file(records, zone)
    checked = devicelogs.check_logs(
        instansi_id=instansi.pk, rows=rows, source=PresenceSource.IMPORT, now=now or timezone.now()
    )
    report.total = checked.total
    report.problems = checked.problems
    report.ready = checked.ready
    report.duplicates = checked.duplicates
    return report


class ImportRefused(ValueError):
    """Applying found bad rows (the file or the data changed since the preview)."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(
            report.file_error or _("Berkas berisi baris yang salah; tidak ada presensi yang disimpan.")
        )
        self.report = report


def import_apply(
    *, actor: Actor, instansi: Instansi, source: IO[bytes], now: datetime | None = None
) -> ImportReport:
    """Check the file again and write every new record in one transaction, or nothing."""
    report = import_check(actor=actor, instansi=instansi, source=source, now=now)
    if not report.ok:
        raise ImportRefused(report)
    report.written = devicelogs.write_records(report.ready, instansi_id=instansi.pk)
    report.duplicates += len(report.ready) - report.written
    return report
