"""Helpers of the external learning tests: a certificate upload and a pending record."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from training.choices import ExternalState
from training.models import ExternalLearning
from training.services.external import Details

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "sertifikat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


def details(**overrides) -> Details:
    fields = dict(
        title="Kursus Analisis Data Kesehatan",
        kind="teknis",
        form="kursus",
        organiser="Universitas Terbuka",
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 6),
        jp=16,
    )
    fields.update(overrides)
    return Details(**fields)


def make_external(employee, state: str = ExternalState.PENDING, **overrides) -> ExternalLearning:
    """A record straight in the database (no file stored: pages that only list it)."""
    d = details(**{k: overrides.pop(k) for k in list(overrides) if k in Details.__dataclass_fields__})
    return ExternalLearning.objects.create(
        employee=employee,
        title=d.title,
        kind=d.kind,
        form=d.form,
        organiser=d.organiser,
        start_date=d.start_date,
        end_date=d.end_date,
        jp=d.jp,
        certificate="training/external/uji.pdf",
        certificate_type="application/pdf",
        certificate_extension="pdf",
        state=state,
        **overrides,
    )
