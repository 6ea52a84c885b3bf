"""Review findings on enrolment: a started programme takes nobody new and a full one offers the
waitlist; an ended programme leaves nothing pending; the catalogue's text search; HR's withdrawal
with a reason."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse as R

from notifications.models import Notification
from training.choices import EnrolmentState, ProgrammeState
from training.models import Competency, Enrolment, EnrolmentStep
from training.services import catalogue, enrolment

from .factories import actor, make_programme

pytestmark = pytest.mark.django_db

# The test clock is Wednesday 15 July 2026.
RUNNING = dict(start_date=date(2026, 7, 13), end_date=date(2026, 7, 17))


def enrol(org, programme, state, employee=None, **fields):
    return Enrolment.objects.create(
        programme=programme, employee=employee or org.employee_dinkes_sorong, origin="mandiri",
        state=state, approver=org.head_dinkes_sorong, **fields,
    )  # fmt: skip


# --- 1. A started programme takes nobody new; a full one offers the waitlist -------------------------
def test_a_request_or_nomination_for_a_started_programme_is_refused(org):
    programme = make_programme(org.sorong, **RUNNING)
    with pytest.raises(ValidationError, match="sudah dimulai pada 13 Juli 2026"):
        enrolment.enrolment_request(actor=actor(org, "employee_dinkes_sorong"), programme=programme)
    with pytest.raises(ValidationError, match="sudah dimulai"):
        enrolment.enrolment_nominate(
            actor=actor(org, "hr_sorong"), programme=programme, employee=org.employee_dinkes_sorong
        )
    assert not Enrolment.objects.exists() and not EnrolmentStep.objects.exists()


def test_a_programme_starting_today_is_started(org, time_machine):
    programme = make_programme(org.sorong)  # 17 August
    time_machine.move_to("2026-08-17T01:00:00Z")  # the morning of its first day
    with pytest.raises(ValidationError, match="sudah dimulai"):
        enrolment.enrolment_request(actor=actor(org, "employee_dinkes_sorong"), programme=programme)


def test_the_started_programmes_page_shows_no_request_button(org, as_persona):
    programme = make_programme(org.sorong, **RUNNING)
    nurse = as_persona("employee_dinkes_sorong")
    page = nurse.get(programme.get_absolute_url()).content.decode()
    assert 'data-testid="request-place"' not in page
    assert "Program ini sudah dimulai; pendaftaran baru tidak diterima lagi." in page
    assert programme.title not in nurse.get(R("training:catalogue")).content.decode()
    # HR is not offered to nominate either.
    hr_page = as_persona("hr_sorong").get(programme.get_absolute_url()).content.decode()
    assert R("training:nominate", args=[programme.pk]) not in hr_page
    # A POST all the same gets the reason, and saves nothing.
    response = nurse.post(R("training:enrol_request", args=[programme.pk]), {"reason": "x"}, follow=True)
    assert "sudah dimulai" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_a_full_programme_offers_the_waitlist(org, as_persona):
    programme = make_programme(org.sorong, quota=1, title="Penuh")
    enrol(org, programme, EnrolmentState.CONFIRMED, employee=org.head_dinkes_sorong)
    nurse = as_persona("employee_dinkes_sorong")
    page = nurse.get(programme.get_absolute_url()).content.decode()
    assert "Masuk daftar tunggu" in page and "Minta tempat" not in page
    assert 'data-testid="full"' in nurse.get(R("training:catalogue")).content.decode()
    programme.quota = 2
    programme.save()
    page = nurse.get(programme.get_absolute_url()).content.decode()
    assert "Minta tempat" in page and "Masuk daftar tunggu" not in page


# --- 2. An ended programme leaves nothing pending ------------------------------------------------------
def test_moving_a_programmes_dates_into_the_past_closes_its_pending_enrolments(org):
    programme = make_programme(org.sorong, quota=5)
    others = [make_programme(org.sorong, title=f"P{i}") for i in range(3)]
    from ..factories import make_employee

    requested = enrol(org, programme, EnrolmentState.REQUESTED)
    approved = enrol(
        org, programme, EnrolmentState.APPROVED, employee=make_employee(org.pkm_sorong, name="A")
    )
    waiting = enrol(
        org, programme, EnrolmentState.WAITLISTED, employee=make_employee(org.pkm_sorong, name="B")
    )
    placed = enrol(org, programme, EnrolmentState.CONFIRMED, employee=make_employee(org.pkm_sorong, name="C"))
    untouched = enrol(org, others[0], EnrolmentState.REQUESTED)
    # Rescheduled: it actually ran 1–3 July, before anyone decided on these.
    programme.start_date, programme.end_date = date(2026, 7, 1), date(2026, 7, 3)
    programme.sessions.update(date=date(2026, 7, 1))
    catalogue.programme_save(actor=actor(org, "hr_sorong"), programme=programme, instansi=org.sorong)
    for e in (requested, approved, waiting, placed, untouched):
        e.refresh_from_db()
    assert requested.state == approved.state == waiting.state == EnrolmentState.CANCELLED
    assert placed.state == EnrolmentState.CONFIRMED  # a place: its result is still recorded
    assert untouched.state == EnrolmentState.REQUESTED
    step = requested.steps.get()
    assert "program sudah berakhir (3 Juli 2026)" in step.comment
    assert Notification.objects.filter(
        recipient=org.users["employee_dinkes_sorong"], kind="training_closed"
    ).exists()


def test_no_decision_is_taken_on_an_ended_programme(org):
    programme = make_programme(org.sorong, start_date=date(2026, 7, 1), end_date=date(2026, 7, 3))
    e = enrol(org, programme, EnrolmentState.APPROVED)
    with pytest.raises(ValidationError, match="sudah berakhir pada 3 Juli 2026"):
        enrolment.enrolment_confirm(actor=actor(org, "hr_sorong"), enrolment=e)
    r = enrol(
        org,
        make_programme(org.sorong, title="Lain", **{**RUNNING, "end_date": date(2026, 7, 14)}),
        "diajukan",
    )
    with pytest.raises(ValidationError, match="sudah berakhir"):
        enrolment.enrolment_approve(actor=actor(org, "head_dinkes_sorong"), enrolment=r)
    e.refresh_from_db()
    assert e.state == EnrolmentState.APPROVED and not e.steps.exists()


def test_finishing_a_programme_closes_what_is_still_pending(org):
    programme = make_programme(org.sorong, start_date=date(2026, 7, 1), end_date=date(2026, 7, 3))
    e = enrol(org, programme, EnrolmentState.WAITLISTED)
    catalogue.programme_set_state(
        actor=actor(org, "hr_sorong"), programme=programme, state=ProgrammeState.FINISHED
    )
    e.refresh_from_db()
    assert e.state == EnrolmentState.CANCELLED and "Ditutup otomatis" in e.steps.get().comment


# --- 3. The catalogue's text search ------------------------------------------------------------------------
def test_the_catalogue_and_hrs_list_search_title_organiser_and_competency(org, as_persona):
    competency = Competency.objects.create(
        instansi=org.sorong, code="T.07", name="Manajemen Arsip", kind="teknis"
    )
    by_competency = make_programme(org.sorong, title="Kelas A", organiser_name="BPSDM")
    by_competency.competencies.set([competency])
    by_unit = make_programme(
        org.sorong,
        title="Kelas B",
        organiser_kind="unit_internal",
        organiser_name="",
        organiser_unit=org.dinkes_sorong,
    )
    by_title = make_programme(org.sorong, title="Kelas Kearsipan Dasar", organiser_name="BPSDM")
    nurse, hr = as_persona("employee_dinkes_sorong"), as_persona("hr_sorong")
    for client, url in ((nurse, R("training:catalogue")), (hr, R("training:programme_list"))):

        def found(q, client=client, url=url):
            return {p.title for p in client.get(url, {"q": q}).context["page"]}

        assert found("arsip") == {by_competency.title, by_title.title}
        assert found("t.07") == {by_competency.title}  # the competency's code
        assert found(org.dinkes_sorong.name.split()[-1]) >= {by_unit.title}  # the organising unit
        assert found("arsip t.07") == {by_competency.title}  # every word must match
        assert found("tidakada") == set()


def test_the_catalogue_search_keeps_its_query_count(org, as_persona, django_assert_max_num_queries):
    competency = Competency.objects.create(
        instansi=org.sorong, code="T.07", name="Manajemen Arsip", kind="teknis"
    )
    make_programme(org.sorong, title="Arsip 0").competencies.set([competency])
    nurse = as_persona("employee_dinkes_sorong")
    url = R("training:catalogue") + "?q=arsip&size=100"
    nurse.get(url)
    with CaptureQueriesContext(connection) as small:
        assert len(list(nurse.get(url).context["page"])) == 1
    for i in range(1, 30):
        make_programme(org.sorong, title=f"Arsip {i}").competencies.set([competency])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(list(nurse.get(url).context["page"])) == 30


# --- 6. HR withdraws a participant with a reason they read ------------------------------------------------
def test_hr_cancelling_needs_a_reason_that_the_employee_reads(org, as_persona):
    e = enrol(org, make_programme(org.sorong, quota=5), EnrolmentState.CONFIRMED)
    hr = as_persona("hr_sorong")
    page = hr.get(e.get_absolute_url()).content.decode()
    assert 'data-testid="cancel-form"' in page and "data-confirm=" in page
    response = hr.post(R("training:enrolment_cancel", args=[e.pk]), {"comment": "  "}, follow=True)
    assert "Tuliskan alasan pembatalan" in response.content.decode()
    e.refresh_from_db()
    assert e.state == EnrolmentState.CONFIRMED and not e.steps.exists()

    hr.post(R("training:enrolment_cancel", args=[e.pk]), {"comment": "Mutasi ke Kabupaten Sorong"})
    e.refresh_from_db()
    assert e.state == EnrolmentState.CANCELLED
    nurse_page = as_persona("employee_dinkes_sorong").get(e.get_absolute_url()).content.decode()
    assert 'data-testid="cancel-reason"' in nurse_page and "Mutasi ke Kabupaten Sorong" in nurse_page
    note = Notification.objects.get(recipient=org.users["employee_dinkes_sorong"], kind="training_cancelled")
    assert "Mutasi ke Kabupaten Sorong" in note.display_title


def test_the_participant_may_withdraw_without_a_reason(org):
    e = enrol(org, make_programme(org.sorong), EnrolmentState.REQUESTED)
    enrolment.enrolment_cancel(actor=actor(org, "employee_dinkes_sorong"), enrolment=e)
    e.refresh_from_db()
    assert e.state == EnrolmentState.CANCELLED


# --- 4. Find and nominate several at once ------------------------------------------------------------------
def test_hr_nominates_several_at_once_and_each_refused_one_is_reported(org, as_persona):
    from ..factories import make_employee

    programme = make_programme(org.sorong, quota=10, golongan_min="III/a", golongan_max="IV/e")
    fit = make_employee(org.pkm_sorong, name="Ayu Lestari", golongan="III/b")
    too_low = make_employee(org.pkm_sorong, name="Budi Rendah", golongan="II/a")
    already = make_employee(org.pkm_sorong, name="Citra Terdaftar", golongan="III/c")
    enrol(org, programme, EnrolmentState.REQUESTED, employee=already)
    hr = as_persona("hr_sorong")
    url = R("training:nominate", args=[programme.pk])

    response = hr.post(url, {"employee": [fit.pk, too_low.pk, already.pk], "reason": "Rencana 2026"})
    assert response.status_code == 200  # someone was refused: the page tells whom and why
    text = response.content.decode()
    assert "Budi Rendah" in text and "tidak memenuhi syarat" in text
    assert "Citra Terdaftar" in text and "sudah terdaftar" in text
    assert Enrolment.objects.get(employee=fit).reason == "Rencana 2026"  # the fit one was nominated
    assert not Enrolment.objects.filter(employee=too_low).exists()
    assert Enrolment.objects.filter(employee=already).count() == 1  # nothing half-saved

    nobody = hr.post(url, {"reason": "x"})
    assert "Pilih sedikitnya satu pegawai." in nobody.content.decode()
    other = make_employee(org.dishub_palembang, name="Dari Palembang")
    assert hr.post(url, {"employee": [other.pk]}).status_code == 200  # not a choice: a form error
    assert not Enrolment.objects.filter(employee=other).exists()
    done = hr.post(url, {"employee": [make_employee(org.pkm_sorong, name="Dewi", golongan="III/a").pk]})
    assert done.status_code == 302 and done["Location"] == programme.get_absolute_url()


def test_the_nomination_list_finds_by_name_nip_and_unit(org, as_persona):
    from ..factories import make_employee

    programme = make_programme(org.sorong)
    ayu = make_employee(org.pkm_sorong, name="Ayu Lestari")
    make_employee(org.dishub_sorong, name="Ayu Dishub")
    hr = as_persona("hr_sorong")
    url = R("training:nominate", args=[programme.pk])

    def names(**query):
        return {e.name for e in hr.get(url, query).context["page"]}

    assert "Ayu Lestari" in names(q="ayu lestari")
    assert names(q=ayu.nip[:10]) >= {"Ayu Lestari"} and all(
        e.nip.startswith(ayu.nip[:10]) for e in hr.get(url, {"q": ayu.nip[:10]}).context["page"]
    )
    in_pkm = names(unit=org.pkm_sorong.pk)
    assert "Ayu Lestari" in in_pkm and "Ayu Dishub" not in in_pkm
    assert names(q="tidakadanamaini") == set()


def test_the_nomination_list_keeps_its_query_count(org, as_persona, django_assert_max_num_queries):
    from ..factories import make_employees_bulk

    programme = make_programme(org.sorong)
    hr = as_persona("hr_sorong")
    url = R("training:nominate", args=[programme.pk]) + f"?unit={org.pkm_sorong.pk}&size=100"
    make_employees_bulk(org.pkm_sorong, 1)
    hr.get(url)
    with CaptureQueriesContext(connection) as small:
        first = len(list(hr.get(url).context["page"]))
    people = make_employees_bulk(org.pkm_sorong, 40)
    enrol(org, programme, EnrolmentState.REQUESTED, employee=people[0])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(list(hr.get(url).context["page"])) == first + 40


# --- 5. "All present" -------------------------------------------------------------------------------------------
def test_all_present_marks_everyone_without_javascript_and_keeps_the_notes(org, as_persona):
    from ..factories import make_employee

    programme = make_programme(org.sorong, quota=5, **RUNNING)
    a = enrol(org, programme, EnrolmentState.CONFIRMED)
    b = enrol(org, programme, EnrolmentState.CONFIRMED, employee=make_employee(org.pkm_sorong, name="Kedua"))
    session = programme.sessions.get()
    hr = as_persona("hr_sorong")
    url = R("training:attendance", args=[session.pk])
    page = hr.get(url).content.decode()
    assert 'data-testid="all-present"' in page and "js/attendance.js" in page
    assert 'name="all_present"' in page  # the button that works without JavaScript
    response = hr.post(url, {"all_present": "on", f"note_{b.pk}": "Terlambat 15 menit"})
    assert response.status_code == 302
    marks = {m.enrolment_id: (m.present, m.note) for m in session.attendance.all()}
    assert marks == {a.pk: (True, ""), b.pk: (True, "Terlambat 15 menit")}
    # The ordinary save still records an absence.
    hr.post(url, {f"present_{a.pk}": "on"})
    assert dict(session.attendance.values_list("enrolment_id", "present")) == {a.pk: True, b.pk: False}


# --- 7. The whole-agency JP Excel of a large agency goes through the export job ---------------------------
def test_a_large_jp_export_is_built_by_the_export_job(
    org, as_persona, settings, django_capture_on_commit_callbacks, tmp_path
):
    import io

    from openpyxl import load_workbook

    from core.choices import RunState
    from core.models import ExportFile

    from .compliance_helpers import YEAR, add_training, recompute

    settings.MEDIA_ROOT = str(tmp_path)
    add_training(org.employee_dinkes_sorong, 24)
    recompute(org.sorong)
    settings.EXPORT_STREAM_MAX_ROWS = 1  # two people below target: too many to build in the request
    client = as_persona("hr_sorong")
    url = R("training:compliance_export") + f"?year={YEAR}&instansi={org.sorong.pk}"
    asking = client.get(url)
    assert asking.status_code == 200 and 'data-testid="export-large"' in asking.content.decode()
    assert not ExportFile.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(url)
    assert started.status_code == 302 and started["Location"] == R("core:exports")
    export = ExportFile.objects.get()
    assert (export.kind, export.state, export.rows) == ("training-jp", RunState.DONE, 2)
    book = load_workbook(io.BytesIO(client.get(R("core:export_download", args=[export.pk])).getvalue()))
    assert book.sheetnames == ["Per unit", "Di bawah target"]
    below = [r for r in book["Di bawah target"].iter_rows(values_only=True)]
    assert any(r and r[0] and "Kota Sorong" in str(r[0]) for r in below[:3])  # the heading
    assert {r[1] for r in below if r and isinstance(r[0], int)} == {"Staf Dishub Sorong", "Kepala Dinkes"}

    settings.EXPORT_STREAM_MAX_ROWS = 1000  # small again: built at once, as before
    assert client.get(url)["Content-Type"].startswith("application/vnd.openxmlformats")


# --- 8. The PPPK rule is the agency's configuration -------------------------------------------------------------
def test_a_pppk_target_above_the_pppk_ceiling_is_refused(org):
    from training.models import JpRuleSet

    rules = JpRuleSet(
        instansi=org.sorong, valid_from=date(2026, 1, 1), pns_target=20, pppk_target=30, pppk_cap=24
    )
    with pytest.raises(ValidationError, match="tidak boleh melebihi batas"):
        rules.full_clean()
    rules.pppk_target = 24
    rules.full_clean()  # up to the ceiling: allowed
    rules.pppk_cap = None  # no ceiling recorded: any target
    rules.pppk_target = 30
    rules.full_clean()
