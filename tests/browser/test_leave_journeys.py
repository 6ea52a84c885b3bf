"""Leave in real Chromium (issue 15 item 9): an employee asks for 3 working days of cuti tahunan across a
weekend and a national holiday (the preview skips them), the atasan recommends, the PyB of the agency's
rule table approves, the employee downloads the form (section V's N-2/N-1/N) and the decision letter,
whose QR address verifies on the public page signed out while an altered code does not; a request beyond
the balance is refused with the Indonesian message; a head sees a clash on the team calendar and its
count in the decision queue. Dates are relative to today (the journeys run on the real clock)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leave import rules, selectors
from leave.choices import DayOffKind, DeciderKind, EntryKind, LeaveKind, RequestState
from leave.models import LeaveLetter, LeaveRequest, LedgerEntry
from leave.services import officials
from leave.services import requests as services
from tests.factories import make_employee, make_user
from tests.leave.factories import actor, grant, leave_type, ledger_entry, reference_data

from ..performance.test_pdf import pdf_text
from .conftest import ARTIFACTS
from .test_foundation_journeys import log_in
from .test_self_service_journeys import log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    """A screenshot of a step in the middle of a journey (the fixture keeps the last one)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"leave-journey-{name}.png"), full_page=True)


def window_across_a_holiday(instansi_id: int) -> tuple[date, date, date]:
    """The first (start, end, holiday) from a week ahead on: 3 working days of a 5-day week whose dates
    hold a weekend and a national holiday (the `holidays` calendar the app uses) on a weekday, within
    one year (section V's N is the start's year)."""
    today = timezone.localdate()
    for offset in range(7, 800):
        start = today + timedelta(days=offset)
        off = selectors.days_off(instansi_id, start, start + timedelta(days=14))
        if start.weekday() >= 5 or start in off:
            continue
        end, working = start, 1
        while working < 3:
            end += timedelta(days=1)
            working += end.weekday() < 5 and end not in off
        national = {d.day for d in rules.national_days_off(start.year) if d.kind == DayOffKind.LIBUR_NASIONAL}
        days = list(rules.days_between(start, end))
        holiday = next((d for d in days if d in national and d.weekday() < 5), None)
        if holiday and any(d.weekday() >= 5 for d in days) and end.year == start.year:
            return start, end, holiday
    raise AssertionError("no national holiday on a weekday in the next two years")


def constructed_ledger(employee, year: int) -> None:
    """N-2: 2 granted, 1 taken earlier -> 1 left; N-1: 6 carried over; N: 12 (as tests/leave/test_documents)."""
    grant(employee, year - 2, 2)
    ledger_entry(employee, kind=EntryKind.PAKAI, bucket=year - 2, year=year - 1, days=-1, reason="cuti")
    grant(employee, year - 1, 6)
    grant(employee, year, 12)


def head_of_puskesmas(org):
    """The Kepala Puskesmas, with a login: the nurse's atasan langsung."""
    return make_employee(
        org.pkm_sorong, user=make_user("kapus.sorong"), name="Kepala Puskesmas", is_unit_head=True,
        position_name="Kepala Puskesmas Sorong Kota", position_kind="administrator", golongan="III/d",
    )  # fmt: skip


def choose_dates(page, start: date, end: date) -> None:
    """The type and the dates only: the preview answers before the rest of the form is filled."""
    page.goto("/cuti/ajukan/")
    page.get_by_label("Jenis cuti").select_option(label="Cuti tahunan")
    page.get_by_label("Mulai tanggal").fill(start.isoformat())
    page.get_by_label("Sampai dengan").fill(end.isoformat())


def fill_the_rest(page) -> None:
    page.get_by_label("Alasan cuti").fill("Urusan keluarga di kampung")
    page.get_by_label("Alamat selama menjalankan cuti").fill("Jl. Ahmad Yani 1, Sorong")
    page.get_by_label("Telepon").fill("081234567890")


