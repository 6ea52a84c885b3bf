"""The letters HR sends from the reports, as PDF (reportlab, through core.pdf): the surat pemberitahuan
kenaikan gaji berkala (one letter per page) and the daftar usul kenaikan pangkat (a landscape table).
Each carries the QR code of its public verification page (views/public.py) and that address written out.

They are official Indonesian letters: written in Indonesian whatever the interface language (the views
build them under DOCUMENT_LANGUAGE). Built from reports.rows (KgbLetter, promotion_list_line) and the
signer of reports.selectors.letter_signer: no queries here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

from core.pdf import MARGIN, QrFlowable, build, grid, paragraph, rupiah, tanggal

from .rows import KgbLetter, pangkat_name
from .selectors import Signer

DOCUMENT_LANGUAGE = "id"
QR_SIZE = 24 * mm
BLANK = "...................................."

_base = getSampleStyleSheet()["Normal"]
BODY = ParagraphStyle("letter_body", parent=_base, fontName="Helvetica", fontSize=9.5, leading=12)
SMALL = ParagraphStyle("letter_small", parent=BODY, fontSize=7.5, leading=9.5)
CELL = ParagraphStyle("letter_cell", parent=BODY, fontSize=8, leading=10)
CELL_HEAD = ParagraphStyle("letter_cell_head", parent=CELL, fontName="Helvetica-Bold", alignment=TA_CENTER)
CELL_CENTER = ParagraphStyle("letter_cell_center", parent=CELL, alignment=TA_CENTER)
BOLD = ParagraphStyle("letter_bold", parent=BODY, fontName="Helvetica-Bold")
CENTER = ParagraphStyle("letter_center", parent=BODY, alignment=TA_CENTER)
KOP = ParagraphStyle("letter_kop", parent=BOLD, fontSize=13, leading=16, alignment=TA_CENTER)
KOP_OFFICE = ParagraphStyle("letter_kop_office", parent=BOLD, fontSize=12, leading=15, alignment=TA_CENTER)
KOP_SMALL = ParagraphStyle("letter_kop_small", parent=BODY, fontSize=9, leading=11, alignment=TA_CENTER)
SIGN_NAME = ParagraphStyle("letter_sign_name", parent=BOLD, alignment=TA_CENTER)
TITLE = ParagraphStyle("letter_title", parent=BOLD, fontSize=11, leading=14, alignment=TA_CENTER)


@dataclass
class Heading:
    """What every letter of an agency's HR office shares: the letterhead, the place, the signer."""

    instansi_name: str
    seat: str
    ppk_title: str
    signer: Signer
    letter_date: date


def _kop(heading: Heading, width: float) -> list[Any]:
    """The letterhead: the government, the personnel office, the seat; a double rule below."""
    rule = Table([[""]], colWidths=[width], rowHeights=[2])
    rule.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 1.5, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
            ]
        )
    )
    return [
        paragraph(heading.instansi_name.upper(), KOP),
        paragraph(heading.signer.office.upper(), KOP_OFFICE),
        paragraph(heading.seat, KOP_SMALL),
        Spacer(1, 2 * mm),
        rule,
        Spacer(1, 4 * mm),
    ]


SIGNATURE_WIDTH = 80 * mm


