"""Findings of the attendance trial in Chromium (new users on a phone and at a desk), one test each:
the recap's month picker and its percent signs, attendance words in English, the early check-out
question, the import preview's names, the device header text, full month names, the roster's first
unit, and one colour per calendar status."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attendance.choices import CorrectionKind, DayStatus
from attendance.models import Shift
from attendance.services import corrections as correction_services
from attendance.services import discipline

from .discipline_helpers import YEAR, build_days, working_days
from .factories import INSIDE, actor, fence
from .recap_factories import band_table, month_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


def english(client):
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


# --- The recap ------------------------------------------------------------------------------------------
@pytest.mark.clock("2026-07-15T03:00:00Z")  # Wed 15 July 2026, 12.00 WIT
def test_the_recap_month_picker_shows_the_month_on_screen_when_none_was_chosen(org, as_persona):
    page = as_persona("hr_sorong").get(reverse("attendance:recap")).content.decode()
    assert "Rekap presensi · Juli 2026" in page
    # Chromium showed an empty picker ("--------- ----") above a page of July.
    assert re.search(r'<input type="month" name="bulan" value="2026-07"', page)
    chosen = as_persona("hr_sorong").get(reverse("attendance:recap"), {"bulan": "2026-06"}).content.decode()
    assert 'value="2026-06"' in chosen and "Rekap presensi · Juni 2026" in chosen


def test_the_recap_explanation_shows_single_percent_signs_in_both_languages(org, as_persona):
    band_table(org.sorong, date(2026, 1, 1))
    month_of(org.employee_dinkes_sorong, 2026, 7, d1={"status": DayStatus.TERLAMBAT, "late": 40, "tl": "TL2"})
    client = as_persona("hr_sorong")
    page = client.get(reverse("attendance:recap"), {"bulan": "2026-07"}).content.decode()
    assert "paling banyak 100% dari porsi disiplin/kehadiran TPP (40,00%)." in page
    assert "%%" not in page
    page = english(client).get(reverse("attendance:recap"), {"bulan": "2026-07"}).content.decode()
    assert "at most 100% of the discipline/attendance share of the TPP (40.00%)." in page
    assert "%%" not in page and "% cut" in page and "% potongan" not in page


def test_the_band_table_form_heads_its_cut_column_in_english(org, as_persona):
    page = english(as_persona("hr_sorong")).get(reverse("attendance:band_tables")).content.decode()
    assert "Cut (%)" in page and "Potongan (%)" not in page


# --- Attendance words in English --------------------------------------------------------------------------
@pytest.mark.clock("2026-07-15T00:30:00Z")  # Wed 09.30 WIT
def test_attendance_words_read_as_attendance_in_english_not_as_log_in_or_overdue(org, as_persona):
    fence(org.sorong)
    nurse = english(as_persona("employee_dinkes_sorong"))
    nurse.post(reverse("attendance:record"), {"kind": "in", "latitude": INSIDE[0], "longitude": INSIDE[1]})
    page = nurse.get(reverse("attendance:presence")).content.decode()
    assert '<dt class="col-5">Check-in</dt>' in page and '<dt class="col-5">Log in</dt>' not in page
    assert "Late" in page and "Overdue" not in page  # the badge of 09.30 and the calendar's legend

    head = english(as_persona("head_dinkes_sorong")).get(reverse("attendance:unit_today")).content.decode()
    assert '<th scope="col">Check-in</th>' in head and '<th scope="col">Status</th>' in head
    assert 'data-label="Check-in"' in head and "Log in" not in head and "Working state" not in head
    assert ">Late<" in head and "Overdue" not in head

    band_table(org.sorong, date(2026, 1, 1))
    month_of(org.employee_dinkes_sorong, 2026, 6, d1={"status": DayStatus.TERLAMBAT, "late": 40, "tl": "TL2"})
    recap = english(as_persona("hr_sorong")).get(reverse("attendance:recap"), {"bulan": "2026-06"})
    assert "Late" in recap.content.decode() and "Overdue" not in recap.content.decode()


def test_the_discipline_list_counts_days_in_the_plural_in_english(org, as_persona):
    nurse = org.employee_dinkes_sorong
    build_days(nurse, date(YEAR, 1, 1), date(YEAR, 3, 31), tk=working_days(date(YEAR, 2, 2), 3))
    discipline.check_thresholds(year=YEAR, instansi_id=org.sorong.pk)
    client = as_persona("hr_sorong")
    assert "3 hari" in client.get(reverse("attendance:discipline"), {"year": YEAR}).content.decode()
    page = english(client).get(reverse("attendance:discipline"), {"year": YEAR}).content.decode()
    assert "3 days" in page and "3 day\n" not in page and "3 day<" not in page


# --- The check-out button ---------------------------------------------------------------------------------
def early_out_ms(page: str) -> int | None:
    found = re.search(r'data-early-out-ms="(\d+)"', page)
    return int(found[1]) if found else None


@pytest.mark.clock("2026-07-15T00:30:00Z")  # Wed 09.30 WIT; the day ends at 16.00
def test_a_check_out_before_the_day_ends_asks_first_and_a_check_in_does_not(org, as_persona):
    fence(org.sorong)
    client = as_persona("employee_dinkes_sorong")
    assert early_out_ms(client.get(reverse("attendance:presence")).content.decode()) is None  # check-in next
    client.post(reverse("attendance:record"), {"kind": "in", "latitude": INSIDE[0], "longitude": INSIDE[1]})
    page = client.get(reverse("attendance:presence")).content.decode()
    left = early_out_ms(page)
    assert left is not None and abs(left - 6.5 * 3600 * 1000) < 60_000  # 09.30 → 16.00, the clock ticks
    assert "Jam kerja hari ini berakhir pukul 16.00. Catat presensi pulang sekarang?" in page
    script = (Path(settings.BASE_DIR) / "static" / "js" / "presence.js").read_text()
    assert "window.confirm(button.dataset.earlyQuestion)" in script


@pytest.mark.clock("2026-07-15T07:05:00Z")  # Wed 16.05 WIT: after the day's end
def test_a_check_out_after_the_day_ends_is_not_questioned(org, as_persona):
    fence(org.sorong)
    client = as_persona("employee_dinkes_sorong")
    client.post(reverse("attendance:record"), {"kind": "in", "latitude": INSIDE[0], "longitude": INSIDE[1]})
    page = client.get(reverse("attendance:presence")).content.decode()
    assert "Presensi pulang" in page and early_out_ms(page) is None


# --- The device file's preview ----------------------------------------------------------------------------
@pytest.mark.clock("2026-07-20T03:00:00Z")
def test_the_import_preview_names_each_employee_with_their_nip_not_a_database_id(org, as_persona):
    nurse = org.employee_dinkes_sorong
    client = as_persona("hr_sorong")
    upload = SimpleUploadedFile("log.csv", f"NIP;Waktu\n{nurse.nip};2026-07-14 07:31:05\n".encode())
    response = client.post(reverse("attendance:import") + f"?instansi={org.sorong.pk}", {"file": upload})
    page = client.get(response["Location"]).content.decode()
    rows = page[page.index('data-testid="first-rows"') :]
    assert nurse.full_name in rows and nurse.nip in rows
    assert "ID pegawai" not in rows and f">{nurse.pk}<" not in rows


def test_the_devices_page_shows_the_authorization_header_with_its_placeholder(org, as_persona):
    page = as_persona("hr_sorong").get(reverse("attendance:devices")).content.decode()
    # "<token>" inside a translated text reached the browser as a tag and vanished: "Token ):".
    assert '<code data-testid="device-auth-header">Authorization: Token &lt;token&gt;</code>' in page


# --- Dates and the corrections' times ---------------------------------------------------------------------
@pytest.mark.clock("2026-07-15T03:00:00Z")
def test_corrections_read_the_month_in_full_and_a_check_out_alone_has_no_stray_separator(org, as_persona):
    correction_services.correction_submit(
        actor=actor(org.users["employee_dinkes_sorong"]), on=date(2026, 7, 13), kind=CorrectionKind.LUPA_PULANG,
        reason="Lupa presensi pulang.", check_out=time(16, 10),
    )  # fmt: skip
    page = as_persona("employee_dinkes_sorong").get(reverse("attendance:presence")).content.decode()
    listed = page[page.index('data-testid="correction-list"') :]
    assert "13 Juli 2026" in listed and "13 Jul 2026" not in listed
    assert re.search(r"<div>\s*Pulang 16\.10\s*</div>", listed)
    queue = as_persona("head_dinkes_sorong").get(reverse("attendance:correction_queue")).content.decode()
    assert re.search(r'<dd class="col-7">\s*Pulang 16\.10', queue)


# --- The roster ---------------------------------------------------------------------------------------------
def test_the_roster_opens_on_a_unit_that_works_in_shifts(org, as_persona):
    Shift.objects.create(instansi=org.sorong, unit=org.pkm_sorong, code="P", name="Pagi", start=time(7),
                         end=time(14))  # fmt: skip
    response = as_persona("hr_sorong").get(reverse("attendance:roster"))
    assert response.context["unit"] == org.pkm_sorong
    chosen = as_persona("hr_sorong").get(reverse("attendance:roster"), {"unit": org.dinkes_sorong.pk})
    assert chosen.context["unit"] == org.dinkes_sorong  # a chosen unit still wins


# --- The calendar's colours -------------------------------------------------------------------------------
def test_each_status_of_the_month_calendar_has_a_colour_of_its_own():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()
    colours = {}
    for status in DayStatus.values:
        rules = re.findall(r"([^{}]*)\{([^}]*)\}", css)
        found = [body for selectors, body in rules if re.search(rf"\.cal-{status}\b", selectors)]
        assert found, status
        colours[status] = re.search(r"background:\s*([^;]+);", found[0])[1].strip()
    assert len(set(colours.values())) == len(colours), colours


# --- The unit's month -------------------------------------------------------------------------------------
@pytest.mark.clock("2026-07-15T03:00:00Z")
def test_the_unit_month_offers_no_month_after_the_current_one(org, as_persona):
    head = as_persona("head_dinkes_sorong")
    now = head.get(reverse("attendance:unit_month")).content.decode()
    assert "?bulan=2026-06" in now and "?bulan=2026-08" not in now
    before = head.get(reverse("attendance:unit_month"), {"bulan": "2026-06"}).content.decode()
    assert "?bulan=2026-07" in before


@pytest.mark.clock("2026-07-15T03:00:00Z")
def test_the_month_buttons_of_the_calendar_stay_on_one_line(org, as_persona):
    """On a 390 px phone "‹ Okt" and "Des ›" wrapped to two lines each beside the month's title
    (seen in Chromium; after the fix each button is 31 px high)."""
    page = as_persona("employee_dinkes_sorong").get(reverse("attendance:presence"), {"bulan": "2026-06"})
    html = page.content.decode()
    for test_id in ("presence-month-previous", "presence-month-next"):
        tag = re.search(rf'<a class="([^"]*)"\s+href="[^"]*"\s+data-testid="{test_id}"', html)
        assert tag and "text-nowrap" in tag[1].split(), test_id


# --- The status badge and its minutes ----------------------------------------------------------------------
def test_the_late_badge_is_followed_by_the_minutes_alone_and_a_wfa_day_names_them():
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    def text(**result) -> str:
        fields = {"minutes_late": 0, "minutes_early": 0, "tl_band": "", "psw_band": "", **result}
        html = render_to_string("attendance/_status.html", {"result": SimpleNamespace(**fields)})
        return " ".join(re.sub(r"<[^>]+>", " ", html).split())

    late = text(status="terlambat", minutes_late=233, tl_band="TL4")
    assert "Terlambat 233 menit (TL4)" in late and "terlambat 233" not in late
    early = text(status="pulang_cepat", minutes_early=40, psw_band="PSW2")
    assert "Pulang cepat 40 menit (PSW2)" in early and "pulang 40 menit" not in early
    wfa = text(status="wfa", minutes_late=12, tl_band="TL1")
    assert "WFA/fleksibel terlambat 12 menit (TL1)" in wfa
