"""The services of the training app: each rule, and that a refused write leaves nothing behind."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import HrAssignment
from employees.models import TrainingHistory
from employees.services.histories import training_record_save
from notifications.models import Notification
from training.choices import CompletionResult, EnrolmentState, ProgrammeState
from training.models import Attendance, Enrolment, Programme
from training.selectors import catalogue as selectors
from training.services import catalogue, completion, enrolment

from ..factories import make_employee, make_user
from .factories import START, actor, make_programme

pytestmark = pytest.mark.django_db


def request_place(org, programme, persona="employee_dinkes_sorong"):
    return enrolment.enrolment_request(actor=actor(org, persona), programme=programme, reason="Butuh")


def confirmed(org, programme, employee=None):
    """An enrolment of `employee` (default: the nurse) that went through every step to a place, a
    week before the programme's first day (nobody new joins a programme that has started)."""
    employee = employee or org.employee_dinkes_sorong
    hr = actor(org, "hr_sorong")
    week_before = datetime.combine(programme.start_date - timedelta(days=7), time(3), UTC)
    with time_machine.travel(week_before) if week_before < timezone.now() else nullcontext():
        e = enrolment.enrolment_nominate(actor=hr, programme=programme, employee=employee)
        if e.state == EnrolmentState.REQUESTED:
            e = enrolment.enrolment_approve(actor=actor(org, "head_dinkes_sorong"), enrolment=e)
        return enrolment.enrolment_confirm(actor=hr, enrolment=e)


def staff(org, name):
    return make_employee(org.pkm_sorong, name=name)


# --- Request, approval, confirmation -----------------------------------------------------------------------
def test_an_employees_request_goes_to_the_atasan_then_hr(org):
    programme = make_programme(org.sorong)
    e = request_place(org, programme)
    assert e.state == EnrolmentState.REQUESTED
    assert e.approver == org.head_dinkes_sorong  # the Puskesmas has no head: the head of Dinkes
    head_user = org.users["head_dinkes_sorong"]
    assert Notification.objects.filter(
        recipient=head_user, key__startswith=f"training:enrolment:{e.pk}"
    ).exists()

    e = enrolment.enrolment_approve(actor=actor(org, "head_dinkes_sorong"), enrolment=e)
    assert e.state == EnrolmentState.APPROVED
    assert Notification.objects.filter(recipient=org.users["hr_sorong"], kind="training_approved").exists()

    e = enrolment.enrolment_confirm(actor=actor(org, "hr_sorong"), enrolment=e)
    assert e.state == EnrolmentState.CONFIRMED
    assert Notification.objects.filter(
        recipient=org.users["employee_dinkes_sorong"], kind="training_confirmed"
    ).exists()
    assert [s.action for s in e.steps.all()] == ["ajukan", "setujui", "konfirmasi"]


def test_nobody_approves_their_own_request(org):
    """The head asks for a place himself: the head of Dinkes has no atasan in the test tree, so HR
    confirms; and he can never approve it, nor can an HR officer confirm their own."""
    programme = make_programme(org.sorong)
    own = request_place(org, programme, "head_dinkes_sorong")
    assert own.approver is None and own.state == EnrolmentState.APPROVED
    with pytest.raises(PermissionDenied):
        enrolment.enrolment_approve(actor=actor(org, "head_dinkes_sorong"), enrolment=own)

    # An HR officer who is also an employee of Sorong asks for a place and may not confirm it.
    officer_user = make_user("hr.pegawai")
    HrAssignment.objects.create(user=officer_user, instansi=org.sorong)
    make_employee(org.dishub_sorong, user=officer_user, name="Petugas Yang Juga Pegawai")
    from core import access as core_access

    officer_actor = core_access.actor_for(officer_user)
    mine = enrolment.enrolment_request(actor=officer_actor, programme=programme)
    mine.state = EnrolmentState.APPROVED
    mine.save(update_fields=["state"])
    with pytest.raises(PermissionDenied):
        enrolment.enrolment_confirm(actor=officer_actor, enrolment=mine)
    mine.refresh_from_db()
    assert mine.state == EnrolmentState.APPROVED


