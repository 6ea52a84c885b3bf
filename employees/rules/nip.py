"""Pure rules of employee identity (domain.md §2): the NIP and the NI PPPK. No ORM here.

NIP (PNS), 18 digits: YYYYMMDD birth · YYYYMM TMT CPNS · gender 1/2 · 3-digit serial.
NI PPPK, 18 digits: YYYYMMDD birth · YYYY TMT year · "2" · contract count 1-9 · gender · serial.
Digits 13-14 are a month (01-12) for a PNS and 21-29 for a PPPK, so one field holds both.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..choices import PNS_RANKS, PPPK_GRADES
from .career import years_and_months

NIP_LENGTH = 18
_STRIP = re.compile(r"[\s.]")
_EIGHTEEN_DIGITS = re.compile(r"[0-9]{18}")  # ASCII only: str.isdigit() accepts "²" and "١"


def is_nip_shaped(value: str) -> bool:
    return _EIGHTEEN_DIGITS.fullmatch(value) is not None


class NipKind(enum.StrEnum):
    PNS = "PNS"
    PPPK = "PPPK"


class NipError(ValueError):
    """The number is not a valid NIP or NI PPPK; the message is for the user (Indonesian)."""


@dataclass(frozen=True)
class ParsedNip:
    number: str
    kind: NipKind
    birth_date: date
    gender: str  # "L" or "P"
    serial: int
    tmt_year: int
    tmt_month: int | None  # PNS only: the TMT CPNS month
    contract_count: int | None  # PPPK only
    warnings: tuple[str, ...] = field(default=())

    @property
    def display(self) -> str:
        return format_nip(self.number)


def normalize_nip(raw: str) -> str:
    """Strip the spaces and dots people type inside a NIP."""
    return _STRIP.sub("", raw or "")


# The old NIP (before the 18-digit NIP of 2007): 9 digits, kept in its own field (domain.md §2).
NIP_LAMA_LENGTH = 9
NIP_LAMA_PATTERN = r"\A[0-9]{9}\Z"  # ASCII digits only


def nip_lama_message() -> str:
    return _("NIP lama harus terdiri atas tepat 9 angka, tanpa huruf atau tanda lain.")


def check_nip_lama(raw: str) -> str:
    """The old NIP without the spaces and dots people type in it ("" stays ""); NipError with an
    Indonesian message unless it is exactly 9 digits."""
    value = normalize_nip(raw)
    if value and re.fullmatch(NIP_LAMA_PATTERN, value) is None:
        raise NipError(nip_lama_message())
    return value


def format_nip(number: str) -> str:
    """`198609262015051001` -> `19860926 201505 1 001` (PPPK: `19900101 2021 2 1 1 001`)."""
    n = normalize_nip(number)
    if not is_nip_shaped(n):
        return number
    if 21 <= int(n[12:14]) <= 29:
        return f"{n[:8]} {n[8:12]} {n[12]} {n[13]} {n[14]} {n[15:]}"
    return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_nip(raw: str) -> ParsedNip:
    """Parse and validate a NIP or NI PPPK; raise NipError with the reason when it is invalid."""
    n = normalize_nip(raw)
    if not is_nip_shaped(n):
        raise NipError(_("NIP/NI PPPK harus terdiri atas tepat 18 angka."))
    birth = _real_date(int(n[0:4]), int(n[4:6]), int(n[6:8]))
    if birth is None:
        raise NipError(_("Angka ke-1 sampai ke-8 NIP bukan tanggal lahir yang valid."))
    tmt_year = int(n[8:12])
    code = int(n[12:14])
    gender_digit = n[14]
    serial = int(n[15:18])
    if gender_digit not in ("1", "2"):
        raise NipError(_("Angka ke-15 NIP (jenis kelamin) harus 1 atau 2."))
    if serial == 0:
        raise NipError(_("Nomor urut NIP (tiga angka terakhir) tidak boleh 000."))
    warnings: list[str] = []
    if 1 <= code <= 12:
        kind, tmt_month, contract = NipKind.PNS, code, None
        tmt_start = date(tmt_year, code, 1) if tmt_year >= 1 else None
        if tmt_start is None or tmt_start <= birth:
            raise NipError(_("TMT CPNS pada NIP (angka ke-9 sampai ke-14) harus setelah tanggal lahir."))
        if years_and_months(birth, tmt_start)[0] < 18:
            warnings.append(_("TMT CPNS kurang dari 18 tahun setelah tanggal lahir; periksa kembali."))
    elif 21 <= code <= 29:
        kind, tmt_month, contract = NipKind.PPPK, None, code - 20
        if tmt_year <= birth.year:
            raise NipError(
                _("Tahun TMT PPPK pada NI PPPK (angka ke-9 sampai ke-12) harus setelah tahun lahir.")
            )
        if tmt_year - birth.year < 18:
            warnings.append(_("TMT PPPK kurang dari 18 tahun setelah tahun lahir; periksa kembali."))
    else:
        raise NipError(
            _(
                "Angka ke-13 dan ke-14 harus bulan TMT CPNS (01–12), atau kode PPPK 2 diikuti kontrak ke-1 sampai ke-9 (21–29)."
            )
        )
    return ParsedNip(
        number=n,
        kind=kind,
        birth_date=birth,
        gender="L" if gender_digit == "1" else "P",
        serial=serial,
        tmt_year=tmt_year,
        tmt_month=tmt_month,
        contract_count=contract,
        warnings=tuple(warnings),
    )


def identity_mismatches(parsed: ParsedNip, *, birth_date: date | None, gender: str | None) -> list[str]:
    """Where the stored birth date or gender differ from the NIP (a warning HR may confirm).

    The stored values are the truth (BKN corrects birth dates); the NIP is not rewritten.
    """
    found = []
    if birth_date is not None and birth_date != parsed.birth_date:
        found.append(
            _("Tanggal lahir berbeda dengan yang tertulis di NIP (%(nip_date)s).")
            % {"nip_date": date_format(parsed.birth_date)}
        )
    if gender and gender != parsed.gender:
        found.append(_("Jenis kelamin berbeda dengan kode pada NIP."))
    return found


def build_nip(*, birth_date: date, tmt_year: int, tmt_month: int, gender: str, serial: int) -> str:
    """Compose a PNS NIP from its parts (used by demo data and tests)."""
    g = "1" if gender == "L" else "2"
    return f"{birth_date:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{g}{serial:03d}"


def build_ni_pppk(*, birth_date: date, tmt_year: int, contract_count: int, gender: str, serial: int) -> str:
    """Compose an NI PPPK from its parts (used by demo data and tests)."""
    g = "1" if gender == "L" else "2"
    return f"{birth_date:%Y%m%d}{tmt_year:04d}2{contract_count}{g}{serial:03d}"


def golongan_allowed_for(kind: NipKind, golongan: str) -> bool:
    """PNS hold a golongan/ruang (I/a…IV/e); PPPK hold golongan I…XVII."""
    if kind == NipKind.PNS:
        return any(code == golongan for code, _name in PNS_RANKS)
    return golongan.startswith("PPPK-") and golongan.removeprefix("PPPK-") in PPPK_GRADES
