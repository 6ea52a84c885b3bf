"""One row of each report, computed once and shown by the page, the print view and the Excel file.

Pure Python over already-loaded employees (no queries): the dates come from employees.rules.career.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from employees.choices import PNS_RANKS, AwardKind, EmployeeKind, PositionKind
from employees.models import Employee
from employees.rules import career

PANGKAT = dict(PNS_RANKS)


def pangkat_name(golongan: str) -> str:
    """'III/a' -> 'Penata Muda'; PPPK and unknown: ''."""
    return PANGKAT.get(golongan, "")


@dataclass
class DukRow:
    rank: int
    employee: Employee
    masa_kerja: tuple[int, int] | None  # from TMT CPNS to the report date
    age: int


def duk_row(rank: int, employee: Employee, on: date) -> DukRow:
    masa_kerja = career.years_and_months(employee.tmt_cpns, on) if employee.tmt_cpns else None
    return DukRow(rank, employee, masa_kerja, career.years_and_months(employee.birth_date, on)[0])


@dataclass
class KgbRow:
    employee: Employee
    date: datetime.date
    notice: datetime.date  # the notice is due this day
    masa_kerja: tuple[int, int] | None  # masa kerja golongan at the KGB date


def kgb_row(employee: Employee, due: date) -> KgbRow:
    """The masa kerja golongan at the KGB date counts from the current rank row's TMT and stored MKG
    (as the KGB date does: employees.selectors.career.kgb_basis), else from TMT CPNS."""
    rank = employee.current_rank
    if rank is not None:
        masa_kerja: tuple[int, int] | None = career.mkg_on_kgb(rank.tmt, rank.mk_years, rank.mk_months, due)
    else:
        masa_kerja = career.mkg_on_kgb(employee.tmt_cpns, 0, 0, due) if employee.tmt_cpns else None
    return KgbRow(employee, due, career.kgb_notice_date(due), masa_kerja)


@dataclass
class PromotionRow:
    employee: Employee
    next_golongan: str
    in_rank: tuple[int, int]  # time in the current pangkat at the period date
    functional: bool  # angka kredit to be checked by HR
    performance: str  # "met", "not_met" or "unknown": predikat at least Baik in the last 2 years

    @property
    def performance_label(self) -> str:
        return str(PERFORMANCE_LABELS[self.performance])


def promotion_row(employee: Employee, period: date) -> PromotionRow:
    in_rank = career.years_and_months(employee.tmt_golongan, period) if employee.tmt_golongan else (0, 0)
    return PromotionRow(
        employee,
        career.next_golongan(employee.golongan) or "",
        in_rank,
        employee.position_kind == PositionKind.FUNGSIONAL,
        promotion_performance(employee),
    )


PERFORMANCE_LABELS = {
    "met": _("Baik 2 tahun terakhir"),
    "not_met": _("Di bawah Baik"),
    "unknown": _("Belum tercatat lengkap"),
}


def promotion_performance(employee: Employee) -> str:
    """The performance condition from the annotations of performance.selectors (HR checks the
    years the system does not hold)."""
    if getattr(employee, "skp_poor", False):
        return "not_met"
    if getattr(employee, "skp_good_years", 0) >= career.PROMOTION_PERFORMANCE_YEARS:
        return "met"
    return "unknown"


@dataclass
class RetirementRow:
    employee: Employee
    date: datetime.date  # TMT pensiun
    bup: int
    age: int  # today


def retirement_row(employee: Employee, day: date, today: date) -> RetirementRow:
    bup = getattr(employee, "bup", None) or 0
    return RetirementRow(employee, day, bup, career.years_and_months(employee.birth_date, today)[0])


@dataclass
class SatyalancanaRow:
    employee: Employee
    award: str
    award_label: str
    service_years: int  # at the reference date


def satyalancana_row(employee: Employee, award: str, on: date) -> SatyalancanaRow:
    years = career.service_years(employee.tmt_cpns, on) if employee.tmt_cpns else 0
    return SatyalancanaRow(employee, award, str(AwardKind(award).label), years)


def retirement_projection(
    per_year: Counter[tuple[int, str]], first_year: int, last_year: int
) -> list[dict[str, Any]]:
    """Retirements per calendar year of TMT pensiun (PNS, PPPK, total) with bar widths, from the
    counts per (year, kind) (reports.selectors.retirements_per_year)."""
    result: list[dict[str, Any]] = []
    for year in range(first_year, last_year + 1):
        pns, pppk = per_year[(year, EmployeeKind.PNS)], per_year[(year, EmployeeKind.PPPK)]
        result.append({"year": year, "pns": pns, "pppk": pppk, "total": pns + pppk})
    top = max((r["total"] for r in result), default=0)
    for r in result:
        r["width"] = f"{100 * r['total'] / top if top else 0:.2f}"  # an SVG length: never localised
    return result


# --- Letters (reports/pdf.py) --------------------------------------------------------------------------
# What a letter prints, computed from the rows above without a query. There is no salary table in the
# project (domain.md has none): the gaji pokok amounts are what HR types on the form, else left blank on
# the letter to be filled in by hand (docs/domain-notes.md).
KGB_CYCLE_MONTHS = 24


@dataclass
class KgbLetter:
    """The contents of one surat pemberitahuan kenaikan gaji berkala."""

    employee: Employee
    golongan: str  # unchanged by a KGB
    tmt: datetime.date  # the new salary takes effect
    new_mkg: tuple[int, int] | None
    next_kgb: datetime.date
    # The basis of the old salary: the last decree on salary or rank.
    basis: str  # what it was: the rank decree, the previous KGB, the CPNS appointment
    basis_tmt: datetime.date | None
    basis_mkg: tuple[int, int] | None
    basis_signer: str
    basis_sk_date: datetime.date | None
    basis_sk_number: str
    old_salary: int | None = None
    new_salary: int | None = None

    def content(self) -> dict[str, Any]:
        """The printed values, for the letter record's digest."""
        e = self.employee
        return {
            "nama": e.full_name, "nip": e.nip, "golongan": self.golongan, "jabatan": e.position_name,
            "unit": e.unit.name, "tmt": self.tmt, "mkg_baru": self.new_mkg, "kgb_berikutnya": self.next_kgb,
            "dasar": self.basis, "dasar_tmt": self.basis_tmt, "dasar_mkg": self.basis_mkg,
            "dasar_pejabat": self.basis_signer, "dasar_tanggal": self.basis_sk_date,
            "dasar_nomor": self.basis_sk_number, "gaji_lama": self.old_salary, "gaji_baru": self.new_salary,
        }  # fmt: skip


