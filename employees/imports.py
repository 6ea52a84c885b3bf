"""Imports from .xlsx: new employees, rank history rows, position history rows.

One pass reads and checks a whole file (`check_file`) and returns a report that lists every bad
row with its row number and the reasons, in Indonesian. The preview shows that report; applying
(`apply_file`) checks the file again (the preview is never trusted) and writes all rows in one
transaction, or nothing when any row is bad.

The checks reuse employees.services (new_employee_rows, check_identity, default_history_tmts,
_check_history_row); lookups are set-based: one query for the units by code, one for the NIPs
already taken (or the employees named), one for the TMTs already recorded, whatever the size of
the file. (Model validation of a rank row still evaluates its check constraint with a tiny
query of its own: that is Django's CheckConstraint.validate, not a lookup.)
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from simple_history.utils import bulk_create_with_history

from core.access import Actor
from core.models import Instansi, UnitKerja

from . import access, histories, services
from .choices import (
    GOLONGAN_CHOICES,
    Education,
    EmploymentStatus,
    Eselon,
    Gender,
    PositionKind,
    PositionLevel,
    WorkingState,
)
from .models import Employee, PositionHistory, RankHistory
from .rules import NipError, normalize_nip, parse_nip, pppk_minimum_warning

XLSX_SIGNATURE = b"PK\x03\x04"
# Limits (settings may override them): rows of data per file, the upload's size, and the size of
# the unpacked workbook (a small zip can unpack to gigabytes).
DEFAULT_MAX_ROWS = 5000
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# Blank rows are skipped, but only this many beyond the row limit are read at all.
BLANK_ROW_ALLOWANCE = 1000
BATCH = 1000


def max_rows() -> int:
    return int(getattr(settings, "EMPLOYEE_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_bytes() -> int:
    return int(getattr(settings, "EMPLOYEE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


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


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


def a_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
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
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
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


def sk_columns(history: str) -> tuple[Column, ...]:
    """The decree columns; number and date are required where the history pages require them."""
    required = histories.KINDS[history].decree_required
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
        Column(
            "nip_mismatch_confirmed",
            H("Konfirmasi beda NIP"),
            yes_no,
            example="Tidak",
            error_keys=("nip_mismatch_confirmed",),
        ),
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
        *sk_columns("pangkat"),
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
        *sk_columns("jabatan"),
    ),
)
KINDS: dict[str, ImportKind] = {kind.code: kind for kind in (EMPLOYEES, RANKS, POSITIONS)}
# Employee import: errors of the model fields the form names differently.
EMPLOYEE_ERROR_KEYS = {
    "tmt": "tmt_golongan",
    "kind": "position_kind",
    "level": "position_level",
    "name": "name",
}


# --- Reading the file --------------------------------------------------------------------------------
class FileRefused(ValueError):
    """The file as a whole cannot be read; the message is for the user."""


def check_upload(upload: IO[bytes], size: int | None) -> None:
    """Refuse what is not a small real .xlsx before anything parses it."""
    limit = max_bytes()
    if not size:
        raise FileRefused(_("Berkas kosong. Pilih berkas .xlsx."))
    if size > limit:
        raise FileRefused(
            _("Berkas terlalu besar (%(size)s MB). Batasnya %(limit)s MB.")
            % {"size": number_format(size / 1024 / 1024, 1), "limit": number_format(limit / 1024 / 1024, 0)}
        )
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head != XLSX_SIGNATURE:
        raise FileRefused(
            _(
                "Berkas ini bukan .xlsx (Excel 2007 ke atas), apa pun nama berkasnya. Simpan ulang sebagai .xlsx."
            )
        )


@dataclass
class RawRow:
    number: int  # the row number in the sheet (the header is row 1)
    values: dict[str, Any]


def read_rows(source: IO[bytes], kind: ImportKind) -> tuple[list[RawRow], list[str]]:
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
        return _read_sheet(workbook, kind)
    except FileRefused:
        raise
    except Exception as exc:
        raise FileRefused(unreadable) from exc
    finally:
        workbook.close()


def _read_sheet(workbook: Any, kind: ImportKind) -> tuple[list[RawRow], list[str]]:
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
    limit = max_rows()
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


# --- The report --------------------------------------------------------------------------------------
@dataclass
class RowProblem:
    number: int
    label: str  # NIP and name, for the reader
    reasons: list[str]


@dataclass
class Report:
    kind: ImportKind
    instansi: Instansi
    total: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    file_error: str = ""
    # What applying writes: (row number, objects) of the good rows.
    ready: list[tuple[int, Any]] = field(default_factory=list)

    @property
    def good(self) -> int:
        return len(self.ready)

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.problems and bool(self.ready)


def _messages(exc: ValidationError, describe: Callable[[str], str]) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return [str(m) for m in exc.messages]
    found = []
    for key, errors in exc.message_dict.items():
        header = "" if key == NON_FIELD_ERRORS else describe(key)
        found += [f"{header}: {m}" if header else m for m in errors]
    return found


def _parse_cells(kind: ImportKind, raw: RawRow) -> tuple[dict[str, Any], list[str]]:
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


def _label(kind: ImportKind, data: dict[str, Any], raw: RawRow) -> str:
    """NIP (and the name, for new employees) to tell the reader which row this is."""
    number = data.get("nip") or text_or_blank(raw.values.get("nip"))
    name = data.get("name") if kind is EMPLOYEES else ""
    return " · ".join(part for part in (number, name) if part)


def text_or_blank(value: Any) -> str:
    try:
        return text(value)
    except CellError:
        return ""


def check_file(*, actor: Actor, kind: ImportKind, instansi: Instansi, source: IO[bytes]) -> Report:
    """Read and check every row; nothing is written."""
    report = Report(kind=kind, instansi=instansi)
    try:
        raws, report.unknown_columns = read_rows(source, kind)
    except FileRefused as exc:
        report.file_error = str(exc)
        return report
    report.total = len(raws)
    example = _parse_cells(kind, RawRow(0, {c.key: c.example for c in kind.columns}))[0]
    parsed = []
    for raw in raws:
        data, reasons = _parse_cells(kind, raw)
        if data == example:  # left in by mistake: never import the template's made-up person
            reasons.append(_("Ini baris contoh dari templat; hapus atau ganti dengan data sebenarnya."))
        parsed.append((raw, data, reasons))
    checker = _check_employees if kind is EMPLOYEES else _check_histories
    checker(actor, report, parsed)
    report.problems.sort(key=lambda p: p.number)
    return report


def _duplicates(values: list[tuple[int, Any]]) -> dict[Any, list[int]]:
    """Value -> the row numbers where it occurs, for values that occur more than once."""
    rows: dict[Any, list[int]] = defaultdict(list)
    for number, value in values:
        if value:
            rows[value].append(number)
    return {value: numbers for value, numbers in rows.items() if len(numbers) > 1}


def _also_in(numbers: list[int], number: int) -> str:
    return ", ".join(str(n) for n in numbers if n != number)


def _check_employees(actor: Actor, report: Report, parsed: list[tuple[RawRow, dict, list[str]]]) -> None:
    instansi = report.instansi
    codes = {data["unit"] for _raw, data, _r in parsed if data.get("unit")}
    units = {u.code.casefold(): u for u in UnitKerja.objects.filter(instansi=instansi, code__in=codes)}
    if len(units) < len(codes):  # codes typed in another case: one more query, still set-based
        units = {u.code.casefold(): u for u in UnitKerja.objects.filter(instansi=instansi)}
    nips = [data["nip"] for _raw, data, _r in parsed if data.get("nip")]
    taken = set(Employee.objects.filter(nip__in=nips).values_list("nip", flat=True))
    twice = _duplicates([(raw.number, data.get("nip")) for raw, data, _r in parsed])
    describe = EMPLOYEES.header_of
    for raw, data, reasons in parsed:
        code = data.get("unit")
        unit = units.get(code.casefold()) if code else None
        if code and unit is None:
            reasons.append(
                _("Kode unit %(code)s tidak ada di %(instansi)s.") % {"code": code, "instansi": instansi.name}
            )
        elif unit is not None and not unit.is_active:
            reasons.append(_("Unit %(code)s sudah tidak aktif.") % {"code": code})
        elif unit is not None and not access.can_create_employee_in(actor, unit):
            reasons.append(_("Anda tidak berwenang menambah pegawai di unit %(code)s.") % {"code": code})
        number = data.get("nip")
        if number in taken:
            reasons.append(_("NIP %(nip)s sudah terdaftar.") % {"nip": number})
        if number in twice:
            reasons.append(
                _("NIP ganda di berkas ini (juga di baris %(rows)s).")
                % {"rows": _also_in(twice[number], raw.number)}
            )
        if not reasons:
            data["unit"] = unit
            objects = _check_new_employee(data, reasons, describe)
            if objects is not None and not reasons:
                report.ready.append((raw.number, objects))
                warnings = list(parse_nip(data["nip"]).warnings)
                minimum = pppk_minimum_warning(data["golongan"], data.get("education") or "")
                warnings += [minimum] if minimum else []
                if warnings:
                    report.warnings.append(RowProblem(raw.number, _label(EMPLOYEES, data, raw), warnings))
        if reasons:
            report.problems.append(RowProblem(raw.number, _label(EMPLOYEES, data, raw), reasons))


def _check_new_employee(
    data: dict[str, Any], reasons: list[str], describe: Callable[[str], str]
) -> tuple[Employee, RankHistory, PositionHistory] | None:
    """The checks of services.employee_create without its per-row queries (done set-based above)."""
    data = {k: v for k, v in data.items() if v not in (None, "")}
    data.setdefault("working_state", WorkingState.AKTIF)
    employee, rank, position = services.new_employee_rows(data)
    try:
        services.check_identity(employee)
    except ValidationError as exc:
        reasons += _messages(exc, describe)
        return None
    try:
        # The NIP and the unit were checked set-based above; the unit is a resolved instance.
        employee.full_clean(exclude=["unit", "user"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        reasons += _messages(exc, describe)
    try:
        services.default_history_tmts(data, rank, position)
    except ValidationError as exc:
        reasons += _messages(exc, describe)
        return None
    for row, prefix in ((rank, ""), (position, "position_")):
        try:
            services._check_history_row(employee, row, prefix=prefix, many=True)
        except ValidationError as exc:
            reasons += _messages(exc, lambda key: describe(EMPLOYEE_ERROR_KEYS.get(key, key)))
    return employee, rank, position


def _check_histories(actor: Actor, report: Report, parsed: list[tuple[RawRow, dict, list[str]]]) -> None:
    kind, instansi = report.kind, report.instansi
    model = RankHistory if kind is RANKS else PositionHistory
    nips = {data["nip"] for _raw, data, _r in parsed if data.get("nip")}
    employees = {
        e.nip: e
        for e in access.employees_visible_to(actor)
        .filter(unit__instansi=instansi, nip__in=nips)
        .select_related("unit")
    }
    tmts = {data["tmt"] for _raw, data, _r in parsed if data.get("tmt")}
    recorded = set(
        model.objects.filter(employee__in=[e.pk for e in employees.values()], tmt__in=tmts).values_list(
            "employee_id", "tmt"
        )
    )
    twice = _duplicates(
        [(raw.number, (data.get("nip"), data.get("tmt"))) for raw, data, _r in parsed if data.get("tmt")]
    )
    for raw, data, reasons in parsed:
        number = data.get("nip")
        employee = employees.get(number) if number else None
        if number and employee is None:
            reasons.append(
                _("Pegawai dengan NIP %(nip)s tidak ditemukan di %(instansi)s.")
                % {"nip": number, "instansi": instansi.name}
            )
        elif employee is not None and not access.can_change_employee(actor, employee):
            reasons.append(_("Anda tidak dapat mengubah data pegawai ini (data Anda sendiri)."))
        tmt = data.get("tmt")
        if employee is not None and (employee.pk, tmt) in recorded:
            reasons.append(_("Sudah ada riwayat dengan TMT ini untuk pegawai tersebut."))
        if (number, tmt) in twice:
            reasons.append(
                _("NIP dan TMT yang sama muncul dua kali di berkas ini (juga di baris %(rows)s).")
                % {"rows": _also_in(twice[(number, tmt)], raw.number)}
            )
        if not reasons and employee is not None:
            values = {k: v for k, v in data.items() if k != "nip" and v not in (None, "")}
            row = model(employee=employee, **values)
            try:
                services._check_history_row(employee, row, many=True)
            except ValidationError as exc:
                reasons += _messages(exc, kind.header_of)
            else:
                report.ready.append((raw.number, row))
                minimum = (
                    pppk_minimum_warning(row.golongan, employee.education)
                    if isinstance(row, RankHistory)
                    else None
                )
                if minimum:
                    report.warnings.append(RowProblem(raw.number, _label(kind, data, raw), [minimum]))
        if reasons:
            report.problems.append(RowProblem(raw.number, _label(kind, data, raw), reasons))


# --- Applying ----------------------------------------------------------------------------------------
class ImportRefused(ValueError):
    """Applying found bad rows (the file or the data changed since the preview)."""

    def __init__(self, report: Report) -> None:
        super().__init__(_("Berkas berisi baris yang salah; tidak ada data yang disimpan."))
        self.report = report


def apply_file(*, actor: Actor, kind: ImportKind, instansi: Instansi, source: IO[bytes]) -> Report:
    """Check the file again and write every row in one transaction, or nothing."""
    access.require(access.can_import_employees(actor))
    access.require(access.instansi_managed_by(actor).filter(pk=instansi.pk).exists())
    try:
        with transaction.atomic():
            report = check_file(actor=actor, kind=kind, instansi=instansi, source=source)
            if not report.ok:
                raise ImportRefused(report)
            user = get_user_model()(pk=actor.user_id) if actor.user_id else None
            reason = _("Impor berkas .xlsx")
            if kind is EMPLOYEES:
                _write_employees(report, user, reason)
            else:
                _write_histories(report, user, reason)
    except IntegrityError as exc:  # a concurrent change took a NIP or a TMT since the check
        raise ValidationError(
            _("Data bentrok dengan perubahan lain; periksa ulang berkas lalu coba lagi.")
        ) from exc
    return report


def _write_employees(report: Report, user: Any, reason: str) -> None:
    employees = [objects[0] for _n, objects in report.ready]
    bulk_create_with_history(
        employees, Employee, batch_size=BATCH, default_user=user, default_change_reason=reason
    )
    ids = dict(Employee.objects.filter(nip__in=[e.nip for e in employees]).values_list("nip", "pk"))
    ranks, positions = [], []
    for _n, (employee, rank, position) in report.ready:
        rank.employee_id = position.employee_id = ids[employee.nip]
        ranks.append(rank)
        positions.append(position)
    _bulk_rows(RankHistory, ranks, user, reason)
    _bulk_rows(PositionHistory, positions, user, reason)
    services.refresh_current(list(ids.values()))


def _write_histories(report: Report, user: Any, reason: str) -> None:
    rows = [row for _n, row in report.ready]
    _bulk_rows(type(rows[0]), rows, user, reason)
    services.refresh_current(sorted({row.employee_id for row in rows}))


def _bulk_rows(model: Any, rows: list[Any], user: Any, reason: str) -> None:
    bulk_create_with_history(rows, model, batch_size=BATCH, default_user=user, default_change_reason=reason)


# --- Templates ---------------------------------------------------------------------------------------
def template_workbook(kind: ImportKind) -> Workbook:
    """A workbook with the header row, one example row, and the accepted values on a second sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\\/?*\[\]:]", "-", str(kind.title))[:31]  # characters a sheet title may not hold
    sheet.append([str(c.header) + (" *" if c.required else "") for c in kind.columns])
    sheet.append([c.example for c in kind.columns])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(kind.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(14, len(str(column.header)) + 4)
        example = sheet.cell(row=2, column=index)
        if column.parse is nip:
            # Text, so that Excel does not round the 18 digits of what is typed or pasted there.
            example.number_format = "@"
            sheet.column_dimensions[letter].number_format = "@"
        elif column.parse is a_date:
            example.number_format = "yyyy-mm-dd"
    help_sheet = workbook.create_sheet(_("Petunjuk"))
    help_sheet.append([_("Kolom"), _("Wajib"), _("Nilai yang diterima")])
    for column in kind.columns:
        help_sheet.append([str(column.header), _("ya") if column.required else "", _accepted(column)])
    help_sheet.append([])
    help_sheet.append(
        [
            _(
                "Baris pertama berisi judul kolom (tanda * boleh ada). Hapus baris contoh sebelum "
                "mengunggah. Paling banyak %(limit)s baris data per berkas."
            )
            % {"limit": max_rows()}
        ]
    )
    help_sheet.column_dimensions["A"].width = 30
    help_sheet.column_dimensions["C"].width = 90
    return workbook


def _accepted(column: Column) -> str:
    if column.parse is nip:
        return _("18 angka NIP atau NI PPPK, sebagai teks")
    if column.parse is a_date:
        return _("tanggal Excel, atau TTTT-BB-HH / HH-BB-TTTT")
    if column.parse is whole_number:
        return _("bilangan bulat")
    if column.parse is yes_no:
        return _("Ya atau Tidak")
    for parser, choices in (
        (GOLONGAN, [v for v, _l in GOLONGAN_CHOICES]),
        (POSITION_KIND, PositionKind.labels),
        (POSITION_LEVEL, PositionLevel.labels),
        (ESELON, Eselon.values),
        (EDUCATION, Education.values),
        (GENDER, ["L", "P"]),
        (STATUS, EmploymentStatus.values),
        (STATE, WorkingState.labels),
    ):
        if column.parse is parser:
            return ", ".join(str(c) for c in choices)
    if column.key == "unit":
        return _("kode unit kerja di instansi Anda (lihat halaman Organisasi)")
    return _("teks")
