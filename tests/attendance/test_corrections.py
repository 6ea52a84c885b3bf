"""Corrections of presensi (issue 16 item 4): the rules of sending (no future day, the window, only a
working day, one open per day, the times the kind needs, the evidence's content), who decides (the
atasan named on it; never the employee; others 403/404), what approval writes (Presence rows of
source "koreksi" that the counted-records rule reads), the notifications, the Presensi page's month
and the atasan's queue with their query counts."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attendance import rules
from attendance.choices import CorrectionKind, CorrectionState, DayStatus, PresenceKind, PresenceSource
from attendance.models import Correction, DailyStatus, Presence
from attendance.services import corrections as services
from leave.models import CalendarDay
from notifications.models import Notification

from ..factories import make_employee
from .factories import actor

pytestmark = pytest.mark.django_db

WIT = ZoneInfo("Asia/Jayapura")
# The pinned clock (tests/conftest.py): Wed 15 July 2026, 12.00 WIT in Sorong.
TODAY = date(2026, 7, 15)
MONDAY = date(2026, 7, 13)
SATURDAY = date(2026, 7, 11)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def pdf(name="surat-tugas.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", content_type="application/pdf"
    )


def submit(org, persona="employee_dinkes_sorong", **overrides):
    data = dict(
        on=MONDAY,
        kind=CorrectionKind.LUPA_MASUK,
        reason="Lupa menekan tombol presensi masuk.",
        check_in=time(7, 20),
    )
    data.update(overrides)
    return services.correction_submit(actor=actor(org.users[persona]), **data)


def decide(org, correction, persona="head_dinkes_sorong", approve=True, note=""):
    return services.correction_decide(
        actor=actor(org.users[persona]), correction=correction, approve=approve, note=note
    )


def errors_of(exc: ValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


# --- Sending ------------------------------------------------------------------------------------------------
def test_a_correction_names_the_atasan_langsung_and_tells_them(org):
    correction = submit(org)
    assert correction.state == CorrectionState.DIAJUKAN
    assert correction.atasan_id == org.head_dinkes_sorong.pk  # no head of the Puskesmas: the Kadinkes
    note = Notification.objects.get(recipient=org.users["head_dinkes_sorong"])
    assert note.kind == "attendance_correction_submitted"
    assert note.url == reverse("attendance:correction_queue")
    assert "Siti Perawat" in note.title and "13 Juli 2026" in note.title
    assert not Notification.objects.filter(recipient=org.users["employee_dinkes_sorong"]).exists()


def test_a_day_in_the_future_is_refused(org):
    with pytest.raises(ValidationError) as exc:
        submit(org, on=date(2026, 7, 16))
    assert "akan datang" in errors_of(exc.value)["date"][0]
    assert not Correction.objects.exists()


def test_today_is_accepted_but_not_a_time_still_to_come(org):
    with pytest.raises(ValidationError) as exc:
        submit(org, on=TODAY, kind=CorrectionKind.LUPA_PULANG, check_in=None, check_out=time(16, 0))
    assert "belum lewat" in errors_of(exc.value)["check_out"][0]
    assert submit(org, on=TODAY, check_in=time(7, 30)).date == TODAY


def test_the_window_reaches_back_exactly_the_configured_days(org, settings):
    settings.ATTENDANCE_CORRECTION_WINDOW_DAYS = 8
    assert submit(org, on=date(2026, 7, 7)).pk  # Tue, 8 days back: still inside
    with pytest.raises(ValidationError) as exc:
        submit(org, on=date(2026, 7, 6))  # Mon, 9 days back
    assert "paling lama 8 hari" in errors_of(exc.value)["date"][0]
    settings.ATTENDANCE_CORRECTION_WINDOW_DAYS = 30
    assert submit(org, on=date(2026, 7, 6)).pk


def test_a_weekend_or_an_agency_holiday_is_not_a_working_day(org):
    with pytest.raises(ValidationError) as exc:
        submit(org, on=SATURDAY)
    assert "bukan hari kerja" in errors_of(exc.value)["date"][0]
    CalendarDay.objects.create(instansi=org.sorong, day=MONDAY, name="HUT Kota Sorong")
    with pytest.raises(ValidationError):
        submit(org, on=MONDAY)
    # Only Sorong's holiday: Palembang's employee is not concerned (and has an atasan? no head: refused
    # for that reason instead, never for the day).
    assert not Correction.objects.exists()


def test_one_open_correction_per_day_then_another_after_the_decision(org):
    first = submit(org)
    with pytest.raises(ValidationError) as exc:
        submit(org, check_in=time(7, 25))
    assert "menunggu keputusan" in errors_of(exc.value)["date"][0]
    decide(org, first, approve=False, note="Tidak ada bukti.")
    second = submit(org, check_in=time(7, 25))
    assert second.pk != first.pk
    assert Correction.objects.filter(state=CorrectionState.DIAJUKAN).count() == 1


@pytest.mark.parametrize(
    ("kind", "times", "field"),
    [
        (CorrectionKind.LUPA_MASUK, {"check_in": None}, "check_in"),
        (CorrectionKind.LUPA_PULANG, {"check_in": None, "check_out": None}, "check_out"),
        (CorrectionKind.MESIN_RUSAK, {"check_in": None}, "check_in"),
        (CorrectionKind.LUPA_MASUK, {"check_in": time(5, 30)}, "check_in"),  # before 06.00
        (CorrectionKind.MESIN_RUSAK, {"check_in": time(8, 0), "check_out": time(7, 0)}, "check_out"),
    ],
)
def test_the_times_the_kind_needs(org, kind, times, field):
    with pytest.raises(ValidationError) as exc:
        submit(org, kind=kind, **times)
    assert field in errors_of(exc.value)
    assert not Correction.objects.exists()


def test_a_reason_is_required(org):
    with pytest.raises(ValidationError) as exc:
        submit(org, reason="   ")
    assert "reason" in errors_of(exc.value)


def test_official_travel_needs_its_letter_and_the_content_decides_not_the_name(org):
    travel = dict(kind=CorrectionKind.DINAS_LUAR, check_in=None, reason="Dinas luar ke Manokwari.")
    with pytest.raises(ValidationError) as exc:
        submit(org, **travel)
    assert "surat tugas" in errors_of(exc.value)["evidence"][0]
    fake = SimpleUploadedFile("surat.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        submit(org, evidence=fake, **travel)
    assert "bukan PDF" in errors_of(exc.value)["evidence"][0]
    assert not Correction.objects.exists()
    correction = submit(org, evidence=pdf(), **travel)
    assert correction.evidence and correction.evidence_name == "surat-tugas.pdf"


def test_without_an_atasan_in_the_app_nothing_is_sent(org):
    # The Kepala Dinas answers to the Sekda, and Sorong has none recorded here.
    with pytest.raises(ValidationError) as exc:
        submit(org, persona="head_dinkes_sorong")
    assert "Atasan langsung" in exc.value.messages[0]
    assert not Correction.objects.exists()


# --- Deciding -------------------------------------------------------------------------------------------------
def test_approval_writes_presence_rows_of_source_koreksi_at_the_local_times(org):
    correction = submit(org, kind=CorrectionKind.MESIN_RUSAK, check_in=time(7, 25), check_out=time(16, 5))
    decide(org, correction)
    correction.refresh_from_db()
    assert correction.state == CorrectionState.DISETUJUI
    assert correction.decided_by_id == org.users["head_dinkes_sorong"].pk and correction.decided_at
    rows = list(Presence.objects.filter(employee=org.employee_dinkes_sorong).order_by("at"))
    assert [(r.kind, r.source, r.work_date) for r in rows] == [
        (PresenceKind.IN, PresenceSource.KOREKSI, MONDAY),
        (PresenceKind.OUT, PresenceSource.KOREKSI, MONDAY),
    ]
    assert rows[0].at == datetime(2026, 7, 13, 7, 25, tzinfo=WIT)
    assert rows[1].at == datetime(2026, 7, 13, 16, 5, tzinfo=WIT)
    note = Notification.objects.get(recipient=org.users["employee_dinkes_sorong"])
    assert note.kind == "attendance_correction_decided" and "Disetujui" in note.title


def test_a_corrected_check_in_replaces_nothing_the_first_check_in_counts(org):
    device_in = datetime(2026, 7, 13, 7, 40, tzinfo=WIT)
    Presence.objects.create(
        employee=org.employee_dinkes_sorong, work_date=MONDAY, at=device_in, kind=PresenceKind.IN,
        source=PresenceSource.DEVICE, device="FP-01",
    )  # fmt: skip
    decide(org, submit(org, check_in=time(7, 20)))
    records = Presence.objects.filter(employee=org.employee_dinkes_sorong, work_date=MONDAY)
    assert records.count() == 2
    local = [(r.at.astimezone(WIT).time(), r.kind) for r in records]
    assert rules.counted_records(local) == (time(7, 20), None)


def test_rejection_needs_a_note_and_writes_no_presence(org):
    correction = submit(org)
    with pytest.raises(ValidationError) as exc:
        decide(org, correction, approve=False, note="  ")
    assert "note" in errors_of(exc.value)
    correction.refresh_from_db()
    assert correction.state == CorrectionState.DIAJUKAN
    decide(org, correction, approve=False, note="Jam masuk tidak sesuai CCTV.")
    correction.refresh_from_db()
    assert (
        correction.state == CorrectionState.DITOLAK
        and correction.decision_note == "Jam masuk tidak sesuai CCTV."
    )
    assert not Presence.objects.exists()
    assert "Ditolak" in Notification.objects.get(recipient=org.users["employee_dinkes_sorong"]).title


def test_nobody_decides_their_own_correction(org):
    correction = submit(org)
    with pytest.raises(PermissionDenied):
        decide(org, correction, persona="employee_dinkes_sorong")
    # Even when they are named as the atasan on it (the tree changed): still refused.
    Correction.objects.filter(pk=correction.pk).update(atasan=org.employee_dinkes_sorong)
    with pytest.raises(PermissionDenied):
        decide(org, correction, persona="employee_dinkes_sorong")
    assert Correction.objects.get(pk=correction.pk).state == CorrectionState.DIAJUKAN


@pytest.mark.parametrize(
    ("persona", "status"), [("hr_sorong", 403), ("superuser", 403), ("employee_dishub_palembang", 404)]
)
def test_only_the_named_atasan_decides_others_get_403_or_404(org, as_persona, persona, status):
    correction = submit(org)
    url = reverse("attendance:correction_approve", args=[correction.pk])
    assert as_persona(persona).post(url).status_code == status
    assert Correction.objects.get(pk=correction.pk).state == CorrectionState.DIAJUKAN
    assert not Presence.objects.exists()


def test_another_head_in_the_agency_is_not_the_atasan(org, as_persona):
    """The head of the Dishub (a head in Sorong, outside the nurse's tree) sees nothing of it: 404."""
    from ..factories import make_user

    user = make_user("kadishub.sorong")
    make_employee(org.dishub_sorong, user=user, is_unit_head=True, name="Kadishub")
    correction = submit(org)
    client = as_persona("anonymous")
    client.force_login(user)
    assert client.post(reverse("attendance:correction_approve", args=[correction.pk])).status_code == 404


def test_a_decided_correction_cannot_be_decided_again(org):
    correction = submit(org)
    decide(org, correction)
    with pytest.raises(ValidationError) as exc:
        decide(org, correction, approve=False, note="Berubah pikiran.")
    assert "sudah disetujui" in exc.value.messages[0]
    assert Presence.objects.count() == 1


def test_the_employee_cancels_an_open_correction(org, as_persona):
    correction = submit(org)
    client = as_persona("employee_dinkes_sorong")
    response = client.post(reverse("attendance:correction_cancel", args=[correction.pk]))
    assert response.status_code == 302
    assert Correction.objects.get(pk=correction.pk).state == CorrectionState.DIBATALKAN
    assert as_persona("head_dinkes_sorong").post(
        reverse("attendance:correction_cancel", args=[correction.pk])
    ).status_code in (302, 403)
    assert Correction.objects.get(pk=correction.pk).state == CorrectionState.DIBATALKAN


# --- Pages ------------------------------------------------------------------------------------------------------
def test_the_form_on_the_presensi_page_sends_and_errors_show_on_it(org, as_persona):
    client = as_persona("employee_dinkes_sorong")
    url = reverse("attendance:correction_submit")
    response = client.post(
        url, {"date": "2026-07-11", "kind": "lupa_masuk", "check_in": "07:20", "reason": "Lupa."}
    )
    assert response.status_code == 200
    assert "bukan hari kerja" in response.content.decode()
    assert 'data-testid="presence-button"' in response.content.decode()  # today's button stays on top
    response = client.post(
        url,
        {"date": "2026-07-13", "kind": "dinas_luar", "reason": "Dinas luar.", "evidence": pdf()},
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.kind == CorrectionKind.DINAS_LUAR
    page = client.get(reverse("attendance:presence")).content.decode()
    assert f'data-testid="correction-{correction.pk}"' in page
    evidence = client.get(reverse("attendance:correction_evidence", args=[correction.pk]))
    assert evidence.status_code == 200 and b"".join(evidence.streaming_content).startswith(b"%PDF")
    assert (
        as_persona("employee_dishub_palembang")
        .get(reverse("attendance:correction_evidence", args=[correction.pk]))
        .status_code
        == 404
    )


def test_tapping_a_day_prefills_the_form(org, as_persona):
    page = as_persona("employee_dinkes_sorong").get(reverse("attendance:presence") + "?tanggal=2026-07-13")
    html = page.content.decode()
    assert (
        'value="2026-07-13"' in html
        and "<details" in html
        and " open " in html.split("correction-form-box")[0][-60:]
    )


def test_the_month_is_coloured_by_the_daily_statuses_with_a_legend_and_navigation(org, as_persona):
    nurse = org.employee_dinkes_sorong
    DailyStatus.objects.create(employee=nurse, date=MONDAY, status=DayStatus.TERLAMBAT, minutes_late=12)
    DailyStatus.objects.create(employee=nurse, date=date(2026, 7, 14), status=DayStatus.HADIR)
    DailyStatus.objects.create(employee=nurse, date=date(2026, 6, 30), status=DayStatus.TANPA_KETERANGAN)
    client = as_persona("employee_dinkes_sorong")
    html = client.get(reverse("attendance:presence")).content.decode()
    assert 'class="cal-day cal-terlambat"' in html and 'data-testid="presence-day-2026-07-13"' in html
    assert 'class="cal-day cal-hadir"' in html
    assert "cal-libur" in html  # the weekend
    assert 'data-testid="presence-legend"' in html and "Tanpa keterangan" in html
    assert 'data-testid="presence-month-next"' not in html  # no month after this one
    assert "cal-tk" not in html.split('data-testid="presence-legend"')[0]
    june = client.get(reverse("attendance:presence") + "?bulan=2026-06").content.decode()
    assert 'class="cal-day cal-tk"' in june and 'data-testid="presence-month-next"' in june
    # A month after this one shows this month.
    later = client.get(reverse("attendance:presence") + "?bulan=2027-01").content.decode()
    assert "Juli 2026" in later


def test_the_queue_shows_the_employees_records_of_that_day(org, as_persona):
    Presence.objects.create(
        employee=org.employee_dinkes_sorong, work_date=MONDAY, at=datetime(2026, 7, 13, 16, 2, tzinfo=WIT),
        kind=PresenceKind.OUT, source=PresenceSource.DEVICE, device="FP-01",
    )  # fmt: skip
    correction = submit(org)
    html = as_persona("head_dinkes_sorong").get(reverse("attendance:correction_queue")).content.decode()
    assert f'data-testid="queue-correction-{correction.pk}"' in html
    records = html.split(f'data-testid="queue-records-{correction.pk}"')[1].split("</dd>")[0]
    assert "16.02.00" in records and "Mesin presensi" in records
    assert "data-confirm" in html
    own = as_persona("employee_dinkes_sorong").get(reverse("attendance:correction_queue")).content.decode()
    assert 'data-testid="correction-queue-empty"' in own


def test_approving_and_rejecting_from_the_queue(org, as_persona):
    first = submit(org)
    second = submit(org, on=date(2026, 7, 14))
    client = as_persona("head_dinkes_sorong")
    response = client.post(reverse("attendance:correction_reject", args=[second.pk]), {"note": ""})
    assert response.status_code == 302
    assert Correction.objects.get(pk=second.pk).state == CorrectionState.DIAJUKAN
    response = client.post(
        reverse("attendance:correction_reject", args=[second.pk]), {"note": "Tidak sesuai."}
    )
    assert Correction.objects.get(pk=second.pk).state == CorrectionState.DITOLAK
    response = client.post(reverse("attendance:correction_approve", args=[first.pk]), follow=True)
    assert "Koreksi disetujui" in response.content.decode()
    assert Presence.objects.filter(source=PresenceSource.KOREKSI).count() == 1
    again = client.post(reverse("attendance:correction_approve", args=[first.pk]), follow=True)
    assert "sudah disetujui" in again.content.decode()
    assert Presence.objects.filter(source=PresenceSource.KOREKSI).count() == 1


# --- Query counts -------------------------------------------------------------------------------------------------
def _fill(org, days):
    nurse = org.employee_dinkes_sorong
    for day in days:
        DailyStatus.objects.create(employee=nurse, date=day, status=DayStatus.HADIR)
        Correction.objects.create(
            employee=nurse, date=day, kind=CorrectionKind.LUPA_MASUK, check_in=time(7, 10), reason="x",
            atasan=org.head_dinkes_sorong,
        )  # fmt: skip
        Presence.objects.create(
            employee=nurse, work_date=day, at=datetime.combine(day, time(16, 1), tzinfo=WIT),
            kind=PresenceKind.OUT, source=PresenceSource.DEVICE, device="FP-01",
        )  # fmt: skip


def _count(client, url, django_assert_max_num_queries):
    # Warm the caches just before counting: the agency's presensi settings live a minute in the
    # cache, and a slow run may cross that minute between two counts.
    client.get(url)
    with django_assert_max_num_queries(100) as captured:
        assert client.get(url).status_code == 200
    # The test's own transaction adds savepoints (atomic blocks inside the request): not queries.
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]


@pytest.mark.parametrize("url_name", ["attendance:presence", "attendance:correction_queue"])
def test_the_month_and_the_queue_take_a_constant_number_of_queries(
    org, as_persona, django_assert_max_num_queries, url_name
):
    persona = "employee_dinkes_sorong" if url_name == "attendance:presence" else "head_dinkes_sorong"
    client = as_persona(persona)
    url = reverse(url_name)
    _fill(org, [date(2026, 7, 1)])
    one = _count(client, url, django_assert_max_num_queries)
    _fill(org, [date(2026, 7, d) for d in (2, 3, 6, 7, 8, 9, 10, 13, 14)])
    many = _count(client, url, django_assert_max_num_queries)
    assert len(one) == len(many), "\n".join(sorted(set(many) - set(one)))
    assert len(many) <= 30


def test_approval_rebuilds_the_day_after_commit(org, django_capture_on_commit_callbacks):
    """The approved day's status follows the correction at once (attendance.services.daily)."""
    correction = submit(org, kind=CorrectionKind.MESIN_RUSAK, check_in=time(7, 25), check_out=time(16, 5))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        decide(org, correction)
    assert callbacks
    day = DailyStatus.objects.get(employee=org.employee_dinkes_sorong, date=MONDAY)
    assert day.check_in == datetime(2026, 7, 13, 7, 25, tzinfo=WIT)


def test_evidence_larger_than_the_limit_is_refused(org, settings):
    settings.DOCUMENT_MAX_BYTES = 20
    with pytest.raises(ValidationError) as exc:
        submit(org, evidence=pdf())
    assert "terlalu besar" in errors_of(exc.value)["evidence"][0]
    assert not Correction.objects.exists()
