"""The report of a survey period as a PDF ready to publish, with the tables of the report layout of
PermenPANRB 14/2017: the respondents against the minimum sample, the NRR per unsur with the NRR
tertimbang, the IKM, its konversi and mutu, the band table it was graded with, the IKM per service,
the respondent profile and the improvement priorities. Nothing personal is on it (no suggestion
text, no ticket).

Built from selectors.results.period_report with reportlab, as performance/pdf.py builds the SKP.
It is an official Indonesian document: its headings are Indonesian whatever the interface language
(the view gathers the data under DOCUMENT_LANGUAGE).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from core.pdf import build, grid, tanggal
from core.pdf import response as response  # the views serve the report with it

from . import rules
from .selectors.results import PeriodReport, Profile

DOCUMENT_LANGUAGE = "id"

MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN

_base = getSampleStyleSheet()["Normal"]
BODY = ParagraphStyle("body", parent=_base, fontName="Helvetica", fontSize=8.5, leading=11)
BOLD = ParagraphStyle("bold", parent=BODY, fontName="Helvetica-Bold")
HEAD = ParagraphStyle("head", parent=BOLD, alignment=TA_CENTER)
NUM = ParagraphStyle("num", parent=BODY, alignment=TA_RIGHT)
NUM_BOLD = ParagraphStyle("num_bold", parent=BOLD, alignment=TA_RIGHT)
CENTER = ParagraphStyle("center", parent=BODY, alignment=TA_CENTER)
TITLE = ParagraphStyle("title", parent=BOLD, fontSize=12, leading=15, alignment=TA_CENTER)
SUBTITLE = ParagraphStyle("subtitle", parent=BODY, fontSize=9.5, leading=12, alignment=TA_CENTER)
SECTION = ParagraphStyle("section", parent=BOLD, fontSize=9.5, leading=12, spaceBefore=8, spaceAfter=3)

# Centred vertically (core.pdf.grid aligns to the top by default).
MIDDLE = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]


def angka(value: Fraction | Decimal | int | None, places: int = 2) -> str:
    """A number as written in Indonesian (decimal comma, dot for thousands), half-up rounded."""
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    shown = rules.display(value if isinstance(value, Fraction) else Fraction(value), places)
    whole, _dot, decimals = f"{shown:,.{places}f}".partition(".")
    return whole.replace(",", ".") + ("," + decimals if decimals else "")


def _p(text: Any, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(str(text if text is not None else "")).replace("\n", "<br/>"), style)


def _grid(rows: list[list[Any]], widths: Sequence[float], extra: Sequence[tuple] = ()) -> Table:
    return grid(rows, widths, [*MIDDLE, *extra])


def _respondents(report: PeriodReport) -> Table:
    enough = "Memenuhi" if not report.short else "Belum memenuhi"
    rows = [
        [_p("KETERANGAN", HEAD), _p("JUMLAH", HEAD)],
        [_p("Jumlah responden"), _p(angka(report.respondents), NUM)],
        [_p("Populasi penerima layanan per tahun"), _p(angka(report.population), NUM)],
        [_p("Sampel minimum (tabel Krejcie dan Morgan)"), _p(angka(report.minimum), NUM)],
        [_p("Kecukupan sampel"), _p(enough, NUM)],
    ]
    return _grid(rows, [0.7 * WIDTH, 0.3 * WIDTH])


def _unsur(report: PeriodReport) -> Table:
    ikm = report.ikm
    rows: list[list[Any]] = [
        [_p(h, HEAD) for h in ("NO", "UNSUR PELAYANAN", "JUMLAH NILAI", "NRR", "NRR TERTIMBANG")]
    ]
    for number, row in enumerate(report.unsur, start=1):
        rows.append(
            [
                _p(number, CENTER),
                _p(f"{row.code}. {row.label}"),
                _p(angka(row.total), NUM),
                _p(angka(row.nrr), NUM),
                _p(angka(row.weighted, 4), NUM),
            ]
        )
    first_total = len(rows)
    rows += [
        ["", _p("Jumlah NRR tertimbang (IKM)", BOLD), "", "", _p(angka(ikm.ikm if ikm else None, 4), NUM_BOLD)],
        ["", _p("Nilai IKM setelah dikonversi (IKM × 25)", BOLD), "", "", _p(angka(ikm.konversi if ikm else None), NUM_BOLD)],
        ["", _p("Mutu pelayanan", BOLD), "", "", _p(ikm.mutu if ikm else "-", NUM_BOLD)],
        ["", _p("Kinerja unit pelayanan", BOLD), "", "", _p(report.mutu_label or "-", NUM_BOLD)],
    ]  # fmt: skip
    spans = [("SPAN", (1, r), (3, r)) for r in range(first_total, len(rows))]
    widths = [9 * mm, WIDTH - 9 * mm - 3 * 26 * mm, 26 * mm, 26 * mm, 26 * mm]
    return _grid(rows, widths, spans)


def _bands(report: PeriodReport) -> Table:
    """The band table the period was graded with: each grade's konversi interval."""
    rows = [
        [_p(h, HEAD) for h in ("MUTU PELAYANAN", "NILAI INTERVAL KONVERSI (NIK)", "KINERJA UNIT PELAYANAN")]
    ]
    ordered = sorted(report.bands, key=lambda b: b.minimum, reverse=True)
    upper: Decimal | None = None
    for band in ordered:
        top = "100,00" if upper is None else angka(upper - Decimal("0.01"))
        rows.append(
            [_p(band.grade, CENTER), _p(f"{angka(band.minimum)} – {top}", CENTER), _p(band.label, CENTER)]
        )
        upper = band.minimum
    return _grid(rows, [WIDTH / 3] * 3)


