"""Writes to the personnel record: access check, validation, audit, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import access
from core.access import Actor
from core.audit import stamp

from .models import Employee
from .rules import NipError, golongan_allowed_for, identity_mismatches, normalize_nip, parse_nip

EDITABLE_FIELDS = (
    "nip",
    "nip_lama",
    "name",
    "front_title",
    "back_title",
    "birth_date",
    "gender",
    "nip_mismatch_confirmed",
    "unit",
    "position_name",
    "position_kind",
    "golongan",
    "is_unit_head",
)


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
    if employee.golongan and not golongan_allowed_for(parsed.kind, employee.golongan):
        raise ValidationError(
            {"golongan": _("Golongan ini tidak berlaku untuk %(kind)s.") % {"kind": parsed.kind.value}}
        )


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
    access.require(access.can_create_employee_in(actor, data["unit"]))
    employee = Employee(**{k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    return _save(employee, actor)


@transaction.atomic
def employee_update(*, actor: Actor, employee: Employee, data: dict[str, Any]) -> Employee:
    # Check the stored row, not the caller's instance (a bound form may have changed its unit).
    employee = Employee.objects.select_for_update().select_related("unit").get(pk=employee.pk)
    access.require(access.can_change_employee(actor, employee))
    if "unit" in data:
        access.require(access.can_create_employee_in(actor, data["unit"]))
    for name, value in data.items():
        if name in EDITABLE_FIELDS:
            setattr(employee, name, value)
    return _save(employee, actor)


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
    return employee
