"""The printable SKP and evaluation document (PDF) in the layout HR offices use (the forms of the
PermenPANRB 6/2022 annexes), built from the plain data dicts of selectors.planning.skp_document and
selectors.appraisal.appraisal_document, and the response that serves them.

The documents are official Indonesian forms, so their headings are written in Indonesian here and do
not follow the interface language (the views gather the data under DOCUMENT_LANGUAGE); the data
(names, labels of choices) arrive already as text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from core.pdf import build, grid, tanggal
from core.pdf import response as response  # the views serve the documents with it

# The SKP and the evaluation document are official Indonesian forms whatever the interface language.
DOCUMENT_LANGUAGE = "id"

MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN

_base = getSampleStyleSheet()["Normal"]
BODY = ParagraphStyle("body", parent=_base, fontName="Helvetica", fontSize=8, leading=10)
BOLD = ParagraphStyle("bold", parent=BODY, fontName="Helvetica-Bold")
HEAD = ParagraphStyle("head", parent=BOLD, alignment=TA_CENTER)
TITLE = ParagraphStyle("title", parent=BOLD, fontSize=12, leading=15, alignment=TA_CENTER)
SUBTITLE = ParagraphStyle("subtitle", parent=BODY, fontSize=9, leading=12, alignment=TA_CENTER)
SECTION = ParagraphStyle("section", parent=BOLD, fontSize=9, leading=12, spaceBefore=6, spaceAfter=2)
CENTER = ParagraphStyle("center", parent=BODY, alignment=TA_CENTER)


def _p(text: Any, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def _identities(employee: dict[str, str], appraiser: dict[str, str]) -> Table:
    """PEGAWAI YANG DINILAI beside PEJABAT PENILAI KINERJA, as on the official forms."""
    labels = ("NAMA", "NIP", "PANGKAT/GOL. RUANG", "JABATAN", "UNIT KERJA")
    keys = ("name", "nip", "rank", "position", "unit")
    rows: list[list[Any]] = [
        [
            _p("NO", HEAD),
            _p("PEGAWAI YANG DINILAI", HEAD),
            "",
            _p("NO", HEAD),
            _p("PEJABAT PENILAI KINERJA", HEAD),
            "",
        ]
    ]
    for i, (label, key) in enumerate(zip(labels, keys, strict=True), start=1):
        rows.append(
            [
                _p(i, CENTER),
                _p(label),
                _p(employee.get(key) or "-"),
                _p(i, CENTER),
                _p(label),
                _p(appraiser.get(key) or "-"),
            ]
        )
    half = WIDTH / 2
    widths = [7 * mm, 27 * mm, half - 34 * mm, 7 * mm, 27 * mm, half - 34 * mm]
    return grid(rows, widths, [("SPAN", (1, 0), (2, 0)), ("SPAN", (4, 0), (5, 0))])


def _signatures(data: dict[str, Any]) -> KeepTogether:
    employee, appraiser = data["employee"], data["appraiser"]
    place_date = f"{data['place']}, {tanggal(data['signed_on'])}"
    rows = [
        ["", _p(place_date, CENTER)],
        [_p("Pegawai yang Dinilai", CENTER), _p("Pejabat Penilai Kinerja", CENTER)],
        [Spacer(1, 18 * mm), Spacer(1, 18 * mm)],
        [_p(employee["name"], HEAD), _p(appraiser["name"] or "-", HEAD)],
        [_p(f"NIP. {employee['nip']}", CENTER), _p(f"NIP. {appraiser['nip'] or '-'}", CENTER)],
    ]
    table = Table(rows, colWidths=[WIDTH / 2, WIDTH / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether([Spacer(1, 6 * mm), table])


def _period_line(start: date, end: date) -> str:
    return f"PERIODE PENILAIAN: {tanggal(start).upper()} SD {tanggal(end).upper()}"


def _plan_rows(rhks: list[dict[str, Any]], cells: Callable[[dict[str, Any]], list[Any]], width: int) -> tuple:
    """Rows of the hasil kerja table: one per IKI, the RHK cells spanning its IKI."""
    rows: list[list[Any]] = []
    spans: list[tuple] = []
    for number, rhk in enumerate(rhks, start=1):
        first = len(rows) + 1  # + the header row
        ikis = rhk["ikis"] or [None]
        for i, iki in enumerate(ikis):
            lead = [_p(number, CENTER), _p(rhk["parent"] or "-"), _p(rhk["text"])] if i == 0 else ["", "", ""]
            rest = cells(iki) if iki else [_p("(belum ada indikator)")] + [""] * (width - 4)
            rows.append(lead + rest)
        last = len(rows)
        if last > first:
            spans += [("SPAN", (col, first), (col, last)) for col in range(3)]
    return rows, spans


def _target(iki: dict[str, Any]) -> str:
    return f"{iki['target']} {iki['unit']}".strip()


def skp_pdf(data: dict[str, Any], *, compress: bool = True) -> bytes:
    """The SKP document: identities, hasil kerja (RHK atasan / RHK / IKI / target), perilaku kerja
    with the superior's expectations, and the signatures."""
    story: list[Any] = [
        _p("SASARAN KINERJA PEGAWAI", TITLE),
        _p(data["instansi"].upper(), SUBTITLE),
        _p(_period_line(data["start"], data["end"]), SUBTITLE),
    ]
    if not data["approved"]:
        story.append(_p(f"DRAF — SKP belum disetujui (status: {data['state']})", SUBTITLE))
    story += [Spacer(1, 4 * mm), _identities(data["employee"], data["appraiser"])]

    story.append(_p("HASIL KERJA", SECTION))
    header = [
        _p(h, HEAD)
        for h in (
            "NO",
            "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI",
            "RENCANA HASIL KERJA",
            "INDIKATOR KINERJA INDIVIDU",
            "TARGET",
        )
    ]
    rows, spans = _plan_rows(data["rhks"], lambda iki: [_p(iki["indicator"]), _p(_target(iki))], 5)
    if not rows:
        rows = [["", _p("(belum ada rencana hasil kerja)"), "", "", ""]]
    widths = [8 * mm, 0.24 * WIDTH, 0.25 * WIDTH, 0.29 * WIDTH]
    widths.append(WIDTH - sum(widths))
    story.append(grid([header, *rows], widths, spans))

    story.append(_p("PERILAKU KERJA", SECTION))
    rows = [[_p("NO", HEAD), _p("PERILAKU KERJA", HEAD), _p("EKSPEKTASI KHUSUS PIMPINAN", HEAD)]]
    for number, behaviour in enumerate(data["behaviours"], start=1):
        rows.append([_p(number, CENTER), _p(behaviour["value"]), _p(behaviour["expectation"] or "-")])
    story.append(grid(rows, [8 * mm, 0.35 * WIDTH, WIDTH - 8 * mm - 0.35 * WIDTH]))

    story.append(_signatures(data))
    footer = f"SKP {data['year']} versi {data['version']} · {data['employee']['name']} · NIP {data['employee']['nip']}"
    return build(
        story, title=f"SKP {data['year']} {data['employee']['name']}", footer=footer, compress=compress
    )


