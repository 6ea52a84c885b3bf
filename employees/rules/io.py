"""The .xlsx import format: its columns, how each cell is read, and reading a sheet into rows.

Pure: no ORM and no settings (the row limit is passed in). employees.services.io checks the rows
read here against the database and writes them; the import pages offer a template of each kind.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from core.bounds import DATE_MAX, DATE_MIN, date_in_bounds, parse_int

from ..choices import (
    GOLONGAN_CHOICES,
    Education,
    EmploymentStatus,
    Eselon,
    Gender,
    PositionKind,
    PositionLevel,
    WorkingState,
)
from .nip import NipError, check_nip_lama, normalize_nip, parse_nip
from .phone import is_phone, normalize_phone

XLSX_SIGNATURE = b"PK\x03\x04"
# The size of the unpacked workbook is limited too (a small zip can unpack to gigabytes).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# Blank rows are skipped, but only this many beyond the row limit are read at all.
BLANK_ROW_ALLOWANCE = 1000


# --- Columns and cell parsing ------------------------------------------------------------------------
class CellError(ValueError):
    """A cell that cannot be read; the message is for the user."""


def _squash(text: str) -> str:
    """Case, spaces, dots, dashes and slashes do not matter when matching a choice or a header."""
    return re.sub(r"[\s.\-/_()*]", "", text).casefold()


def _spellings(text: Any) -> set[str]:
    """A (lazily translated) text as the user's language shows it and as written in the source
    (Indonesian): a file made with the English interface is read by the Indonesian one."""
    with translation.override(None):
        original = str(text)
    return {_squash(str(text)), _squash(original)}


def _choice_lookup(choices: list[tuple[str, Any]], extra: dict[str, str] | None = None) -> dict[str, str]:
    table = {}
    for value, label in choices:
        table[_squash(str(value))] = value
        for spelling in _spellings(label):
            table[spelling] = value
    for alias, value in (extra or {}).items():
        table[_squash(alias)] = value
    return table


def _golongan_lookup() -> dict[str, str]:
    # "III/a" (PNS); "IX", "PPPK IX" or "PPPK-IX" (PPPK). The ruang letter keeps its case-free match.
    table = {}
    for value, _label in GOLONGAN_CHOICES:
        table[_squash(value)] = value
        if value.startswith("PPPK-"):
            table[_squash(value.removeprefix("PPPK-"))] = value
    return table


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        raise CellError(_("berisi tanggal, padahal yang diminta teks"))
    return str(value).strip()


def nip(value: Any) -> str:
    if isinstance(value, float):
        raise CellError(
            _("NIP terbaca sebagai angka dan dibulatkan Excel; format sel NIP sebagai Teks lalu ketik ulang")
        )
    raw = normalize_nip(text(value))
    if not raw:
        return ""  # reported as a missing required value
    try:
        parse_nip(raw)
    except NipError as exc:
        raise CellError(str(exc)) from exc
    return raw


def nip_lama(value: Any) -> str:
    """The old 9-digit NIP, spaces and dots dropped (rules.nip.check_nip_lama)."""
    try:
        return check_nip_lama(text(value))
    except NipError as exc:
        raise CellError(str(exc)) from exc


def phone(value: Any) -> str:
    """A phone number in its stored form (rules.phone), typed with spaces, dashes or +62."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A number cell: Excel dropped the leading 0 (812...) or the plus (62812...).
        digits = text(value)
        number = normalize_phone(digits if digits.startswith("62") else "0" + digits)
    else:
        number = normalize_phone(text(value))
    if number and not is_phone(number):
        raise CellError(
            _("nomor telepon tidak valid (%(value)s); mis. 0812-3456-7890 atau +62 812 3456 7890")
            % {"value": text(value)}
        )
    return number


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


