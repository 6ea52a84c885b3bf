"""The leave services: sending (working days, balance, overlap, eligibility, attachments), the
two-step decision with its four options, cancellation, Plt, the PyB table, cuti besar, HR's
calendar and working weeks; each refusal in Indonesian with nothing half-saved."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from core.models import HrAssignment
from leave import selectors
from leave.choices import DeciderKind, Decision, EntryKind, LeaveKind, RequestState
from leave.models import ActingOfficial, LeaveRequest, LedgerEntry, PybRule
from leave.services import balances as balance_services
from leave.services import calendar as calendar_services
from leave.services import requests as services
from notifications.models import Notification

from ..factories import make_employee, make_unit
from .factories import actor, grant, leave_type, request_data

pytestmark = pytest.mark.django_db


def send(org, persona="employee_dinkes_sorong", kind=LeaveKind.TAHUNAN, employee_kind="PNS", **overrides):
    return services.request_submit(
        actor=actor(org.users[persona]),
        leave_type=leave_type(kind, employee_kind),
        **request_data(**overrides),
    )


def test_a_request_counts_working_days_and_takes_the_oldest_days_first(org):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2025, 3)
    grant(nurse, 2026, 12)
    # Mon 17 Aug 2026 is Independence Day: 17–21 Aug is 4 working days.
    request = send(org, start=date(2026, 8, 17), end=date(2026, 8, 21))
    assert (request.length, request.working_days) == (4, 4)
    assert request.state == RequestState.ATASAN
    assert request.atasan == org.head_dinkes_sorong  # the Puskesmas has no head: the Dinas head
    assert request.pyb == org.head_dinkes_sorong  # default: the head of the OPD
    uses = dict(LedgerEntry.objects.filter(request=request).values_list("bucket", "days"))
    assert uses == {2025: -3, 2026: -1}
    assert selectors.balances(nurse.pk) == {2026: 11}
    assert Notification.objects.filter(
        recipient=org.users["head_dinkes_sorong"], kind="leave_submitted"
    ).exists()


def test_a_request_beyond_the_balance_is_refused_and_nothing_is_saved(org):
    grant(org.employee_dinkes_sorong, 2026, 3)
    with pytest.raises(ValidationError) as refused:
        send(org)
    assert (
        "Sisa cuti tahunan Anda tidak cukup: diminta 4 hari kerja, tersisa 3 hari kerja."
        in refused.value.messages
    )
    assert not LeaveRequest.objects.exists()
    assert LedgerEntry.objects.count() == 1


def test_overlapping_requests_are_refused(org):
    grant(org.employee_dinkes_sorong, 2026, 12)
    send(org)
    with pytest.raises(ValidationError) as refused:
        send(org, kind=LeaveKind.SAKIT, start=date(2026, 8, 20), end=date(2026, 8, 20))
    assert (
        "bertumpuk dengan permintaan Cuti tahunan Anda tanggal 18 Agustus 2026 s.d. 21 Agustus 2026"
        in str(refused.value.messages)
    )


def test_cuti_tahunan_needs_a_year_of_service(org):
    nurse = org.employee_dinkes_sorong
    nurse.tmt_cpns = date(2025, 9, 1)
    nurse.save()
    grant(nurse, 2026, 12)
    with pytest.raises(ValidationError) as refused:
        send(org)
    assert "baru dapat diambil setelah masa kerja 1 tahun" in str(refused.value.messages)


def test_sick_leave_beyond_one_day_needs_a_doctors_letter(org):
    with pytest.raises(ValidationError) as refused:
        send(org, kind=LeaveKind.SAKIT, start=date(2026, 8, 18), end=date(2026, 8, 19))
    assert refused.value.message_dict["attachment"] == [
        "Lampirkan Surat keterangan dokter untuk cuti lebih dari 1 hari."
    ]
    with pytest.raises(ValidationError) as refused:
        send(org, kind=LeaveKind.SAKIT, start=date(2026, 8, 1), end=date(2026, 8, 20))
    assert "Surat keterangan dokter pemerintah" in refused.value.message_dict["attachment"][0]
    one_day = send(org, kind=LeaveKind.SAKIT, start=date(2026, 8, 18), end=date(2026, 8, 18))
    assert one_day.length == 1 and one_day.length_unit == "hari_kalender"  # "1 hari kalender", not "1 bulan"


def test_melahirkan_is_offered_to_women_only(org):
    nurse, head = org.employee_dinkes_sorong, org.head_dinkes_sorong
    assert selectors.types_for(nurse, date(2026, 8, 1)).filter(kind=LeaveKind.MELAHIRKAN).exists()
    leave_type(LeaveKind.MELAHIRKAN)
    assert not selectors.types_for(head, date(2026, 8, 1)).filter(kind=LeaveKind.MELAHIRKAN).exists()


def test_the_atasan_recommends_and_the_pyb_decides(org):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = send(org)
    head = actor(org.users["head_dinkes_sorong"])
    with pytest.raises(ValidationError) as refused:
        services.request_recommend(actor=head, request=request, option=Decision.PERUBAHAN, reason=" ")
    assert "Tuliskan alasannya untuk pilihan Perubahan." in refused.value.messages
    services.request_recommend(actor=head, request=request, option=Decision.DISETUJUI)
    request.refresh_from_db()
    assert request.state == RequestState.PYB and request.recommendation == Decision.DISETUJUI
    services.request_decide(actor=head, request=request, option=Decision.DISETUJUI)
    request.refresh_from_db()
    assert request.state == RequestState.DISETUJUI
    assert selectors.balances(org.employee_dinkes_sorong.pk) == {2026: 8}
    assert Notification.objects.filter(
        recipient=org.users["employee_dinkes_sorong"], kind="leave_decided"
    ).exists()


@pytest.mark.parametrize("option", [Decision.PERUBAHAN, Decision.DITANGGUHKAN, Decision.TIDAK_DISETUJUI])
def test_a_decision_other_than_approval_needs_a_reason_and_returns_the_days(org, option):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = send(org)
    head = actor(org.users["head_dinkes_sorong"])
    services.request_recommend(actor=head, request=request, option=option, reason="Beban kerja")
    with pytest.raises(ValidationError):
        services.request_decide(actor=head, request=request, option=option, reason="")
    services.request_decide(actor=head, request=request, option=option, reason="Beban kerja tinggi")
    request.refresh_from_db()
    assert request.state == option
    assert selectors.balances(org.employee_dinkes_sorong.pk) == {2026: 12}
    assert LedgerEntry.objects.filter(request=request, kind=EntryKind.KEMBALI).count() == 1


def test_nobody_decides_on_their_own_request(org):
    head = org.head_dinkes_sorong
    grant(head, 2026, 12)
    request = send(org, persona="head_dinkes_sorong")
    # The head of the OPD answers to nobody in the tree and decides for nobody above: the PPK, by HR.
    assert request.atasan is None and request.pyb is None and request.state == RequestState.PYB
    with pytest.raises(PermissionDenied):
        services.request_decide(
            actor=actor(org.users["head_dinkes_sorong"]), request=request, option="disetujui"
        )
    services.request_decide(actor=actor(org.users["hr_sorong"]), request=request, option="disetujui")
    request.refresh_from_db()
    assert request.state == RequestState.DISETUJUI


def test_a_plt_acts_for_an_absent_official_and_the_official_does_not(org):
    grant(org.employee_dinkes_sorong, 2026, 12)
    plt = make_employee(org.dinkes_sorong, name="Plt Kepala", user=None)
    from ..factories import make_user

    plt.user = make_user("plt.dinkes")
    plt.save()
    ActingOfficial.objects.create(
        instansi=org.sorong,
        absent=org.head_dinkes_sorong,
        acting=plt,
        start=date(2026, 7, 1),
        end=date(2026, 7, 31),
        reason="Dinas luar",
    )
    request = send(org)
    assert Notification.objects.filter(recipient=plt.user, kind="leave_submitted").exists()
    with pytest.raises(PermissionDenied):
        services.request_recommend(
            actor=actor(org.users["head_dinkes_sorong"]), request=request, option="disetujui"
        )
    services.request_recommend(actor=actor(plt.user), request=request, option="disetujui")
    request.refresh_from_db()
    assert request.recommended_by == plt
    # The PyB is the same absent head: the Plt decides too, and the page names who decided.
    assert request.pyb == org.head_dinkes_sorong
    services.request_decide(actor=actor(plt.user), request=request, option="disetujui")
    client = Client()
    client.force_login(org.users["employee_dinkes_sorong"])
    page = client.get(reverse("leave:detail", args=[request.pk])).content.decode()
    assert "Diputuskan oleh" in page and "Plt Kepala" in page


def test_the_pyb_table_names_the_official(org):
    PybRule.objects.create(
        instansi=org.sorong, priority=1, leave_kind=LeaveKind.SAKIT, decider=DeciderKind.PPK
    )
    sick = send(org, kind=LeaveKind.SAKIT, start=date(2026, 8, 18), end=date(2026, 8, 18))
    assert sick.pyb is None
    PybRule.objects.create(
        instansi=org.sorong, priority=2, golongan_from="III/a", golongan_to="III/d", unit=org.pkm_sorong,
        decider=DeciderKind.PEGAWAI, official=org.employee_dishub_sorong,
    )  # fmt: skip
    grant(org.employee_dinkes_sorong, 2026, 12)
    yearly = send(org, start=date(2026, 9, 1), end=date(2026, 9, 1))
    assert yearly.pyb == org.employee_dishub_sorong


def test_cancellation_returns_the_days_the_employee_before_start_hr_with_a_reason(org, time_machine):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2026, 12)
    first = send(org)
    services.request_cancel(actor=actor(org.users["employee_dinkes_sorong"]), request=first)
    assert selectors.balances(nurse.pk) == {2026: 12}
    second = send(org, start=date(2026, 9, 1), end=date(2026, 9, 2))
    time_machine.move_to("2026-09-01T03:00:00Z")
    with pytest.raises(ValidationError) as refused:
        services.request_cancel(actor=actor(org.users["employee_dinkes_sorong"]), request=second)
    assert "hanya dapat dibatalkan oleh BKPSDM" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        services.request_cancel(actor=actor(org.users["hr_sorong"]), request=second, reason="")
    services.request_cancel(actor=actor(org.users["hr_sorong"]), request=second, reason="Dipanggil bertugas")
    assert selectors.balances(nurse.pk) == {2026: 12}


def test_an_approved_cuti_besar_cancels_that_years_cuti_tahunan(org):
    head_user = org.users["head_dinkes_sorong"]
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2025, 6)
    grant(nurse, 2026, 12)
    besar = send(org, kind=LeaveKind.BESAR, start=date(2026, 9, 1), end=date(2026, 10, 31))
    assert besar.length == 2
    services.request_recommend(actor=actor(head_user), request=besar, option="disetujui")
    services.request_decide(actor=actor(head_user), request=besar, option="disetujui")
    assert selectors.balances(nurse.pk) == {2025: 6}
    with pytest.raises(ValidationError) as refused:
        send(org, start=date(2026, 11, 3), end=date(2026, 11, 3))
    assert "tidak dapat diambil dalam tahun yang sama" in refused.value.messages[0]


@pytest.mark.parametrize("then", ["tidak_disetujui", "perubahan"])
def test_a_postponed_cuti_besar_refused_or_sent_back_later_leaves_the_tahunan_alone(org, then):
    """Found by the probe: a cuti besar postponed, then refused, wiped the year's cuti tahunan."""
    head_user = org.users["head_dinkes_sorong"]
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2026, 12)
    besar = send(org, kind=LeaveKind.BESAR, start=date(2026, 9, 1), end=date(2026, 10, 31))
    services.request_recommend(actor=actor(head_user), request=besar, option="disetujui")
    services.request_decide(
        actor=actor(head_user), request=besar, option="ditangguhkan", reason="Beban kerja"
    )
    besar.refresh_from_db()
    services.request_decide(actor=actor(head_user), request=besar, option=then, reason="Tidak memungkinkan")
    assert selectors.balances(nurse.pk) == {2026: 12}
    assert not LedgerEntry.objects.filter(request=besar).exists()