BASIS_RANK = "Surat keputusan kenaikan pangkat terakhir"
BASIS_KGB = "Kenaikan gaji berkala terakhir"
BASIS_CPNS = "Surat keputusan pengangkatan CPNS"


def kgb_letter(row: KgbRow, *, old_salary: int | None = None, new_salary: int | None = None) -> KgbLetter:
    """The KGB notice of a row of the KGB report. The old salary rests on the previous increase (24
    months before) when that came after the current rank's TMT, whose decree the system does not hold
    (printed blank, for HR); else on the current rank's decree (its TMT, stored masa kerja golongan and
    SK), or, without a rank row, on the CPNS appointment."""
    employee, due = row.employee, row.date
    rank = employee.current_rank
    start = rank.tmt if rank is not None else employee.tmt_cpns
    previous = career.add_months(due, -KGB_CYCLE_MONTHS)
    letter = KgbLetter(
        employee=employee,
        golongan=employee.golongan,
        tmt=due,
        new_mkg=row.masa_kerja,
        next_kgb=career.add_months(due, KGB_CYCLE_MONTHS),
        basis=BASIS_KGB,
        basis_tmt=previous,
        basis_mkg=(row.masa_kerja[0] - 2, row.masa_kerja[1]) if row.masa_kerja else None,
        basis_signer="",
        basis_sk_date=None,
        basis_sk_number="",
        old_salary=old_salary,
        new_salary=new_salary,
    )
    if start is not None and previous > start:
        return letter
    if rank is not None:
        letter.basis, letter.basis_tmt, letter.basis_mkg = (
            BASIS_RANK,
            rank.tmt,
            (rank.mk_years, rank.mk_months),
        )
        letter.basis_signer, letter.basis_sk_date, letter.basis_sk_number = (
            rank.sk_signer,
            rank.sk_date,
            rank.sk_number,
        )
    else:
        letter.basis, letter.basis_tmt, letter.basis_mkg = BASIS_CPNS, employee.tmt_cpns, (0, 0)
    return letter


PROMOTION_KIND_REGULAR = "Reguler"
PROMOTION_KIND_FUNCTIONAL = "Jabatan fungsional"


def promotion_list_line(row: PromotionRow, period: date) -> dict[str, Any]:
    """One line of the daftar usul kenaikan pangkat: the current and the proposed rank, the masa kerja
    golongan on the period date, the kind of promotion and what HR still has to check."""
    e = row.employee
    rank = e.current_rank
    mkg = career.mkg_at(rank.tmt, rank.mk_years, rank.mk_months, period) if rank is not None else None
    notes = [str(row.performance_label)]
    if row.functional:
        notes.append("Periksa angka kredit")
    return {
        "nama": e.full_name,
        "nip": e.nip,
        "golongan_lama": e.golongan,
        "pangkat_lama": pangkat_name(e.golongan),
        "tmt_lama": e.tmt_golongan,
        "golongan_baru": row.next_golongan,
        "pangkat_baru": pangkat_name(row.next_golongan),
        "tmt_baru": period,
        "jabatan": e.position_name,
        "unit": e.unit.name,
        "mkg": mkg,
        "jenis": PROMOTION_KIND_FUNCTIONAL if row.functional else PROMOTION_KIND_REGULAR,
        "keterangan": "; ".join(notes),
    }


def masked_nip(nip: str) -> str:
    """A NIP with all but its last four digits hidden (the public verification page): enough to match
    the letter in hand, nothing of the birth date or the appointment. 18 digits keep their groups."""
    if len(nip) <= 4:
        return "*" * len(nip)
    masked = "*" * (len(nip) - 4) + nip[-4:]
    if len(nip) == 18:
        return f"{masked[:8]} {masked[8:14]} {masked[14]} {masked[15:]}"
    return masked


NUMBER_PLACEHOLDER = "{no}"


def letter_number(pattern: str, index: int, start: int = 1) -> str:
    """The number of the `index`-th letter (0-based) of a batch: `{no}` in the pattern becomes the running
    number from `start` (800/{no}/BKPSDM/2026 → 800/15/BKPSDM/2026); a pattern without it is the
    number of every letter."""
    return pattern.replace(NUMBER_PLACEHOLDER, str(start + index))
