"""Correction proposals: the employee proposes, HR of the agency decides; the record changes only
on approval, through the record's own validation, all or nothing."""

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.access import actor_for
from employees.choices import CorrectionStatus
from employees.models import CorrectionProposal, Document, Employee, SensitiveDataView
from employees.selectors.corrections import CORRECTABLE_FIELDS, change_rows, serialize
from employees.services import corrections
from notifications.models import Notification

from ..factories import make_employee, make_employees_bulk, make_hr, make_user

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MINE = reverse("employees:correction_mine")


def current_form(employee: Employee, **changes) -> dict:
    """What the form posts when the employee changes only `changes` (the rest shows current values)."""
    data = {name: serialize(getattr(employee, name)) for name in CORRECTABLE_FIELDS}
    data.update(reason="Salah ketik saat pendataan.", attachment_kind="lainnya")
    data.update(changes)
    return data


def submit(client, employee, **changes):
    return client.post(MINE, current_form(employee, **changes))


def snapshot(employee: Employee) -> dict:
    return Employee.objects.filter(pk=employee.pk).values().get()


@pytest.fixture
def nurse(org):
    return org.employee_dinkes_sorong


@pytest.fixture
def proposal(org, nurse, as_persona):
    """A pending proposal of the nurse: a new name and a phone number."""
    response = submit(as_persona("employee_dinkes_sorong"), nurse, name="Siti Aminah", phone="081234567890")
    assert response.status_code == 302, response.content.decode()[:2000]
    return CorrectionProposal.objects.get(employee=nurse)


def approve(client, proposal, **data):
    return client.post(reverse("employees:correction_approve", args=[proposal.pk]), data)


def reject(client, proposal, reason):
    return client.post(reverse("employees:correction_reject", args=[proposal.pk]), {"decision_note": reason})


# --- Submitting -------------------------------------------------------------------------------------
def test_a_proposal_stores_only_the_changed_fields_and_the_record_stays(org, nurse, proposal):
    assert proposal.changes == {
        "name": {"old": "Siti Perawat", "new": "Siti Aminah"},
        "phone": {"old": "", "new": "081234567890"},
    }
    assert proposal.status == CorrectionStatus.DIAJUKAN
    assert proposal.submitted_by == org.users["employee_dinkes_sorong"]
    nurse.refresh_from_db()
    assert (nurse.name, nurse.phone) == ("Siti Perawat", "")


def test_dates_are_stored_in_iso_form(nurse, as_persona):
    response = submit(
        as_persona("employee_dinkes_sorong"), nurse, birth_date="1990-05-18", nip_mismatch_confirmed="on"
    )
    assert response.status_code == 302
    changes = CorrectionProposal.objects.get().changes
    assert changes == {"birth_date": {"old": "1990-05-17", "new": "1990-05-18"}}


def test_the_form_shows_the_current_value_next_to_each_input(nurse, as_persona):
    nurse.birth_place = "Manokwari"
    nurse.save()
    response = as_persona("employee_dinkes_sorong").get(MINE)
    rows = {field.name: current for field, current in response.context["form"].rows()}
    assert rows["birth_place"] == "Manokwari"
    assert rows["gender"] == "Perempuan"
    assert rows["birth_date"] == date(1990, 5, 17)
    assert list(rows) == list(CORRECTABLE_FIELDS)


