"""External learning (issue 14 item 4): the rules, recording with a certificate, HR's verification
writing exactly one riwayat diklat row (and so the JP, shown by running the compliance recompute),
rejection writing none, no second decision, nobody deciding their own record, and the notification."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from core import access as core_access
from employees.models import TrainingHistory
from notifications.models import Notification
from tests.factories import make_employee
from training.choices import ExternalState
from training.models import ExternalLearning, JpSummary
from training.rules.external import is_decidable, is_editable, record_problems, reject_problem
from training.services import external as services

from .compliance_helpers import recompute
from .external_helpers import PDF, details, pdf
from .factories import actor

pytestmark = pytest.mark.django_db
TODAY = date(2026, 7, 15)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --- Rules ---------------------------------------------------------------------------------------------
def test_dates_and_jp_are_checked():
    ok = dict(start=date(2026, 3, 2), end=date(2026, 3, 6), jp=16, today=TODAY)
    assert record_problems(**ok) == {}
    assert set(record_problems(**{**ok, "end": date(2026, 3, 1)})) == {"end_date"}
    assert set(record_problems(**{**ok, "end": date(2026, 7, 16)})) == {"end_date"}  # not yet ended
    assert set(record_problems(**{**ok, "start": date(2020, 1, 1), "end": date(2020, 1, 2)})) == {"end_date"}
    assert set(record_problems(**{**ok, "jp": 0})) == {"jp"}
    assert set(record_problems(**{**ok, "jp": 1001})) == {"jp"}


def test_only_a_pending_record_is_changed_or_decided():
    assert is_editable("menunggu") and is_decidable("menunggu")
    for state in ("diverifikasi", "ditolak", "ditarik"):
        assert not is_editable(state) and not is_decidable(state)
    assert reject_problem("  ") and not reject_problem("Sertifikat tidak terbaca")


# --- Recording -------------------------------------------------------------------------------------------
def test_the_employee_records_with_a_certificate_and_it_waits(org):
    record = services.external_record(
        actor=actor(org, "employee_dinkes_sorong"), details=details(), certificate=pdf()
    )
    record.refresh_from_db()
    assert record.employee == org.employee_dinkes_sorong
    assert record.state == ExternalState.PENDING
    assert record.certificate_type == "application/pdf"
    assert record.certificate.read() == PDF
    assert not TrainingHistory.objects.filter(source_ref=record.source_ref).exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("palsu.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"), "bukan PDF"),
        (SimpleUploadedFile("kosong.pdf", b"", "application/pdf"), "kosong"),
        (None, "Unggah sertifikat"),
    ],
)
def test_a_bad_certificate_is_refused_and_nothing_is_saved(org, upload, message, tmp_path):
    with pytest.raises(ValidationError) as caught:
        services.external_record(
            actor=actor(org, "employee_dinkes_sorong"), details=details(), certificate=upload
        )
    assert message in str(caught.value.message_dict["certificate"])
    assert not ExternalLearning.objects.exists()
    assert not list((tmp_path / "private").rglob("*.*")) if (tmp_path / "private").exists() else True


def test_a_too_large_certificate_is_refused(org, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * 2048, "application/pdf")
    with pytest.raises(ValidationError) as caught:
        services.external_record(
            actor=actor(org, "employee_dinkes_sorong"), details=details(), certificate=big
        )
    assert "terlalu besar" in str(caught.value.message_dict["certificate"])
    assert not ExternalLearning.objects.exists()


def test_future_learning_is_refused(org):
    with pytest.raises(ValidationError) as caught:
        services.external_record(
            actor=actor(org, "employee_dinkes_sorong"),
            details=details(start_date=date(2026, 7, 20), end_date=date(2026, 7, 21)),
            certificate=pdf(),
        )
    assert "end_date" in caught.value.message_dict


def test_hr_without_an_employee_record_records_nothing(org):
    with pytest.raises(PermissionDenied):
        services.external_record(actor=actor(org, "hr_sorong"), details=details(), certificate=pdf())


def _record(org, **kw):
    return services.external_record(
        actor=actor(org, "employee_dinkes_sorong"), details=details(**kw), certificate=pdf()
    )


def test_the_employee_edits_and_withdraws_while_pending_only(org):
    nurse = actor(org, "employee_dinkes_sorong")
    record = _record(org)
    record = services.external_update(
        actor=nurse, record=record, details=details(jp=12), certificate=pdf("baru.pdf")
    )
    assert record.jp == 12 and record.certificate_name == "baru.pdf"
    record = services.external_withdraw(actor=nurse, record=record)
    assert record.state == ExternalState.WITHDRAWN
    with pytest.raises(ValidationError):
        services.external_update(actor=nurse, record=record, details=details(jp=8))
    with pytest.raises(ValidationError):
        services.external_verify(actor=actor(org, "hr_sorong"), record=record)
    assert not TrainingHistory.objects.filter(source_ref=record.source_ref).exists()


def test_another_employee_cannot_edit(org):
    record = _record(org)
    with pytest.raises(PermissionDenied):
        services.external_update(actor=actor(org, "head_dinkes_sorong"), record=record, details=details(jp=1))


# --- Verification -------------------------------------------------------------------------------------------
def test_verifying_writes_exactly_one_riwayat_row_and_notifies(org):
    record = _record(org)
    hr = actor(org, "hr_sorong")
    services.external_verify(actor=hr, record=record)
    record.refresh_from_db()
    assert record.state == ExternalState.VERIFIED
    assert record.decided_by_id == org.users["hr_sorong"].pk and record.decided_at is not None
    rows = TrainingHistory.objects.filter(employee=org.employee_dinkes_sorong, source_ref=record.source_ref)
    assert rows.count() == 1
    row = rows.get()
    assert (row.name, row.hours, row.category, row.organiser) == (
        "Kursus Analisis Data Kesehatan",
        16,
        "teknis",
        "Universitas Terbuka",
    )
    assert (row.start_date, row.end_date) == (date(2026, 3, 2), date(2026, 3, 6))
    note = Notification.objects.get(
        recipient=org.users["employee_dinkes_sorong"], kind="training_external_diverifikasi"
    )
    assert note.url == record.get_absolute_url()
    # A second decision is refused and writes nothing more.
    with pytest.raises(ValidationError):
        services.external_verify(actor=hr, record=record)
    with pytest.raises(ValidationError):
        services.external_reject(actor=hr, record=record, reason="Salah")
    assert TrainingHistory.objects.filter(source_ref=record.source_ref).count() == 1


def test_rejecting_needs_a_reason_and_writes_no_row(org):
    record = _record(org)
    hr = actor(org, "hr_sorong")
    with pytest.raises(ValidationError):
        services.external_reject(actor=hr, record=record, reason=" ")
    services.external_reject(actor=hr, record=record, reason="Sertifikat tidak mencantumkan JP")
    record.refresh_from_db()
    assert record.state == ExternalState.REJECTED
    assert record.decision_note == "Sertifikat tidak mencantumkan JP"
    assert not TrainingHistory.objects.filter(source_ref=record.source_ref).exists()
    assert Notification.objects.filter(
        recipient=org.users["employee_dinkes_sorong"], kind="training_external_ditolak"
    ).exists()


def test_only_hr_of_the_employees_agency_decides(org):
    record = _record(org)
    with pytest.raises(Http404):  # another agency: not even seen
        services.external_verify(actor=actor(org, "hr_palembang"), record=record)
    with pytest.raises(PermissionDenied):  # the atasan is not HR
        services.external_verify(actor=actor(org, "head_dinkes_sorong"), record=record)
    assert ExternalLearning.objects.get().state == ExternalState.PENDING


def test_nobody_verifies_their_own_record(org):
    officer = org.users["hr_sorong"]
    make_employee(org.dinkes_sorong, user=officer, name="Petugas Berpegawai")
    own = core_access.actor_for(officer)
    record = services.external_record(actor=own, details=details(), certificate=pdf())
    with pytest.raises(PermissionDenied):
        services.external_verify(actor=own, record=record)
    assert not TrainingHistory.objects.filter(source_ref=record.source_ref).exists()


def test_jp_count_in_the_compliance_only_once_verified(org):
    nurse = org.employee_dinkes_sorong
    record = _record(org, jp=16)
    recompute(org.sorong)
    before = JpSummary.objects.get(employee=nurse, jp_year__year=2026).jp
    recompute(org.sorong)
    assert JpSummary.objects.get(employee=nurse, jp_year__year=2026).jp == before  # pending: not counted
    services.external_verify(actor=actor(org, "hr_sorong"), record=record)
    recompute(org.sorong)
    assert JpSummary.objects.get(employee=nurse, jp_year__year=2026).jp == before + 16
