"""Minor findings of the new-user trial and the probe on the leave pages (issue 15): a repeated
action answered with where the request stands, who is told of a cancellation, the letter numbered at
approval, English labels, the preview's count, the year's turn, exports, backdating, the Plt list, the
one-page form."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from leave.choices import Decision, LeaveKind, RequestState
from leave.services import requests as services

from .factories import actor, grant, leave_type, request_data

pytestmark = pytest.mark.django_db


def send(org, persona="employee_dinkes_sorong", kind=LeaveKind.TAHUNAN, **overrides):
    return services.request_submit(
        actor=actor(org.users[persona]), leave_type=leave_type(kind), **request_data(**overrides)
    )


def last_message(response) -> str:
    """The newest message (those of earlier redirects not shown yet come before it)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


# --- 1. A repeated action ------------------------------------------------------------------------------------
def test_recommending_or_deciding_twice_says_where_the_request_stands(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = send(org)
    head = as_persona("head_dinkes_sorong")
    detail = reverse("leave:detail", args=[request.pk])
    recommend = reverse("leave:recommend", args=[request.pk])
    assert head.post(recommend, {"rec-option": "disetujui"}).status_code == 302
    again = head.post(recommend, {"rec-option": "disetujui"})
    assert again.status_code == 302 and again["Location"] == detail
    assert last_message(again) == (
        "Permintaan ini sudah diberi pertimbangan (Disetujui) dan menunggu keputusan pejabat."
    )
    decide = reverse("leave:decide", args=[request.pk])
    assert head.post(decide, {"dec-option": "disetujui"}).status_code == 302
    again = head.post(decide, {"dec-option": "tidak_disetujui", "dec-reason": "x"})
    assert again.status_code == 302 and last_message(again) == "Permintaan ini sudah diputuskan: Disetujui."
    request.refresh_from_db()
    assert request.state == RequestState.DISETUJUI
    # Who never had the right is still refused.
    assert as_persona("hr_sorong").post(decide, {"dec-option": "disetujui"}).status_code == 403
    assert (
        as_persona("employee_dinkes_sorong").post(recommend, {"rec-option": "disetujui"}).status_code == 403
    )


def test_cancelling_a_cancelled_request_again_says_so(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = send(org)
    url = reverse("leave:cancel", args=[request.pk])
    hr = as_persona("hr_sorong")
    assert hr.post(url, {"reason": "Dipanggil bertugas"}).status_code == 302
    again = hr.post(url, {"reason": "Dipanggil bertugas"})
    assert again.status_code == 302 and last_message(again) == "Permintaan ini sudah dibatalkan."
    mine = as_persona("employee_dinkes_sorong").post(url, {})
    assert mine.status_code == 302 and last_message(mine) == "Permintaan cuti ini sudah dibatalkan."
    assert as_persona("head_dinkes_sorong").post(url, {}).status_code == 403


# --- 2. Who is told of a cancellation -------------------------------------------------------------------------
def told_of_cancellation(request) -> set[str]:
    from notifications.models import Notification

    return set(
        Notification.objects.filter(
            kind="leave_cancelled", key__startswith=f"leave:{request.pk}:"
        ).values_list("recipient__username", flat=True)
    )


def test_a_cancellation_tells_who_acted_or_was_to_act_and_not_the_one_who_cancels(org):
    from leave.choices import DeciderKind
    from leave.models import PybRule

    from ..factories import make_user

    pyb = org.employee_dishub_sorong
    pyb.user = make_user("kadishub.sorong")
    pyb.save()
    PybRule.objects.create(instansi=org.sorong, priority=1, decider=DeciderKind.PEGAWAI, official=pyb)
    grant(org.employee_dinkes_sorong, 2026, 12)
    nurse = actor(org.users["employee_dinkes_sorong"])
    waiting_atasan = send(org)
    services.request_cancel(actor=nurse, request=waiting_atasan)
    assert told_of_cancellation(waiting_atasan) == {"kadinkes.sorong"}  # the PyB never saw it
    recommended = send(org, start=date(2026, 9, 1), end=date(2026, 9, 2))
    services.request_recommend(
        actor=actor(org.users["head_dinkes_sorong"]), request=recommended, option=Decision.DISETUJUI
    )
    services.request_cancel(actor=nurse, request=recommended)
    assert told_of_cancellation(recommended) == {"kadinkes.sorong", "kadishub.sorong"}


def test_hr_is_told_when_a_request_waiting_for_the_ppk_is_cancelled(org):
    grant(org.head_dinkes_sorong, 2026, 12)
    request = send(org, persona="head_dinkes_sorong")
    assert request.pyb is None and request.state == RequestState.PYB
    services.request_cancel(actor=actor(org.users["head_dinkes_sorong"]), request=request)
    assert told_of_cancellation(request) == {"hr.sorong"}


# --- 3. The decision letter is numbered at approval -----------------------------------------------------------
def test_the_letter_is_numbered_with_the_approval_and_the_request_shows_it(org, as_persona):
    from leave.models import LeaveLetter

    grant(org.employee_dinkes_sorong, 2026, 12)
    request = send(org)
    head = actor(org.users["head_dinkes_sorong"])
    services.request_recommend(actor=head, request=request, option=Decision.DISETUJUI)
    services.request_decide(actor=head, request=request, option=Decision.DISETUJUI)
    letter = LeaveLetter.objects.get(request=request)
    assert letter.number == "0001/SIC/2026" and letter.letter_date == date(2026, 7, 15)
    nurse = as_persona("employee_dinkes_sorong")
    page = nurse.get(reverse("leave:detail", args=[request.pk])).content.decode()
    assert "Nomor 0001/SIC/2026, tanggal 15 Juli 2026" in page
    download = nurse.get(reverse("leave:letter", args=[request.pk]))
    assert download["Content-Type"] == "application/pdf"


def test_a_letter_recorded_later_returns_to_the_request_with_its_message(org, as_persona):
    """A request approved before letters were numbered at approval: its letter is recorded on demand,
    and the message is shown on the request's page (not lost behind a PDF download)."""
    from leave.models import LeaveLetter

    grant(org.employee_dinkes_sorong, 2026, 12)
    request = send(org)
    head = actor(org.users["head_dinkes_sorong"])
    services.request_recommend(actor=head, request=request, option=Decision.DISETUJUI)
    services.request_decide(actor=head, request=request, option=Decision.DISETUJUI)
    LeaveLetter.objects.all().delete()
    nurse = as_persona("employee_dinkes_sorong")
    url = reverse("leave:letter", args=[request.pk])
    assert b"data-confirm" in nurse.get(url).content
    made = nurse.post(url, follow=True)
    assert made.redirect_chain[-1][0] == reverse("leave:detail", args=[request.pk])
    page = made.content.decode()
    assert "Surat izin cuti dibuat." in page and "Nomor 0001/SIC/2026" in page


# --- 4. English labels ----------------------------------------------------------------------------------------
def test_the_english_pages_name_the_leave_type_and_count_in_the_singular(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = send(org, start=date(2026, 8, 18), end=date(2026, 8, 18))
    nurse = as_persona("employee_dinkes_sorong")
    nurse.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = nurse.get(reverse("leave:detail", args=[request.pk])).content.decode()
    assert "Annual leave" in page and "1 working day" in page and "1 working days" not in page
    preview = nurse.get(
        reverse("leave:request_preview"),
        {"leave_type": leave_type().pk, "start": "2026-08-25", "end": "2026-08-26"},
    ).content.decode()
    assert "Length 1 working day (1 working day, 2 calendar days)." in preview
    mine = nurse.get(reverse("leave:mine")).content.decode()
    assert "Annual leave" in mine and "Total: 11 working days" in mine
    assert "Annual leave 18 August 2026 to 18 August 2026" in mine  # the ledger's reason


def test_ledger_reasons_are_stored_in_indonesian_and_read_in_the_readers_language(org):
    from django.utils import translation

    from leave.models import LedgerEntry

    grant(org.employee_dinkes_sorong, 2026, 12)
    with translation.override("en"):
        request = send(org)
        services.request_cancel(actor=actor(org.users["employee_dinkes_sorong"]), request=request)
    used, back = LedgerEntry.objects.filter(request=request).order_by("pk")
    assert used.reason == "Cuti tahunan 18 Agustus 2026 s.d. 21 Agustus 2026"
    assert back.reason == "Dikembalikan: permintaan cuti 18 Agustus 2026 s.d. 21 Agustus 2026 dibatalkan"
    with translation.override("en"):
        assert back.reason_display == "Returned: leave request 18 August 2026 to 21 August 2026 cancelled"
    assert back.reason_display == back.reason


# --- 5. The count of a 6-day unit, days off on the team calendar -----------------------------------------------
def test_the_preview_says_a_six_day_unit_counts_saturdays(org, as_persona):
    from leave.services import calendar as calendar_services

    grant(org.employee_dinkes_sorong, 2026, 12)
    nurse = as_persona("employee_dinkes_sorong")
    url = reverse("leave:request_preview")
    query = {"leave_type": leave_type().pk, "start": "2026-08-20", "end": "2026-08-22"}
    assert "6 hari kerja per minggu" not in nurse.get(url, query).content.decode()
    calendar_services.work_week_set(actor=actor(org.users["hr_sorong"]), unit=org.dinkes_sorong, days=6)
    preview = nurse.get(url, query).content.decode()
    assert "Dihitung 6 hari kerja per minggu" in preview and "Lamanya 3 hari kerja" in preview


def test_the_team_calendar_marks_sundays_and_holidays_under_leave(org, as_persona):
    from .test_team_calendar import away, calendar_html, day_cell

    away(org, org.employee_dinkes_sorong, date(2026, 8, 14), date(2026, 8, 19))
    html = calendar_html(as_persona("head_dinkes_sorong"), "2026-08")
    for day in ("2026-08-16", "2026-08-17"):  # a Sunday; Independence Day
        cell = day_cell(html, day)
        assert 'data-testid="team-day-off"' in cell and "text-body-tertiary" in cell
    working = day_cell(html, "2026-08-18")
    assert 'data-testid="team-day-off"' not in working and "text-bg-success" in working


# --- 6. A request for next year -------------------------------------------------------------------------------
@pytest.mark.clock("2026-12-10T03:00:00Z")
def test_a_request_for_next_year_before_its_entitlement_opens_says_why(org):
    from django.core.exceptions import ValidationError

    grant(org.employee_dinkes_sorong, 2026, 2)
    with pytest.raises(ValidationError) as refused:
        send(org, start=date(2027, 1, 11), end=date(2027, 1, 15))
    assert refused.value.messages == [
        "Hak cuti tahunan 2027 belum dibuka: hak tahun baru dibuka pada 1 Januari 2027. "
        "Ajukan cuti tahunan tahun 2027 mulai tanggal itu."
    ]


# --- 7. The exports --------------------------------------------------------------------------------------------
def test_the_request_export_writes_real_dates_shown_with_the_month_name(org, as_persona):
    import io

    from openpyxl import load_workbook

    grant(org.employee_dinkes_sorong, 2026, 12)
    send(org)
    response = as_persona("hr_sorong").get(reverse("leave:hr_requests_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in sheet.iter_rows() if r[1].value == org.employee_dinkes_sorong.nip)
    start, end, sent = row[4], row[5], row[9]
    assert start.value.date() == date(2026, 8, 18) and end.value.date() == date(2026, 8, 21)
    assert start.number_format == "[$-421]d mmmm yyyy" == end.number_format
    assert sent.number_format == "[$-421]d mmmm yyyy hh:mm"


# --- 8. Dates in the past ----------------------------------------------------------------------------------------
def test_only_sick_leave_may_start_in_the_past_and_only_so_far(org, settings):
    from django.core.exceptions import ValidationError

    grant(org.employee_dinkes_sorong, 2026, 12)
    with pytest.raises(ValidationError) as refused:
        send(org, start=date(2026, 7, 13), end=date(2026, 7, 16))
    assert "hanya cuti sakit yang dapat diajukan sesudahnya" in refused.value.messages[0]
    settings.LEAVE_SICK_BACKDATE_DAYS = 30
    with pytest.raises(ValidationError) as refused:
        send(org, kind=LeaveKind.SAKIT, start=date(2024, 3, 4), end=date(2024, 3, 4))
    assert refused.value.messages == [
        "Cuti sakit dapat diajukan paling lambat 30 hari sesudah tanggal mulainya (paling awal 15 Juni 2026)."
    ]
    sick = send(org, kind=LeaveKind.SAKIT, start=date(2026, 7, 14), end=date(2026, 7, 14))
    assert sick.state == RequestState.ATASAN


def test_a_plt_period_cannot_start_years_back(org):
    from django.core.exceptions import ValidationError

    from leave.services import officials

    with pytest.raises(ValidationError) as refused:
        officials.acting_create(
            actor=actor(org.users["hr_sorong"]), instansi=org.sorong, absent=org.head_dinkes_sorong,
            acting=org.employee_dishub_sorong, start=date(2023, 1, 2), end=date(2023, 2, 1), reason="Cuti",
        )  # fmt: skip
    assert refused.value.messages == [
        "Tanggal mulai Plt paling awal 15 Juli 2025; periode yang lebih lama tidak dicatat lagi."
    ]


# --- 9. The Plt list names each person's position ------------------------------------------------------------------
def test_the_plt_choices_show_name_and_position(org, as_persona):
    page = as_persona("hr_sorong").get(reverse("leave:officials")).content.decode()
    assert "Kepala Dinkes — Kepala Dinas Kesehatan" in page


# --- 10. The form on one page ------------------------------------------------------------------------------------
def test_the_form_of_a_decided_request_fits_one_a4_page(org, as_persona):
    import re

    grant(org.employee_dinkes_sorong, 2025, 6)
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = send(
        org,
        reason="Urusan keluarga: menghadiri pernikahan adik kandung di Manado dan mengurus keperluan keluarga",
        address="Jl. Ahmad Yani No. 1, Kelurahan Klademak, Distrik Sorong Kota, Kota Sorong, Papua Barat Daya",
    )
    head = actor(org.users["head_dinkes_sorong"])
    services.request_recommend(actor=head, request=request, option=Decision.DISETUJUI)
    services.request_decide(
        actor=head, request=request, option=Decision.PERUBAHAN,
        reason="Beban kerja pada bulan Agustus tinggi; ajukan tanggal lain",
    )  # fmt: skip
    response = as_persona("employee_dinkes_sorong").get(reverse("leave:form_pdf", args=[request.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert len(re.findall(rb"/Type\s*/Page[^s]", response.content)) == 1