def test_an_employee_cannot_approve_a_request_waiting_for_their_atasan(org):
    programme = make_programme(org.sorong)
    e = request_place(org, programme)
    with pytest.raises(PermissionDenied):
        enrolment.enrolment_approve(actor=actor(org, "employee_dinkes_sorong"), enrolment=e)
    with pytest.raises(PermissionDenied):
        enrolment.enrolment_approve(actor=actor(org, "hr_sorong"), enrolment=e)  # HR is not the atasan
    e.refresh_from_db()
    assert e.state == EnrolmentState.REQUESTED


def test_the_atasans_nomination_is_their_approval_hrs_is_not(org):
    programme = make_programme(org.sorong, quota=5)
    by_head = enrolment.enrolment_nominate(
        actor=actor(org, "head_dinkes_sorong"), programme=programme, employee=org.employee_dinkes_sorong
    )
    assert by_head.state == EnrolmentState.APPROVED and by_head.origin == "atasan"
    other = staff(org, "Bidan Puskesmas")
    by_hr = enrolment.enrolment_nominate(actor=actor(org, "hr_sorong"), programme=programme, employee=other)
    assert by_hr.state == EnrolmentState.REQUESTED and by_hr.origin == "kepegawaian"
    assert by_hr.approver == org.head_dinkes_sorong


def test_a_head_nominates_only_within_their_subtree(org):
    programme = make_programme(org.sorong)
    with pytest.raises(PermissionDenied):
        enrolment.enrolment_nominate(
            actor=actor(org, "head_dinkes_sorong"), programme=programme, employee=org.employee_dishub_sorong
        )
    assert not Enrolment.objects.exists()


def test_a_second_request_for_the_same_programme_is_refused(org):
    programme = make_programme(org.sorong)
    request_place(org, programme)
    with pytest.raises(ValidationError, match="sudah terdaftar"):
        request_place(org, programme)
    assert Enrolment.objects.count() == 1


def test_a_request_outside_the_eligibility_is_refused_and_saves_nothing(org):
    programme = make_programme(org.sorong, golongan_min="III/c", golongan_max="IV/e")  # the nurse is III/a
    with pytest.raises(ValidationError, match="tidak memenuhi syarat"):
        request_place(org, programme)
    assert not Enrolment.objects.exists()
    assert not Notification.objects.exists()


def test_a_draft_or_closed_programme_takes_no_request(org):
    for state in (ProgrammeState.DRAFT, ProgrammeState.CLOSED):
        programme = make_programme(org.sorong, state=state)
        with pytest.raises(PermissionDenied):
            request_place(org, programme)


# --- The waitlist ------------------------------------------------------------------------------------------------
def test_a_full_programme_waitlists_and_a_cancellation_promotes_the_first_in_line(org):
    programme = make_programme(org.sorong, quota=1)
    first = confirmed(org, programme)
    assert first.state == EnrolmentState.CONFIRMED
    second = confirmed(org, programme, staff(org, "Kedua"))
    third = confirmed(org, programme, staff(org, "Ketiga"))
    assert second.state == third.state == EnrolmentState.WAITLISTED

    enrolment.enrolment_cancel(actor=actor(org, "employee_dinkes_sorong"), enrolment=first, reason="Sakit")
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.state == EnrolmentState.CONFIRMED  # who waited first
    assert third.state == EnrolmentState.WAITLISTED
    assert Notification.objects.filter(kind="training_promoted", recipient=org.users["hr_sorong"]).exists()
    assert second.steps.filter(action="naikkan").exists()


