"""Excel (.xlsx) downloads of the HR pages: the monitoring (per unit, belum mengajukan SKP, belum
dinilai) and the reward candidates. Write-only workbooks through core.excel, rows streamed from the
database in chunks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.excel import Sheet, report_heading, workbook_bytes
from core.models import Instansi

from .choices import AppraisalState, Predikat, SkpState
from .models import Appraisal, Period
from .selectors.monitoring import UnitRow

CHUNK = 2000


def _number(value: Decimal | None) -> float | None:
    """A score as a number Excel can sum, rounded half-up to 2 decimals like on screen."""
    if value is None:
        return None
    return float(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _heading(instansi: Instansi, title: str, scope: str, period: Period) -> list[str]:
    lines = report_heading(instansi_name=instansi.name, title=title, scope=scope, on=timezone.localdate())
    return [*lines, _("Periode: %(period)s") % {"period": period.label}]


def _label(choices: dict[str, Any], value: str | None, empty: str) -> str:
    return str(choices.get(value, empty)) if value else empty


def monitoring_workbook(
    *,
    instansi: Instansi,
    scope: str,
    period: Period,
    rows: Sequence[UnitRow],
    without_skp: QuerySet,
    not_appraised: QuerySet,
) -> bytes:
    """Three sheets: the unit scores of the period, who has not submitted an SKP for the year, and
    who has no final appraisal for the period."""
    predikat_headers = [str(label) for _v, label in Predikat.choices]
    unit_headers = [
        _("Unit kerja"), _("Pegawai"), _("SKP disetujui"), _("Melapor realisasi"), _("Dinilai (final)"),
        _("Penyelesaian penilaian (%)"), _("Rata-rata indeks capaian"), *predikat_headers,
        _("Predikat organisasi"), _("Peringatan distribusi"),
    ]  # fmt: skip
    unit_lines = [
        [
            "  " * r.indent + r.unit.name, r.score.employees, r.score.skp_approved, r.score.reported,
            r.score.appraised, _number(r.completion), _number(r.score.avg_indeks),
            *(r.counts[v] for v in Predikat.values), r.org_predikat_label, " ".join(r.warnings),
        ]
        for r in rows
    ]  # fmt: skip
    unit_sheet = Sheet(
        _("Per unit"), unit_headers, unit_lines, widths=(40, 9, 9, 9, 9, 12, 12, 9, 9, 9, 9, 9, 16, 60)
    )
    skp_states = dict(SkpState.choices)
    appraisal_states = dict(AppraisalState.choices)

    def no_skp_lines() -> Iterator[list[Any]]:
        for i, e in enumerate(without_skp.iterator(chunk_size=CHUNK), start=1):
            yield [
                i, e.full_name, e.nip, e.position_name, e.unit.name,
                _label(skp_states, e.skp_state, _("Belum dibuat")),
            ]  # fmt: skip

    def no_appraisal_lines() -> Iterator[list[Any]]:
        for i, e in enumerate(not_appraised.iterator(chunk_size=CHUNK), start=1):
            yield [
                i, e.full_name, e.nip, e.position_name, e.unit.name, e.appraiser_name or "",
                _label(appraisal_states, e.appraisal_state, _("Belum ada penilaian")),
                _("Ya") if e.has_approved_skp else _("Belum"),
            ]  # fmt: skip

    identity = [_("No."), _("Nama"), _("NIP"), _("Jabatan"), _("Unit kerja")]
    sheets = [
        unit_sheet,
        Sheet(
            _("Belum mengajukan SKP"),
            [*identity, _("Status SKP")],
            no_skp_lines(),
            widths=(6, 32, 20, 34, 34, 16),
        ),
        Sheet(
            _("Belum dinilai"),
            [*identity, _("Pejabat penilai"), _("Status penilaian"), _("SKP disetujui")],
            no_appraisal_lines(),
            widths=(6, 32, 20, 34, 34, 32, 18, 12),
        ),
    ]
    return workbook_bytes(
        heading=_heading(instansi, _("Monitoring Kinerja Pegawai"), scope, period), sheets=sheets
    )


def rewards_workbook(*, instansi: Instansi, period: Period, appraisals: QuerySet[Appraisal]) -> bytes:
    """The reward candidates (predikat Sangat Baik) of a period."""

    def lines() -> Iterator[list[Any]]:
        for i, a in enumerate(appraisals.iterator(chunk_size=CHUNK), start=1):
            e = a.employee
            yield [
                i, e.full_name, e.nip, e.golongan, e.position_name, e.unit.name, _number(a.indeks),
                a.get_predikat_display(), a.appraiser.name if a.appraiser else _("Kepala daerah (PPK)"),
            ]  # fmt: skip

    headers = [
        _("No."), _("Nama"), _("NIP"), _("Gol./ruang"), _("Jabatan"), _("Unit kerja"), _("Indeks capaian"),
        _("Predikat kinerja"), _("Pejabat penilai"),
    ]  # fmt: skip
    sheet = Sheet(_("Calon penghargaan"), headers, lines(), widths=(6, 32, 20, 10, 34, 34, 12, 14, 32))
    return workbook_bytes(
        heading=_heading(instansi, _("Calon Penerima Penghargaan Kinerja"), "", period), sheets=[sheet]
    )
