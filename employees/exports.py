"""Exports of a filtered employee list to CSV and XLSX, streamed row by row.

Rows come from `.values_list(...).iterator(chunk_size=2000)` of the same scoped, filtered queryset
the list page shows (selectors.employee_list), so nothing holds the whole list in memory: the CSV
is generated while it is sent, and the XLSX is written by openpyxl's write-only mode to a
temporary file that is then streamed.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .choices import EmploymentStatus, PositionKind, WorkingState

CHUNK_SIZE = 2000
UTF8_BOM = "\ufeff"

# values_list fields, in this order; `row_values` turns them into the exported columns.
FIELDS = (
    "nip",
    "front_title",
    "name",
    "back_title",
    "gender",
    "birth_place",
    "birth_date",
    "employment_status",
    "current_rank__golongan",
    "current_rank__tmt",
    "current_position__name",
    "current_position__kind",
    "unit__name",
    "education",
    "working_state",
    "is_active",
)
# Column widths of the XLSX, in characters (the header order of `headers()`).
WIDTHS = (21, 36, 8, 18, 14, 12, 10, 14, 36, 16, 36, 11, 22, 7)


def headers() -> list[str]:
    return [
        _("NIP/NI PPPK"),
        _("Nama dengan gelar"),
        _("Jenis kelamin"),
        _("Tempat lahir"),
        _("Tanggal lahir"),
        _("Status kepegawaian"),
        _("Golongan"),
        _("TMT golongan"),
        _("Jabatan"),
        _("Jenis jabatan"),
        _("Unit kerja"),
        _("Pendidikan"),
        _("Keadaan kepegawaian"),
        _("Aktif"),
    ]


def full_name(front: str, name: str, back: str) -> str:
    """Employee.full_name from the raw columns: `dr. Siti Aminah, M.Kes.`"""
    text = f"{front} {name}".strip()
    return f"{text}, {back}" if back else text


def neutralise(value: Any, triggers: str) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (CSV injection)."""
    if isinstance(value, str) and len(value) > 1 and value[0] in triggers:
        return "'" + value
    return value


def export_rows(queryset: QuerySet) -> Iterator[list[Any]]:
    """The exported columns of each employee of `queryset`, fetched in chunks."""
    # Labels are looked up now, while the request's language is active, not while streaming.
    status = {value: str(label) for value, label in EmploymentStatus.choices}
    kinds = {value: str(label) for value, label in PositionKind.choices}
    states = {value: str(label) for value, label in WorkingState.choices}
    yes, no = _("Ya"), _("Tidak")
    rows = queryset.values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE)
    for (
        nip, front, name, back, gender, birth_place, birth_date, employment_status, golongan,
        tmt_golongan, position, position_kind, unit, education, working_state, is_active,
    ) in rows:  # fmt: skip
        yield [
            nip,
            full_name(front, name, back),
            gender,
            birth_place,
            birth_date,
            status.get(employment_status, employment_status),
            golongan or "",
            tmt_golongan,
            position or "",
            kinds.get(position_kind, position_kind or ""),
            unit,
            education,
            states.get(working_state, working_state),
            yes if is_active else no,
        ]


class _Echo:
    """A write-only file whose write() returns the line, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list[Any]]) -> Iterator[str]:
    """UTF-8 CSV (the BOM makes Excel read it as UTF-8), comma-separated, quoted where needed.

    Dates are ISO (YYYY-MM-DD). The NIP stays 18 digits: open the XLSX export in Excel, which
    keeps it as text (Excel turns an 18-digit CSV field into a rounded number).
    """
    writer = csv.writer(_Echo())
    yield UTF8_BOM + writer.writerow(headers())
    for row in rows:
        yield writer.writerow(
            [value.isoformat() if isinstance(value, date) else neutralise(value, "=+-@\t\r") for value in row]
        )


def write_xlsx(rows: Iterable[list[Any]], *, title: str) -> IO[bytes]:
    """The rows as an XLSX in a temporary file (deleted when closed), positioned at its start."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for text in headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        # openpyxl stores any text starting with "=" as a formula.
        sheet.append([neutralise(value, "=") for value in row])
    target = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    workbook.save(target)
    target.seek(0)
    return target