def test_hr_days_off_and_six_day_units_change_the_count(org):
    hr = actor(org.users["hr_sorong"])
    grant(org.employee_dinkes_sorong, 2026, 12)
    calendar_services.calendar_day_set(
        actor=hr, instansi=org.sorong, day=date(2026, 8, 19), name="HUT Kota", is_off=True
    )
    calendar_services.work_week_set(actor=hr, unit=org.dinkes_sorong, days=6)
    # Tue 18 – Sat 22 Aug: the Puskesmas follows the Dinas' 6-day week; 19 Aug is the city's day off.
    request = send(org, start=date(2026, 8, 18), end=date(2026, 8, 22))
    assert request.length == 4
    with pytest.raises(Http404):
        calendar_services.work_week_set(
            actor=actor(org.users["hr_palembang"]), unit=org.dinkes_sorong, days=5
        )


def test_a_request_for_a_pppk_uses_the_pppk_types(org):
    unit = make_unit(org.sorong, "DISHUB.X", parent=org.dishub_sorong)
    pppk = make_employee(unit, kind="PPPK", name="Pegawai PPPK")
    names = set(selectors.types_for(pppk, date(2026, 8, 1)).values_list("name", flat=True))
    assert "Cuti besar" not in names and "Cuti tahunan (PPPK)" in names


