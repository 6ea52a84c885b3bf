"""Issue 15 items 7 and the open findings: Ditangguhkan decided later, Perubahan amended by the
employee, an adjustment that would make a balance negative, a double-submitted adjustment, the Plt's
maximum period, the export's bad filters and time zone, CLTN and the working state, the leave days
other apps read."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from employees.choices import WorkingState
from leave import selectors
from leave.choices import Decision, EntryKind, LeaveKind, RequestState
from leave.models import ActingOfficial, LeaveRequest, LedgerEntry
from leave.services import balances as balance_services
from leave.services import officials as official_services
from leave.services import requests as services
from leave.services import working

from .factories import actor, grant, leave_type, ledger_entry, request_data

pytestmark = pytest.mark.django_db


def send(org, kind=LeaveKind.TAHUNAN, **overrides):
    return services.request_submit(
        actor=actor(org.users["employee_dinkes_sorong"]),
        leave_type=leave_type(kind),
        **request_data(**overrides),
    )


def to_pyb(org, request, option=Decision.DISETUJUI, reason=""):
    head = actor(org.users["head_dinkes_sorong"])
    services.request_recommend(actor=head, request=request, option=Decision.DISETUJUI)
    request.refresh_from_db()
    services.request_decide(actor=head, request=request, option=option, reason=reason)
    request.refresh_from_db()
    return request


# --- Ditangguhkan: decided later ---------------------------------------------------------------------------
def test_a_postponed_request_waits_in_the_pyb_queue_and_is_decided_later(org, as_persona):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2026, 12)
    request = to_pyb(org, send(org), Decision.DITANGGUHKAN, "Beban kerja akhir bulan")
    assert request.state == RequestState.DITANGGUHKAN
    assert selectors.balances(nurse.pk) == {2026: 12}  # held no days while postponed
    head = as_persona("head_dinkes_sorong")
    assert request in head.get(reverse("leave:queue")).context["page"].object_list
    page = head.get(reverse("leave:detail", args=[request.pk])).content.decode()
    assert 'data-testid="leave-decide"' in page
    # Postponing again is not a next step.
    with pytest.raises(ValidationError) as refused:
        services.request_decide(
            actor=actor(org.users["head_dinkes_sorong"]),
            request=request,
            option=Decision.DITANGGUHKAN,
            reason="x",
        )
    assert "sudah ditangguhkan" in refused.value.messages[0]
    response = head.post(reverse("leave:decide", args=[request.pk]), {"dec-option": Decision.DISETUJUI})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.DISETUJUI
    assert selectors.balances(nurse.pk) == {2026: 8}  # the 4 days drawn again
    keys = sorted(LedgerEntry.objects.filter(request=request).values_list("key", flat=True))
    assert keys == [f"kembali:{request.pk}:2026", f"pakai:{request.pk}:2026", f"pakai:{request.pk}:2026:2"]


def test_approving_a_postponed_request_checks_the_balance_again(org):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2026, 5)
    request = to_pyb(org, send(org), Decision.DITANGGUHKAN, "Beban kerja")
    # Meanwhile the employee used 3 of the 5 days.
    send(org, start=date(2026, 9, 1), end=date(2026, 9, 3))
    with pytest.raises(ValidationError) as refused:
        services.request_decide(
            actor=actor(org.users["head_dinkes_sorong"]), request=request, option=Decision.DISETUJUI
        )
    assert "Sisa cuti tahunan Anda tidak cukup" in " ".join(refused.value.messages)
    request.refresh_from_db()
    assert request.state == RequestState.DITANGGUHKAN
    assert selectors.balances(nurse.pk) == {2026: 2}


# --- Perubahan: the employee amends the dates -----------------------------------------------------------
def test_after_perubahan_the_employee_sends_new_dates_and_both_steps_run_again(org, as_persona):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2026, 12)
    request = to_pyb(org, send(org), Decision.PERUBAHAN, "Geser ke minggu berikutnya")
    assert selectors.balances(nurse.pk) == {2026: 12}
    client = as_persona("employee_dinkes_sorong")
    assert (
        'data-testid="leave-amend"' in client.get(reverse("leave:detail", args=[request.pk])).content.decode()
    )
    # Mon 24 – Wed 26 Aug 2026: 2 working days (the 25th is a holiday).
    response = client.post(
        reverse("leave:amend", args=[request.pk]), {"start": "2026-08-24", "end": "2026-08-26"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.start, request.end, request.working_days) == (date(2026, 8, 24), date(2026, 8, 26), 2)
    assert request.state == RequestState.ATASAN
    assert request.recommendation == "" and request.decision == ""
    assert selectors.balances(nurse.pk) == {2026: 10}
    request = to_pyb(org, request)
    assert request.state == RequestState.DISETUJUI
    assert selectors.balances(nurse.pk) == {2026: 10}


def test_an_amendment_is_refused_when_it_overlaps_or_is_not_the_employees(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    other = send(org, start=date(2026, 9, 7), end=date(2026, 9, 8))
    request = to_pyb(org, send(org), Decision.PERUBAHAN, "Geser")
    client = as_persona("employee_dinkes_sorong")
    response = client.post(
        reverse("leave:amend", args=[request.pk]), {"start": "2026-09-08", "end": "2026-09-09"}
    )
    assert response.status_code == 200
    assert "bertumpuk dengan permintaan" in response.content.decode()
    request.refresh_from_db()
    assert request.state == RequestState.PERUBAHAN and request.start == date(2026, 8, 18)
    assert other.pk != request.pk
    # The head cannot amend the employee's request.
    response = as_persona("head_dinkes_sorong").post(
        reverse("leave:amend", args=[request.pk]), {"start": "2026-08-24", "end": "2026-08-25"}
    )
    assert response.status_code == 403
    # An approved request is not amended.
    approved = to_pyb(org, send(org, start=date(2026, 10, 5), end=date(2026, 10, 6)))
    with pytest.raises(ValidationError):
        services.request_amend(
            actor=actor(org.users["employee_dinkes_sorong"]),
            request=approved,
            start=date(2026, 10, 12),
            end=date(2026, 10, 13),
        )


# --- HR adjustments ----------------------------------------------------------------------------------------
def test_an_adjustment_that_makes_a_balance_negative_needs_explicit_confirmation(org, as_persona):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2026, 2)
    hr = actor(org.users["hr_sorong"])
    with pytest.raises(ValidationError) as refused:
        balance_services.balance_adjust(actor=hr, employee=nurse, bucket=2026, days=-5, reason="Koreksi")
    assert "menjadi -3 hari (sekarang 2 hari)" in refused.value.messages[0]
    assert selectors.balances(nurse.pk) == {2026: 2}
    client = as_persona("hr_sorong")
    url = reverse("leave:employee_balance", args=[nurse.pk])
    data = {"kind": "penyesuaian", "bucket": 2026, "days": -5, "reason": "Koreksi", "token": "b" * 32}
    page = client.post(url, data)
    assert page.status_code == 200 and "menjadi -3 hari" in page.content.decode()
    assert selectors.balances(nurse.pk) == {2026: 2}
    assert client.post(url, {**data, "allow_negative": "on"}).status_code == 302
    assert selectors.balances(nurse.pk) == {2026: -3}


def test_a_double_submitted_adjustment_is_applied_once(org, as_persona):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2026, 2)
    client = as_persona("hr_sorong")
    url = reverse("leave:employee_balance", args=[nurse.pk])
    token = client.get(url).context["form"].initial["token"]
    data = {"kind": "penyesuaian", "bucket": 2026, "days": 3, "reason": "Koreksi", "token": token}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same form again
    assert selectors.balances(nurse.pk) == {2026: 5}
    assert LedgerEntry.objects.filter(employee=nurse, kind=EntryKind.PENYESUAIAN).count() == 1
    # A new form (a new token) is a new adjustment; a forged token is refused.
    fresh = client.get(url).context["form"].initial["token"]
    assert fresh != token
    assert client.post(url, {**data, "token": fresh}).status_code == 302
    assert selectors.balances(nurse.pk) == {2026: 8}
    forged = client.post(url, {**data, "token": "not-a-token"})
    assert forged.status_code == 302 and forged["Location"] == url  # a fresh form, with a message
    assert "tidak sah lagi" in client.get(url).content.decode()
    assert client.post(url, {k: v for k, v in data.items() if k != "token"}).status_code == 302
    assert selectors.balances(nurse.pk) == {2026: 8}


# --- Plt ----------------------------------------------------------------------------------------------------
def test_a_plt_has_a_maximum_period(org, settings):
    hr = actor(org.users["hr_sorong"])
    head, nurse = org.head_dinkes_sorong, org.employee_dinkes_sorong

    def name(start, end):
        return official_services.acting_create(
            actor=hr,
            instansi=org.sorong,
            absent=head,
            acting=nurse,
            start=start,
            end=end,
            reason="Dinas luar",
        )

    with pytest.raises(ValidationError) as refused:
        name(date(2026, 8, 1), date(2026, 11, 1))
    assert "paling lama 3 bulan (sampai 31 Oktober 2026)" in refused.value.messages[0]
    assert not ActingOfficial.objects.exists()
    assert name(date(2026, 8, 1), date(2026, 10, 31)).pk
    settings.LEAVE_ACTING_MAX_MONTHS = 6
    assert name(date(2026, 11, 1), date(2027, 4, 30)).pk


# --- The export ---------------------------------------------------------------------------------------------
def test_the_export_refuses_bad_filters_instead_of_exporting_everything(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    send(org)
    client = as_persona("hr_sorong")
    url = reverse("leave:hr_requests_export")
    response = client.get(url, {"state": "bogus", "date_from": "2026-13-45"}, follow=True)
    assert response.redirect_chain and response.redirect_chain[0][1] == 302
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "Filter tidak valid: Status, Dari tanggal" in text
    # The page ignores the bad one, keeps the good one, and says so.
    page = client.get(reverse("leave:hr_requests"), {"state": "bogus", "kind": LeaveKind.BESAR})
    assert "Filter yang tidak valid diabaikan: Status." in page.content.decode()
    assert list(page.context["page"].object_list) == []  # the kind filter still applies
    ok = client.get(url, {"state": RequestState.ATASAN})
    assert ok.status_code == 200 and ok["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.clock("2026-07-15T20:30:00Z")  # 16 July 05:30 in Sorong (WIT, UTC+9)
def test_the_export_shows_times_in_the_agencys_zone(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = send(org)
    LeaveRequest.objects.filter(pk=request.pk).update(
        submitted_at=datetime.fromisoformat("2026-07-15T20:30:00+00:00")
    )
    response = as_persona("hr_sorong").get(reverse("leave:hr_requests_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert datetime(2026, 7, 16, 5, 30) in cells
    assert any("16 Juli 2026" in str(c) for c in cells[:4])  # the heading's date, Sorong's day


# --- CLTN and the working state --------------------------------------------------------------------------------
def cltn(org, start, end):
    nurse = org.employee_dinkes_sorong
    nurse.tmt_cpns = date(2010, 1, 1)
    nurse.save(update_fields=["tmt_cpns"])
    letter = SimpleUploadedFile("surat.pdf", b"%PDF-1.4 surat permohonan", content_type="application/pdf")
    return send(org, kind=LeaveKind.CLTN, start=start, end=end, attachment=letter)


def test_an_approved_cltn_sets_the_working_state_for_its_dates(org, time_machine):
    nurse = org.employee_dinkes_sorong
    request = to_pyb(org, cltn(org, date(2026, 7, 20), date(2026, 12, 31)))
    assert request.state == RequestState.DISETUJUI
    nurse.refresh_from_db()
    assert nurse.working_state == WorkingState.AKTIF  # it starts later
    time_machine.move_to("2026-07-20T03:00:00Z")
    assert working.cltn_sync(actor=actor(org.users["hr_sorong"])) == {"started": 1, "ended": 0}
    nurse.refresh_from_db()
    assert nurse.working_state == WorkingState.CLTN
    assert nurse.history.first().working_state == WorkingState.CLTN  # recorded with its history
    assert working.cltn_sync(actor=actor(org.users["hr_sorong"])) == {"started": 0, "ended": 0}
    # HR cancels it: back to aktif in the same transaction.
    services.request_cancel(actor=actor(org.users["hr_sorong"]), request=request, reason="Batal")
    nurse.refresh_from_db()
    assert nurse.working_state == WorkingState.AKTIF


def test_a_cltn_starting_today_sets_the_state_in_the_decision_and_ends_after_its_last_day(org, time_machine):
    nurse = org.employee_dinkes_sorong
    request = cltn(org, date(2026, 7, 16), date(2026, 8, 31))
    time_machine.move_to("2026-07-16T03:00:00Z")
    to_pyb(org, request)
    nurse.refresh_from_db()
    assert nurse.working_state == WorkingState.CLTN
    time_machine.move_to("2026-09-01T03:00:00Z")
    assert working.cltn_sync(actor=actor(org.users["hr_sorong"])) == {"started": 0, "ended": 1}
    nurse.refresh_from_db()
    assert nurse.working_state == WorkingState.AKTIF


def test_a_state_hr_set_is_never_overwritten(org, time_machine):
    nurse = org.employee_dinkes_sorong
    request = cltn(org, date(2026, 7, 16), date(2026, 8, 31))
    nurse.working_state = WorkingState.TUGAS_BELAJAR
    nurse.save(update_fields=["working_state"])
    time_machine.move_to("2026-07-16T03:00:00Z")
    to_pyb(org, request)
    nurse.refresh_from_db()
    assert nurse.working_state == WorkingState.TUGAS_BELAJAR


# --- For attendance and the recap -------------------------------------------------------------------------------
def test_approved_leave_days_per_employee_per_day(org, django_assert_num_queries):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2026, 12)
    approved = to_pyb(org, send(org, start=date(2026, 8, 18), end=date(2026, 8, 21)))
    send(org, start=date(2026, 8, 24), end=date(2026, 8, 25))  # still waiting: not leave yet
    refused = to_pyb(
        org, send(org, start=date(2026, 9, 1), end=date(2026, 9, 1)), Decision.TIDAK_DISETUJUI, "x"
    )
    assert approved.state == RequestState.DISETUJUI and refused.state == RequestState.TIDAK_DISETUJUI
    with django_assert_num_queries(1):
        days = selectors.approved_leave_days(
            [nurse.pk, org.head_dinkes_sorong.pk], date(2026, 8, 20), date(2026, 9, 30)
        )
    assert days == {nurse.pk: {date(2026, 8, 20): "tahunan", date(2026, 8, 21): "tahunan"}}
    assert selectors.approved_leave_days([], date(2026, 8, 1), date(2026, 8, 31)) == {}
    # The working days of the month (17 Aug is a holiday, the 22nd–23rd a weekend).
    assert selectors.leave_working_days(org.sorong.pk, [nurse.pk], date(2026, 8, 1), date(2026, 8, 31)) == {
        nurse.pk: {"tahunan": 4}
    }


# --- The balances page: sums for the page only, the same queries whatever the size ------------------------------
@pytest.mark.parametrize("sort", ["nama", "-n", "sisa"])
def test_the_balances_page_sums_each_shown_employee_in_a_constant_number_of_queries(
    org, as_persona, django_assert_max_num_queries, sort
):
    from ..factories import make_employee

    client = as_persona("hr_sorong")
    url = reverse("leave:balances")
    client.get(url)  # the session's first request stores the agency's zone
    counts = []
    for i in range(60):
        employee = make_employee(org.pkm_sorong, name=f"Saldo {i:02d}")
        grant(employee, 2025, i % 7)
        grant(employee, 2026, 12)
        ledger_entry(employee, kind="pakai", bucket=2026, year=2026, days=-(i % 5), reason="x")
        if i in (0, 59):
            with django_assert_max_num_queries(14) as captured:
                page = client.get(url, {"sort": sort, "q": "Saldo"})
            counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    rows = list(page.context["page"].object_list)
    assert len(rows) == 50
    for row in rows:
        i = int(row.name.split()[-1])
        assert (row.n2_days, row.n1_days, row.n_days, row.total_days) == (
            0,
            i % 7,
            12 - i % 5,
            i % 7 + 12 - i % 5,
        )
    if sort == "-n":
        assert [r.n_days for r in rows] == sorted((r.n_days for r in rows), reverse=True)
    if sort == "sisa":
        assert [r.total_days for r in rows] == sorted(r.total_days for r in rows)
    last = client.get(url, {"sort": sort, "q": "Saldo", "page": 2}).context["page"].object_list
    assert len(last) == 10 and not {r.pk for r in last} & {r.pk for r in rows}
