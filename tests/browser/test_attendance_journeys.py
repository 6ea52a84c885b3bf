"""Presensi in real Chromium (issue 16 item 9).

- On a phone-sized screen (390×844) the nurse checks in standing inside the Sorong office's geofence
  (Playwright sets the device's position), then, standing 111 m away, is refused with the distance.
- She asks for a correction of a past working day from her month calendar; the atasan approves it in
  the queue; the day is built again after commit and her calendar shows its new status.
- HR imports a device file with a bad row: the preview names the row and nothing is saved; the fixed
  file is applied and the month's recap downloads as an .xlsx whose row for the nurse has the counts.

The journeys run on the real clock (tests/conftest.py); the dates are chosen relative to today."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import dateformat, timezone, translation
from openpyxl import load_workbook
from playwright.sync_api import expect

from attendance.choices import CorrectionState, DayStatus, PresenceKind, PresenceSource
from attendance.models import Correction, DailyStatus, Presence
from attendance.services import daily
from attendance.services.schedules import schedules_seed_defaults
from leave import selectors as leave_selectors

from ..attendance.factories import INSIDE, OUTSIDE, fence
from ..attendance.recap_factories import band_table
from ..conftest import PASSWORD
from .conftest import ARTIFACTS, _page
from .test_foundation_journeys import log_in
from .test_self_service_journeys import log_out_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIT = ZoneInfo("Asia/Jayapura")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def shot(page, name: str) -> None:
    """A screenshot of a step in the middle of a journey (the fixture keeps the last one)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"attendance-journey-{name}.png"), full_page=True)


def _answer_yes(page) -> None:
    """Accept every data-confirm question of the page (the question itself is tested elsewhere)."""
    page.on("dialog", lambda dialog: dialog.accept())


def past_working_days(instansi_id: int, count: int, *, before: date | None = None) -> list[date]:
    """The last `count` weekdays before `before` (today in Sorong) that are no national or agency day
    off, newest first."""
    today = before or timezone.localtime(timezone.now(), WIT).date()
    off = leave_selectors.days_off(instansi_id, today - timedelta(days=60), today)
    days, on = [], today
    while len(days) < count:
        on -= timedelta(days=1)
        if on.weekday() < 5 and on not in off:
            days.append(on)
    return days


@pytest.fixture
def located_phone(browser, live_server, request):
    """A phone (390×844) whose position is inside the Sorong office and whose site may read it."""
    yield from _page(
        browser, live_server, request, **PHONE,
        geolocation={"latitude": INSIDE[0], "longitude": INSIDE[1], "accuracy": 15}, permissions=["geolocation"],
    )  # fmt: skip


@pytest.fixture
def phone_390(browser, live_server, request):
    yield from _page(browser, live_server, request, **PHONE)


