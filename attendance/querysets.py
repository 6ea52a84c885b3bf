"""Chainable queries of the attendance app."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.db import models
from django.db.models import Q


class ScheduleQuerySet(models.QuerySet):
    def in_force(self, on: date) -> Self:
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)

    def for_units(self, instansi_id: int, unit_ids: list[int]) -> Self:
        """The agency-wide schedules and those of the given units (an employee's unit and its ancestors)."""
        return self.filter(Q(unit__isnull=True) | Q(unit_id__in=unit_ids), instansi_id=instansi_id)


class PresenceQuerySet(models.QuerySet):
    def of_day(self, employee_id: int, on: date) -> Self:
        return self.filter(employee_id=employee_id, work_date=on)
