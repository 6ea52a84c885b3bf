"""Writes to the personnel record: create, change, (de)activate, the current rank and position, and
the logged read of its sensitive data. Access check, validation, audit, all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, OuterRef, Subquery, When
from django.db.models.lookups import Exact
from django.utils.translation import gettext as _

from core.access import Actor
from core.audit import stamp
from core.functions import DayOfMonth
from core.models import UnitKerja

from .. import access, selectors
from ..choices import WorkingState
from ..models import SENSITIVE_FIELDS, Employee, PositionHistory, RankHistory, SensitiveDataView
from ..querysets import kgb_first_month
from ..rules.career import FIRST_KGB_AFTER_ONE_YEAR
from ..rules.nip import NipError, golongan_allowed_for, identity_mismatches, normalize_nip, parse_nip
from ..selectors import superiors
from .superiors import superiors_changed

EDITABLE_FIELDS = (
    "nip", "nip_lama", "name", "front_title", "back_title", "birth_date", "gender",
    "nip_mismatch_confirmed", "unit", "is_unit_head",
    "nik", "birth_place", "religion", "marital_status", "address", "phone", "email",
    "employment_status", "tmt_cpns", "tmt_pns", "tmt_pppk", "education", "working_state",
)  # fmt: skip
# Called with (actor, employee) inside the transaction after the employee's service state changed:
# their working state (employee_update) or the record (de)activated (employee_set_active).
# Registered by the apps that hold what follows from it (accounts: someone who left loses their
# login), which employees does not import: a failure of a listener undoes the whole change.
ServiceStateListener = Callable[[Actor, Employee], object]
_SERVICE_STATE_LISTENERS: list[ServiceStateListener] = []


def on_service_state_changed(listener: ServiceStateListener) -> None:
    if listener not in _SERVICE_STATE_LISTENERS:
        _SERVICE_STATE_LISTENERS.append(listener)


def _service_state_changed(actor: Actor, employee: Employee) -> None:
    for listener in _SERVICE_STATE_LISTENERS:
        listener(actor, employee)


# Called with the ids of employees who joined an agency's active staff (created, imported, moved to
# another unit, reactivated), inside the transaction that did it. Registered by the apps that keep a
# row per active employee (leave: the year's balance summary), which employees does not import.
JoinedListener = Callable[[list[int]], object]
_JOINED_LISTENERS: list[JoinedListener] = []


def on_employees_joined(listener: JoinedListener) -> None:
    if listener not in _JOINED_LISTENERS:
        _JOINED_LISTENERS.append(listener)


def employees_joined(employee_ids: Iterable[int]) -> None:
    ids = sorted(set(employee_ids))
    if ids:
        for listener in _JOINED_LISTENERS:
            listener(ids)


# The first rank and position of a new employee: they become history rows.
RANK_FIELDS = {
    "golongan": "golongan",
    "tmt_golongan": "tmt",
    "mk_years": "mk_years",
    "mk_months": "mk_months",
}
POSITION_FIELDS = {
    "position_name": "name", "position_kind": "kind", "position_level": "level", "eselon": "eselon",
    "tmt_jabatan": "tmt",
}  # fmt: skip


def check_identity(employee: Employee) -> None:
    """Apply the NIP rules of domain.md §2 to an employee about to be saved."""
    employee.nip = normalize_nip(employee.nip)
    try:
        parsed = parse_nip(employee.nip)
    except NipError as exc:
        raise ValidationError({"nip": str(exc)}) from exc
    employee.kind = parsed.kind.value
    mismatches = identity_mismatches(parsed, birth_date=employee.birth_date, gender=employee.gender)
    if mismatches and not employee.nip_mismatch_confirmed:
        raise ValidationError(
            {"nip_mismatch_confirmed": [*mismatches, _("Centang konfirmasi bila data ini memang benar.")]}
        )
    if not mismatches:
        employee.nip_mismatch_confirmed = False
    allowed_status = {"PNS": ("CPNS", "PNS"), "PPPK": ("PPPK",)}[parsed.kind.value]
    if not employee.employment_status:
        employee.employment_status = allowed_status[-1]
    elif employee.employment_status not in allowed_status:
        raise ValidationError(
            {
                "employment_status": _("Status kepegawaian tidak sesuai dengan jenis NIP (%(kind)s).")
                % {"kind": parsed.kind.value}
            }
        )
    if employee.tmt_cpns and employee.tmt_pns and employee.tmt_pns < employee.tmt_cpns:
        raise ValidationError({"tmt_pns": _("TMT PNS tidak boleh sebelum TMT CPNS.")})


def _save(employee: Employee, actor: Actor) -> Employee:
    check_identity(employee)
    employee.full_clean()
    if employee.is_unit_head:
        holder = (
            Employee.objects.filter(unit=employee.unit, is_unit_head=True).exclude(pk=employee.pk).first()
        )
        if holder is not None:
            raise ValidationError(
                {"is_unit_head": _("Unit ini sudah memiliki kepala: %(name)s.") % {"name": holder.full_name}}
            )
    stamp(employee, actor)
    try:
        with transaction.atomic():
            employee.save()
    except IntegrityError as exc:  # a concurrent save took the NIP or the head position
        raise ValidationError(_("Data bentrok dengan perubahan lain; muat ulang dan coba lagi.")) from exc
    return employee


@transaction.atomic
def employee_create(*, actor: Actor, data: dict[str, Any]) -> Employee:
    """A new employee with the first rows of the rank and position histories."""
    access.require(access.can_create_employee_in(actor, data["unit"]))
    employee, rank, position = new_employee_rows(data)
    employee = _save(employee, actor)  # checked first; anything refused below rolls it back
    default_history_tmts(data, rank, position)
    for row in (rank, position):
        row.employee = employee
        check_history_row(employee, row, prefix="position_" if row is position else "")
        stamp(row, actor)
        row.save()
    refresh_current([employee.pk])
    employee.refresh_from_db()
    employees_joined([employee.pk])
    if employee.is_unit_head:
        _superiors_changed(actor, employee, employee.unit.instansi_id, employee.unit.path)
    return employee


def new_employee_rows(data: dict[str, Any]) -> tuple[Employee, RankHistory, PositionHistory]:
    """An unsaved new employee with the first rows of their rank and position histories."""
    employee = Employee(**{k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    rank = RankHistory(**{f: data[k] for k, f in RANK_FIELDS.items() if data.get(k) not in (None, "")})
    position = PositionHistory(
        **{f: data[k] for k, f in POSITION_FIELDS.items() if data.get(k) not in (None, "")}
    )
    return employee, rank, position


def default_history_tmts(data: dict[str, Any], rank: RankHistory, position: PositionHistory) -> None:
    """A first rank or position without its own TMT starts at the TMT CPNS (or PPPK)."""
    start = data.get("tmt_cpns") or data.get("tmt_pppk")
    for row, field in ((rank, "tmt_golongan"), (position, "tmt_jabatan")):
        if not row.tmt:
            if start is None:
                raise ValidationError({field: _("Isi TMT ini (atau TMT CPNS/PPPK).")})
            row.tmt = start


def check_history_row(employee: Employee, row: Any, *, prefix: str = "", many: bool = False) -> None:
    """Model validation plus the rules that need the employee (golongan per NIP kind).

    `many`: the caller checks many rows and has already looked up, for all of them at once, that
    the employee exists and that the TMT is not taken (imports); the per-row queries are skipped.
    """
    if isinstance(row, RankHistory) and not golongan_allowed_for(parse_nip(employee.nip).kind, row.golongan):
        raise ValidationError(
            {"golongan": _("Golongan ini tidak berlaku untuk %(kind)s.") % {"kind": employee.kind}}
        )
    try:
        row.full_clean(exclude=["employee", "scan"] if many else ["scan"])
    except ValidationError as exc:
        if not prefix or not hasattr(exc, "error_dict"):
            raise
        # Map the position row's field names back to the employee form's (name -> position_name).
        back = {v: k for k, v in POSITION_FIELDS.items()}
        raise ValidationError({back.get(k, k): v for k, v in exc.error_dict.items()}) from exc


def refresh_current(employee_ids: Any) -> int:
    """Point each employee at their latest rank and position rows (by TMT, then id) and store where
    the KGB cycle of that rank starts (Employee.kgb_first_month): two UPDATEs.

    `employee_ids` may be a list or a queryset of ids, so that a nightly repair covers everyone.
    """
    ranks = RankHistory.objects.filter(employee=OuterRef("pk"))
    latest_rank = ranks.order_by("-tmt", "-pk").values("pk")[:1]
    latest_position = (
        PositionHistory.objects.filter(employee=OuterRef("pk")).order_by("-tmt", "-pk").values("pk")[:1]
    )
    employees = Employee.objects.filter(pk__in=employee_ids)
    updated = employees.update(current_rank=Subquery(latest_rank), current_position=Subquery(latest_position))
    # The second UPDATE reads the pointer the first one set (an UPDATE sees the row as it was).
    current = RankHistory.objects.filter(pk=OuterRef("current_rank_id"))
    first_golongan = ranks.order_by("tmt", "pk").values("golongan")[:1]
    cycle = {parity: current.annotate(m=kgb_first_month(parity)).values("m")[:1] for parity in (0, 1)}
    employees.update(
        kgb_first_month=Case(
            When(Exact(Subquery(first_golongan), FIRST_KGB_AFTER_ONE_YEAR), then=Subquery(cycle[1])),
            default=Subquery(cycle[0]),
        ),
        kgb_day=Subquery(current.annotate(d=DayOfMonth("tmt")).values("d")[:1]),
    )
    return updated


@transaction.atomic
def employee_update(*, actor: Actor, employee: Employee, data: dict[str, Any]) -> Employee:
    # Check the stored row, not the caller's instance (a bound form may have changed its unit).
    employee = Employee.objects.select_for_update().select_related("unit").get(pk=employee.pk)
    access.require(access.can_change_employee(actor, employee))
    version = data.get("version")
    if version is not None and version != selectors.records.record_version(employee):
        # Someone saved the record (or a correction was approved) after this form was opened.
        raise ValidationError(
            _(
                "Data pegawai ini sudah diubah orang lain setelah formulir ini dibuka; perubahan Anda "
                "belum disimpan. Buka lagi halaman ubah data untuk melihat data terbaru, lalu ulangi."
            ),
            code="stale",
        )
    if "unit" in data:
        access.require(access.can_create_employee_in(actor, data["unit"]))
    before = (employee.unit_id, employee.unit.path, employee.unit.instansi_id, employee.is_unit_head)
    state_before = employee.working_state
    for name, value in data.items():
        if name in EDITABLE_FIELDS:
            setattr(employee, name, value)
    employee = _save(employee, actor)
    if employee.working_state != state_before:
        # e.g. someone who leaves the service (pensiun, meninggal, diberhentikan, pindah) loses their
        # account in the same transaction: a failure of either undoes both.
        _service_state_changed(actor, employee)
    if employee.unit_id != before[0]:
        employees_joined([employee.pk])
    if (employee.unit_id, employee.is_unit_head) != (before[0], before[3]):
        # A head moved, or someone left or took a head post: the open SKPs of both subtrees follow.
        _superiors_changed(actor, employee, before[2], before[1])
    return employee


def _superiors_changed(actor: Actor, employee: Employee, old_instansi_id: int, old_path: str) -> None:
    unit = UnitKerja.objects.get(pk=employee.unit_id)
    whole = superiors.is_sekda(employee)  # the Sekda appraises the heads of every OPD
    for instansi_id, path in {(old_instansi_id, old_path), (unit.instansi_id, unit.path)}:
        superiors_changed(actor, instansi_id, () if whole else [path])


@transaction.atomic
def employee_set_active(*, actor: Actor, employee: Employee, active: bool) -> Employee:
    """Deactivate (or reactivate) instead of deleting: histories and audit stay."""
    employee = Employee.objects.select_for_update().select_related("unit").get(pk=employee.pk)
    access.require(access.can_change_employee(actor, employee))
    employee.is_active = active
    if not active:
        employee.is_unit_head = False
    stamp(employee, actor)
    employee.save(update_fields=["is_active", "is_unit_head"])
    _superiors_changed(actor, employee, employee.unit.instansi_id, employee.unit.path)
    _service_state_changed(actor, employee)  # a record switched off takes its login with it
    if active:
        employees_joined([employee.pk])
    return employee


@transaction.atomic
def working_state_follow(
    *, actor: Actor, employee_ids: Iterable[int], state: str, from_state: str
) -> list[int]:
    """Move employees from one working state to another because of a decision taken elsewhere (an
    approved CLTN starts or ends: the leave app decides, with its own permission checks). Only those
    still in `from_state` move (HR's own setting is never overwritten); each row is saved with its
    history and the state listeners run, in the caller's transaction. Returns the ids moved."""
    if state not in WorkingState.values or from_state not in WorkingState.values:
        raise ValueError(state)
    moved = []
    for employee in (
        Employee.objects.select_for_update(of=("self",))
        .filter(pk__in=list(employee_ids), working_state=from_state)
        .order_by("pk")
    ):
        employee.working_state = state
        stamp(employee, actor)
        employee.save(update_fields=["working_state"])
        _service_state_changed(actor, employee)
        moved.append(employee.pk)
    return moved


def sensitive_view_log(*, actor: Actor, employee: Employee, fields: Iterable[str]) -> None:
    """Log a read of an employee's sensitive data (UU 27/2022): by anyone but the employee."""
    if access.sensitive_view_is_logged(actor, employee) and actor.user_id is not None:
        SensitiveDataView.objects.create(viewer_id=actor.user_id, employee=employee, fields=",".join(fields))


def sensitive_data_read(*, actor: Actor, employee: Employee) -> dict[str, Any]:
    """The sensitive fields of an employee; a read by anyone but the employee is logged."""
    access.require(access.can_view_sensitive(actor, employee))
    sensitive_view_log(actor=actor, employee=employee, fields=(*SENSITIVE_FIELDS, "family", "discipline"))
    return {
        "nik": employee.nik,
        "religion": employee.get_religion_display(),
        "marital_status": employee.get_marital_status_display(),
    }
