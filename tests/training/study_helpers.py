"""Helpers of the study assignment tests: an employee who meets every condition, an acceptance
letter, and an assignment in any state made directly (the services are tested on their own)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from employees.models import Employee
from performance.choices import AppraisalState
from tests.performance.factories import annual, make_appraisal, make_skp, make_year
from training.models import StudyAssignment

# The test clock is 15 July 2026: the last two finished years are 2024 and 2025.
GOOD = {2024: "baik", 2025: "sangat_baik"}


def pdf(name: str = "loa.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% test\n", content_type="application/pdf")


def with_predikat(employee: Employee, predikat: dict[int, str]) -> None:
    """A final annual appraisal of each year with that predikat."""
    for year, value in predikat.items():
        record = make_year(employee.unit.instansi, year=year)
        skp = make_skp(employee, record)
        make_appraisal(skp, annual(record), state=AppraisalState.FINAL, predikat=value)


def make_eligible(employee: Employee, *, tmt_cpns: date = date(2015, 3, 1)) -> Employee:
    Employee.objects.filter(pk=employee.pk).update(tmt_cpns=tmt_cpns)
    with_predikat(employee, GOOD)
    employee.refresh_from_db()
    return employee


def request_data(**overrides: Any) -> dict[str, Any]:
    data = dict(
        kind="tugas_belajar",
        level="S-2",
        study_programme="Magister Kesehatan Masyarakat",
        institution="Universitas Gadjah Mada",
        country="dalam_negeri",
        country_name="",
        funding="apbd",
        funding_note="",
        start_date=date(2026, 9, 1),
        end_date=date(2028, 8, 31),
    )
    data.update(overrides)
    return data


def make_study(employee: Employee, *, state: str = "diajukan", **fields: Any) -> StudyAssignment:
    values = dict(
        instansi=employee.unit.instansi,
        employee=employee,
        kind="tugas_belajar",
        level="S-2",
        study_programme="Magister Kesehatan Masyarakat",
        institution="Universitas Gadjah Mada",
        country="dalam_negeri",
        funding="apbd",
        start_date=date(2026, 9, 1),
        end_date=date(2028, 8, 31),
        acceptance_letter="training/study/test-letter",
        acceptance_letter_name="loa.pdf",
        state=state,
    )
    values.update(fields)
    return StudyAssignment.objects.create(**values)