def test_three_working_days_across_a_weekend_and_a_holiday_to_a_verified_letter(
    org, page, browser, live_server
):
    reference_data()
    nurse, head = org.employee_dinkes_sorong, org.head_dinkes_sorong
    kapus = head_of_puskesmas(org)
    # The agency's PyB table: cuti tahunan of the Puskesmas is decided by the Kepala Dinas.
    officials.pyb_rule_create(
        actor=actor(org.users["hr_sorong"]), instansi=org.sorong, priority=1, decider=DeciderKind.PEGAWAI,
        leave_kind=LeaveKind.TAHUNAN, unit=org.pkm_sorong, official=head,
    )  # fmt: skip
    assert selectors.deciders(nurse, LeaveKind.TAHUNAN) == selectors.Deciders(kapus, head, head.position_name)
    start, end, holiday = window_across_a_holiday(org.sorong.pk)
    constructed_ledger(nurse, start.year)
    calendar = (end - start).days + 1

    # The employee asks; the preview under the form counts 3 working days, skipping the weekend and the holiday.
    log_in(page, nurse.nip)
    choose_dates(page, start, end)
    preview = page.get_by_test_id("leave-preview")
    expect(preview).to_contain_text(f"Lamanya 3 hari kerja (3 hari kerja, {calendar} hari kalender).")
    expect(preview).to_contain_text(
        "Sisa cuti tahunan 19 hari kerja; setelah permintaan ini tersisa 16 hari kerja."
    )
    fill_the_rest(page)
    shot(page, "preview")
    page.get_by_role("button", name="Kirim permintaan").click()
    expect(page.get_by_text("Permintaan cuti terkirim.")).to_be_visible()
    leave = LeaveRequest.objects.get(employee=nurse)
    assert (leave.start, leave.end, leave.working_days) == (start, end, 3)
    assert holiday not in rules.working_days(
        start, end, days_off=selectors.days_off(org.sorong.pk, start, end)
    )
    assert (leave.atasan, leave.pyb) == (kapus, head)
    log_out(page)

    # The atasan langsung recommends from the queue.
    log_in(page, "kapus.sorong")
    page.goto("/cuti/antrean/")
    page.get_by_test_id("leave-queue").get_by_role("link", name=nurse.full_name).click()
    recommend = page.get_by_test_id("leave-recommend")
    recommend.get_by_label("Disetujui", exact=True).check()
    recommend.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Tersimpan.")).to_be_visible()
    expect(page.get_by_test_id("leave-decide")).to_have_count(0)  # the atasan does not decide
    log_out(page)

    # The PyB approves.
    log_in(page, "kadinkes.sorong")
    page.goto(leave.get_absolute_url())
    decide = page.get_by_test_id("leave-decide")
    decide.get_by_label("Disetujui", exact=True).check()
    decide.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Tersimpan.")).to_be_visible()
    expect(page.get_by_test_id("leave-state")).to_contain_text("Disetujui")
    leave.refresh_from_db()
    assert leave.state == RequestState.DISETUJUI
    log_out(page)

    # The employee downloads the form: section V as it stood when sent.
    log_in(page, nurse.nip)
    page.goto(leave.get_absolute_url())
    form_link = page.get_by_test_id("leave-form-pdf")
    expect(form_link).to_be_visible()
    response = page.context.request.get(form_link.get_attribute("href"))  # the PDF would open inline
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    n = start.year
    assert "Selama 3 hari kerja" in text
    assert f"N-2 ({n - 2}) 1 diambil 1 hari, sisa 0 hari" in text
    assert f"N-1 ({n - 1}) 6 diambil 2 hari, sisa 4 hari" in text
    assert f"N ({n}) 12" in text

    # Then the decision letter: numbered with the approval, its number on the request's page.
    letter = LeaveLetter.objects.get(request=leave)
    expect(page.get_by_test_id("leave-letter")).to_contain_text(letter.number)
    response = page.context.request.get(f"/cuti/permintaan/{leave.pk}/surat-izin/")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "SURAT IZIN CUTI TAHUNAN" in text and letter.number in text
    address = re.search(r"(https?://\S+/cuti/verifikasi/[A-Z2-7]{16}/)", text)[1]
    assert letter.code in address

    public = browser.new_context(base_url=live_server.url, locale="id-ID")  # nobody signed in
    try:
        visitor = public.new_page()
        visitor.goto(urlsplit(address).path)
        valid = visitor.get_by_test_id("leave-letter-valid")
        expect(valid).to_contain_text("Surat izin cuti ini sah.")
        expect(valid).to_contain_text(letter.number)
        expect(valid).to_contain_text(nurse.name)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        visitor.screenshot(path=str(ARTIFACTS / "leave-journey-letter-verified.png"), full_page=True)
        altered = letter.code[:-1] + ("A" if letter.code[-1] != "A" else "B")
        visitor.goto(f"/cuti/verifikasi/{altered}/")
        expect(visitor.get_by_test_id("letter-unknown")).to_be_visible()
        expect(visitor.get_by_test_id("leave-letter-valid")).to_have_count(0)
    finally:
        public.close()


