"""What every PDF of the project shares (reportlab, as performance/pdf.py first built them): dates and
amounts as Indonesian documents write them, paragraph and grid helpers, the page footer, the document
build (invariant bytes), a QR code drawn as vector squares (segno), and the response that serves a PDF.

The documents are official Indonesian forms: what is written here is Indonesian whatever the interface
language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

import segno
from django.http import HttpResponse
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MARGIN = 15 * mm

GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
]
HEADER_ROW = [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6"))]


def tanggal(day: date) -> str:
    """A date as written on Indonesian documents: 23 November 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def rupiah(amount: int | None) -> str:
    """An amount in whole rupiah as written on Indonesian documents: Rp 3.000.000; None: a dotted
    line to fill in by hand."""
    if amount is None:
        return "Rp ...................................."
    return "Rp " + f"{amount:,}".replace(",", ".")


def paragraph(text: Any, style: ParagraphStyle) -> Paragraph:
    """Plain text (escaped; line breaks kept) as a paragraph; None and "" give an empty one."""
    return Paragraph(escape(str(text if text is not None else "")).replace("\n", "<br/>"), style)


def grid(
    rows: list[list[Any]], widths: Sequence[float], extra: Sequence[tuple] = (), *, header: bool = True
) -> Table:
    """A ruled table; the first row is a shaded header repeated on every page (`header`)."""
    table = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0)
    table.setStyle(TableStyle([*GRID, *(HEADER_ROW if header else []), *extra]))
    return table


def page_footer(text: str, pagesize: tuple[float, float] = A4) -> Callable[[Canvas, Any], None]:
    """A footer line (at most 150 characters) and the page number on every page."""

    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(MARGIN, 8 * mm, text[:150])
        canvas.drawRightString(pagesize[0] - MARGIN, 8 * mm, f"Halaman {canvas.getPageNumber()}")
        canvas.restoreState()

    return draw


def build(
    story: list[Any],
    *,
    title: str,
    footer: str,
    compress: bool = True,
    pagesize: tuple[float, float] = A4,
    author: str = "ASN Portal",
) -> bytes:
    """The PDF of `story`: the same data gives the same bytes (no timestamp, no random id)."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 5 * mm,
        title=title,
        author=author,
        invariant=1,
        pageCompression=1 if compress else 0,
    )
    draw = page_footer(footer, pagesize)
    doc.build(story, onFirstPage=draw, onLaterPages=draw)
    return buffer.getvalue()


def response(content: bytes, filename: str) -> HttpResponse:
    """A built document, shown in the browser (inline) under its file name, never cached."""
    result = HttpResponse(content, content_type="application/pdf")
    result["Content-Disposition"] = f'inline; filename="{filename}"'
    result["Cache-Control"] = "private, no-store"
    return result


# --- QR codes ------------------------------------------------------------------------------------
def qr_code(text: str, error: str = "m") -> segno.QRCode:
    """A QR code (never a micro one). Level M by default: 15 % of the code may be damaged."""
    return segno.make(text, error=error, micro=False)


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float, *, error: str = "m") -> None:
    """The QR code of `text` as black squares in a size×size square whose lower left corner is (x, y):
    sharp at any print size, no image library."""
    matrix = [list(row) for row in qr_code(text, error).matrix_iter(scale=1, border=4)]
    modules = len(matrix)
    cell = size / modules
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    for row_number, row in enumerate(matrix):
        top = y + size - (row_number + 1) * cell
        column = 0
        while column < modules:  # one rectangle per run of dark modules: a smaller, faster file
            if row[column]:
                start = column
                while column < modules and row[column]:
                    column += 1
                canvas.rect(x + start * cell, top, (column - start) * cell, cell, stroke=0, fill=1)
            else:
                column += 1


class QrFlowable(Flowable):
    """A QR code as a flowable of a document's story (a size×size square)."""

    def __init__(self, text: str, size: float, *, error: str = "m") -> None:
        super().__init__()
        self.text, self.size, self.error = text, size, error
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.text, 0, 0, self.size, error=self.error)
