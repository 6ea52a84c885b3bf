"""The one writer of every download: Excel (.xlsx, openpyxl in write-only mode) and CSV.

Write-only workbooks stream rows to a temporary file instead of keeping a cell object per value,
so a sheet of 100,000 rows stays within a few megabytes of memory. Each sheet starts with the
heading lines (agency, title, scope, date), if any, then a bold header row.

Every text cell goes through `neutralise`: text that a spreadsheet would run as a formula
(a name typed as `=HYPERLINK(...)`, or starting with `+`, `-`, `@`) is written with a leading
apostrophe, so it stays text, in a workbook as in a CSV file (tests/reports/test_export_injection.py
downloads every export with such text planted in every text column).
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
UTF8_BOM = "\ufeff"
# A spreadsheet runs a cell as a formula when its text starts with any of these (OWASP: CSV
# injection). openpyxl itself stores text starting with "=" as a formula; text starting with "+",
# "-" or "@" is stored as text but becomes a formula as soon as someone edits the cell, so a
# workbook neutralises the same starts as a CSV file.
CSV_FORMULA_START = "=+-@\t\r"
XLSX_FORMULA_START = CSV_FORMULA_START


def neutralise(value: Any, triggers: str = XLSX_FORMULA_START) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and len(value) > 1 and value[0] in triggers:
        return "'" + value
    return value


@dataclass
class Sheet:
    """One worksheet: its title, header row, rows (any iterable: streamed), column widths, bold footer."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()
    footer: Iterable[Sequence[Any]] = ()  # read after the rows: the rows may fill it as they stream
    freeze_header: bool = False
    # Excel number formats by column index (0-based), e.g. {4: DATE_FORMAT}: dates stay real dates
    # that sort and filter, shown as people read them.
    number_formats: Mapping[int, str] = field(default_factory=dict)


def date_number_format(with_time: bool = False) -> str:
    """An Excel format showing a date as "5 Agustus 2026" (month names in Indonesian while the page
    speaks Indonesian, [$-421] being Excel's Indonesian locale; in the reader's Excel language otherwise)."""
    pattern = "d mmmm yyyy hh:mm" if with_time else "d mmmm yyyy"
    return f"[$-421]{pattern}" if get_language() in (None, "id") else pattern


def _bold(ws: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=_cell_value(value))
    cell.font = Font(bold=True)
    return cell


def _cell_value(value: Any) -> Any:
    """Values openpyxl writes as themselves; everything else (lazy strings, choices) as text that
    cannot become a formula."""
    if value is None or isinstance(value, int | float | Decimal | date | datetime):
        return value
    return neutralise(str(value))


def _formatted(ws: WriteOnlyWorksheet, value: Any, number_format: str | None) -> Any:
    if number_format is None or value is None:
        return _cell_value(value)
    cell = WriteOnlyCell(ws, value=_cell_value(value))
    cell.number_format = number_format
    return cell


def _write(target: IO[bytes], heading: Sequence[str], sheets: Sequence[Sheet]) -> None:
    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(title=_SHEET_TITLE_BAD.sub("-", sheet.title)[:31])
        if sheet.freeze_header:
            ws.freeze_panes = f"A{len(heading) + (2 if heading else 1) + 1}"
        for i, width in enumerate(sheet.widths):
            ws.column_dimensions[get_column_letter(i + 1)].width = width
        for line in heading:
            ws.append([_bold(ws, line)])
        if heading:
            ws.append([])
        ws.append([_bold(ws, h) for h in sheet.headers])
        formats = sheet.number_formats
        for row in sheet.rows:
            if formats:
                ws.append([_formatted(ws, v, formats.get(i)) for i, v in enumerate(row)])
            else:
                ws.append([_cell_value(v) for v in row])
        for row in sheet.footer:
            ws.append([_bold(ws, v) for v in row])
    wb.save(target)


def workbook_bytes(*, heading: Sequence[str], sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one worksheet per sheet, each headed by the `heading` lines."""
    out = io.BytesIO()
    _write(out, heading, sheets)
    return out.getvalue()


def workbook_file(*, sheets: Sequence[Sheet], heading: Sequence[str] = ()) -> IO[bytes]:
    """The workbook in a temporary file (deleted when closed), positioned at its start: for long
    lists, whose bytes should not sit in memory."""
    target = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    _write(target, heading, sheets)
    target.seek(0)
    return target


class _Echo:
    """A write-only file whose write() returns the line, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """UTF-8 CSV (the BOM makes Excel read it as UTF-8), comma-separated, quoted where needed.

    Dates are ISO (YYYY-MM-DD); text that could run as a formula is neutralised. The last line says
    the file is complete and how many rows it holds (`complete_rows` reads it back): a download cut
    by a failure part-way lacks it, so nobody takes a cut file for the whole list. The labels are
    translated now, in the request's language, not while the response streams.
    """
    marker = str(COMPLETE_MARK)
    rows_label = str(_("%(rows)s baris"))
    return _csv_lines([str(h) for h in headers], rows, marker, rows_label)


# The first cell of the completeness line of a CSV export.
COMPLETE_MARK = gettext_lazy("# Selesai")


def _csv_lines(
    headers: list[str], rows: Iterable[Sequence[Any]], marker: str, rows_label: str
) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield UTF8_BOM + writer.writerow(headers)
    count = 0
    for row in rows:
        yield writer.writerow(
            [
                value.isoformat() if isinstance(value, date) else neutralise(value, CSV_FORMULA_START)
                for value in row
            ]
        )
        count += 1
    yield writer.writerow([marker, rows_label % {"rows": count}])


def complete_rows(text: str) -> int | None:
    """The row count a CSV export states on its last line; None when the line is missing (a cut file)."""
    lines = [line for line in text.lstrip(UTF8_BOM).splitlines() if line]
    if not lines:
        return None
    last = next(csv.reader([lines[-1]]))
    if len(last) != 2 or not last[1].split()[0].isdigit():
        return None
    return int(last[1].split()[0])


def write_workbook(target: IO[bytes], *, sheets: Sequence[Sheet], heading: Sequence[str] = ()) -> None:
    """Write the workbook into an open binary file."""
    _write(target, heading, sheets)


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
