"""Factories of the leave tests: the migrated leave types (loaded again after a transactional test
flushed them), ledger grants, actors."""

from __future__ import annotations

import importlib
from datetime import date

from django.apps import apps

from core.access import actor_for
from leave.choices import EntryKind, LeaveKind
from leave.models import LeaveType, LedgerEntry
from leave.services import balances


def reference_data() -> None:
    """The leave types of migration 0002, loaded again when missing. Idempotent."""
    if not LeaveType.objects.exists():
        importlib.import_module("leave.migrations.0002_load_leave_types").load(apps, None)


def leave_type(kind: str = LeaveKind.TAHUNAN, employee_kind: str = "PNS") -> LeaveType:
    reference_data()
    return LeaveType.objects.get(kind=kind, employee_kind=employee_kind)


def grant(employee, bucket: int, days: int = 12, kind: str = EntryKind.HAK) -> LedgerEntry:
    """A ledger row written as the services write them (the summary refreshed with it)."""
    return ledger_entry(
        employee,
        bucket=bucket,
        year=bucket,
        days=days,
        kind=kind,
        reason="hak",
        key=f"open:{bucket}:{bucket}",
    )


def ledger_entry(employee, **fields) -> LedgerEntry:
    """Any ledger row, through leave.services.balances.record (the summary refreshed with it)."""
    employee_id = fields.pop("employee_id", None) or employee.pk
    (row,) = balances.record([LedgerEntry(employee_id=employee_id, **fields)])
    return row


def actor(user):
    return actor_for(user)


def request_data(**overrides) -> dict:
    data = dict(
        start=date(2026, 8, 18),
        end=date(2026, 8, 21),
        reason="Urusan keluarga",
        address="Jl. Ahmad Yani 1, Sorong",
        phone="081234567890",
    )
    data.update(overrides)
    return data