def a_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    found = _parse_date(value)
    if not date_in_bounds(found):
        raise CellError(
            _("tanggal di luar batas (%(value)s); harus antara %(min)s dan %(max)s")
            % {"value": found.isoformat(), "min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()}
        )
    return found


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    raise CellError(
        _("tanggal tidak valid (%(value)s); gunakan sel tanggal Excel atau TTTT-BB-HH") % {"value": value}
    )


def whole_number(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("harus bilangan bulat"))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and (number := parse_int(value)) is not None:
        return number
    raise CellError(_("harus bilangan bulat (%(value)s)") % {"value": value})


def yes_no(value: Any) -> bool:
    if value in (None, ""):
        return False
    if isinstance(value, bool):
        return value
    squashed = _squash(str(value))
    if squashed in ("ya", "y", "yes", "1", "true", "benar"):
        return True
    if squashed in ("tidak", "t", "no", "n", "0", "false", "salah"):
        return False
    raise CellError(_("isi Ya atau Tidak"))


def choice(table_factory: Callable[[], dict[str, str]]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        raw = text(value)
        if not raw:
            return ""
        found = table_factory().get(_squash(raw))
        if found is None:
            raise CellError(_("nilai tidak dikenal: %(value)s") % {"value": raw})
        return found

    return parse


@dataclass(frozen=True)
class Column:
    key: str  # the key of the row data: a form field (employees) or a model field (histories)
    header: Any  # the header text in the file (lazy translation)
    parse: Callable[[Any], Any]
    required: bool = False
    example: Any = None
    # The model field names whose validation errors belong to this column.
    error_keys: tuple[str, ...] = ()


EDUCATION = choice(lambda: _choice_lookup(Education.choices, {"SMA": "SLTA", "SMK": "SLTA", "D4": "D-IV"}))
GENDER = choice(lambda: _choice_lookup(Gender.choices, {"laki laki": "L", "pria": "L", "wanita": "P"}))
GOLONGAN = choice(_golongan_lookup)
POSITION_KIND = choice(lambda: _choice_lookup(PositionKind.choices))
POSITION_LEVEL = choice(lambda: _choice_lookup(PositionLevel.choices))
ESELON = choice(lambda: _choice_lookup(Eselon.choices))
STATUS = choice(lambda: _choice_lookup(EmploymentStatus.choices))
STATE = choice(lambda: _choice_lookup(WorkingState.choices))

H = gettext_lazy


def sk_columns(*, required: bool) -> tuple[Column, ...]:
    """The decree columns; number and date are required where the history pages require them
    (employees.selectors.histories.KINDS, decree_required; a test holds the two together)."""
    return (
        Column("sk_number", H("Nomor SK"), text, required, "800/123/BKPSDM/2024"),
        Column("sk_date", H("Tanggal SK"), a_date, required, date(2024, 3, 20)),
        Column("sk_signer", H("Pejabat penanda tangan"), text, example="Wali Kota Sorong"),
    )


@dataclass(frozen=True)
class ImportKind:
    code: str
    title: Any
    columns: tuple[Column, ...]

    def header_of(self, error_key: str) -> str:
        for column in self.columns:
            if error_key == column.key or error_key in column.error_keys:
                return str(column.header)
        return ""


EMPLOYEES = ImportKind(
    "pegawai",
    H("Pegawai baru"),
    (
        Column("nip", H("NIP"), nip, True, "199203042019032007"),
        Column("name", H("Nama"), text, True, "Rina Wulandari"),
        Column("front_title", H("Gelar depan"), text),
        Column("back_title", H("Gelar belakang"), text, example="S.E."),
        Column("birth_place", H("Tempat lahir"), text, example="Sorong"),
        Column("birth_date", H("Tanggal lahir"), a_date, True, date(1992, 3, 4)),
        Column("gender", H("Jenis kelamin"), GENDER, True, "P"),
        Column("unit", H("Kode unit"), text, True, "DISHUB"),
        Column("employment_status", H("Status kepegawaian"), STATUS, example="PNS"),
        Column("tmt_cpns", H("TMT CPNS"), a_date, example=date(2019, 3, 1)),
        Column("tmt_pns", H("TMT PNS"), a_date, example=date(2020, 3, 1)),
        Column("tmt_pppk", H("TMT PPPK"), a_date),
        Column("education", H("Pendidikan"), EDUCATION, example="S-1"),
        Column("working_state", H("Keadaan kepegawaian"), STATE, example="Aktif"),
        Column("golongan", H("Golongan"), GOLONGAN, True, "III/a", error_keys=("golongan",)),
        Column("tmt_golongan", H("TMT golongan"), a_date, example=date(2019, 3, 1)),
        Column("mk_years", H("Masa kerja golongan (tahun)"), whole_number, example=0),
        Column("mk_months", H("Masa kerja golongan (bulan)"), whole_number, example=0),
        Column("position_name", H("Nama jabatan"), text, True, "Penata Layanan Operasional"),
        Column("position_kind", H("Jenis jabatan"), POSITION_KIND, True, "Pelaksana"),
        Column("position_level", H("Jenjang jabatan"), POSITION_LEVEL),
        Column("eselon", H("Eselon"), ESELON),
        Column("tmt_jabatan", H("TMT jabatan"), a_date, example=date(2019, 3, 1)),
        Column("phone", H("Nomor telepon"), phone, example="0812-3456-7890"),
        Column(
            "nip_mismatch_confirmed",
            H("Konfirmasi beda NIP"),
            yes_no,
            example="Tidak",
            error_keys=("nip_mismatch_confirmed",),
        ),
        Column("nip_lama", H("NIP lama"), nip_lama),
    ),
)
RANKS = ImportKind(
    "riwayat-pangkat",
    H("Riwayat pangkat/golongan"),
    (
        Column("nip", H("NIP"), nip, True, "199203042019032007"),
        Column("golongan", H("Golongan"), GOLONGAN, True, "III/b"),
        Column("tmt", H("TMT golongan"), a_date, True, date(2023, 4, 1)),
        Column("mk_years", H("Masa kerja golongan (tahun)"), whole_number, example=4),
        Column("mk_months", H("Masa kerja golongan (bulan)"), whole_number, example=0),
        *sk_columns(required=True),
    ),
)
POSITIONS = ImportKind(
    "riwayat-jabatan",
    H("Riwayat jabatan"),
    (
        Column("nip", H("NIP"), nip, True, "199203042019032007"),
        Column("name", H("Nama jabatan"), text, True, "Analis Sumber Daya Manusia Aparatur"),
        Column("kind", H("Jenis jabatan"), POSITION_KIND, True, "Fungsional"),
        Column("level", H("Jenjang jabatan"), POSITION_LEVEL, example="Ahli Pertama"),
        Column("eselon", H("Eselon"), ESELON),
        Column("tmt", H("TMT jabatan"), a_date, True, date(2024, 1, 2)),
        Column("unit_name", H("Unit kerja (sesuai SK)"), text, example="BKPSDM Kota Sorong"),
        Column("retirement_age", H("BUP khusus jabatan"), whole_number),
        *sk_columns(required=True),
    ),
)
KINDS: dict[str, ImportKind] = {kind.code: kind for kind in (EMPLOYEES, RANKS, POSITIONS)}


# --- Reading the file --------------------------------------------------------------------------------
class FileRefused(ValueError):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class RawRow:
    number: int  # the row number in the sheet (the header is row 1)
    values: dict[str, Any]


def read_rows(source: IO[bytes], kind: ImportKind, *, max_rows: int) -> tuple[list[RawRow], list[str]]:
    """The data rows of the first sheet, by column key; refuses a file that cannot be used."""
    source.seek(0)
    if source.read(4) != XLSX_SIGNATURE:
        raise FileRefused(_("Berkas ini bukan .xlsx (Excel 2007 ke atas), apa pun nama berkasnya."))
    source.seek(0)
    unreadable = _(
        "Berkas .xlsx tidak dapat dibaca (rusak atau bukan buku kerja Excel). Simpan ulang lalu unggah lagi."
    )
    try:
        with zipfile.ZipFile(source) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise FileRefused(_("Isi berkas terlalu besar setelah dibuka; bagi menjadi beberapa berkas."))
        source.seek(0)
        workbook = load_workbook(source, read_only=True, data_only=True)
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise FileRefused(unreadable) from exc
    try:
        return _read_sheet(workbook, kind, max_rows)
    except FileRefused:
        raise
    except Exception as exc:
        raise FileRefused(unreadable) from exc
    finally:
        workbook.close()


def _read_sheet(workbook: Any, kind: ImportKind, limit: int) -> tuple[list[RawRow], list[str]]:
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        raise FileRefused(_("Berkas tidak berisi lembar kerja."))
    rows = sheet.iter_rows(values_only=True)
    header_row = next(rows, None) or ()
    by_header = {spelling: column for column in kind.columns for spelling in _spellings(column.header)}
    positions: dict[int, Column] = {}
    unknown: list[str] = []
    for index, value in enumerate(header_row):
        if value is None or str(value).strip() == "":
            continue
        column = by_header.get(_squash(str(value)))
        if column is None:
            unknown.append(str(value).strip())
        elif column in positions.values():
            raise FileRefused(_("Kolom %(name)s muncul dua kali di baris judul.") % {"name": column.header})
        else:
            positions[index] = column
    missing = [str(c.header) for c in kind.columns if c.required and c not in positions.values()]
    if missing:
        raise FileRefused(
            _("Kolom wajib tidak ada di baris pertama: %(names)s. Gunakan templat impor.")
            % {"names": ", ".join(missing)}
        )
    found: list[RawRow] = []
    for number, values in enumerate(rows, start=2):
        if number > limit + 1 + BLANK_ROW_ALLOWANCE:
            raise FileRefused(
                _("Berkas terlalu panjang; paling banyak %(limit)s baris data.") % {"limit": limit}
            )
        if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(found) >= limit:
            raise FileRefused(
                _("Berkas berisi lebih dari %(limit)s baris data; bagi menjadi beberapa berkas.")
                % {"limit": number_format(limit, force_grouping=True)}
            )
        found.append(
            RawRow(number, {c.key: values[i] if i < len(values) else None for i, c in positions.items()})
        )
    if not found:
        raise FileRefused(_("Berkas tidak berisi baris data di bawah baris judul."))
    return found, unknown


# --- Reading the cells ---------------------------------------------------------------------------------
def parse_cells(kind: ImportKind, raw: RawRow) -> tuple[dict[str, Any], list[str]]:
    data: dict[str, Any] = {}
    reasons = []
    for column in kind.columns:
        value = raw.values.get(column.key)
        try:
            parsed = column.parse(value)
        except CellError as exc:
            reasons.append(f"{column.header}: {exc}")
            continue
        if column.required and parsed in (None, ""):
            reasons.append(_("%(name)s wajib diisi.") % {"name": column.header})
        data[column.key] = parsed
    return data, reasons


def parse_rows(kind: ImportKind, raws: list[RawRow]) -> list[tuple[RawRow, dict[str, Any], list[str]]]:
    """(row, values by column key, reasons) of every row; the reasons are those of its cells."""
    example = parse_cells(kind, RawRow(0, {c.key: c.example for c in kind.columns}))[0]
    parsed = []
    for raw in raws:
        data, reasons = parse_cells(kind, raw)
        if data == example:  # left in by mistake: never import the template's made-up person
            reasons.append(_("Ini baris contoh dari templat; hapus atau ganti dengan data sebenarnya."))
        parsed.append((raw, data, reasons))
    return parsed


def row_label(kind: ImportKind, data: dict[str, Any], raw: RawRow) -> str:
    """NIP (and the name, for new employees) to tell the reader which row this is."""
    number = data.get("nip") or text_or_blank(raw.values.get("nip"))
    name = data.get("name") if kind is EMPLOYEES else ""
    return " · ".join(part for part in (number, name) if part)


def text_or_blank(value: Any) -> str:
    try:
        return text(value)
    except CellError:
        return ""