def test_nothing_changed_is_refused(nurse, as_persona):
    response = submit(as_persona("employee_dinkes_sorong"), nurse)
    assert response.status_code == 200
    assert "Tidak ada data yang diubah" in response.content.decode()
    assert not CorrectionProposal.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"nik": "917101450590000"}, "NIK harus terdiri atas tepat 16 angka."),  # 15 digits
        ({"phone": "12ab"}, "Nomor telepon diawali 0 atau"),
        ({"email": "bukan-surel"}, "alamat email yang valid"),
        ({"name": ""}, "tidak boleh kosong"),
        ({"birth_date": "1990-05-18"}, "Tanggal lahir berbeda dengan yang tertulis di NIP"),
        ({"gender": "L"}, "Jenis kelamin berbeda dengan kode pada NIP"),
        ({"reason": "  "}, "tidak boleh kosong"),
    ],
)
def test_a_bad_value_is_refused_on_submit_in_indonesian_and_nothing_is_stored(
    nurse, as_persona, changes, message
):
    before = snapshot(nurse)
    response = as_persona("employee_dinkes_sorong").post(MINE, current_form(nurse, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CorrectionProposal.objects.exists()
    assert snapshot(nurse) == before


def test_a_second_pending_proposal_is_refused(nurse, proposal, as_persona):
    response = submit(as_persona("employee_dinkes_sorong"), nurse, birth_place="Sorong")
    assert response.status_code == 200
    assert "masih memiliki usulan perubahan data yang menunggu keputusan" in response.content.decode()
    assert CorrectionProposal.objects.count() == 1


def test_the_database_allows_one_pending_proposal_per_employee(org, nurse, proposal):
    with pytest.raises(IntegrityError), transaction.atomic():
        CorrectionProposal.objects.create(
            employee=nurse, changes={}, reason="x", submitted_by=org.users["employee_dinkes_sorong"]
        )


def test_a_pending_proposal_can_be_withdrawn_and_a_new_one_sent(nurse, proposal, as_persona):
    client = as_persona("employee_dinkes_sorong")
    response = client.post(reverse("employees:correction_withdraw", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == CorrectionStatus.DIBATALKAN
    assert proposal.decided_by_id == nurse.user_id
    assert submit(client, nurse, birth_place="Sorong").status_code == 302
    assert CorrectionProposal.objects.filter(status=CorrectionStatus.DIAJUKAN).count() == 1


def test_an_attachment_is_stored_as_an_employee_document(nurse, as_persona):
    data = current_form(nurse, marital_status="kawin", attachment_kind="kk")
    data["attachment"] = SimpleUploadedFile("kk.pdf", PDF, "application/pdf")
    assert as_persona("employee_dinkes_sorong").post(MINE, data).status_code == 302
    proposal = CorrectionProposal.objects.get()
    document = Document.objects.get()
    assert proposal.attachment == document
    assert (document.employee, document.kind, document.content_type) == (nurse, "kk", "application/pdf")


def test_a_disguised_attachment_is_refused_and_nothing_is_stored(nurse, as_persona):
    data = current_form(nurse, marital_status="kawin")
    data["attachment"] = SimpleUploadedFile("kk.pdf", b"MZ\x90\x00 a program", "application/pdf")
    response = as_persona("employee_dinkes_sorong").post(MINE, data)
    assert response.status_code == 200
    assert "bukan PDF, JPEG, atau PNG" in response.content.decode()
    assert not CorrectionProposal.objects.exists()
    assert not Document.objects.exists()


# --- Deciding ---------------------------------------------------------------------------------------
def test_approval_changes_the_record_through_the_record_service(org, nurse, proposal, as_persona):
    detail = as_persona("hr_sorong").get(proposal.get_absolute_url())
    assert set(detail.context["approve_form"].fields) == {"note"}  # nothing to confirm here
    response = approve(as_persona("hr_sorong"), proposal, note="Sesuai KTP.")
    assert response.status_code == 302
    nurse.refresh_from_db()
    assert (nurse.name, nurse.phone) == ("Siti Aminah", "081234567890")
    proposal.refresh_from_db()
    assert proposal.status == CorrectionStatus.DISETUJUI
    assert proposal.decided_by == org.users["hr_sorong"]
    assert proposal.decided_at is not None
    assert proposal.decision_note == "Sesuai KTP."
    assert nurse.history.first().history_user == org.users["hr_sorong"]
    # The proposal keeps its own trail: submitted, then decided.
    assert [h.status for h in proposal.history.order_by("history_date")] == ["diajukan", "disetujui"]


def test_rejection_needs_a_reason_and_keeps_the_record(org, nurse, proposal, as_persona):
    before = snapshot(nurse)
    client = as_persona("hr_sorong")
    response = reject(client, proposal, "   ")
    assert response.status_code == 200
    assert "tidak boleh kosong" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == CorrectionStatus.DIAJUKAN
    assert reject(client, proposal, "Tidak ada bukti pendukung.").status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_note) == (
        CorrectionStatus.DITOLAK,
        "Tidak ada bukti pendukung.",
    )
    assert snapshot(nurse) == before


def test_a_rejection_without_reason_is_refused_by_the_service_and_the_database(org, proposal):
    actor = actor_for(org.users["hr_sorong"])
    with pytest.raises(corrections.ValidationError, match="alasan penolakan"):
        corrections.correction_reject(actor=actor, proposal=proposal, reason="")
    proposal.status = CorrectionStatus.DITOLAK
    with pytest.raises(IntegrityError), transaction.atomic():
        proposal.save()


def test_a_decided_proposal_cannot_be_decided_again(nurse, proposal, as_persona):
    client = as_persona("hr_sorong")
    assert reject(client, proposal, "Tidak ada bukti.").status_code == 302
    before = snapshot(nurse)
    response = approve(client, proposal)
    assert response.status_code == 200
    assert "sudah ditolak" in response.content.decode()
    assert snapshot(nurse) == before
    assert CorrectionProposal.objects.get().status == CorrectionStatus.DITOLAK


def test_a_bad_value_is_refused_on_approval_and_nothing_changes(org, nurse, as_persona):
    """A stored proposal with an invalid NIK (e.g. entered before a rule existed) cannot be applied."""
    proposal = CorrectionProposal.objects.create(
        employee=nurse,
        changes={"nik": {"old": "", "new": "917101450590000"}, "name": {"old": nurse.name, "new": "Siti A."}},
        reason="Uji",
        submitted_by=org.users["employee_dinkes_sorong"],
    )
    before = snapshot(nurse)
    response = approve(as_persona("hr_sorong"), proposal)
    assert response.status_code == 200
    assert "NIK: NIK harus terdiri atas tepat 16 angka." in response.content.decode()
    assert snapshot(nurse) == before
    proposal.refresh_from_db()
    assert proposal.status == CorrectionStatus.DIAJUKAN


def test_a_birth_date_that_differs_from_the_nip_needs_confirmation_on_both_sides(org, nurse, as_persona):
    employee_client, hr_client = as_persona("employee_dinkes_sorong"), as_persona("hr_sorong")
    refused = submit(employee_client, nurse, birth_date="1990-05-18")
    assert "Tanggal lahir berbeda dengan yang tertulis di NIP" in refused.content.decode()
    assert (
        submit(employee_client, nurse, birth_date="1990-05-18", nip_mismatch_confirmed="on").status_code
        == 302
    )
    proposal = CorrectionProposal.objects.get()
    before = snapshot(nurse)
    response = approve(hr_client, proposal)
    assert response.status_code == 200
    assert "Tanggal lahir berbeda dengan yang tertulis di NIP" in response.content.decode()
    assert snapshot(nurse) == before
    assert approve(hr_client, proposal, nip_mismatch_confirmed="on").status_code == 302
    nurse.refresh_from_db()
    assert (nurse.birth_date, nurse.nip_mismatch_confirmed) == (date(1990, 5, 18), True)


def test_a_value_changed_meanwhile_is_shown_and_needs_confirmation(org, nurse, proposal, as_persona):
    Employee.objects.filter(pk=nurse.pk).update(phone="0811111111")  # HR corrected it meanwhile
    client = as_persona("hr_sorong")
    detail = client.get(proposal.get_absolute_url())
    conflicts = {row.name for row in detail.context["rows"] if row.conflict}
    assert conflicts == {"phone"}
    assert set(detail.context["approve_form"].fields) == {"confirm_conflicts", "note"}
    assert 'data-testid="conflict"' in detail.content.decode()
    response = approve(client, proposal)
    assert response.status_code == 200
    assert "Data terkini sudah berbeda" in response.content.decode()
    nurse.refresh_from_db()
    assert (nurse.name, nurse.phone) == ("Siti Perawat", "0811111111")
    assert approve(client, proposal, confirm_conflicts="on").status_code == 302
    nurse.refresh_from_db()
    assert nurse.phone == "081234567890"
    assert CorrectionProposal.objects.get().conflict_confirmed


def test_an_hr_officer_cannot_decide_their_own_proposal(org, as_persona):
    hr_user = org.users["hr_sorong"]
    own = make_employee(org.dishub_sorong, user=hr_user, name="Petugas Kepegawaian")
    client = as_persona("hr_sorong")
    assert submit(client, own, birth_place="Sorong").status_code == 302
    proposal = CorrectionProposal.objects.get(employee=own)
    assert approve(client, proposal).status_code == 403
    assert reject(client, proposal, "Tidak").status_code == 403
    own.refresh_from_db()
    assert own.birth_place == ""
    detail = client.get(proposal.get_absolute_url())
    assert detail.status_code == 200
    assert not detail.context["can_decide"]
    # Another officer of the agency decides it, and is the one notified.
    assert Notification.objects.filter(key=f"correction:{proposal.pk}:submitted").count() == 0
    colleague = make_hr("hr2.sorong", org.sorong)
    actor = actor_for(colleague)
    corrections.correction_approve(actor=actor, proposal=proposal)
    own.refresh_from_db()
    assert own.birth_place == "Sorong"


# --- Sensitive data ---------------------------------------------------------------------------------
def test_sensitive_values_are_seen_by_the_employee_and_hr_and_hr_reads_are_logged(org, nurse, as_persona):
    assert submit(as_persona("employee_dinkes_sorong"), nurse, nik="9171014505900001").status_code == 302
    proposal = CorrectionProposal.objects.get()
    own = as_persona("employee_dinkes_sorong").get(proposal.get_absolute_url())
    assert "9171014505900001" in own.content.decode()
    assert not SensitiveDataView.objects.exists()
    hr = as_persona("hr_sorong").get(proposal.get_absolute_url())
    assert "9171014505900001" in hr.content.decode()
    log = SensitiveDataView.objects.get()
    assert (log.viewer, log.employee, log.fields) == (org.users["hr_sorong"], nurse, "usulan:nik")
    for persona in ("head_dinkes_sorong", "hr_palembang"):
        assert as_persona(persona).get(proposal.get_absolute_url()).status_code == 404


def test_change_rows_hide_sensitive_values_from_viewers_without_the_right(nurse, org):
    proposal = CorrectionProposal.objects.create(
        employee=nurse,
        changes={"religion": {"old": "", "new": "islam"}, "name": {"old": nurse.name, "new": "Siti A."}},
        reason="Uji",
        submitted_by=org.users["employee_dinkes_sorong"],
    )
    hidden = {r.name: r for r in change_rows(proposal, show_sensitive=False)}
    shown = {r.name: r for r in change_rows(proposal, show_sensitive=True)}
    assert (hidden["religion"].hidden, hidden["religion"].new) == (True, None)
    assert (hidden["name"].hidden, hidden["name"].new) == (False, "Siti A.")
    assert shown["religion"].new == "Islam"


# --- Notifications ----------------------------------------------------------------------------------
def test_hr_of_the_agency_is_notified_of_a_proposal_and_the_employee_of_the_decision(
    org, nurse, as_persona, django_capture_on_commit_callbacks
):
    org.users["hr_sorong"].email = "bkpsdm@sorongkota.example.go.id"
    org.users["hr_sorong"].save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(as_persona("employee_dinkes_sorong"), nurse, name="Siti Aminah")
    proposal = CorrectionProposal.objects.get()
    assert list(Notification.objects.values_list("recipient__username", "url")) == [
        ("hr.sorong", proposal.get_absolute_url())
    ]
    assert [m.to for m in mail.outbox] == [["bkpsdm@sorongkota.example.go.id"]]
    assert "Siti Perawat" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        reject(as_persona("hr_sorong"), proposal, "Lampirkan KTP.")
    decided = Notification.objects.get(recipient=org.users["employee_dinkes_sorong"])
    assert decided.title == "Usulan perubahan data Anda ditolak"
    assert "Lampirkan KTP." in decided.body


def test_a_refused_approval_notifies_nobody(org, nurse, proposal, as_persona):
    Employee.objects.filter(pk=nurse.pk).update(phone="0811111111")
    approve(as_persona("hr_sorong"), proposal)
    assert not Notification.objects.filter(recipient=org.users["employee_dinkes_sorong"]).exists()


# --- The HR queue -----------------------------------------------------------------------------------
def make_proposals(unit, count, *, submitter, status=CorrectionStatus.DIAJUKAN):
    employees = make_employees_bulk(unit, count)
    CorrectionProposal.objects.bulk_create(
        [
            CorrectionProposal(
                employee=e,
                changes={"birth_place": {"old": "", "new": "Sorong"}},
                reason="Uji",
                status=status,
                submitted_by=submitter,
                decided_by=submitter if status != CorrectionStatus.DIAJUKAN else None,
                decision_note="Uji" if status == CorrectionStatus.DITOLAK else "",
            )
            for e in employees
        ]
    )
    return employees


def test_the_queue_lists_pending_first_and_filters(org, nurse, proposal, as_persona):
    submitter = make_user("pengaju")
    make_proposals(org.dishub_sorong, 2, submitter=submitter, status=CorrectionStatus.DITOLAK)
    client = as_persona("hr_sorong")
    url = reverse("employees:correction_queue")
    page = client.get(url).context["page"]
    assert [p.status for p in page] == ["diajukan", "ditolak", "ditolak"]
    assert [p.employee_id for p in client.get(url, {"status": "diajukan"}).context["page"]] == [nurse.pk]
    by_unit = client.get(url, {"unit": org.dinkes_sorong.pk}).context["page"]  # the Puskesmas is below
    assert [p.employee_id for p in by_unit] == [nurse.pk]
    by_nip = client.get(url, {"q": nurse.nip[:14]}).context["page"]
    assert [p.employee_id for p in by_nip] == [nurse.pk]
    assert list(client.get(url, {"q": "tidak ada"}).context["page"]) == []
    assert list(as_persona("hr_palembang").get(url).context["page"]) == []


def test_the_queue_keeps_a_constant_query_count(org, as_persona, django_assert_max_num_queries):
    client = as_persona("hr_sorong")
    url = reverse("employees:correction_queue")
    submitter = make_user("pengaju")
    make_proposals(org.pkm_sorong, 1, submitter=submitter)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    Employee.objects.filter(name__startswith="Pegawai ").update(is_active=True)
    make_proposals(org.dishub_sorong, 200, submitter=submitter, status=CorrectionStatus.DISETUJUI)
    # session, user, actor (2), count, page, units, bell, session save (3)
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert response.context["page"].paginator.count == 201
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
