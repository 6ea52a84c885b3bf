"""Excel (.xlsx) writing that every download shares, with openpyxl in write-only mode.

Write-only workbooks stream rows to a temporary file instead of keeping a cell object per value,
so a sheet of 100,000 rows stays within a few megabytes of memory. Each sheet starts with the
heading lines (agency, title, scope, date), then a bold header row.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Sheet:
    """One worksheet: its title, header row, rows (any iterable: streamed), column widths, bold footer."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()
    footer: Sequence[Sequence[Any]] = ()


def _bold(ws: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=_cell_value(value))
    cell.font = Font(bold=True)
    return cell


def _cell_value(value: Any) -> Any:
    """Values openpyxl writes as themselves; everything else (lazy strings, choices) as text."""
    if value is None or isinstance(value, int | float | date | datetime):
        return value
    return str(value)


def workbook_bytes(*, heading: Sequence[str], sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one worksheet per sheet, each headed by the `heading` lines."""
    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(title=_SHEET_TITLE_BAD.sub("-", sheet.title)[:31])
        for i, width in enumerate(sheet.widths):
            ws.column_dimensions[get_column_letter(i + 1)].width = width
        for line in heading:
            ws.append([_bold(ws, line)])
        ws.append([])
        ws.append([_bold(ws, h) for h in sheet.headers])
        for row in sheet.rows:
            ws.append([_cell_value(v) for v in row])
        for row in sheet.footer:
            ws.append([_bold(ws, _cell_value(v)) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def report_heading(*, instansi_name: str, title: str, scope: str, on: date) -> list[str]:
    """The heading lines of a sheet: the agency, the title, the scope (if any), the date and when it was made."""
    printed = timezone.localtime()
    lines = [instansi_name, title]
    if scope:
        lines.append(scope)
    lines.append(
        _("Per %(on)s · dibuat %(printed)s")
        % {"on": date_format(on, "j F Y"), "printed": date_format(printed, "j F Y H:i")}
    )
    return lines


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    """A workbook as a download that no shared cache keeps."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
