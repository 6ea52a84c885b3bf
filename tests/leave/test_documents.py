"""The official form (sections I–VIII, section V's N-2/N-1/N from constructed ledgers) and the decision
letter with its public verification page: valid, forged, altered, cancelled, changed."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leave import documents
from leave.choices import EntryKind, LeaveKind, RequestState
from leave.models import LeaveLetter
from leave.services import requests as services

from ..performance.test_pdf import pdf_text
from .factories import actor, grant, leave_type, ledger_entry, request_data

pytestmark = pytest.mark.django_db

# Fri 14 Aug 2026, the weekend, Mon 17 Aug (Independence Day), Tue 18 and Wed 19: 3 working days.
ACROSS = dict(start=date(2026, 8, 14), end=date(2026, 8, 19))


def constructed_ledger(nurse) -> None:
    """N-2 (2024): 2 granted, 1 taken earlier -> 1 left; N-1 (2025): 6 carried over; N (2026): 12."""
    grant(nurse, 2024, 2)
    ledger_entry(nurse, kind=EntryKind.PAKAI, bucket=2024, year=2025, days=-1, reason="cuti 2025")
    grant(nurse, 2025, 6)
    grant(nurse, 2026, 12)


def send(org, **overrides):
    return services.request_submit(
        actor=actor(org.users["employee_dinkes_sorong"]), leave_type=leave_type(), **request_data(**overrides)
    )


def granted(org, **overrides):
    request = send(org, **overrides)
    head = actor(org.users["head_dinkes_sorong"])
    services.request_recommend(actor=head, request=request, option="disetujui")
    return services.request_decide(actor=head, request=request, option="disetujui")


def _code_in(text: str) -> str:
    match = re.search(r"/cuti/verifikasi/([A-Z2-7]{16})/", text)
    assert match, "the verification address is written on the letter"
    return match.group(1)


# --- The form ------------------------------------------------------------------------------------------
def test_section_v_shows_the_remainders_when_sent_and_what_the_request_takes(org):
    constructed_ledger(org.employee_dinkes_sorong)
    request = send(org, **ACROSS)
    assert request.working_days == 3
    rows = documents.buckets_at_sending(request)
    assert [(r.label, r.year, r.left, r.taken, r.after) for r in rows] == [
        ("N-2", 2024, 1, 1, 0),
        ("N-1", 2025, 6, 2, 4),
        ("N", 2026, 12, 0, 12),
    ]


def test_the_form_is_dated_the_day_it_was_sent_in_the_agencys_zone(org, time_machine):
    """Found by the trial: sent at 04.53 WIT on 7 December, the form said 6 December (UTC)."""
    grant(org.employee_dinkes_sorong, 2026, 12)
    time_machine.move_to("2026-07-15T19:53:00Z")  # 16 July 04.53 WIT (UTC+9)
    request = send(org)
    assert documents.form_of(request).sent_on == date(2026, 7, 16)


def test_section_v_is_the_same_after_later_ledger_rows_and_after_cancellation(org):
    nurse = org.employee_dinkes_sorong
    constructed_ledger(nurse)
    request = send(org, **ACROSS)
    before = documents.buckets_at_sending(request)
    ledger_entry(nurse, kind=EntryKind.PENYESUAIAN, bucket=2026, year=2026, days=-2, reason="koreksi",
        created_at=timezone.now() + timedelta(seconds=5),
    )  # fmt: skip
    services.request_cancel(actor=actor(org.users["employee_dinkes_sorong"]), request=request)
    assert documents.buckets_at_sending(request) == before


def test_the_form_pdf_prints_sections_i_to_viii_with_the_ledger_figures(org, as_persona):
    constructed_ledger(org.employee_dinkes_sorong)
    request = granted(org, **ACROSS)
    response = as_persona("employee_dinkes_sorong").get(reverse("leave:form_pdf", args=[request.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for heading in ("FORMULIR PERMINTAAN DAN PEMBERIAN CUTI", "I. DATA PEGAWAI", "II. JENIS CUTI",
                    "III. ALASAN CUTI", "IV. LAMANYA CUTI", "V. CATATAN CUTI", "VI. ALAMAT SELAMA",
                    "VII. PERTIMBANGAN ATASAN LANGSUNG", "VIII. KEPUTUSAN PEJABAT"):  # fmt: skip
        assert heading in text, heading
    nurse = org.employee_dinkes_sorong
    assert nurse.full_name in text and nurse.nip_display in text
    assert "Selama 3 hari kerja" in text and "14 Agustus 2026" in text and "19 Agustus 2026" in text
    assert "N-2 (2024) 1 diambil 1 hari, sisa 0 hari" in text
    assert "N-1 (2025) 6 diambil 2 hari, sisa 4 hari" in text
    assert "N (2026) 12" in text
    assert "TIDAK DISETUJUI" in text and "DITANGGUHKAN" in text and "PERUBAHAN" in text


def test_section_v_lists_the_other_types_granted_that_year(org):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2026, 12)
    sick = services.request_submit(
        actor=actor(org.users["employee_dinkes_sorong"]),
        leave_type=leave_type(LeaveKind.SAKIT),
        **request_data(start=date(2026, 7, 13), end=date(2026, 7, 13)),  # within the backdating limit
    )
    head = actor(org.users["head_dinkes_sorong"])
    services.request_recommend(actor=head, request=sick, option="disetujui")
    services.request_decide(actor=head, request=sick, option="disetujui")
    request = send(org, **ACROSS)
    assert documents.other_types_taken(request) == {LeaveKind.SAKIT: "2026: 1 kali, 1 hari"}


def test_the_form_is_built_in_a_constant_number_of_queries(org, as_persona, django_assert_max_num_queries):
    nurse = org.employee_dinkes_sorong
    constructed_ledger(nurse)
    request = granted(org, **ACROSS)
    client = as_persona("hr_sorong")
    url = reverse("leave:form_pdf", args=[request.pk])
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200
    for n in range(30):  # many more ledger rows and requests: the same queries
        ledger_entry(nurse, kind=EntryKind.PENYESUAIAN, bucket=2025, year=2025,
                                   days=1, reason=f"koreksi {n}")  # fmt: skip
    granted(org, start=date(2026, 9, 7), end=date(2026, 9, 8))
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200


def test_a_head_who_neither_recommends_nor_decides_cannot_download(org, as_persona):
    """Documents: the employee, the atasan and PyB named on it, HR. Another Sorong employee: 404."""
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = send(org)
    response = as_persona("employee_dishub_palembang").get(reverse("leave:form_pdf", args=[request.pk]))
    assert response.status_code == 404


# --- The letter and its verification ---------------------------------------------------------------------
def test_the_letter_is_recorded_once_numbered_and_verifiable(org, as_persona, client):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = granted(org, **ACROSS)
    nurse = as_persona("employee_dinkes_sorong")
    url = reverse("leave:letter", args=[request.pk])
    letter = LeaveLetter.objects.get()  # numbered with the approval
    assert nurse.post(url).status_code == 302  # a POST returns the same letter
    assert LeaveLetter.objects.get() == letter
    assert letter.number == f"0001/SIC/{letter.year}" and letter.subject_nip == org.employee_dinkes_sorong.nip
    response = nurse.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "SURAT IZIN CUTI TAHUNAN" in text and letter.number in text
    code = _code_in(text)
    assert code == letter.code

    public = client.get(reverse("leave:letter_verify", args=[code]))
    assert public.status_code == 200
    html = public.content.decode()
    assert 'data-testid="leave-letter-valid"' in html
    assert org.employee_dinkes_sorong.full_name in html and "14 Agustus 2026" in html
    nip = org.employee_dinkes_sorong.nip
    assert nip not in html and org.employee_dinkes_sorong.nip_display not in html
    assert f"******** ****** {nip[-4]} {nip[-3:]}" in html
    assert request.address not in html and request.reason not in html


def test_a_forged_or_altered_code_is_not_found(org, as_persona, client):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = granted(org)
    as_persona("employee_dinkes_sorong").post(reverse("leave:letter", args=[request.pk]))
    code = LeaveLetter.objects.get().code
    altered = ("B" if code[0] != "B" else "C") + code[1:]
    for wrong in (altered, "AAAAAAAAAAAAAAAA", code[:-1]):
        page = client.get(reverse("leave:letter_verify", args=[wrong]))
        assert page.status_code == 404
        assert b'data-testid="letter-unknown"' in page.content
    assert client.get(reverse("leave:letter_verify", args=[code.lower()])).status_code == 200


def test_a_cancelled_request_makes_its_letter_not_valid(org, as_persona, client):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = granted(org)
    as_persona("employee_dinkes_sorong").post(reverse("leave:letter", args=[request.pk]))
    code = LeaveLetter.objects.get().code
    services.request_cancel(actor=actor(org.users["hr_sorong"]), request=request, reason="Tugas mendesak")
    page = client.get(reverse("leave:letter_verify", args=[code]))
    assert page.status_code == 200
    assert b'data-testid="leave-letter-invalid"' in page.content
    assert b"dibatalkan" in page.content
    # Nor is it handed out again (found by the probe: it still downloaded, unmarked).
    again = as_persona("employee_dinkes_sorong").get(reverse("leave:letter", args=[request.pk]))
    assert again.status_code == 302 and again["Location"] == reverse("leave:detail", args=[request.pk])


def test_the_letter_of_a_plt_decision_is_signed_by_the_plt(org, as_persona):
    """Found by the probe: the letter named the absent PyB, not the acting official who decided."""
    from leave.models import ActingOfficial

    from ..factories import make_employee, make_user

    grant(org.employee_dinkes_sorong, 2026, 12)
    plt = make_employee(org.dinkes_sorong, name="Yohana Plt Kadinkes", user=None)
    plt.user = make_user("plt.dinkes")
    plt.save()
    ActingOfficial.objects.create(instansi=org.sorong, absent=org.head_dinkes_sorong, acting=plt,
                                  start=date(2026, 7, 1), end=date(2026, 7, 31), reason="Dinas luar")  # fmt: skip
    request = send(org)
    services.request_recommend(actor=actor(plt.user), request=request, option="disetujui")
    request.refresh_from_db()
    services.request_decide(actor=actor(plt.user), request=request, option="disetujui")
    nurse = as_persona("employee_dinkes_sorong")
    url = reverse("leave:letter", args=[request.pk])
    nurse.post(url)
    text = pdf_text(nurse.get(url).content)
    assert "Yohana Plt Kadinkes" in text and "Plt." in text
    assert org.head_dinkes_sorong.full_name not in text


def test_a_request_changed_after_its_letter_makes_it_not_valid(org, as_persona, client):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = granted(org)
    as_persona("employee_dinkes_sorong").post(reverse("leave:letter", args=[request.pk]))
    code = LeaveLetter.objects.get().code
    type(request).objects.filter(pk=request.pk).update(end=request.end + timedelta(days=7))
    page = client.get(reverse("leave:letter_verify", args=[code]))
    assert b'data-testid="leave-letter-invalid"' in page.content and b"berubah" in page.content


def test_no_letter_for_a_request_not_granted(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = send(org)
    nurse = as_persona("employee_dinkes_sorong")
    assert b"letter-issue" not in nurse.get(reverse("leave:letter", args=[request.pk])).content
    nurse.post(reverse("leave:letter", args=[request.pk]))
    assert not LeaveLetter.objects.exists()
    assert request.state == RequestState.ATASAN


def test_letters_of_an_agency_are_numbered_in_sequence(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    first = granted(org)
    second = granted(org, start=date(2026, 9, 7), end=date(2026, 9, 8))
    hr = as_persona("hr_sorong")
    for request in (first, second):
        hr.post(reverse("leave:letter", args=[request.pk]))
    assert sorted(LeaveLetter.objects.values_list("sequence", flat=True)) == [1, 2]


def test_the_verification_page_is_rate_limited(org, client, settings):
    settings.LETTER_VERIFY_LIMIT = 2
    address = "198.51.100.77"
    for _ in range(2):
        client.get(reverse("leave:letter_verify", args=["AAAAAAAAAAAAAAAA"]), REMOTE_ADDR=address)
    page = client.get(reverse("leave:letter_verify", args=["AAAAAAAAAAAAAAAA"]), REMOTE_ADDR=address)
    assert page.status_code == 429
