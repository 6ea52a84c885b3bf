"""Excel (.xlsx) downloads of the reports, written through core.excel (write-only workbooks whose
rows stream from the database in chunks)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.excel import Sheet, report_heading, workbook_bytes
from core.excel import xlsx_response as xlsx_response  # the report views answer with it

from .rows import KgbRow, RetirementRow, SatyalancanaRow, duk_row, pangkat_name, promotion_row


# --- The reports --------------------------------------------------------------------------------
def _heading(scope: Any, title: str, on: date, extra: str = "") -> list[str]:
    lines = report_heading(
        instansi_name=scope.instansi.name,
        title=title,
        scope=scope.unit.name if scope.unit is not None else "",
        on=on,
    )
    return [*lines, extra] if extra else lines


def _years_months(value: tuple[int, int] | None) -> list[int | None]:
    return list(value) if value is not None else [None, None]


def _identity(e: Any) -> list[Any]:
    return [e.full_name, e.nip]


def duk_workbook(*, scope: Any, title: str, employees: Any, on: date) -> bytes:
    """Every row of the DUK in order, streamed from the database in chunks."""

    def lines() -> Iterator[list[Any]]:
        for rank, employee in enumerate(employees.iterator(chunk_size=2000), start=1):
            r = duk_row(rank, employee, on)
            e = r.employee
            yield [
                r.rank, *_identity(e), pangkat_name(e.golongan), e.golongan, e.tmt_golongan,
                e.position_name, e.tmt_jabatan, *_years_months(r.masa_kerja),
                e.get_education_display(), e.birth_date, r.age, e.unit.name,
            ]  # fmt: skip

    headers = [
        _("No. urut"), _("Nama"), _("NIP"), _("Pangkat"), _("Gol./ruang"), _("TMT golongan"),
        _("Jabatan"), _("TMT jabatan"), _("Masa kerja (tahun)"), _("Masa kerja (bulan)"),
        _("Pendidikan"), _("Tanggal lahir"), _("Usia"), _("Unit kerja"),
    ]  # fmt: skip
    sheet = Sheet(_("DUK"), headers, lines(), widths=(8, 32, 20, 22, 10, 13, 34, 13, 10, 10, 12, 13, 6, 34))
    return workbook_bytes(heading=_heading(scope, title, on), sheets=[sheet])


def rekap_workbook(*, scope: Any, title: str, rekap: Any, on: date) -> bytes:
    """One worksheet per cross-tab (units × categories, with totals), plus the PPPK grades."""
    sheets = []
    for tab in rekap.tabs:
        headers = [_("Unit kerja"), *[label for _v, label in tab.columns], _("Jumlah")]
        lines = [[row.display_label, *cells, row.total] for row, cells in tab.table()]
        totals = tab.column_totals
        footer = [[_("Jumlah"), *[totals[v] for v, _l in tab.columns], tab.grand_total]]
        sheets.append(Sheet(str(tab.title), headers, lines, widths=(40,), footer=footer))
    if rekap.pppk_grades:
        sheets.append(
            Sheet(
                _("PPPK per golongan"),
                [_("Golongan PPPK"), _("Jumlah")],
                [[grade, n] for grade, n in rekap.pppk_grades],
                widths=(16, 10),
            )
        )
    return workbook_bytes(heading=_heading(scope, title, on), sheets=sheets)


def _period(start: date, end: date) -> str:
    return _("Periode %(start)s – %(end)s") % {
        "start": date_format(start, "j F Y"),
        "end": date_format(end, "j F Y"),
    }


def kgb_workbook(*, scope: Any, title: str, rows: Sequence[KgbRow], start: date, end: date) -> bytes:
    headers = [
        _("No."), _("Nama"), _("NIP"), _("Gol./ruang"), _("TMT CPNS"), _("TMT KGB"),
        _("Pemberitahuan paling lambat"), _("Masa kerja golongan (tahun)"), _("Masa kerja golongan (bulan)"),
        _("Unit kerja"),
    ]  # fmt: skip
    lines = (
        [i, *_identity(r.employee), r.employee.golongan, r.employee.tmt_cpns, r.date, r.notice,
         *_years_months(r.masa_kerja), r.employee.unit.name]
        for i, r in enumerate(rows, start=1)
    )  # fmt: skip
    sheet = Sheet(_("KGB"), headers, lines, widths=(6, 32, 20, 10, 12, 12, 14, 10, 10, 34))
    return workbook_bytes(heading=_heading(scope, title, start, _period(start, end)), sheets=[sheet])


def promotion_workbook(*, scope: Any, title: str, employees: Any, period: date) -> bytes:
    headers = [
        _("No."), _("Nama"), _("NIP"), _("Gol./ruang sekarang"), _("TMT golongan"), _("Gol./ruang baru"),
        _("Masa dalam pangkat (tahun)"), _("Masa dalam pangkat (bulan)"), _("Jabatan"), _("Jenis jabatan"),
        _("Kinerja 2 tahun terakhir"), _("Catatan"), _("Unit kerja"),
    ]  # fmt: skip

    def lines() -> Iterator[list[Any]]:
        for i, employee in enumerate(employees.iterator(chunk_size=2000), start=1):
            r = promotion_row(employee, period)
            e = r.employee
            note = _("Periksa angka kredit") if r.functional else ""
            yield [
                i, *_identity(e), e.golongan, e.tmt_golongan, r.next_golongan, *r.in_rank,
                e.position_name, e.position_kind_display, r.performance_label, note, e.unit.name,
            ]  # fmt: skip

    extra = _("Periode kenaikan pangkat %(period)s") % {"period": date_format(period, "j F Y")}
    sheet = Sheet(
        _("Kenaikan pangkat"), headers, lines(), widths=(6, 32, 20, 10, 12, 10, 10, 10, 34, 14, 22, 20, 34)
    )
    return workbook_bytes(heading=_heading(scope, title, timezone.localdate(), extra), sheets=[sheet])


def retirement_workbook(
    *,
    scope: Any,
    title: str,
    rows: Sequence[RetirementRow],
    projection: Sequence[dict],
    start: date,
    end: date,
) -> bytes:
    headers = [
        _("No."), _("Nama"), _("NIP/NI PPPK"), _("Jenis ASN"), _("Tanggal lahir"), _("Usia"), _("Jabatan"),
        _("BUP"), _("TMT pensiun"), _("Unit kerja"),
    ]  # fmt: skip
    lines = (
        [i, *_identity(r.employee), r.employee.kind, r.employee.birth_date, r.age, r.employee.position_name,
         r.bup, r.date, r.employee.unit.name]
        for i, r in enumerate(rows, start=1)
    )  # fmt: skip
    summary = Sheet(
        _("Proyeksi per tahun"),
        [_("Tahun"), _("PNS"), _("PPPK"), _("Jumlah")],
        [[p["year"], p["pns"], p["pppk"], p["total"]] for p in projection],
        footer=[[_("Jumlah"), *(sum(p[k] for p in projection) for k in ("pns", "pppk", "total"))]],
    )
    detail = Sheet(_("Daftar pegawai"), headers, lines, widths=(6, 32, 20, 8, 13, 6, 34, 6, 13, 34))
    heading = _heading(scope, title, start, _period(start, end))
    return workbook_bytes(heading=heading, sheets=[summary, detail])


def satyalancana_workbook(*, scope: Any, title: str, rows: Sequence[SatyalancanaRow], on: date) -> bytes:
    headers = [
        _("No."), _("Nama"), _("NIP"), _("Gol./ruang"), _("TMT CPNS"), _("Masa kerja (tahun)"),
        _("Satyalancana"), _("Unit kerja"),
    ]  # fmt: skip
    lines = (
        [i, *_identity(r.employee), r.employee.golongan, r.employee.tmt_cpns, r.service_years, r.award_label,
         r.employee.unit.name]
        for i, r in enumerate(rows, start=1)
    )  # fmt: skip
    sheet = Sheet(_("Satyalancana"), headers, lines, widths=(6, 32, 20, 10, 12, 10, 36, 34))
    return workbook_bytes(heading=_heading(scope, title, on), sheets=[sheet])
