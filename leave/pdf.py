"""The leave documents as PDF (reportlab, through core.pdf): the formulir permintaan dan pemberian cuti
(Peraturan BKN 24/2017 Anak Lampiran 1.b, sections I–VIII) and the surat izin cuti of a granted request
with the QR code of its public verification page (views/public.py) and that address written out.

Official Indonesian documents: written in Indonesian whatever the interface language. Built from
leave.documents (LeaveForm, the letter's record): no queries here.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4 as PAGE
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from core.pdf import GRID as CORE_GRID
from core.pdf import MARGIN, QrFlowable, build, paragraph, tanggal

from .documents import FORM_KINDS, OPTIONS, UNIT_WORDS, LeaveForm, Person, decision_signer
from .models import LeaveLetter, LeaveRequest

BLANK = "...................................."
WIDTH = PAGE[0] - 2 * MARGIN
TICK = "\u221a"  # √ as the paper forms tick a box
QR_SIZE = 24 * mm

# The form's cells with little vertical padding: sections I–VIII of a normal request fit one A4 page
# (found by the trial: it spilled onto a second page).
GRID = [
    *CORE_GRID,
    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
]
SIGN_SPACE = 8 * mm

_base = getSampleStyleSheet()["Normal"]
BODY = ParagraphStyle("leave_body", parent=_base, fontName="Helvetica", fontSize=8.5, leading=10.5)
SMALL = ParagraphStyle("leave_small", parent=BODY, fontSize=7.5, leading=9)
BOLD = ParagraphStyle("leave_bold", parent=BODY, fontName="Helvetica-Bold")
CENTER = ParagraphStyle("leave_center", parent=BODY, alignment=TA_CENTER)
TITLE = ParagraphStyle("leave_title", parent=BOLD, fontSize=11, leading=14, alignment=TA_CENTER)
SIGN_NAME = ParagraphStyle("leave_sign_name", parent=BOLD, alignment=TA_CENTER)


def _section(title: str) -> Table:
    table = Table([[paragraph(title, BOLD)]], colWidths=[WIDTH])
    table.setStyle(TableStyle([*GRID, ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#e6e6e6"))]))
    return table


def _ruled(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle(GRID))
    return table


def _p(text: Any) -> Any:
    return paragraph(text, BODY)


def _tick(on: bool) -> Any:
    return paragraph(TICK if on else "", CENTER)


def _sign(person: Person | None, title: str = "") -> list[Any]:
    """A signature block: the title, room to sign, the name and the NIP (none for the kepala daerah)."""
    block = [
        paragraph(title, CENTER),
        Spacer(1, SIGN_SPACE),
        paragraph((person.name if person else "") or BLANK, SIGN_NAME),
    ]
    if person is None or person.has_nip:
        block.append(paragraph(f"NIP. {person.nip if person else BLANK}", CENTER))
    return block


def _options(chosen: str, reason: str, signer: Person | None, title: str) -> list[Any]:
    """Sections VII and VIII: the four options, the chosen one ticked, the reason, the signature."""
    quarter = WIDTH / 4
    heads = [paragraph(label, CENTER) for _value, label in OPTIONS]
    ticks = [_tick(chosen == value) for value, _label in OPTIONS]
    table = _ruled([heads, ticks], [quarter] * 4)
    sign = Table(
        [[_p(f"Alasan: {reason}" if reason else ""), _sign(signer, title)]],
        colWidths=[WIDTH - 70 * mm, 70 * mm],
    )
    sign.setStyle(TableStyle(GRID))
    return [table, sign]


def _years(value: tuple[int, int] | None) -> str:
    return f"{value[0]} tahun {value[1]} bulan" if value is not None else BLANK


def form_story(form: LeaveForm) -> list[Any]:
    half = WIDTH / 2
    quarter = WIDTH / 4
    story: list[Any] = [
        Table(
            [
                ["", paragraph(f"{form.seat}, {tanggal(form.sent_on)}", BODY)],
                ["", paragraph("Kepada Yth.", BODY)],
                ["", paragraph(form.addressee or BLANK, BODY)],
                ["", paragraph(f"di {form.seat}", BODY)],
            ],
            colWidths=[WIDTH - 80 * mm, 80 * mm],
            style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0)],
        ),
        Spacer(1, 1.5 * mm),
        paragraph("FORMULIR PERMINTAAN DAN PEMBERIAN CUTI", TITLE),
        Spacer(1, 1.5 * mm),
    ]
    if form.cancelled:
        story += [paragraph("PERMINTAAN CUTI INI TELAH DIBATALKAN", TITLE), Spacer(1, 2 * mm)]
    e = form.employee
    story += [
        _section("I. DATA PEGAWAI"),
        _ruled(
            [
                [_p("Nama"), _p(e.name), _p("NIP"), _p(e.nip)],
                [_p("Jabatan"), _p(form.position or BLANK), _p("Masa Kerja"), _p(_years(form.service))],
                [_p("Unit Kerja"), _p(form.unit_name), "", ""],
            ],
            [22 * mm, half - 22 * mm, 22 * mm, half - 22 * mm],
        ),
        _section("II. JENIS CUTI YANG DIAMBIL **"),
    ]
    kinds = [
        [_p(f"{n}. {label}"), _tick(kind == form.kind)] for n, (kind, label) in enumerate(FORM_KINDS, start=1)
    ]
    story.append(
        _ruled(
            [kinds[i] + kinds[i + 1] for i in range(0, len(kinds), 2)],
            [half - 12 * mm, 12 * mm, half - 12 * mm, 12 * mm],
        )
    )
    story += [
        _section("III. ALASAN CUTI"),
        _ruled([[_p(form.reason)]], [WIDTH]),
        _section("IV. LAMANYA CUTI"),
        _ruled(
            [
                [
                    _p(f"Selama {form.length} {UNIT_WORDS.get(form.length_unit, form.length_unit)}"),
                    _p("mulai tanggal"),
                    _p(tanggal(form.start)),
                    _p("s/d"),
                    _p(tanggal(form.end)),
                ]
            ],
            [quarter + 10 * mm, 25 * mm, quarter, 10 * mm, WIDTH - 2 * quarter - 45 * mm],
        ),
        _section("V. CATATAN CUTI ***"),
    ]
    tahunan = [[_p("1. CUTI TAHUNAN"), "", ""], [_p("Tahun"), _p("Sisa"), _p("Keterangan")]]
    for row in form.buckets:
        note = f"diambil {row.taken} hari, sisa {row.after} hari" if row.taken else ""
        tahunan.append([_p(f"{row.label} ({row.year})"), _p(str(row.left)), _p(note)])
    others = [
        [_p(f"{n}. {label.upper()}"), _p(form.others.get(kind, ""))]
        for n, (kind, label) in enumerate(FORM_KINDS, start=1)
        if n > 1
    ]
    left = Table(tahunan, colWidths=[25 * mm, 15 * mm, half - 40 * mm])
    left.setStyle(TableStyle([*GRID, ("SPAN", (0, 0), (-1, 0))]))
    right = Table(others, colWidths=[half * 0.55, half * 0.45])
    right.setStyle(TableStyle(GRID))
    layout = Table([[left, right]], colWidths=[half, half])
    layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), *_NO_PADDING]))
    story += [
        layout,
        _section("VI. ALAMAT SELAMA MENJALANKAN CUTI"),
    ]
    address = Table(
        [
            [_p(form.address), _p("TELP"), _p(form.phone)],
            ["", _sign(form.employee, "Hormat saya,"), ""],
        ],
        colWidths=[WIDTH - 70 * mm, 20 * mm, 50 * mm],
    )
    address.setStyle(TableStyle([*GRID, ("SPAN", (1, 1), (2, 1))]))
    story += [
        address,
        _section("VII. PERTIMBANGAN ATASAN LANGSUNG **"),
        *_options(form.recommendation, form.recommendation_reason, form.atasan, "Atasan langsung"),
        _section("VIII. KEPUTUSAN PEJABAT YANG BERWENANG MEMBERIKAN CUTI **"),
        *_options(form.decision, form.decision_reason, form.pyb, form.pyb_title),
        Spacer(1, 1 * mm),
        paragraph(
            "Catatan: ** beri tanda centang (\u221a) pada pilihan; *** diisi oleh pejabat yang "
            "menangani bidang kepegawaian sebelum PyB memberikan cuti.",
            SMALL,
        ),
    ]
    return story


_NO_PADDING = [
    (side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
]


def form_pdf(form: LeaveForm, *, compress: bool = True) -> bytes:
    return build(
        form_story(form),
        title=f"Formulir permintaan cuti {form.employee.name}",
        footer=f"Formulir permintaan dan pemberian cuti — {form.employee.name}, NIP {form.employee.nip}",
        compress=compress,
    )


# --- The decision letter ------------------------------------------------------------------------------------
def _verification(url: str, code: str) -> Table:
    text = [
        paragraph("Keaslian surat ini dapat diperiksa dengan memindai kode QR, atau di alamat:", SMALL),
        paragraph(url, SMALL),
        paragraph(f"Kode verifikasi: {code}", SMALL),
    ]
    table = Table([[QrFlowable(url, QR_SIZE), text]], colWidths=[QR_SIZE + 4 * mm, WIDTH - QR_SIZE - 4 * mm])
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


def letter_story(letter: LeaveLetter, request: LeaveRequest, url: str) -> list[Any]:
    employee = request.employee
    instansi = employee.unit.instansi
    fields = [
        ("Nama", letter.subject_name),
        ("NIP", employee.nip_display),
        ("Pangkat/golongan ruang", employee.golongan_display or BLANK),
        ("Jabatan", employee.position_name or BLANK),
        ("Satuan organisasi", f"{employee.unit.name}, {instansi.name}"),
    ]
    identity = Table(
        [[_p(label), ":", _p(value)] for label, value in fields],
        colWidths=[45 * mm, 4 * mm, WIDTH - 49 * mm],
        style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")],
    )
    length = f"{request.length} {UNIT_WORDS.get(request.length_unit, request.length_unit)}"
    signer, title = decision_signer(request)
    sign = Table(
        [["", [paragraph(f"{instansi.seat}, {tanggal(letter.letter_date)}", CENTER),
               *_sign(signer, title)]]],
        colWidths=[WIDTH - 80 * mm, 80 * mm],
    )  # fmt: skip
    return [
        paragraph(instansi.name.upper(), TITLE),
        Spacer(1, 4 * mm),
        paragraph(f"SURAT IZIN {letter.type_name.upper()}", TITLE),
        paragraph(f"Nomor: {letter.number}", CENTER),
        Spacer(1, 5 * mm),
        _p(f"1. Diberikan {letter.type_name.lower()} tahun {letter.start.year} kepada:"),
        Spacer(1, 2 * mm),
        identity,
        Spacer(1, 2 * mm),
        _p(
            f"selama {length}, terhitung mulai tanggal {tanggal(letter.start)} sampai dengan tanggal "
            f"{tanggal(letter.end)}, dengan ketentuan sebagai berikut:"
        ),
        _p(
            "a. Sebelum menjalankan cuti wajib menyerahkan pekerjaannya kepada atasan langsungnya atau "
            "pejabat lain yang ditunjuk."
        ),
        _p(
            "b. Setelah selesai menjalankan cuti wajib melaporkan diri kepada atasan langsungnya dan "
            "bekerja kembali sebagaimana mestinya."
        ),
        Spacer(1, 2 * mm),
        _p("2. Demikian surat izin cuti ini dibuat untuk dapat dipergunakan sebagaimana mestinya."),
        Spacer(1, 6 * mm),
        sign,
        Spacer(1, 8 * mm),
        _verification(url, letter.code),
    ]


def letter_pdf(letter: LeaveLetter, request: LeaveRequest, url: str, *, compress: bool = True) -> bytes:
    return build(
        letter_story(letter, request, url),
        title=f"Surat izin cuti {letter.number}",
        footer=f"Surat izin cuti {letter.number} — {letter.subject_name}",
        compress=compress,
    )