def test_a_larger_quota_promotes_the_waitlist(org):
    programme = make_programme(org.sorong, quota=1)
    confirmed(org, programme)
    waiting = confirmed(org, programme, staff(org, "Menunggu"))
    assert waiting.state == EnrolmentState.WAITLISTED
    programme.quota = 2
    catalogue.programme_save(actor=actor(org, "hr_sorong"), programme=programme, instansi=org.sorong)
    waiting.refresh_from_db()
    assert waiting.state == EnrolmentState.CONFIRMED


def test_the_participant_cannot_cancel_after_the_deadline_but_hr_can(org, time_machine):
    programme = make_programme(org.sorong)
    e = confirmed(org, programme)
    time_machine.move_to("2026-08-15T03:00:00Z")  # two days before the start, the deadline is three
    with pytest.raises(ValidationError, match="Batas pembatalan sudah lewat"):
        enrolment.enrolment_cancel(actor=actor(org, "employee_dinkes_sorong"), enrolment=e)
    e.refresh_from_db()
    assert e.state == EnrolmentState.CONFIRMED
    enrolment.enrolment_cancel(actor=actor(org, "hr_sorong"), enrolment=e, reason="Pindah tugas")
    e.refresh_from_db()
    assert e.state == EnrolmentState.CANCELLED


def test_cancelling_a_programme_withdraws_every_open_enrolment(org):
    programme = make_programme(org.sorong)
    e = confirmed(org, programme)
    catalogue.programme_set_state(
        actor=actor(org, "hr_sorong"), programme=programme, state=ProgrammeState.CANCELLED
    )
    e.refresh_from_db()
    assert e.state == EnrolmentState.CANCELLED


# --- Catalogue rules ------------------------------------------------------------------------------------------------
def test_a_programme_opens_only_with_a_session(org):
    programme = make_programme(org.sorong, state=ProgrammeState.DRAFT)
    programme.sessions.all().delete()
    with pytest.raises(ValidationError, match="jadwal sesi"):
        catalogue.programme_set_state(
            actor=actor(org, "hr_sorong"), programme=programme, state=ProgrammeState.OPEN
        )


def test_a_session_must_lie_within_the_programme(org):
    from training.models import Session

    programme = make_programme(org.sorong)
    session = Session(date=date(2026, 9, 1), start_time=time(8), end_time=time(12), place="Aula")
    with pytest.raises(ValidationError) as exc:
        catalogue.session_save(actor=actor(org, "hr_sorong"), session=session, programme=programme)
    assert "date" in exc.value.error_dict
    assert programme.sessions.count() == 1


