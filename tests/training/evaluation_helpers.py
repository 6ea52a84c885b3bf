"""Helpers of the evaluation tests: a finished programme with completed participants."""

from __future__ import annotations

from datetime import date

from training.models import Enrolment

from .factories import make_programme


def finished_programme(org, *, start=date(2026, 3, 2), end=date(2026, 3, 4), **fields):
    return make_programme(org.sorong, start_date=start, end_date=end, state="selesai", **fields)


def completed(org, programme, employee=None, approver=None, result="lulus") -> Enrolment:
    return Enrolment.objects.create(
        programme=programme,
        employee=employee or org.employee_dinkes_sorong,
        origin="mandiri",
        state="selesai",
        result=result,
        approver=approver if approver is not None else org.head_dinkes_sorong,
    )
