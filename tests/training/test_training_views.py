"""The training pages through the browser's requests: the whole journey from the catalogue to the
certificate and its public check, and the forms' messages."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.urls import reverse as R

from employees.models import TrainingHistory
from training.choices import EnrolmentState
from training.models import Enrolment, Programme

from .factories import make_programme

pytestmark = pytest.mark.django_db


def test_the_journey_from_the_catalogue_to_a_verified_certificate(org, as_persona, time_machine):
    # 13–15 July 2026: the request, approval and confirmation happen the week before it starts...
    programme = make_programme(org.sorong, start_date=date(2026, 7, 13), end_date=date(2026, 7, 15))
    nurse, head, hr = (as_persona(p) for p in ("employee_dinkes_sorong", "head_dinkes_sorong", "hr_sorong"))
    time_machine.move_to("2026-07-06T03:00:00Z")

    page = nurse.get(R("training:catalogue"), {"q": "prima"})
    assert programme.title in page.content.decode()
    response = nurse.post(R("training:enrol_request", args=[programme.pk]), {"reason": "Pelayanan pasien"})
    e = Enrolment.objects.get()
    assert response["Location"] == e.get_absolute_url()

    assert e.employee.name in head.get(R("training:queue")).content.decode()
    head.post(R("training:enrolment_approve", args=[e.pk]), {"comment": "Silakan"})
    hr.post(R("training:enrolment_confirm", args=[e.pk]), {})
    e.refresh_from_db()
    assert e.state == EnrolmentState.CONFIRMED

    time_machine.move_to("2026-07-15T03:00:00Z")  # ...attendance and results on its last day
    nurse, hr = as_persona("employee_dinkes_sorong"), as_persona("hr_sorong")  # a week on: signed in again
    session = programme.sessions.get()
    response = hr.post(R("training:attendance", args=[session.pk]), {f"present_{e.pk}": "on"})
    assert response["Location"] == programme.get_absolute_url() + "#sesi"
    assert session.attendance.get().present
    response = hr.post(
        R("training:completion", args=[programme.pk]), {f"result_{e.pk}": "lulus", f"score_{e.pk}": "91.5"}
    )
    assert response["Location"] == programme.get_absolute_url()
    e.refresh_from_db()
    assert e.state == EnrolmentState.COMPLETED and e.certificate_code
    assert TrainingHistory.objects.get(employee=e.employee).hours == programme.jp

    pdf = nurse.get(R("training:certificate", args=[e.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    public = R("training:verify", args=[e.certificate_code])
    page = pdf.client.__class__().get(public, REMOTE_ADDR=f"10.9.{uuid.uuid4().int % 250}.1")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Siti Perawat" in text and programme.title in text and "24" in text
    assert e.employee.nip not in text and "91" not in text  # only name, programme, dates and JP


def test_a_forged_or_altered_code_fails_to_verify(org, client):
    programme = make_programme(org.sorong)
    e = Enrolment.objects.create(
        programme=programme, employee=org.employee_dinkes_sorong, origin="mandiri", state="selesai",
        certificate_code="ABCD-EFGH-JKLM",
    )  # fmt: skip
    address = f"10.8.{uuid.uuid4().int % 250}.2"
    assert client.get(R("training:verify", args=[e.certificate_code]), REMOTE_ADDR=address).status_code == 200
    for forged in ("ABCD-EFGH-JKLN", "ZZZZ-ZZZZ-ZZZZ", "not-a-code"):
        page = client.get(R("training:verify", args=[forged]), REMOTE_ADDR=address)
        assert page.status_code == 404
        assert "tidak cocok" in page.content.decode()
    # Lower case and without dashes: the same certificate, at its one address.
    response = client.get(R("training:verify", args=["abcdefghjklm"]), REMOTE_ADDR=address)
    assert response.status_code == 302 and response["Location"] == R(
        "training:verify", args=[e.certificate_code]
    )
    response = client.get(R("training:verify_lookup"), {"kode": "abcd efgh jklm"}, REMOTE_ADDR=address)
    assert response["Location"] == R("training:verify", args=[e.certificate_code])


def test_the_public_check_is_rate_limited_per_address(org, client, settings):
    settings.CERTIFICATE_CHECK_LIMIT = 3
    address = f"10.7.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    statuses = [
        client.get(R("training:verify", args=["ABCD-EFGH-JKLM"]), REMOTE_ADDR=address).status_code
        for _ in range(5)
    ]
    assert statuses == [404, 404, 404, 429, 429]


def test_the_programme_form_creates_a_draft_with_its_eligibility(org, as_persona):
    hr = as_persona("hr_sorong")
    data = {
        "title": "Manajemen Proyek", "kind": "manajerial", "form": "kursus", "organiser_kind": "bpsdm",
        "organiser_name": "BPSDM", "jp": "32", "quota": "20", "start_date": "2026-09-01",
        "end_date": "2026-09-04", "cancel_days_before": "5", "golongan_min": "III/a", "golongan_max": "IV/b",
        "units": [org.dinkes_sorong.pk], "cost": "2500000", "budget_line": "5.2.2.03",
    }  # fmt: skip
    response = hr.post(R("training:programme_create"), data)
    programme = Programme.objects.get()
    assert response["Location"] == programme.get_absolute_url()
    assert programme.state == "draf" and list(programme.units.all()) == [org.dinkes_sorong]

    upside_down = hr.post(R("training:programme_create"), {**data, "golongan_min": "IV/c"})
    assert "Golongan terendah tidak boleh di atas golongan tertinggi" in upside_down.content.decode()
    too_many = hr.post(R("training:programme_create"), {**data, "jp": "5000"})
    assert set(too_many.context["form"].errors) == {"jp"}
    assert Programme.objects.count() == 1


def test_the_catalogue_sends_hr_without_a_record_to_the_programme_list(org, as_persona):
    response = as_persona("hr_sorong").get(R("training:catalogue"))
    assert response["Location"] == R("training:programme_list")


def test_the_employee_is_told_when_the_deadline_has_passed(org, as_persona, time_machine):
    programme = make_programme(org.sorong)
    e = Enrolment.objects.create(
        programme=programme, employee=org.employee_dinkes_sorong, origin="mandiri", state="dikonfirmasi"
    )
    time_machine.move_to("2026-08-16T03:00:00Z")
    nurse = as_persona("employee_dinkes_sorong")
    response = nurse.post(R("training:enrolment_cancel", args=[e.pk]), {"comment": ""}, follow=True)
    assert "Batas pembatalan sudah lewat" in response.content.decode()
    e.refresh_from_db()
    assert e.state == "dikonfirmasi"