def _signature(heading: Heading, width: float, left: list[Any] | None = None) -> Table:
    """The signature block on the right: place and date, a.n. the PPK, the head of the personnel office
    (their name, rank and NIP from the record, else a blank line to sign); `left` beside it."""
    signer = heading.signer
    lines = [
        paragraph(f"{heading.seat}, {tanggal(heading.letter_date)}", CENTER),
        paragraph(f"a.n. {heading.ppk_title}", CENTER),
        paragraph(signer.title, CENTER),
        Spacer(1, 18 * mm),
        paragraph(signer.name or BLANK, SIGN_NAME),
        paragraph(signer.rank, CENTER) if signer.rank else Spacer(1, 0),
        paragraph(f"NIP. {signer.nip or BLANK}", CENTER),
    ]
    table = Table([[left or "", lines]], colWidths=[width - SIGNATURE_WIDTH, SIGNATURE_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (0, 0), "BOTTOM"),
                ("VALIGN", (1, 0), (1, 0), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _verification(url: str, code: str, width: float) -> Table:
    """The QR code of the verification page with its address written out, at the foot of a letter."""
    text = [
        paragraph("Keaslian surat ini dapat diperiksa dengan memindai kode QR, atau di alamat:", SMALL),
        paragraph(url, SMALL),
        paragraph(f"Kode verifikasi: {code}", SMALL),
    ]
    table = Table([[QrFlowable(url, QR_SIZE), text]], colWidths=[QR_SIZE + 4 * mm, width - QR_SIZE - 4 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOX", (0, 0), (-1, -1), 0.5, colors.grey),
            ]
        )
    )
    return table


def _years(value: tuple[int, int] | None) -> str:
    return f"{value[0]} tahun {value[1]} bulan" if value is not None else BLANK


def _rank(golongan: str) -> str:
    name = pangkat_name(golongan)
    return f"{name} ({golongan})" if name else (golongan or BLANK)


def _fields(rows: list[tuple[str, str, str]], width: float) -> Table:
    """Numbered "label : value" lines of the letter's body."""
    data = [
        [paragraph(n, BODY), paragraph(label, BODY), ":", paragraph(value, BODY)] for n, label, value in rows
    ]
    table = Table(data, colWidths=[10 * mm, 72 * mm, 4 * mm, width - 86 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _kgb_story(letter: KgbLetter, *, number: str, code: str, url: str, addressee: str, heading: Heading,
               width: float) -> list[Any]:  # fmt: skip
    e = letter.employee
    header = Table(
        [
            ["Nomor", ":", paragraph(number or BLANK, BODY)],
            ["Lampiran", ":", "-"],
            ["Perihal", ":", paragraph("Pemberitahuan Kenaikan Gaji Berkala", BOLD)],
        ],
        colWidths=[22 * mm, 4 * mm, width - 26 * mm],
    )
    header.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("FONTSIZE", (0, 0), (-1, -1), 9.5)]))
    identity = [
        ("1.", "Nama", e.full_name),
        ("2.", "NIP", e.nip_display),
        ("3.", "Pangkat/golongan ruang", _rank(letter.golongan)),
        ("4.", "Jabatan", e.position_name or BLANK),
        ("5.", "Unit kerja", e.unit.name),
        ("6.", "Gaji pokok lama", rupiah(letter.old_salary)),
    ]
    basis = [
        ("", "a. Oleh pejabat", letter.basis_signer or BLANK),
        ("", "b. Tanggal", tanggal(letter.basis_sk_date) if letter.basis_sk_date else BLANK),
        ("", "c. Nomor", letter.basis_sk_number or BLANK),
        ("", "d. Tanggal mulai berlakunya gaji tersebut", tanggal(letter.basis_tmt) if letter.basis_tmt else BLANK),
        ("", "e. Masa kerja golongan pada tanggal tersebut", _years(letter.basis_mkg)),
    ]  # fmt: skip
    new = [
        ("7.", "Gaji pokok baru", rupiah(letter.new_salary)),
        ("8.", "Berdasarkan masa kerja golongan", _years(letter.new_mkg)),
        ("9.", "Dalam golongan ruang", letter.golongan or BLANK),
        ("10.", "Mulai tanggal", tanggal(letter.tmt)),
        ("11.", "Kenaikan gaji berkala berikutnya", tanggal(letter.next_kgb)),
    ]
    return [
        *_kop(heading, width),
        header,
        Spacer(1, 4 * mm),
        paragraph("Kepada Yth.", BODY),
        paragraph(addressee, BODY),
        paragraph(f"di {heading.seat}", BODY),
        Spacer(1, 4 * mm),
        paragraph(
            "Dengan ini diberitahukan bahwa berhubung dengan telah dipenuhinya masa kerja dan syarat-syarat "
            "lainnya kepada:",
            BODY,
        ),
        Spacer(1, 2 * mm),
        _fields(identity, width),
        paragraph(f"atas dasar {letter.basis.lower()} tentang gaji/pangkat yang ditetapkan:", BODY),
        _fields(basis, width),
        Spacer(1, 2 * mm),
        paragraph("diberikan kenaikan gaji berkala hingga memperoleh:", BODY),
        _fields(new, width),
        Spacer(1, 3 * mm),
        paragraph(
            "Diharapkan agar sesuai dengan peraturan perundang-undangan yang berlaku, kepada pegawai tersebut "
            "dapat dibayarkan penghasilannya berdasarkan gaji pokok yang baru.",
            BODY,
        ),
        Spacer(1, 3 * mm),
        _signature(
            heading,
            width,
            left=[
                paragraph("Tembusan:", SMALL),
                paragraph("1. Pegawai yang bersangkutan;", SMALL),
                paragraph(f"2. Kepala {e.unit.name};", SMALL),
                paragraph("3. Arsip.", SMALL),
            ],
        ),
        Spacer(1, 3 * mm),
        _verification(url, code, width),
    ]