def _services(report: PeriodReport) -> Table:
    rows = [[_p(h, HEAD) for h in ("NO", "JENIS LAYANAN", "RESPONDEN", "IKM", "KONVERSI", "MUTU")]]
    for number, service in enumerate(report.services, start=1):
        ikm = service.ikm
        rows.append(
            [
                _p(number, CENTER),
                _p(service.name),
                _p(angka(service.result.respondents), NUM),
                _p(angka(ikm.ikm if ikm else None, 4), NUM),
                _p(angka(ikm.konversi if ikm else None), NUM),
                _p(ikm.mutu if ikm else "-", CENTER),
            ]
        )
    widths = [9 * mm, WIDTH - 9 * mm - 4 * 22 * mm, 22 * mm, 22 * mm, 22 * mm, 22 * mm]
    return _grid(rows, widths)


def _profile(profile: Profile) -> Table:
    rows: list[list[Any]] = [[_p(h, HEAD) for h in ("KARAKTERISTIK", "KATEGORI", "JUMLAH", "PERSENTASE")]]
    spans = []
    for title, counts in (
        ("Usia", profile.age),
        ("Jenis kelamin", profile.sex),
        ("Pendidikan", profile.education),
        ("Pekerjaan", profile.occupation),
    ):
        first = len(rows)
        for i, (label, count) in enumerate(counts or [("-", 0)]):
            share = Fraction(count * 100, profile.total) if profile.total else None
            rows.append(
                [_p(title if i == 0 else ""), _p(label), _p(angka(count), NUM), _p(f"{angka(share)}%", NUM)]
            )
        if len(rows) - 1 > first:
            spans.append(("SPAN", (0, first), (0, len(rows) - 1)))
    return _grid(
        rows,
        [0.25 * WIDTH, 0.39 * WIDTH, 0.16 * WIDTH, 0.2 * WIDTH],
        [*spans, ("VALIGN", (0, 1), (0, -1), "TOP")],
    )


def _priorities(report: PeriodReport) -> Table:
    rows = [[_p(h, HEAD) for h in ("URUTAN", "UNSUR PELAYANAN", "NRR")]]
    for number, row in enumerate(report.priorities, start=1):
        rows.append([_p(number, CENTER), _p(f"{row.code}. {row.label}"), _p(angka(row.nrr), NUM)])
    return _grid(rows, [18 * mm, WIDTH - 18 * mm - 26 * mm, 26 * mm])


def report_pdf(report: PeriodReport, profile: Profile, *, compress: bool = True) -> bytes:
    period = report.period
    period_line = f"Periode survei: {tanggal(period.start)} s.d. {tanggal(period.end)}"
    story: list[Any] = [
        _p("LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT", TITLE),
        _p(report.service_unit.name.upper(), TITLE),
        _p(f"{report.unit_name} · {report.instansi_name}", SUBTITLE),
        _p(period_line, SUBTITLE),
        Spacer(1, 4 * mm),
        _p("I. RESPONDEN", SECTION),
        _respondents(report),
    ]
    if report.ikm is None:
        story += [_p("II. HASIL PENGUKURAN", SECTION), _p("Belum ada responden pada periode ini.")]
    else:
        story += [
            KeepTogether(
                [_p("II. NILAI PER UNSUR PELAYANAN DAN INDEKS KEPUASAN MASYARAKAT", SECTION), _unsur(report)]
            ),
            _p(
                f"Bobot tiap unsur: {period.get_weighting_display()}. Nilai dihitung tanpa pembulatan dan "
                "dibulatkan ke dua desimal hanya untuk ditampilkan.",
            ),
            KeepTogether(
                [_p("III. NILAI PERSEPSI, INTERVAL KONVERSI DAN MUTU PELAYANAN", SECTION), _bands(report)]
            ),
        ]
        if report.services:
            story += [_p("IV. INDEKS KEPUASAN MASYARAKAT PER JENIS LAYANAN", SECTION), _services(report)]
        story += [
            _p("V. PROFIL RESPONDEN", SECTION),
            _profile(profile),
            KeepTogether(
                [
                    _p("VI. PRIORITAS PERBAIKAN (UNSUR DENGAN NILAI TERENDAH)", SECTION),
                    _priorities(report),
                ]
            ),
        ]
    computed = report.computed_at
    if computed is not None:
        story += [
            Spacer(1, 4 * mm),
            _p(f"Dihitung pada {tanggal(timezone.localtime(computed).date())}.", BODY),
        ]
    footer = f"Laporan SKM {report.service_unit.name} · {tanggal(period.start)} – {tanggal(period.end)}"
    return build(story, title=f"Laporan SKM {report.service_unit.name}", footer=footer, compress=compress)
