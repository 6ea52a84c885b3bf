"""The certificate of a completed programme (PDF, reportlab as performance/pdf.py uses it), with its
verification code and a QR code (segno) that leads to the public check (views/public.py).

A certificate is an Indonesian document whatever the interface language; the QR code is drawn as
vector squares (sharp at any print size, no image library).
"""

from __future__ import annotations

from io import BytesIO

import segno
from django.http import HttpResponse
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from .selectors.completion import CertificateData

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def tanggal(day: object) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"  # type: ignore[attr-defined]


def period(data: CertificateData) -> str:
    if data.start_date == data.end_date:
        return tanggal(data.start_date)
    return f"{tanggal(data.start_date)} s.d. {tanggal(data.end_date)}"


def _draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """The QR code as black squares in a size×size square whose lower left corner is (x, y)."""
    matrix = [list(row) for row in segno.make(url, error="m", micro=False).matrix_iter(scale=1, border=4)]
    cell = size / len(matrix)
    canvas.setFillColor(colors.black)
    for row_number, row in enumerate(matrix):
        top = y + size - (row_number + 1) * cell
        for column, dark in enumerate(row):
            if dark:
                canvas.rect(x + column * cell, top, cell, cell, stroke=0, fill=1)


def certificate_pdf(data: CertificateData, *, url: str, compress: bool = True) -> bytes:
    buffer = BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1 if compress else 0)
    canvas.setTitle(f"Sertifikat {data.programme} {data.name}")
    canvas.setAuthor(data.instansi)
    canvas.setStrokeColor(colors.HexColor("#1f3b73"))
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    middle = width / 2
    canvas.setFillColor(colors.black)
    canvas.setFont("Helvetica", 13)
    canvas.drawCentredString(middle, height - 35 * mm, data.instansi.upper())
    canvas.setFont("Helvetica-Bold", 30)
    canvas.drawCentredString(middle, height - 55 * mm, "SERTIFIKAT")
    canvas.setFont("Helvetica", 12)
    canvas.drawCentredString(middle, height - 70 * mm, "diberikan kepada")
    canvas.setFont("Helvetica-Bold", 20)
    canvas.drawCentredString(middle, height - 84 * mm, data.name)
    canvas.setFont("Helvetica", 11)
    canvas.drawCentredString(middle, height - 92 * mm, f"NIP {data.nip}")
    canvas.setFont("Helvetica", 12)
    canvas.drawCentredString(middle, height - 106 * mm, "atas keberhasilannya menyelesaikan")
    canvas.setFont("Helvetica-Bold", 15)
    canvas.drawCentredString(middle, height - 117 * mm, data.programme[:90])
    canvas.setFont("Helvetica", 11)
    details = f"diselenggarakan oleh {data.organiser} pada {period(data)}, sebanyak {data.jp} JP"
    canvas.drawCentredString(middle, height - 127 * mm, details[:140])
    if data.score:
        canvas.drawCentredString(middle, height - 135 * mm, f"dengan nilai {data.score}")
    qr_size = 32 * mm
    _draw_qr(canvas, url, 22 * mm, 20 * mm, qr_size)
    canvas.setFont("Helvetica", 8)
    canvas.drawString(22 * mm + qr_size + 4 * mm, 34 * mm, f"Kode verifikasi: {data.code}")
    canvas.drawString(22 * mm + qr_size + 4 * mm, 29 * mm, "Pindai kode QR atau buka:")
    canvas.drawString(22 * mm + qr_size + 4 * mm, 24 * mm, url[:110])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def response(content: bytes, filename: str) -> HttpResponse:
    result = HttpResponse(content, content_type="application/pdf")
    result["Content-Disposition"] = f'inline; filename="{filename}"'
    return result