def appraisal_pdf(data: dict[str, Any], *, compress: bool = True) -> bytes:
    """The evaluation document of a period (periodic or annual): identities, hasil kerja with
    realisation and capaian, umpan balik, the ratings and the predikat kinerja pegawai."""
    which = "EVALUASI " + (data["period"] if data["is_annual"] else f"PERIODIK — {data['period']}").upper()
    story: list[Any] = [
        _p("DOKUMEN EVALUASI KINERJA PEGAWAI", TITLE),
        _p(which, SUBTITLE),
        _p(data["instansi"].upper(), SUBTITLE),
        _p(_period_line(data["start"], data["end"]), SUBTITLE),
    ]
    if not data["final"]:
        story.append(_p(f"DRAF — penilaian belum final (status: {data['state']})", SUBTITLE))
    story += [Spacer(1, 4 * mm), _identities(data["employee"], data["appraiser"])]

    story.append(_p("HASIL KERJA", SECTION))
    realisation = "REALISASI (RATA-RATA PER PERIODE)" if data["is_annual"] else "REALISASI"
    header = [
        _p(h, HEAD)
        for h in (
            "NO",
            "RHK PIMPINAN YANG DIINTERVENSI",
            "RENCANA HASIL KERJA",
            "INDIKATOR KINERJA INDIVIDU",
            "TARGET",
            realisation,
            "CAPAIAN\n(%)",
            "UMPAN BALIK",
        )
    ]

    def cells(iki: dict[str, Any]) -> list[Any]:
        value = iki["realisation"]
        if data["is_annual"] and iki["reports"]:
            value = f"{value} ({iki['reports']} periode)"
        return [
            _p(iki["indicator"]),
            _p(_target(iki)),
            _p(value),
            _p(iki["capaian"], CENTER),
            _p(iki["feedback"] or "-"),
        ]

    rows, spans = _plan_rows(data["rhks"], cells, 8)
    if not rows:
        rows = [["", _p("(belum ada rencana hasil kerja)"), "", "", "", "", "", ""]]
    widths = [7 * mm, 0.13 * WIDTH, 0.14 * WIDTH, 0.17 * WIDTH, 0.1 * WIDTH, 0.11 * WIDTH, 0.09 * WIDTH]
    widths.append(WIDTH - sum(widths))
    story.append(grid([header, *rows], widths, spans))

    hasil = [
        [_p("INDEKS CAPAIAN"), _p(data["indeks"])],
        [_p("SARAN RATING (SISTEM)"), _p(data["suggested_hasil"] or "-")],
        [_p("RATING HASIL KERJA", BOLD), _p(data["rating_hasil"] or "-", BOLD)],
    ]
    if data["override_reason"]:
        hasil.append([_p("ALASAN BERBEDA DARI SARAN"), _p(data["override_reason"])])
    story += [
        Spacer(1, 2 * mm),
        grid(hasil, [0.35 * WIDTH, 0.65 * WIDTH], [("BACKGROUND", (0, 0), (-1, 0), colors.white)]),
    ]

    story.append(_p("PERILAKU KERJA", SECTION))
    rows = [
        [_p(h, HEAD) for h in ("NO", "PERILAKU KERJA", "EKSPEKTASI KHUSUS PIMPINAN", "UMPAN BALIK", "RATING")]
    ]
    for number, behaviour in enumerate(data["behaviours"], start=1):
        rows.append(
            [
                _p(number, CENTER),
                _p(behaviour["value"]),
                _p(behaviour["expectation"] or "-"),
                _p(behaviour["feedback"] or "-"),
                _p(behaviour["rating"] or "-"),
            ]
        )
    widths = [8 * mm, 0.2 * WIDTH, 0.3 * WIDTH, 0.28 * WIDTH]
    widths.append(WIDTH - sum(widths))
    story.append(grid(rows, widths))
    story += [
        Spacer(1, 2 * mm),
        grid(
            [
                [_p("RATING PERILAKU KERJA", BOLD), _p(data["rating_perilaku"] or "-", BOLD)],
                [_p("PREDIKAT KINERJA PEGAWAI", BOLD), _p(data["predikat"] or "-", BOLD)],
            ],
            [0.35 * WIDTH, 0.65 * WIDTH],
            [("BACKGROUND", (0, 0), (-1, 0), colors.white)],
        ),
    ]
    notes = [*data["feedback"]]
    if data["note"]:
        notes.append(data["note"])
    if notes:
        story.append(_p("UMPAN BALIK DAN CATATAN PEJABAT PENILAI", SECTION))
        story += [_p(text) for text in notes]

    story.append(_signatures(data))
    footer = f"Evaluasi kinerja {data['period']} · {data['employee']['name']} · NIP {data['employee']['nip']}"
    return build(
        story,
        title=f"Evaluasi kinerja {data['period']} {data['employee']['name']}",
        footer=footer,
        compress=compress,
    )