def test_an_upside_down_golongan_range_is_refused(org):
    programme = Programme(
        title="X", kind="teknis", form="kursus", organiser_kind="bpsdm", jp=8, quota=5,
        start_date=START, end_date=START, golongan_min="IV/a", golongan_max="III/a",
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        catalogue.programme_save(actor=actor(org, "hr_sorong"), programme=programme, instansi=org.sorong)
    assert "golongan_max" in exc.value.error_dict
    assert not Programme.objects.exists()


def test_hr_of_another_agency_cannot_write_sorongs_catalogue(org):
    programme = Programme(
        title="X",
        kind="teknis",
        form="kursus",
        organiser_kind="bpsdm",
        jp=8,
        quota=5,
        start_date=START,
        end_date=START,
    )
    from django.http import Http404

    with pytest.raises(Http404):
        catalogue.programme_save(actor=actor(org, "hr_palembang"), programme=programme, instansi=org.sorong)


def test_the_catalogue_applies_eligibility_in_the_query(org):
    open_to_all = make_programme(org.sorong, title="Untuk semua")
    make_programme(org.sorong, title="Golongan IV", golongan_min="IV/a")
    make_programme(org.sorong, title="Hanya pengawas", position_kind="pengawas")
    for_pkm = make_programme(org.sorong, title="Puskesmas")
    for_pkm.units.set([org.pkm_sorong])
    for_dinkes = make_programme(org.sorong, title="Seluruh Dinkes")
    for_dinkes.units.set([org.dinkes_sorong])  # the Puskesmas is below it
    for_dishub = make_programme(org.sorong, title="Dishub")
    for_dishub.units.set([org.dishub_sorong])
    make_programme(org.sorong, title="Draf", state=ProgrammeState.DRAFT)
    make_programme(org.palembang, title="Palembang")

    nurse = selectors.own_candidate(actor(org, "employee_dinkes_sorong"))
    titles = {p.title for p in selectors.catalogue(who=nurse)}
    assert titles == {"Untuk semua", "Puskesmas", "Seluruh Dinkes"}
    head = selectors.own_candidate(actor(org, "head_dinkes_sorong"))  # IV/c, JPT pratama, in Dinkes
    assert {p.title for p in selectors.catalogue(who=head)} == {
        "Untuk semua",
        "Golongan IV",
        "Seluruh Dinkes",
    }
    assert selectors.is_eligible(open_to_all, nurse)


# --- Attendance and completion ------------------------------------------------------------------------------------
def test_attendance_is_marked_for_the_whole_list_and_can_be_corrected(org):
    programme = make_programme(org.sorong, start_date=date(2026, 7, 13), end_date=date(2026, 7, 15))
    a = confirmed(org, programme)
    programme.quota = 5
    programme.save()
    b = confirmed(org, programme, staff(org, "Kedua"))
    session = programme.sessions.get()
    hr = actor(org, "hr_sorong")
    completion.attendance_save(
        actor=hr, session=session, marks={a.pk: completion.Mark(True), b.pk: completion.Mark(False, "Sakit")}
    )
    completion.attendance_save(actor=hr, session=session, marks={b.pk: completion.Mark(True)})
    assert dict(Attendance.objects.values_list("enrolment_id", "present")) == {a.pk: True, b.pk: True}


def test_attendance_of_someone_not_on_the_list_saves_nothing(org):
    programme = make_programme(org.sorong, start_date=date(2026, 7, 13), end_date=date(2026, 7, 15))
    a = confirmed(org, programme)
    waiting = request_place(org, make_programme(org.sorong, title="Lain"))
    with pytest.raises(ValidationError):
        completion.attendance_save(
            actor=actor(org, "hr_sorong"),
            session=programme.sessions.get(),
            marks={a.pk: completion.Mark(True), waiting.pk: completion.Mark(True)},
        )
    assert not Attendance.objects.exists()


def test_completion_issues_a_certificate_and_writes_the_training_history_with_its_jp(org):
    programme = make_programme(org.sorong, start_date=date(2026, 7, 13), end_date=date(2026, 7, 15), quota=5)
    passed = confirmed(org, programme)
    failed = confirmed(org, programme, staff(org, "Tidak Lulus"))
    completion.completion_save(
        actor=actor(org, "hr_sorong"),
        programme=programme,
        outcomes={
            passed.pk: completion.Outcome(CompletionResult.PASSED, Decimal("88.50")),
            failed.pk: completion.Outcome(CompletionResult.FAILED, Decimal("40")),
        },
    )
    passed.refresh_from_db()
    failed.refresh_from_db()
    assert passed.state == failed.state == EnrolmentState.COMPLETED
    assert passed.certificate_code and not failed.certificate_code
    row = TrainingHistory.objects.get()
    assert row.employee == org.employee_dinkes_sorong
    assert (row.hours, row.name, row.category) == (24, "Pelatihan Pelayanan Prima", "teknis")
    assert (row.start_date, row.end_date) == (date(2026, 7, 13), date(2026, 7, 15))
    assert row.source_ref == f"training:enrolment:{passed.pk}"
    assert row.history.first().history_user == org.users["hr_sorong"]


def test_a_bad_result_in_the_batch_saves_nothing(org):
    programme = make_programme(org.sorong, start_date=date(2026, 7, 13), end_date=date(2026, 7, 15), quota=5)
    a = confirmed(org, programme)
    b = confirmed(org, programme, staff(org, "Kedua"))
    with pytest.raises(ValidationError, match="Nilai harus"):
        completion.completion_save(
            actor=actor(org, "hr_sorong"),
            programme=programme,
            outcomes={
                a.pk: completion.Outcome(CompletionResult.PASSED, Decimal("90")),
                b.pk: completion.Outcome(CompletionResult.PASSED, Decimal("120")),
            },
        )
    a.refresh_from_db()
    assert a.state == EnrolmentState.CONFIRMED and not a.certificate_code
    assert not TrainingHistory.objects.exists()


def test_completion_before_the_start_is_refused(org):
    programme = make_programme(org.sorong)  # starts in August; the clock says July
    e = confirmed(org, programme)
    with pytest.raises(ValidationError, match="belum dimulai"):
        completion.completion_save(
            actor=actor(org, "hr_sorong"),
            programme=programme,
            outcomes={e.pk: completion.Outcome(CompletionResult.PASSED)},
        )


def test_the_training_record_service_is_idempotent_by_its_source(org):
    hr = actor(org, "hr_sorong")
    kwargs = dict(
        employee=org.employee_dinkes_sorong, source_ref="training:enrolment:999", name="Kursus", category="teknis",
        organiser="BPSDM", start_date=START, end_date=START,
    )  # fmt: skip
    training_record_save(actor=hr, hours=8, **kwargs)
    training_record_save(actor=hr, hours=10, **kwargs)
    assert list(TrainingHistory.objects.values_list("hours", flat=True)) == [10]
    with pytest.raises(PermissionDenied):
        training_record_save(actor=actor(org, "hr_palembang"), hours=8, **kwargs)


def test_results_wait_for_the_last_day_of_the_programme(org):
    programme = make_programme(org.sorong, start_date=date(2026, 7, 14), end_date=date(2026, 7, 16))
    a = confirmed(org, programme)
    with pytest.raises(ValidationError, match="belum berakhir"):
        completion.completion_save(
            actor=actor(org, "hr_sorong"),
            programme=programme,
            outcomes={a.pk: completion.Outcome(CompletionResult.PASSED, Decimal("90"))},
        )
    assert not TrainingHistory.objects.exists()


def test_an_issued_certificate_keeps_the_title_dates_and_jp_it_printed(org):
    programme = make_programme(org.sorong, start_date=date(2026, 7, 13), end_date=date(2026, 7, 15))
    a = confirmed(org, programme)
    completion.completion_save(
        actor=actor(org, "hr_sorong"),
        programme=programme,
        outcomes={a.pk: completion.Outcome(CompletionResult.PASSED, Decimal("90"))},
    )
    programme.refresh_from_db()
    programme.jp = 1000
    with pytest.raises(ValidationError, match="Sertifikat program ini sudah terbit"):
        catalogue.programme_save(actor=actor(org, "hr_sorong"), programme=programme, instansi=org.sorong)
    programme.refresh_from_db()
    assert programme.jp == 24


def test_a_finished_programmes_attendance_is_not_rewritten_nor_an_officers_own(org):
    programme = make_programme(org.sorong, start_date=date(2026, 7, 13), end_date=date(2026, 7, 15))
    a = confirmed(org, programme)
    session = programme.sessions.get()
    # An HR officer who is on the list (an officer is an employee too) does not mark themself.
    HrAssignment.objects.create(user=org.employee_dinkes_sorong.user, instansi=org.sorong)
    with pytest.raises(ValidationError, match="Kehadiran Anda sendiri"):
        completion.attendance_save(
            actor=actor(org, "employee_dinkes_sorong"), session=session, marks={a.pk: completion.Mark(True)}
        )
    Programme.objects.filter(pk=programme.pk).update(state=ProgrammeState.FINISHED)
    session.programme.refresh_from_db()
    with pytest.raises(ValidationError, match="program yang berjalan"):
        completion.attendance_save(
            actor=actor(org, "hr_sorong"), session=session, marks={a.pk: completion.Mark(False)}
        )
    assert not Attendance.objects.exists()
