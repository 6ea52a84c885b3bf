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