def test_a_request_beyond_the_balance_is_refused_in_indonesian(org, page):
    reference_data()
    nurse = org.employee_dinkes_sorong
    start, end, _holiday = window_across_a_holiday(org.sorong.pk)
    grant(nurse, start.year, 2)
    message = "Sisa cuti tahunan Anda tidak cukup: diminta 3 hari kerja, tersisa 2 hari kerja."

    log_in(page, nurse.nip)
    choose_dates(page, start, end)
    expect(page.get_by_test_id("leave-preview")).to_contain_text(message)
    fill_the_rest(page)
    page.get_by_role("button", name="Kirim permintaan").click()
    expect(page.get_by_test_id("leave-request-form").get_by_text(message)).to_be_visible()
    assert not LeaveRequest.objects.filter(employee=nurse).exists()
    assert sum(LedgerEntry.objects.filter(employee=nurse).values_list("days", flat=True)) == 2


def test_the_head_sees_a_clash_on_the_team_calendar_and_its_count_in_the_queue(org, page, settings):
    settings.LEAVE_CLASH_THRESHOLD = 1  # two people of one unit away the same day is a clash
    reference_data()
    nurse = org.employee_dinkes_sorong
    midwife = make_employee(
        org.pkm_sorong, user=make_user("bidan.sorong"), name="Bidan Puskesmas", gender="P"
    )
    start, end, _holiday = window_across_a_holiday(org.sorong.pk)
    sent = []
    for person, days in ((nurse, (start, end)), (midwife, (end, end))):
        grant(person, start.year, 12)
        sent.append(
            services.request_submit(
                actor=actor(person.user),
                leave_type=leave_type(),
                start=days[0],
                end=days[1],
                reason="Urusan keluarga",
                address="Sorong",
                phone="081234567890",
            )
        )

    log_in(page, "kadinkes.sorong")  # the atasan of both (the Puskesmas has no head here)
    page.goto("/cuti/antrean/")
    for request in sent:
        clash = page.get_by_test_id(f"queue-clash-{request.pk}")
        expect(clash.locator(".badge")).to_have_text("1")
        expect(clash.locator(".badge")).to_have_class(re.compile(r"text-bg-danger"))
    shot(page, "queue-clashes")
    page.get_by_test_id(f"queue-clash-{sent[1].pk}").get_by_role("link", name="kalender tim").click()
    expect(page.get_by_test_id("team-clashes")).to_contain_text("1 hari bentrok bulan ini.")
    busy = page.get_by_test_id(f"team-day-{end.isoformat()}")
    expect(busy).to_have_attribute("data-clash", "1")
    expect(busy).to_contain_text(nurse.name)
    expect(busy).to_contain_text(midwife.name)
    if start.month == end.month:  # the nurse alone on her first day: no clash
        expect(page.get_by_test_id(f"team-day-{start.isoformat()}")).not_to_have_attribute("data-clash", "1")
