"""Imports from .xlsx: new employees, rank history rows, position history rows.

One pass reads and checks a whole file (`import_check`) and returns a report that lists every bad
row with its row number and the reasons, in Indonesian. The preview shows that report; applying
(`import_apply`) checks the file again (the preview is never trusted) and writes all rows in one
transaction, or nothing when any row is bad. The file's format (its columns and how each cell is
read) is employees.rules.io.

The checks reuse employees.services.records (new_employee_rows, check_identity,
default_history_tmts, check_history_row); lookups are set-based: one query for the units by code,
one for the NIPs already taken (or the employees named), one for the TMTs already recorded,
whatever the size of the file. (Model validation of a rank row still evaluates its check
constraint with a tiny query of its own: that is Django's CheckConstraint.validate, not a lookup.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.access import Actor
from core.models import Instansi, UnitKerja

from .. import access
from ..choices import WorkingState
from ..models import Employee, PositionHistory, RankHistory
from ..rules.career import pppk_minimum_warning
from ..rules.io import EMPLOYEES, RANKS, FileRefused, ImportKind, RawRow, parse_rows, read_rows, row_label
from ..rules.nip import parse_nip
from .records import (
    check_history_row,
    check_identity,
    default_history_tmts,
    employees_joined,
    new_employee_rows,
    refresh_current,
)

# Rows of data per file (settings may override it).
DEFAULT_MAX_ROWS = 5000
BATCH = 1000


def max_rows() -> int:
    return int(getattr(settings, "EMPLOYEE_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


# Employee import: errors of the model fields the form names differently.
EMPLOYEE_ERROR_KEYS = {
    "tmt": "tmt_golongan",
    "kind": "position_kind",
    "level": "position_level",
    "name": "name",
}


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


def import_check(*, actor: Actor, kind: ImportKind, instansi: Instansi, source: IO[bytes]) -> Report:
    """Read and check every row; nothing is written."""
    report = Report(kind=kind, instansi=instansi)
    try:
        raws, report.unknown_columns = read_rows(source, kind, max_rows=max_rows())
    except FileRefused as exc:
        report.file_error = str(exc)
        return report
    report.total = len(raws)
    parsed = parse_rows(kind, raws)
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
                    report.warnings.append(RowProblem(raw.number, row_label(EMPLOYEES, data, raw), warnings))
        if reasons:
            report.problems.append(RowProblem(raw.number, row_label(EMPLOYEES, data, raw), reasons))


def _check_new_employee(
    data: dict[str, Any], reasons: list[str], describe: Callable[[str], str]
) -> tuple[Employee, RankHistory, PositionHistory] | None:
    """The checks of employee_create without its per-row queries (done set-based above)."""
    data = {k: v for k, v in data.items() if v not in (None, "")}
    data.setdefault("working_state", WorkingState.AKTIF)
    employee, rank, position = new_employee_rows(data)
    try:
        check_identity(employee)
    except ValidationError as exc:
        reasons += _messages(exc, describe)
        return None
    try:
        # The NIP and the unit were checked set-based above; the unit is a resolved instance.
        employee.full_clean(exclude=["unit", "user"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        reasons += _messages(exc, describe)
    try:
        default_history_tmts(data, rank, position)
    except ValidationError as exc:
        reasons += _messages(exc, describe)
        return None
    for row, prefix in ((rank, ""), (position, "position_")):
        try:
            check_history_row(employee, row, prefix=prefix, many=True)
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
                check_history_row(employee, row, many=True)
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
                    report.warnings.append(RowProblem(raw.number, row_label(kind, data, raw), [minimum]))
        if reasons:
            report.problems.append(RowProblem(raw.number, row_label(kind, data, raw), reasons))


# --- Applying ----------------------------------------------------------------------------------------
class ImportRefused(ValueError):
    """Applying found bad rows (the file or the data changed since the preview)."""

    def __init__(self, report: Report) -> None:
        super().__init__(_("Berkas berisi baris yang salah; tidak ada data yang disimpan."))
        self.report = report


def import_apply(*, actor: Actor, kind: ImportKind, instansi: Instansi, source: IO[bytes]) -> Report:
    """Check the file again and write every row in one transaction, or nothing."""
    access.require(access.can_import_employees(actor))
    access.require(access.instansi_managed_by(actor).filter(pk=instansi.pk).exists())
    try:
        with transaction.atomic():
            report = import_check(actor=actor, kind=kind, instansi=instansi, source=source)
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
    refresh_current(list(ids.values()))
    employees_joined(ids.values())


def _write_histories(report: Report, user: Any, reason: str) -> None:
    rows = [row for _n, row in report.ready]
    _bulk_rows(type(rows[0]), rows, user, reason)
    refresh_current(sorted({row.employee_id for row in rows}))


def _bulk_rows(model: Any, rows: list[Any], user: Any, reason: str) -> None:
    bulk_create_with_history(rows, model, batch_size=BATCH, default_user=user, default_change_reason=reason)