def test_an_hr_officer_cannot_adjust_their_own_balance(org, as_persona):
    nurse = org.employee_dinkes_sorong
    HrAssignment.objects.create(user=nurse.user, instansi=org.sorong)  # an officer is an employee too
    officer = actor(nurse.user)
    with pytest.raises(PermissionDenied):
        balance_services.balance_adjust(actor=officer, employee=nurse, bucket=2026, days=24, reason="bonus")

    client = as_persona("employee_dinkes_sorong")
    url = reverse("leave:employee_balance", args=[nurse.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="leave-adjust"' not in page.content.decode()
    posted = client.post(url, {"kind": "penyesuaian", "bucket": 2026, "days": 24, "reason": "bonus"})
    assert posted.status_code == 403
    assert not LedgerEntry.objects.filter(employee=nurse, kind=EntryKind.PENYESUAIAN).exists()
    # Another officer of the agency may.
    entry = balance_services.balance_adjust(
        actor=actor(org.users["hr_sorong"]), employee=nurse, bucket=2026, days=2, reason="Koreksi"
    )
    assert entry.days == 2


def test_years_are_printed_without_a_thousands_separator(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026)
    page = as_persona("employee_dinkes_sorong").get(reverse("leave:mine")).content.decode()
    assert "(2026)" in page and "2.026" not in page


def test_checking_with_a_chosen_attachment_says_to_choose_it_again(org, as_persona):
    """Found by the trial: "Periksa" dropped the doctor's letter without a word."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    grant(org.employee_dinkes_sorong, 2026, 12)
    data = {**request_data(), "leave_type": leave_type().pk, "action": "preview"}
    data["attachment"] = SimpleUploadedFile(
        "surat.pdf", b"%PDF-1.4 surat dokter", content_type="application/pdf"
    )
    page = as_persona("employee_dinkes_sorong").post(reverse("leave:request_new"), data)
    assert page.status_code == 200
    assert "pilih berkasnya lagi" in page.content.decode()
    assert not LeaveRequest.objects.exists()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("0812 4800 1234", "081248001234"),
        ("0812-4800-1234", "081248001234"),
        ("+62 (812) 4800.1234", "+628124800" + "1234"),
    ],
)
def test_a_phone_number_is_taken_as_people_write_it(org, typed, kept):
    from leave.forms import LeaveRequestForm

    types = [leave_type()]
    form = LeaveRequestForm(
        {**request_data(), "leave_type": types[0].pk, "phone": typed},
        types=leave_type().__class__.objects.filter(pk=types[0].pk),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == kept
    bad = LeaveRequestForm(
        {**request_data(), "leave_type": types[0].pk, "phone": "08 12 ab"},
        types=leave_type().__class__.objects.filter(pk=types[0].pk),
    )
    assert not bad.is_valid() and "8–15 angka" in bad.errors["phone"][0]


def test_an_attachment_is_judged_by_its_content_not_its_name(org):
    """Found by the probe: a program named surat.pdf was accepted."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    grant(org.employee_dinkes_sorong, 2026, 12)
    fake = SimpleUploadedFile("surat.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.request_submit(
            actor=actor(org.users["employee_dinkes_sorong"]), leave_type=leave_type(), attachment=fake,
            **request_data(),
        )  # fmt: skip
    assert "Isi berkas bukan PDF" in refused.value.messages[0]
    assert not LeaveRequest.objects.exists()


def test_the_preview_refuses_what_sending_would_refuse(org):
    grant(org.employee_dinkes_sorong, 2026, 12)
    send(org)  # 18–21 August
    employee = org.employee_dinkes_sorong
    tahunan = leave_type(LeaveKind.TAHUNAN)
    with pytest.raises(ValidationError, match="bertumpuk"):
        services.preview(
            employee=employee, leave_type=tahunan, start=date(2026, 8, 20), end=date(2026, 8, 24)
        )
    with pytest.raises(ValidationError, match="sudah lewat"):
        services.preview(
            employee=employee, leave_type=tahunan, start=date(2026, 3, 16), end=date(2026, 3, 17)
        )
