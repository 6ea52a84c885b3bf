"""The services of study assignments: eligibility enforced when sending, the atasan's
recommendation, HR's decision setting the working state (and rolling back with it), semester
reports, completion with the service obligation, and nobody deciding their own request."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.access import ANONYMOUS, actor_for
from employees.services import records
from notifications.models import Notification
from training.models import StudyAssignment, StudyReport
from training.services import study as services

from ..factories import make_employee, make_hr
from .factories import actor
from .study_helpers import make_eligible, make_study, pdf, request_data, with_predikat

pytestmark = pytest.mark.django_db


def nurse_requests(org, **overrides) -> StudyAssignment:
    make_eligible(org.employee_dinkes_sorong)
    return services.study_request(
        actor=actor(org, "employee_dinkes_sorong"), data=request_data(**overrides), letter=pdf()
    )


def approved(org, **overrides) -> StudyAssignment:
    study = nurse_requests(org, **overrides)
    study = services.study_recommend(actor=actor(org, "head_dinkes_sorong"), study=study, recommended=True)
    return services.study_decide(
        actor=actor(org, "hr_sorong"), study=study, approve=True, decree_number="800/12/BKPSDM/2026",
        decree_date=date(2026, 7, 14),
    )  # fmt: skip


def working_state(employee) -> str:
    employee.refresh_from_db()
    return employee.working_state


# --- The request --------------------------------------------------------------------------------------------
def test_a_request_goes_to_the_atasan_with_a_notification(org):
    study = nurse_requests(org)
    assert study.state == "diajukan"
    assert study.approver == org.head_dinkes_sorong
    assert study.acceptance_letter_name == "loa.pdf"
    assert Notification.objects.filter(
        recipient=org.users["head_dinkes_sorong"], key=f"training:study:{study.pk}:requested"
    ).exists()


def test_an_ineligible_request_is_refused_and_nothing_is_saved(org):
    with_predikat(org.employee_dinkes_sorong, {2024: "baik", 2025: "butuh_perbaikan"})
    org.employee_dinkes_sorong.__class__.objects.filter(pk=org.employee_dinkes_sorong.pk).update(
        tmt_cpns=date(2015, 3, 1)
    )
    with pytest.raises(ValidationError) as caught:
        services.study_request(actor=actor(org, "employee_dinkes_sorong"), data=request_data(), letter=pdf())
    assert "Predikat kinerja" in " ".join(caught.value.messages)
    assert not StudyAssignment.objects.exists()


def test_a_second_open_request_is_refused(org):
    nurse_requests(org)
    with pytest.raises(ValidationError):
        services.study_request(actor=actor(org, "employee_dinkes_sorong"), data=request_data(), letter=pdf())
    assert StudyAssignment.objects.count() == 1


def test_a_letter_that_is_not_a_pdf_or_image_is_refused(org):
    make_eligible(org.employee_dinkes_sorong)
    fake = SimpleUploadedFile("loa.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        services.study_request(actor=actor(org, "employee_dinkes_sorong"), data=request_data(), letter=fake)
    assert "acceptance_letter" in caught.value.message_dict
    assert not StudyAssignment.objects.exists()


# --- Recommendation and decision ----------------------------------------------------------------------------
def test_not_recommending_needs_a_reason(org):
    study = nurse_requests(org)
    with pytest.raises(ValidationError):
        services.study_recommend(actor=actor(org, "head_dinkes_sorong"), study=study, recommended=False)
    study.refresh_from_db()
    assert study.state == "diajukan"
    study = services.study_recommend(
        actor=actor(org, "head_dinkes_sorong"), study=study, recommended=False, reason="Beban kerja unit"
    )
    assert study.state == "direkomendasikan" and study.recommended is False


def test_approving_a_tugas_belajar_that_has_started_sets_the_working_state_in_the_same_step(org):
    study = approved(org, start_date=date(2026, 7, 15))  # starts today
    assert study.state == "berjalan"
    assert study.decree_number == "800/12/BKPSDM/2026"
    assert working_state(org.employee_dinkes_sorong) == "tugas_belajar"


def test_a_tugas_belajar_approved_ahead_changes_the_working_state_on_its_first_day(org):
    study = approved(org)  # starts 1 September 2026; the clock is 15 July
    assert study.next_report_due == date(2027, 3, 31)
    assert working_state(org.employee_dinkes_sorong) == "aktif"
    assert services.study_states_sync(actor=ANONYMOUS, on=date(2026, 8, 31)) == 0
    assert working_state(org.employee_dinkes_sorong) == "aktif"
    assert services.study_states_sync(actor=ANONYMOUS, on=date(2026, 9, 1)) == 1
    assert working_state(org.employee_dinkes_sorong) == "tugas_belajar"
    assert services.study_states_sync(actor=ANONYMOUS, on=date(2026, 9, 2)) == 0  # run again: nothing moves
    assert Notification.objects.filter(
        recipient=org.users["employee_dinkes_sorong"], key=f"training:study:{study.pk}:approved"
    ).exists()


def test_approving_an_izin_belajar_keeps_the_working_state(org):
    study = approved(org, kind="izin_belajar", start_date=date(2026, 7, 15))
    assert study.state == "berjalan"
    assert working_state(org.employee_dinkes_sorong) == "aktif"
    assert services.study_states_sync(actor=ANONYMOUS, on=date(2026, 9, 1)) == 0
    assert working_state(org.employee_dinkes_sorong) == "aktif"


def test_approval_needs_the_decree_number_and_date(org):
    study = nurse_requests(org)
    study = services.study_recommend(actor=actor(org, "head_dinkes_sorong"), study=study, recommended=True)
    with pytest.raises(ValidationError) as caught:
        services.study_decide(actor=actor(org, "hr_sorong"), study=study, approve=True)
    assert set(caught.value.message_dict) == {"decree_number", "decree_date"}
    study.refresh_from_db()
    assert study.state == "direkomendasikan"
    assert working_state(org.employee_dinkes_sorong) == "aktif"


def test_a_failure_while_changing_the_working_state_rolls_the_decision_back(org, monkeypatch):
    study = nurse_requests(org, start_date=date(2026, 7, 15))  # starts today: the state changes now
    study = services.study_recommend(actor=actor(org, "head_dinkes_sorong"), study=study, recommended=True)

    def broken(actor, employee):
        raise RuntimeError("listener failed")

    monkeypatch.setattr(records, "_SERVICE_STATE_LISTENERS", [broken])
    with pytest.raises(RuntimeError):
        services.study_decide(
            actor=actor(org, "hr_sorong"), study=study, approve=True, decree_number="800/1", decree_date=date(2026, 7, 1)
        )  # fmt: skip
    study.refresh_from_db()
    assert study.state == "direkomendasikan" and study.decree_number == ""
    assert working_state(org.employee_dinkes_sorong) == "aktif"
    assert not Notification.objects.filter(key=f"training:study:{study.pk}:approved").exists()


def test_rejection_needs_a_reason_and_keeps_the_working_state(org):
    study = nurse_requests(org)
    study = services.study_recommend(actor=actor(org, "head_dinkes_sorong"), study=study, recommended=True)
    with pytest.raises(ValidationError):
        services.study_decide(actor=actor(org, "hr_sorong"), study=study, approve=False)
    study = services.study_decide(
        actor=actor(org, "hr_sorong"), study=study, approve=False, reason="Anggaran"
    )
    assert study.state == "ditolak"
    assert working_state(org.employee_dinkes_sorong) == "aktif"


# --- Nobody decides their own request -----------------------------------------------------------------------
def test_an_hr_officer_cannot_decide_their_own_request(org):
    user = make_hr("hr.pegawai.sorong", org.sorong)
    me = make_eligible(make_employee(org.pkm_sorong, user=user, name="Petugas Kepegawaian"))
    mine = actor_for(user)
    study = services.study_request(actor=mine, data=request_data(), letter=pdf())
    study = services.study_recommend(actor=actor(org, "head_dinkes_sorong"), study=study, recommended=True)
    with pytest.raises(PermissionDenied):
        services.study_decide(
            actor=mine, study=study, approve=True, decree_number="1", decree_date=date(2026, 7, 1)
        )
    study.refresh_from_db()
    assert study.state == "direkomendasikan"
    assert working_state(me) == "aktif"
    # Another HR officer of the agency may.
    study = services.study_decide(
        actor=actor(org, "hr_sorong"),
        study=study,
        approve=True,
        decree_number="1",
        decree_date=date(2026, 7, 1),
    )
    assert study.state == "berjalan"


def test_nobody_recommends_their_own_request(org):
    study = make_study(org.head_dinkes_sorong, approver=org.head_dinkes_sorong)
    with pytest.raises(PermissionDenied):
        services.study_recommend(actor=actor(org, "head_dinkes_sorong"), study=study, recommended=True)
    study.refresh_from_db()
    assert study.state == "diajukan"


def test_only_the_named_atasan_recommends(org):
    study = nurse_requests(org)
    with pytest.raises(PermissionDenied):
        services.study_recommend(actor=actor(org, "hr_sorong"), study=study, recommended=True)


# --- Reports and completion ---------------------------------------------------------------------------------
def test_a_semester_report_moves_the_next_deadline_and_is_sent_once(org, time_machine):
    study = approved(org)
    time_machine.move_to("2026-09-02T02:00:00Z")  # the study has started (1 September)
    nurse = actor(org, "employee_dinkes_sorong")
    services.study_report_submit(
        actor=nurse, study=study, semester=1, gpa=Decimal("3.75"), credits=20, transcript=pdf("khs.pdf")
    )
    study.refresh_from_db()
    assert study.next_report_due == date(2027, 10, 1)
    with pytest.raises(ValidationError):
        services.study_report_submit(
            actor=nurse, study=study, semester=1, gpa=Decimal("3.5"), credits=20, transcript=pdf("khs.pdf")
        )
    assert StudyReport.objects.count() == 1


def test_a_report_before_the_study_starts_is_refused(org):
    study = approved(org)  # starts 1 September 2026; the clock is 15 July
    with pytest.raises(ValidationError, match="setelah studi dimulai"):
        services.study_report_submit(
            actor=actor(org, "employee_dinkes_sorong"), study=study, semester=1, gpa=Decimal("3.5"),
            credits=20, transcript=pdf("khs.pdf"),
        )  # fmt: skip
    assert not StudyReport.objects.exists()


def test_a_gpa_above_four_is_refused(org, time_machine):
    study = approved(org)
    time_machine.move_to("2026-09-02T02:00:00Z")
    with pytest.raises(ValidationError):
        services.study_report_submit(
            actor=actor(org, "employee_dinkes_sorong"), study=study, semester=1, gpa=Decimal("4.01"),
            credits=20, transcript=pdf("khs.pdf"),
        )  # fmt: skip
    assert not StudyReport.objects.exists()


def test_completion_restores_the_working_state_and_sets_the_obligation(org):
    study = approved(org)
    StudyAssignment.objects.filter(pk=study.pk).update(
        start_date=date(2024, 7, 1), end_date=date(2026, 6, 30)
    )
    study.refresh_from_db()
    study = services.study_complete(
        actor=actor(org, "hr_sorong"),
        study=study,
        graduation_date=date(2026, 7, 1),
        diploma=pdf("ijazah.pdf"),
    )
    assert study.state == "selesai"
    # 24 months of study: 2 × 24 + 12 = 60 months after graduation.
    assert study.obligation_end == date(2031, 7, 1)
    assert working_state(org.employee_dinkes_sorong) == "aktif"


def test_the_employee_cannot_record_their_own_graduation(org):
    study = approved(org)
    with pytest.raises(PermissionDenied):
        services.study_complete(
            actor=actor(org, "employee_dinkes_sorong"), study=study, graduation_date=date(2026, 7, 1),
            diploma=pdf("ijazah.pdf"),
        )  # fmt: skip
    study.refresh_from_db()
    assert study.state == "berjalan" and study.graduation_date is None


def test_the_employee_withdraws_before_the_decision(org):
    study = nurse_requests(org)
    study = services.study_withdraw(actor=actor(org, "employee_dinkes_sorong"), study=study)
    assert study.state == "ditarik"
    # A new request is possible again.
    assert (
        services.study_request(
            actor=actor(org, "employee_dinkes_sorong"), data=request_data(), letter=pdf()
        ).state
        == "diajukan"
    )
