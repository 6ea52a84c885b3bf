"""The QR code of a service unit's public form (segno, pure Python) and the printable poster (PDF, with
reportlab and core.pdf) that the counter puts up: the unit's name, a short invitation,
the QR code and the address written out for those who type it.

The QR code is drawn into the PDF as vector squares (sharp at any print size, no image library). The
poster is an Indonesian notice for the public whatever the staff member's interface language.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import segno
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from core import pdf as core_pdf

# The poster is a public notice in Indonesian (the interface language of the staff member printing it
# does not change it).
INVITATION = (
    "Bantu kami meningkatkan pelayanan. Pindai kode QR ini dengan kamera ponsel Anda dan isi Survei "
    "Kepuasan Masyarakat: hanya sekitar 3 menit, tanpa nama, tanpa mendaftar."
)
TITLE = "Survei Kepuasan Masyarakat"
FOOTER = "Hasil survei diumumkan kepada masyarakat dan setiap saran ditindaklanjuti."

# Level M (15 % of the code may be damaged): a poster behind a glass counter or a scratched sticker
# still scans; the address of the form is short, so the code stays coarse and easy to read.
ERROR_LEVEL = "m"


def qr_code(url: str) -> segno.QRCode:
    return core_pdf.qr_code(url, ERROR_LEVEL)


def qr_svg(url: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind="svg", scale=scale, border=4, xmldecl=True, svgns=True, title=url)
    return buffer.getvalue()


def qr_png(url: str, *, scale: int = 12) -> bytes:
    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_data_uri(url: str, *, scale: int = 3) -> str:
    """The QR code as a data: URI for an <img> (the pages' Content-Security-Policy allows data: images)."""
    return qr_code(url).svg_data_uri(scale=scale, border=2)


def _paragraph(canvas: Canvas, text: str, style: ParagraphStyle, top: float, width: float) -> float:
    """Draw a centred paragraph whose top is at `top`; return the y of its bottom."""
    paragraph = Paragraph(escape(text), style)
    _w, height = paragraph.wrap(width, A4[1])
    paragraph.drawOn(canvas, (A4[0] - width) / 2, top - height)
    return top - height


def poster_pdf(*, url: str, unit_name: str, instansi_name: str) -> bytes:
    """An A4 poster: the invitation, the unit, the QR code of `url` and `url` written out."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{TITLE} – {unit_name}")
    canvas.setAuthor(instansi_name)
    width = A4[0] - 40 * mm
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=26, leading=31, alignment=TA_CENTER)
    unit = ParagraphStyle("unit", fontName="Helvetica-Bold", fontSize=18, leading=22, alignment=TA_CENTER)
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=14, leading=19, alignment=TA_CENTER)
    small = ParagraphStyle("small", fontName="Helvetica", fontSize=11, leading=14, alignment=TA_CENTER)
    address = ParagraphStyle("address", fontName="Courier-Bold", fontSize=13, leading=16, alignment=TA_CENTER)

    top = A4[1] - 22 * mm
    top = _paragraph(canvas, instansi_name, small, top, width) - 6 * mm
    top = _paragraph(canvas, TITLE, title, top, width) - 4 * mm
    top = _paragraph(canvas, unit_name, unit, top, width) - 8 * mm
    top = _paragraph(canvas, INVITATION, body, top, width) - 8 * mm
    size = min(120 * mm, top - 60 * mm)
    core_pdf.draw_qr(canvas, url, (A4[0] - size) / 2, top - size, size, error=ERROR_LEVEL)
    top = top - size - 6 * mm
    top = _paragraph(canvas, "Atau buka alamat ini di peramban:", small, top, width) - 2 * mm
    top = _paragraph(canvas, url, address, top, width) - 10 * mm
    _paragraph(canvas, FOOTER, small, top, width)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
