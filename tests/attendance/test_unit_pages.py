"""The head's Presensi unit pages (today and the month), HR's discipline pages and the agency's
attendance settings: what they show, their filters, and their query counts at 1 and many rows."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from attendance.choices import DayStatus, PresenceKind, PresenceSource
from attendance.models import AttendanceSettings, Presence
from attendance.services import discipline
from leave.choices import RequestState
from leave.models import LeaveRequest
from tests.factories import make_employee

from .discipline_helpers import YEAR, build_days
from .test_discipline import spread

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-07-15T00:00:00Z")]  # 09.00 WIT in Sorong
WIT = ZoneInfo("Asia/Jayapura")
TODAY = date(2026, 7, 15)


def check_in(employee, hh: int, mm: int, kind=PresenceKind.IN) -> None:
    Presence.objects.create(
        employee=employee,
        work_date=TODAY,
        at=datetime(2026, 7, 15, hh, mm, tzinfo=WIT),
        kind=kind,
        source=PresenceSource.DEVICE,
        device="mesin-1",
    )


def on_leave(employee, leave_type) -> None:
    LeaveRequest.objects.create(
        employee=employee, leave_type=leave_type, start=TODAY, end=TODAY, length=1, length_unit="hari_kerja",
        working_days=1, reason="Urusan keluarga", address="Sorong", phone="081234567890",
        state=RequestState.DISETUJUI,
    )  # fmt: skip


def test_the_head_sees_who_is_in_late_away_and_not_yet_recorded_today(org, as_persona):
    from tests.leave.factories import leave_type

    check_in(org.head_dinkes_sorong, 7, 20)
    check_in(org.employee_dinkes_sorong, 7, 45)  # 15 minutes late (start 07.30)
    away = make_employee(org.pkm_sorong, name="Bidan Cuti")
    on_leave(away, leave_type())
    make_employee(org.pkm_sorong, name="Belum Datang")
    make_employee(org.dishub_sorong, name="Orang Dishub")  # outside the head's subtree
    response = as_persona("head_dinkes_sorong").get(reverse("attendance:unit_today"))
    assert response.status_code == 200
    today = response.context["today"]
    groups = {r.employee.name: r.group for r in today.rows}
    assert groups == {
        org.head_dinkes_sorong.name: DayStatus.HADIR,
        org.employee_dinkes_sorong.name: DayStatus.TERLAMBAT,
        "Bidan Cuti": DayStatus.CUTI,
        "Belum Datang": "belum",
    }
    assert today.counts == {"hadir": 1, "terlambat": 1, "cuti": 1, "belum": 1}
    html = response.content.decode()
    assert "15 menit terlambat" in html and "Orang Dishub" not in html
    # The filter by group keeps the counts and lists only that group.
    response = as_persona("head_dinkes_sorong").get(reverse("attendance:unit_today"), {"group": "terlambat"})
    assert [r.employee.name for r in response.context["page"]] == [org.employee_dinkes_sorong.name]
    assert response.context["today"].counts["belum"] == 1


def test_the_month_grid_reads_past_days_and_computes_today(org, as_persona):
    nurse = org.employee_dinkes_sorong
    build_days(nurse, date(2026, 7, 1), date(2026, 7, 14), tk=[date(2026, 7, 6)], late={date(2026, 7, 7): 40})
    check_in(nurse, 7, 45)
    response = as_persona("head_dinkes_sorong").get(reverse("attendance:unit_month"), {"bulan": "2026-07"})
    assert response.status_code == 200
    row = next(r for r in response.context["grid"] if r.employee.pk == nurse.pk)
    letters = [c.letter for c in row.cells]
    assert len(letters) == 31
    assert letters[0:7] == ["H", "H", "H", "L", "L", "TK", "T"]
    assert letters[14] == "T"  # today, live from the check-in
    assert letters[15] == ""  # tomorrow: nothing yet
    assert row.absent == 1 and row.late == 2
    assert 'data-testid="unit-month-legend"' in response.content.decode()


def test_the_unit_pages_keep_their_query_count(org, as_persona, django_assert_max_num_queries):
    client = as_persona("head_dinkes_sorong")
    check_in(org.employee_dinkes_sorong, 7, 45)
    client.get(reverse("attendance:unit_today"))  # warm the session and caches
    counts = {}
    for name in ("attendance:unit_today", "attendance:unit_month"):
        with django_assert_max_num_queries(30) as few:
            assert client.get(reverse(name)).status_code == 200
        counts[name] = len(few)
    for i in range(30):
        person = make_employee(org.pkm_sorong, name=f"Perawat {i:02d}")
        build_days(person, date(2026, 7, 1), date(2026, 7, 14))
    for name in ("attendance:unit_today", "attendance:unit_month"):
        with django_assert_max_num_queries(counts[name]):
            assert client.get(reverse(name)).status_code == 200


def test_the_month_navigation_keeps_the_filters(org, as_persona):
    from urllib.parse import parse_qs

    url = reverse("attendance:unit_month")
    params = {"bulan": "2026-06", "unit": org.pkm_sorong.pk, "q": "siti", "size": "50", "page": "2"}
    html = as_persona("head_dinkes_sorong").get(url, params).content.decode()

    def query_of(testid: str) -> dict:
        href = html.split(f'data-testid="{testid}"')[0].rsplit('href="', 1)[1].split('"')[0]
        return parse_qs(href.lstrip("?").replace("&amp;", "&"))

    previous = query_of("unit-month-previous")
    assert previous == {"bulan": ["2026-05"], "unit": [str(org.pkm_sorong.pk)], "q": ["siti"], "size": ["50"]}
    following = query_of("unit-month-next")
    assert following["bulan"] == ["2026-07"] and following["unit"] == [str(org.pkm_sorong.pk)]
    assert following["q"] == ["siti"] and "page" not in following


def test_today_shows_travel_and_flexible_work_recorded_for_today(
    org, as_persona, django_assert_max_num_queries
):
    from attendance.models import DinasLuar, FlexibleWork

    nurse = org.employee_dinkes_sorong
    travelling = make_employee(org.pkm_sorong, name="Bidan Dinas Luar")
    flexible_in = make_employee(org.pkm_sorong, name="Analis WFA")
    flexible_not_yet = make_employee(org.pkm_sorong, name="Analis WFA Belum")
    DinasLuar.objects.create(
        employee=travelling, start=date(2026, 7, 14), end=date(2026, 7, 16),
        letter_number="SPT/1/2026", letter_date=date(2026, 7, 10),
    )  # fmt: skip
    for person in (flexible_in, flexible_not_yet):
        FlexibleWork.objects.create(
            employee=person, start=TODAY, end=TODAY, mode="lokasi",
            letter_number="SK/2/2026", letter_date=date(2026, 7, 1),
        )  # fmt: skip
    check_in(flexible_in, 7, 25)
    check_in(nurse, 7, 20)
    client = as_persona("head_dinkes_sorong")
    response = client.get(reverse("attendance:unit_today"))
    groups = {r.employee.name: r.group for r in response.context["today"].rows}
    assert groups["Bidan Dinas Luar"] == DayStatus.DINAS_LUAR
    assert groups["Analis WFA"] == DayStatus.WFA
    # Flexible workers still record presensi (domain.md §10): not yet checked in, not yet known.
    assert groups["Analis WFA Belum"] == "belum"
    assert groups[nurse.name] == DayStatus.HADIR
    html = response.content.decode()
    assert f'data-testid="today-flexible-{flexible_not_yet.pk}"' in html
    counts = response.context["today"].counts
    assert counts["dinas_luar"] == 1 and counts["wfa"] == 1
    # The month grid's today column reads the same.
    month = client.get(reverse("attendance:unit_month"))
    row = next(r for r in month.context["grid"] if r.employee.pk == travelling.pk)
    assert row.cells[TODAY.day - 1].status == DayStatus.DINAS_LUAR
    # Set-based: more people with travel and flexible work today cost no more queries.
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("attendance:unit_today"))
    for i in range(10):
        person = make_employee(org.pkm_sorong, name=f"Pegawai DL {i:02d}")
        DinasLuar.objects.create(
            employee=person, start=TODAY, end=TODAY, letter_number=f"SPT/{i}", letter_date=TODAY
        )
        other = make_employee(org.pkm_sorong, name=f"Pegawai WFA {i:02d}")
        FlexibleWork.objects.create(
            employee=other, start=TODAY, end=TODAY, mode="waktu", letter_number=f"SK/{i}", letter_date=TODAY
        )
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("attendance:unit_today"))


# --- HR's discipline pages ---------------------------------------------------------------------------------
def flag_people(org, count: int) -> list:
    people = [make_employee(org.pkm_sorong, name=f"Pegawai {i:02d}") for i in range(count)]
    for p in people:
        build_days(p, date(YEAR, 1, 1), date(YEAR, 6, 30), tk=spread(4))
    discipline.check_thresholds(year=YEAR, instansi_id=org.sorong.pk)
    return people


def test_hr_lists_the_flags_with_filters_and_a_constant_query_count(
    org, as_persona, django_assert_max_num_queries
):
    client = as_persona("hr_sorong")
    flag_people(org, 1)
    url = reverse("attendance:discipline")
    client.get(url)
    with django_assert_max_num_queries(20) as one:
        response = client.get(url, {"year": YEAR})
    assert len(response.context["page"].object_list) == 2  # 3 and 4 days
    flag_people(org, 30)
    with django_assert_max_num_queries(len(one)):
        response = client.get(url, {"year": YEAR})
    assert response.context["page"].paginator.count == 62
    response = client.get(url, {"year": YEAR, "sanction": "teguran_tertulis", "q": "Pegawai 07"})
    assert [f.employee.name for f in response.context["page"]] == ["Pegawai 07"]
    assert client.get(url, {"year": YEAR - 1}).context["page"].paginator.count == 0
    # Palembang's HR sees none of Sorong's flags.
    assert as_persona("hr_palembang").get(url, {"year": YEAR}).context["page"].paginator.count == 0


def test_the_export_holds_the_filtered_flags_with_their_days(org, as_persona):
    flag_people(org, 2)
    response = as_persona("hr_sorong").get(
        reverse("attendance:discipline_export"), {"year": YEAR, "sanction": "teguran_lisan"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    data = [r for r in values if r and r[0] and str(r[0]).startswith("Pegawai")]
    assert len(data) == 2
    assert data[0][4] == 3 and "2026-01-05" in data[0][7]
    bad = as_persona("hr_sorong").get(reverse("attendance:discipline_export"), {"year": "dua ribu"})
    assert bad.status_code == 302  # a bad filter downloads nothing


def test_the_employee_year_lists_the_days_that_count(org, as_persona):
    (person,) = flag_people(org, 1)
    response = as_persona("head_dinkes_sorong").get(
        reverse("attendance:discipline_detail", args=[person.pk, YEAR])
    )
    assert response.status_code == 200
    data = response.context["data"]
    assert [f.days for f in data.flags] == [3, 4]
    assert data.absent_days == spread(4)
    assert (
        as_persona("hr_sorong")
        .get(reverse("attendance:discipline_detail", args=[person.pk, 1900]))
        .status_code
        == 404
    )


def test_hr_turns_the_conversion_on_and_a_bad_value_saves_nothing(org, as_persona):
    client = as_persona("hr_sorong")
    url = reverse("attendance:settings") + f"?instansi={org.sorong.pk}"
    response = client.post(url, {"convert_late_minutes": "on", "minutes_per_day": 30})
    assert response.status_code == 200 and not AttendanceSettings.objects.exists()
    response = client.post(url, {"convert_late_minutes": "on", "minutes_per_day": 450})
    assert response.status_code == 302
    saved = AttendanceSettings.objects.get(instansi=org.sorong)
    assert saved.convert_late_minutes and saved.minutes_per_day == 450
    assert saved.updated_by == org.users["hr_sorong"]
    client.post(url, {"minutes_per_day": 450})
    saved.refresh_from_db()
    assert not saved.convert_late_minutes