def test_the_nurse_checks_in_inside_the_office_and_is_refused_outside_it(org, located_phone, time_machine):
    # 09.30 WIT of the coming day (inside the 06.00–18.00 window), near the real date for Chromium.
    now = datetime.now(UTC)
    time_machine.move_to((now + timedelta(days=1)).replace(hour=0, minute=30, second=0, microsecond=0))
    cache.clear()
    fence(org.sorong)
    nurse = org.employee_dinkes_sorong
    page = located_phone
    page.goto("/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill(nurse.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("dashboard-title")).to_be_visible()
    page.goto("/presensi/")
    button = page.get_by_test_id("presence-button")
    expect(button).to_have_text("Presensi masuk")
    button.click()
    expect(page.get_by_role("alert").first).to_contain_text("Presensi masuk tercatat pukul 09.30")
    expect(page.get_by_test_id("presence-in")).to_contain_text("09.30")
    expect(page.get_by_test_id("presence-button")).to_have_text("Presensi pulang")
    expect(page.get_by_test_id("presence-records")).to_contain_text("Peramban")
    (record,) = Presence.objects.filter(employee=nurse)
    assert (record.kind, record.source, record.distance_m) == (PresenceKind.IN, PresenceSource.BROWSER, 89)
    shot(page, "checked-in")

    page.context.set_geolocation({"latitude": OUTSIDE[0], "longitude": OUTSIDE[1], "accuracy": 15})
    # 09.30 is before the day's end (16.00): the page asks before a check-out; a "no" sends nothing.
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_test_id("presence-button").click()
    expect(page.get_by_test_id("presence-button")).to_have_text("Presensi pulang")
    assert questions and "berakhir pukul 16.00" in questions[0]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("presence-button").click()
    expect(page.get_by_role("alert").first).to_contain_text("Anda berada di luar lokasi kerja: 111 meter")
    expect(page.get_by_test_id("presence-out")).to_have_text("–")
    assert Presence.objects.filter(employee=nurse).count() == 1  # the refused check-out left nothing


def test_a_correction_from_the_month_calendar_approved_by_the_atasan_shows_on_the_calendar(org, phone_390):
    schedules_seed_defaults(instansi=org.sorong)
    nurse, head = org.employee_dinkes_sorong, org.head_dinkes_sorong
    (day,) = past_working_days(org.sorong.pk, 1)
    daily.build_days(start=day, end=day, employee_ids=[nurse.pk])  # the nightly build: no record, TK
    assert DailyStatus.objects.get(employee=nurse, date=day).status == DayStatus.TANPA_KETERANGAN
    page = phone_390

    # The employee opens the day from her month calendar (the month the day is in).
    log_in(page, nurse.nip)
    page.goto(f"/presensi/?bulan={day:%Y-%m}")
    cell = page.get_by_test_id(f"presence-day-{day:%Y-%m-%d}")
    expect(cell).to_have_attribute("data-status", DayStatus.TANPA_KETERANGAN)
    cell.click()
    form = page.get_by_test_id("correction-form")
    expect(form).to_be_visible()
    expect(form.get_by_label("Tanggal")).to_have_value(day.isoformat())
    form.get_by_label("Jenis koreksi").select_option(label="Mesin presensi rusak")
    form.get_by_label("Jam masuk yang benar").fill("07:15")
    form.get_by_label("Jam pulang yang benar").fill("17:00")
    form.get_by_label("Alasan").fill("Mesin sidik jari di puskesmas mati seharian.")
    shot(page, "correction-form")
    page.get_by_test_id("correction-submit").click()
    expect(page.get_by_text("Koreksi terkirim; menunggu keputusan atasan langsung Anda.")).to_be_visible()
    correction = Correction.objects.get(employee=nurse, date=day)
    assert (correction.state, correction.atasan_id) == (CorrectionState.DIAJUKAN, head.pk)
    expect(page.get_by_test_id(f"correction-{correction.pk}")).to_contain_text("Diajukan")
    log_out_phone(page)

    # The atasan approves it in the queue; the day is built again after commit.
    log_in(page, "kadinkes.sorong")
    page.goto("/presensi/koreksi/antrean/")
    card = page.get_by_test_id(f"queue-correction-{correction.pk}")
    expect(card).to_contain_text(nurse.full_name)
    expect(page.get_by_test_id(f"queue-records-{correction.pk}")).to_contain_text(
        "Tidak ada catatan presensi."
    )
    _answer_yes(page)
    page.get_by_test_id(f"approve-{correction.pk}").click()
    expect(page.get_by_text("Koreksi disetujui; presensi hari itu diperbarui.")).to_be_visible()
    expect(page.get_by_test_id("correction-queue-empty")).to_be_visible()
    correction.refresh_from_db()
    assert correction.state == CorrectionState.DISETUJUI
    row = DailyStatus.objects.get(employee=nurse, date=day)
    assert row.status == DayStatus.HADIR
    assert timezone.localtime(row.check_in, WIT).strftime("%H.%M") == "07.15"
    log_out_phone(page)

    # The employee's month shows the day with its new status and the mark of a correction.
    log_in(page, nurse.nip)
    page.goto(f"/presensi/?bulan={day:%Y-%m}")
    cell = page.get_by_test_id(f"presence-day-{day:%Y-%m-%d}")
    expect(cell).to_have_attribute("data-status", DayStatus.HADIR)
    expect(cell).to_have_attribute("title", f"{_long_date(day)} · Hadir · ajukan koreksi")
    expect(cell.locator(".cal-mark")).to_be_visible()
    expect(page.get_by_test_id(f"correction-{correction.pk}")).to_contain_text("Disetujui")


def _long_date(on: date) -> str:
    with translation.override("id"):
        return dateformat.format(on, "j F Y")


def _previous_month() -> tuple[date, date]:
    today = timezone.localtime(timezone.now(), WIT).date()
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def test_hr_imports_a_device_file_fixes_a_bad_row_and_exports_the_month(org, page, tmp_path):
    schedules_seed_defaults(instansi=org.sorong)
    band_table(org.sorong, date(2024, 1, 1))
    nurse, head = org.employee_dinkes_sorong, org.head_dinkes_sorong
    first, last = _previous_month()
    # The nightly build has run over last month: nobody recorded anything, every working day is TK.
    daily.build_days(start=first, end=last, instansi_id=org.sorong.pk)
    worked = DailyStatus.objects.filter(employee=nurse, date__range=(first, last)).exclude(
        status=DayStatus.LIBUR
    )
    working_days = worked.count()
    assert working_days >= 15 and set(worked.values_list("status", flat=True)) == {DayStatus.TANPA_KETERANGAN}
    on_time, late, early = past_working_days(org.sorong.pk, 3, before=last + timedelta(days=1))
    good = (
        "NIP;Waktu;Mesin\n"
        f"{nurse.nip};{on_time:%Y-%m-%d} 07:25:10;SN-PKM-01\n"
        f"{nurse.nip};{on_time:%Y-%m-%d} 16:45:00;SN-PKM-01\n"
        f"{nurse.nip};{late:%Y-%m-%d} 08:15:00;SN-PKM-01\n"  # 45 minutes late: TL2
        f"{nurse.nip};{late:%Y-%m-%d} 16:50:00;SN-PKM-01\n"
        f"{nurse.nip};{early:%Y-%m-%d} 07:20:00;SN-PKM-01\n"
        f"{nurse.nip};{early:%Y-%m-%d} 15:30:00;SN-PKM-01\n"  # 30 or 60 minutes early (Friday): PSW1/PSW2
        f"{head.nip};{on_time:%Y-%m-%d} 07:05:00;SN-DINKES-01\n"
    )
    bad = good + f"{org.employee_dishub_palembang.nip};{on_time:%Y-%m-%d} 07:31:05;SN-PKM-01\n"
    (tmp_path / "log-salah.csv").write_text(bad)
    (tmp_path / "log-benar.csv").write_text(good)

    log_in(page, "hr.sorong")
    page.goto(f"/presensi/impor/?instansi={org.sorong.pk}")
    page.get_by_test_id("import-form").locator("input[type=file]").set_input_files(tmp_path / "log-salah.csv")
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_test_id("total-rows")).to_have_text("8")
    expect(page.get_by_test_id("bad-rows")).to_have_text("1")
    problem = page.get_by_test_id("problems").locator("tr[data-row='9']")
    expect(problem).to_contain_text(org.employee_dishub_palembang.nip)
    expect(problem).to_contain_text("instansi lain")
    expect(page.get_by_test_id("apply")).to_be_disabled()
    shot(page, "import-bad-row")
    assert not Presence.objects.exists()  # the dry run saved nothing
    assert (
        not DailyStatus.objects.filter(date__range=(first, last))
        .exclude(status__in=[DayStatus.TANPA_KETERANGAN, DayStatus.LIBUR])
        .exists()
    )

    page.goto(f"/presensi/impor/?instansi={org.sorong.pk}")
    page.get_by_test_id("import-form").locator("input[type=file]").set_input_files(tmp_path / "log-benar.csv")
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_test_id("bad-rows")).to_have_text("0")
    expect(page.get_by_test_id("new-rows")).to_have_text("7")
    _answer_yes(page)
    page.get_by_test_id("apply").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert Presence.objects.filter(source=PresenceSource.IMPORT).count() == 7
    statuses = dict(
        DailyStatus.objects.filter(employee=nurse, date__in=[on_time, late, early]).values_list(
            "date", "status"
        )
    )
    assert statuses == {
        on_time: DayStatus.HADIR,
        late: DayStatus.TERLAMBAT,
        early: DayStatus.PULANG_CEPAT,
    }  # built again after commit
    psw = "PSW2" if early.weekday() == 4 else "PSW1"

    # The month's recap, downloaded as HR sends it to finance.
    page.goto(f"/presensi/rekap/?bulan={first:%Y-%m}&instansi={org.sorong.pk}")
    with page.expect_download() as info:
        page.get_by_test_id("recap-export").click()
    download = info.value
    assert download.suggested_filename == f"rekap-presensi-kota-sorong-{first:%Y-%m}.xlsx"
    with open(download.path(), "rb") as content:  # the download keeps no extension
        rows = list(load_workbook(content).active.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "No.")
    header = rows[header_at]
    data = {r[1]: dict(zip(header, r, strict=False)) for r in rows[header_at + 1 :] if r[1]}
    row = data[nurse.nip]
    assert row["Nama"] == nurse.name and row["Hari kerja"] == working_days
    assert row["Hadir"] == 3 and row["TK"] == working_days - 3
    assert (row["TL1"], row["TL2"], row["TL3"], row["TL4"]) == (0, 1, 0, 0)
    assert {k: row[k] for k in ("PSW1", "PSW2", "PSW3", "PSW4")} == {
        k: int(k == psw) for k in ("PSW1", "PSW2", "PSW3", "PSW4")
    }
    assert (row["Cuti"], row["Sakit"], row["DL"]) == (0, 0, 0)
    assert data[head.nip]["Hadir"] == 1