def kgb_letters_pdf(
    letters: Sequence[tuple[KgbLetter, str, str]],
    *,
    addressee: str,
    heading: Heading,
    url_for: Callable[[str], str],
    compress: bool = True,
) -> bytes:
    """The KGB notices, one per page: each (letter, number, verification code)."""
    width = A4[0] - 2 * MARGIN
    story: list[Any] = []
    for i, (letter, number, code) in enumerate(letters):
        if i:
            story.append(PageBreak())
        story += _kgb_story(
            letter,
            number=number,
            code=code,
            url=url_for(code),
            addressee=addressee,
            heading=heading,
            width=width,
        )
    title = "Surat pemberitahuan kenaikan gaji berkala"
    if len(letters) == 1:
        title = f"{title} {letters[0][0].employee.full_name}"
    footer = f"{heading.instansi_name} · Surat pemberitahuan kenaikan gaji berkala"
    return build(story, title=title, footer=footer, compress=compress)


def promotion_list_pdf(
    lines: Sequence[dict[str, Any]],
    *,
    period: date,
    scope_label: str,
    number: str,
    code: str,
    url: str,
    heading: Heading,
    compress: bool = True,
) -> bytes:
    """The daftar usul kenaikan pangkat of a period: a landscape table and the signature."""
    pagesize = landscape(A4)
    width = pagesize[0] - 2 * MARGIN
    header = [
        paragraph(h, CELL_HEAD)
        for h in (
            "NO",
            "NAMA / NIP",
            "PANGKAT/GOL. LAMA (TMT)",
            "PANGKAT/GOL. BARU (TMT)",
            "JABATAN",
            "UNIT KERJA",
            "MASA KERJA GOL.",
            "JENIS KENAIKAN PANGKAT",
            "KETERANGAN",
        )
    ]
    rows: list[list[Any]] = [header]
    for i, line in enumerate(lines, start=1):
        rows.append(
            [
                paragraph(i, CELL_CENTER),
                paragraph(f"{line['nama']}\nNIP. {line['nip']}", CELL),
                paragraph(
                    f"{line['pangkat_lama']} ({line['golongan_lama']})\nTMT {tanggal(line['tmt_lama'])}"
                    if line["tmt_lama"]
                    else _rank(line["golongan_lama"]),
                    CELL,
                ),
                paragraph(
                    f"{line['pangkat_baru']} ({line['golongan_baru']})\nTMT {tanggal(line['tmt_baru'])}", CELL
                ),
                paragraph(line["jabatan"] or "-", CELL),
                paragraph(line["unit"], CELL),
                paragraph(f"{line['mkg'][0]} th {line['mkg'][1]} bl" if line["mkg"] else "-", CELL_CENTER),
                paragraph(line["jenis"], CELL),
                paragraph(line["keterangan"], CELL),
            ]
        )
    if len(rows) == 1:
        rows.append(["", paragraph("(tidak ada pegawai yang diusulkan)", CELL), *[""] * 7])
    fractions = (0.03, 0.17, 0.12, 0.12, 0.14, 0.13, 0.07, 0.09)
    widths = [f * width for f in fractions]
    widths.append(width - sum(widths))
    story: list[Any] = [
        *_kop(heading, width),
        paragraph("DAFTAR USUL KENAIKAN PANGKAT PEGAWAI NEGERI SIPIL", TITLE),
        paragraph(f"PERIODE {tanggal(period).upper()}", TITLE),
        paragraph(scope_label, CENTER),
        paragraph(f"Nomor: {number or BLANK}", CENTER),
        Spacer(1, 4 * mm),
        grid(rows, widths),
        Spacer(1, 2 * mm),
        paragraph(
            "Syarat kinerja dua tahun terakhir dan angka kredit jabatan fungsional diperiksa oleh petugas "
            "kepegawaian sebelum usul disampaikan.",
            SMALL,
        ),
        Spacer(1, 4 * mm),
        KeepTogether([_signature(heading, width, left=[_verification(url, code, width / 2)])]),
    ]
    footer = f"{heading.instansi_name} · Daftar usul kenaikan pangkat periode {tanggal(period)} · kode {code}"
    return build(
        story,
        title=f"Daftar usul kenaikan pangkat periode {tanggal(period)}",
        footer=footer,
        compress=compress,
        pagesize=pagesize,
    )
