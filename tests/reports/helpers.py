"""Shared helpers of the report tests: open an Excel download, count queries."""

from __future__ import annotations

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook


def xlsx_sheets(response) -> dict[str, list[tuple]]:
    """The rows of every worksheet of an .xlsx response, as tuples of values."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def table_after_header(rows: list[tuple], first_header: str) -> list[tuple]:
    """The data rows below the header row that starts with `first_header`."""
    for i, row in enumerate(rows):
        if row and row[0] == first_header:
            return rows[i + 1 :]
    raise AssertionError(f"no header row starting with {first_header!r}")


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def pin_localdate(monkeypatch, day) -> None:
    """The reports run on `timezone.localdate()`: make it return `day` (an explicit value is still
    converted)."""
    from django.utils import timezone

    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
