"""Training in real Chromium (issue 14 item 11): an employee finds a programme by searching the
catalogue and asks for a place, the head approves, HR confirms, HR marks attendance with "Tandai
semua hadir" and records the result; the employee downloads the certificate, its QR address verifies
on the public page, and "JP saya" moves. A forged or altered code fails to verify."""

from __future__ import annotations

import re
from datetime import time, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from training.choices import EnrolmentState, OrganiserKind, ProgrammeForm, ProgrammeKind, ProgrammeState
from training.models import Competency, Enrolment, Programme, Session

from ..performance.test_pdf import pdf_text
from .test_foundation_journeys import log_in
from .test_self_service_journeys import log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_programme(org) -> Programme:
    """A programme of Sorong starting in three days (it takes requests), addressing a competency
    whose name is what the employee searches for."""
    start = timezone.localdate() + timedelta(days=3)
    programme = Programme.objects.create(
        instansi=org.sorong, title="Pelatihan Komunikasi Layanan Pasien", kind=ProgrammeKind.TEKNIS,
        form=ProgrammeForm.PELATIHAN, organiser_kind=OrganiserKind.BPSDM,
        organiser_name="BPSDM Provinsi Papua Barat Daya", jp=24, quota=5, start_date=start, end_date=start,
        cancel_days_before=1, state=ProgrammeState.OPEN,
    )  # fmt: skip
    competency = Competency.objects.create(
        instansi=org.sorong, code="T.09", name="Empati Pelayanan Kesehatan", kind="teknis"
    )
    programme.competencies.set([competency])
    Session.objects.create(
        programme=programme, date=start, start_time=time(8), end_time=time(16), place="Aula BKPSDM"
    )
    return programme


def held(programme: Programme) -> None:
    """The programme has taken place: its day is today (the calendar moved, not the clock, so that
    the browser and the server agree on the date)."""
    today = timezone.localdate()
    Programme.objects.filter(pk=programme.pk).update(start_date=today, end_date=today)
    Session.objects.filter(programme=programme).update(date=today)


def jp_total(page) -> str:
    page.goto("/pelatihan/jp/saya/")
    return page.get_by_test_id("jp-mine-total").inner_text().strip()


def test_from_the_catalogue_search_to_a_verified_certificate_and_more_jp(org, page, browser, live_server):
    programme = make_programme(org)
    nurse = org.employee_dinkes_sorong

    # The employee finds the programme by a competency it addresses and asks for a place.
    log_in(page, nurse.nip)
    before = jp_total(page)
    page.goto("/pelatihan/")
    page.get_by_role("searchbox").fill("empati")
    page.get_by_role("searchbox").press("Enter")
    page.get_by_role("link", name=programme.title).click()
    page.get_by_label("Alasan / kebutuhan pengembangan").fill("Keluhan pasien tentang komunikasi")
    page.get_by_test_id("request-place").click()
    expect(page.get_by_text("Permintaan Anda terkirim")).to_be_visible()
    enrolment = Enrolment.objects.get(programme=programme, employee=nurse)
    log_out(page)

    # The head (atasan langsung) approves from the queue.
    log_in(page, "kadinkes.sorong")
    page.goto("/pelatihan/persetujuan/")
    page.get_by_test_id("queue-table").get_by_role("link", name=nurse.name).click()
    page.get_by_test_id("approve").click()
    expect(page.get_by_text("Disetujui:")).to_be_visible()
    log_out(page)

    # HR confirms the place.
    log_in(page, "hr.sorong")
    page.goto(enrolment.get_absolute_url())
    page.get_by_test_id("confirm").click()
    expect(page.get_by_text("Dikonfirmasi:")).to_be_visible()
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.CONFIRMED

    # The day comes: HR ticks everyone present with the toggle, then records the result.
    held(programme)
    page.goto(f"/pelatihan/sesi/{programme.sessions.get().pk}/kehadiran/")
    present = page.locator("input[data-present]")
    expect(present).to_have_count(1)
    expect(present.first).not_to_be_checked()
    page.get_by_label("Tandai semua hadir").check()
    expect(present.first).to_be_checked()
    page.get_by_test_id("save-attendance").click()
    expect(page.get_by_text("Kehadiran 1 peserta disimpan.")).to_be_visible()
    assert enrolment.attendance.get().present
    page.goto(f"/pelatihan/program/{programme.pk}/hasil/")
    page.get_by_test_id("completion-form").get_by_label("Hasil").select_option("lulus")
    page.get_by_role("button", name="Simpan hasil").click()
    expect(page.get_by_text("Hasil 1 peserta dicatat.")).to_be_visible()
    log_out(page)

    # The employee downloads the certificate; the address printed under its QR code verifies.
    log_in(page, nurse.nip)
    page.goto(enrolment.get_absolute_url())
    link = page.get_by_test_id("certificate-link")
    expect(link).to_be_visible()
    # The PDF opens in Chromium's viewer (inline): fetch it with the employee's session instead.
    response = page.context.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    content = response.body()
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    code = re.search(r"Kode verifikasi: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", text)[1]
    enrolment.refresh_from_db()
    assert code == enrolment.certificate_code
    address = re.search(r"(https?://\S+/pelatihan/verifikasi/\S+?/)", text)[1]
    assert code in address
    assert jp_total(page) != before
    expect(page.get_by_test_id("jp-mine-rows")).to_contain_text(programme.title)

    public = browser.new_context(base_url=live_server.url, locale="id-ID")  # nobody signed in
    try:
        visitor = public.new_page()
        visitor.goto(urlsplit(address).path)
        expect(visitor.get_by_test_id("certificate-valid")).to_be_visible()
        facts = visitor.get_by_test_id("certificate-facts")
        expect(facts).to_contain_text(nurse.name)
        expect(facts).to_contain_text(programme.title)
        expect(facts).to_contain_text("24")
        expect(facts).not_to_contain_text(nurse.nip)

        # One character changed, or a made-up code: no certificate.
        altered = code[:-1] + ("A" if code[-1] != "A" else "B")
        for forged in (altered, "ZZZZ-ZZZZ-ZZZZ"):
            visitor.goto(f"/pelatihan/verifikasi/{forged}/")
            expect(visitor.get_by_test_id("certificate-unknown")).to_be_visible()
            expect(visitor.get_by_test_id("certificate-valid")).to_have_count(0)
    finally:
        public.close()
