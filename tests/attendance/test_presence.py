"""Check-in and check-out from the browser: the geofence (inside, outside with the distance, no
position, no fence), the 06.00–18.00 window in the agency's own zone (WIT and WIB), the server's
clock, a double tap recorded once, the last check-out counting, the Presensi page's status of today,
and the check-in's query count."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from attendance.choices import PresenceKind, PresenceSource
from attendance.models import Presence
from attendance.services import locations as location_services
from attendance.services import presence as services

from .factories import INSIDE, OUTSIDE, PALEMBANG_OFFICE, actor, fence

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def tap(org, kind=PresenceKind.IN, point=INSIDE, persona="employee_dinkes_sorong", **kwargs):
    lat, lon = point if point is not None else (None, None)
    return services.presence_record(
        actor=actor(org.users[persona]), kind=kind, latitude=lat, longitude=lon, **kwargs
    )


# --- The geofence -----------------------------------------------------------------------------------
@pytest.mark.clock("2026-07-14T22:45:10Z")  # Wed 15 July 2026, 07.45.10 WIT in Sorong
def test_a_check_in_inside_the_fence_is_recorded_at_the_servers_time_on_the_local_date(org, clock):
    office = fence(org.sorong)
    recorded = tap(org, accuracy_m=12)
    row = Presence.objects.get()
    # The server's clock (it ticks: a loaded machine may take a second or two to get here).
    assert recorded.created and recorded.at.strftime("%H:%M") == "07:45" and recorded.at == row.at
    assert row.work_date == date(2026, 7, 15)  # already the 15th in WIT, still the 14th in UTC
    assert abs((row.at - clock).total_seconds()) < 5
    assert (row.employee_id, row.kind, row.source) == (org.employee_dinkes_sorong.pk, "in", "browser")
    assert (row.work_location_id, row.accuracy_m) == (office.pk, 12)
    assert 85 <= row.distance_m <= 95
    assert "Presensi masuk tercatat pukul 07.45" in services.describe(recorded)


def test_a_check_in_outside_the_fence_is_refused_with_the_distance_and_nothing_is_saved(org):
    fence(org.sorong)
    with pytest.raises(ValidationError) as exc:
        tap(org, point=OUTSIDE)
    message = exc.value.messages[0]
    assert "di luar lokasi kerja" in message and "Kantor Wali Kota Sorong" in message
    assert "111 meter" in message and "batas 100 meter" in message
    assert not Presence.objects.exists()


def test_a_far_away_device_reads_the_distance_with_thousands_separated(org):
    fence(org.sorong)
    with pytest.raises(ValidationError) as exc:
        tap(org, point=(-0.8762 + 0.1, 131.2558))  # about 11 km
    assert "11.1" in exc.value.messages[0]


def test_without_a_position_or_without_a_fence_nothing_is_recorded(org):
    with pytest.raises(ValidationError, match="belum menetapkan lokasi kerja"):
        tap(org)
    fence(org.sorong)
    with pytest.raises(ValidationError, match="Lokasi perangkat tidak terbaca"):
        tap(org, point=None)
    assert not Presence.objects.exists()


def test_only_the_employees_own_agencys_fences_count(org):
    fence(org.palembang, point=PALEMBANG_OFFICE, name="Kantor Wali Kota Palembang")
    with pytest.raises(ValidationError, match="belum menetapkan lokasi kerja"):
        tap(org)
    with pytest.raises(ValidationError, match="di luar lokasi kerja"):
        tap(org, persona="employee_dishub_palembang")


def test_an_inactive_fence_refuses_and_a_new_one_counts_at_once(org, django_capture_on_commit_callbacks):
    office = fence(org.sorong, is_active=False)
    with pytest.raises(ValidationError, match="belum menetapkan lokasi kerja"):
        tap(org)
    with pytest.raises(ValidationError):
        tap(org)  # the cached settings: still refused
    with django_capture_on_commit_callbacks(execute=True):
        location_services.location_save(
            actor=actor(org.users["hr_sorong"]), instansi=org.sorong, location=office, name=office.name,
            latitude=office.latitude, longitude=office.longitude, radius_m=100, is_active=True,
        )  # fmt: skip
    assert tap(org).created  # HR's change forgot the cached settings


def test_someone_without_an_employee_record_cannot_check_in(org):
    fence(org.sorong)
    with pytest.raises(PermissionDenied):
        tap(org, persona="hr_sorong")


# --- The window in the agency's zone -----------------------------------------------------------------
@pytest.mark.clock(
    "2026-07-14T20:59:00Z"
)  # 05.59.00 WIT (the clock ticks: a minute of margin on a loaded machine)
def test_before_06_00_local_time_is_refused(org):
    fence(org.sorong)
    with pytest.raises(ValidationError, match=re.escape("06.00–18.00 waktu setempat. Sekarang pukul 05.59")):
        tap(org)


@pytest.mark.clock("2026-07-15T09:00:30Z")  # 18.00.30 WIT: still accepted; 16.00 WIB in Palembang
def test_18_00_59_is_accepted_and_18_01_is_not(org, time_machine):
    fence(org.sorong)
    assert tap(org, PresenceKind.OUT).created
    time_machine.move_to(datetime.fromisoformat("2026-07-15T09:01:00Z"))
    with pytest.raises(ValidationError, match=re.escape("Sekarang pukul 18.01")):
        tap(org, PresenceKind.OUT)


@pytest.mark.clock("2026-07-14T23:30:00Z")  # 08.30 WIT in Sorong, 06.30 WIB in Palembang
def test_each_agency_uses_its_own_zone(org):
    fence(org.sorong)
    fence(org.palembang, point=PALEMBANG_OFFICE, name="Kantor Wali Kota Palembang")
    sorong = tap(org)
    palembang = tap(org, point=(-2.9909, 104.7567), persona="employee_dishub_palembang")
    assert sorong.at.strftime("%H.%M") == "08.30" and palembang.at.strftime("%H.%M") == "06.30"
    assert set(Presence.objects.values_list("work_date", flat=True)) == {date(2026, 7, 15)}


# --- A double tap ------------------------------------------------------------------------------------
@pytest.mark.clock("2026-07-14T22:31:00Z")  # 07.31 WIT
def test_a_second_check_in_records_nothing_and_names_the_first(org, time_machine):
    fence(org.sorong)
    first = tap(org)
    time_machine.move_to(datetime.fromisoformat("2026-07-14T22:40:00Z"))
    second = tap(org)
    assert first.created and not second.created
    assert second.at == first.at.replace(microsecond=second.at.microsecond) or second.at == first.at
    assert Presence.objects.filter(kind="in").count() == 1
    assert "sudah tercatat pukul 07.31" in services.describe(second)


@pytest.mark.clock("2026-07-15T07:00:00Z")  # 16.00 WIT
def test_a_second_check_out_moves_the_check_out_and_keeps_one_row(org, time_machine):
    fence(org.sorong)
    tap(org, PresenceKind.OUT)
    time_machine.move_to(datetime.fromisoformat("2026-07-15T07:30:00Z"))
    later = tap(org, PresenceKind.OUT)
    row = Presence.objects.get(kind="out")
    assert later.created and row.at.astimezone(later.at.tzinfo).strftime("%H.%M") == "16.30"


def test_a_device_log_beside_the_browser_record_is_kept(org, clock):
    fence(org.sorong)
    tap(org)
    nurse = org.employee_dinkes_sorong
    Presence.objects.create(
        employee=nurse,
        work_date=date(2026, 7, 15),
        at=clock,
        kind="in",
        source=PresenceSource.DEVICE,
        device="FP-1",
    )
    assert Presence.objects.filter(employee=nurse).count() == 2


# --- The pages ---------------------------------------------------------------------------------------
@pytest.mark.clock("2026-07-14T23:01:00Z")  # Wed 08.01 WIT: 31 minutes late
def test_the_page_records_a_late_check_in_and_shows_tl2(org, as_persona):
    fence(org.sorong)
    client = as_persona("employee_dinkes_sorong")
    page = client.get(reverse("attendance:presence"))
    assert "Presensi masuk" in page.content.decode() and "Belum presensi" in page.content.decode()
    response = client.post(
        reverse("attendance:record"),
        {"kind": "in", "latitude": INSIDE[0], "longitude": INSIDE[1], "accuracy": 8.4},
    )
    assert response.status_code == 302
    page = client.get(reverse("attendance:presence")).content.decode()
    assert "Presensi masuk tercatat pukul 08.01" in page
    minutes = page[page.index('data-testid="minutes-late"') :]
    assert "31 menit" in minutes[:200] and "(TL2)" not in page  # no band table in force yet
    assert "Terlambat" in page  # the badge; the minutes follow it alone
    assert "Presensi pulang" in page
    assert Presence.objects.get().accuracy_m == 8


def test_a_refusal_reads_as_a_message_on_the_page(org, as_persona):
    fence(org.sorong)
    client = as_persona("employee_dinkes_sorong")
    response = client.post(
        reverse("attendance:record"),
        {"kind": "in", "latitude": OUTSIDE[0], "longitude": OUTSIDE[1]},
        follow=True,
    )
    assert "Anda berada di luar lokasi kerja: 111 meter" in response.content.decode()
    assert not Presence.objects.exists()


def test_nonsense_coordinates_are_refused_with_a_message(org, as_persona):
    fence(org.sorong)
    client = as_persona("employee_dinkes_sorong")
    response = client.post(
        reverse("attendance:record"), {"kind": "in", "latitude": "91", "longitude": "x"}, follow=True
    )
    assert "tidak dapat dibaca" in response.content.decode()
    assert not Presence.objects.exists()


@pytest.mark.parametrize("warm", [False, True])
def test_the_check_in_takes_few_queries(org, as_persona, django_assert_max_num_queries, warm):
    """The morning peak (bench/attendance_checkin_load.py): the session, the user and the actor (the
    employee with their unit and whether they hold an HR post: one read), and one INSERT … ON CONFLICT
    DO NOTHING outside any transaction: four statements, no count, no transaction. The session did not
    change and was saved moments ago, so it is not written back (core.sessions). The agency's zone and
    fences come from the cache; on a cold cache two more reads."""
    fence(org.sorong)
    client = as_persona("employee_dinkes_sorong")
    client.get(reverse("attendance:presence"))  # the session holds the zone and the cache the fences
    if not warm:
        cache.clear()
    data = {"kind": "in", "latitude": INSIDE[0], "longitude": INSIDE[1]}
    with django_assert_max_num_queries(4 if warm else 6) as captured:
        response = client.post(reverse("attendance:record"), data)
    assert response.status_code == 302
    statements = [q["sql"] for q in captured.captured_queries]
    assert len(statements) == (4 if warm else 6), statements
    assert not [sql for sql in statements if "SAVEPOINT" in sql or "COUNT(" in sql.upper()]
    assert not [sql for sql in statements if "django_session" in sql and not sql.startswith("SELECT")]
    assert not [sql for sql in statements if "core_hrassignment" in sql and "EXISTS" not in sql.upper()]
    inserts = [sql for sql in statements if sql.startswith("INSERT")]
    assert (
        len(inserts) == 1 and "attendance_presence" in inserts[0] and "ON CONFLICT DO NOTHING" in inserts[0]
    )
    row = Presence.objects.get()
    assert row.pk is not None and row.source == PresenceSource.BROWSER and 85 <= row.distance_m <= 95


def test_the_actor_reads_hr_posts_only_for_someone_who_holds_one(org, django_assert_num_queries):
    """employees.access.load_actor: one read for an employee without an HR post; a second, for the HR
    posts in full, only for an employee who holds one or a user without an employee record."""
    from core.access import actor_for
    from tests.factories import make_employee

    nurse = org.users["employee_dinkes_sorong"]
    with django_assert_num_queries(1):
        plain = actor_for(nurse)
    assert plain.employee_id == org.employee_dinkes_sorong.pk and plain.hr_instansi_ids == frozenset()
    officer = org.users["hr_sorong"]
    with django_assert_num_queries(1 + 1):
        without_record = actor_for(officer)
    assert without_record.employee_id is None and without_record.hr_instansi_ids == {org.sorong.pk}
    employee = make_employee(org.dinkes_sorong, user=officer, name="Petugas BKPSDM")
    with django_assert_num_queries(1 + 1):
        with_record = actor_for(officer)
    assert with_record.employee_id == employee.pk and with_record.hr_instansi_ids == {org.sorong.pk}


@pytest.mark.clock("2026-07-14T22:45:10Z")  # 07.45.10 WIT
def test_a_double_tap_through_the_page_is_answered_with_the_first_time_and_one_row(org, as_persona):
    fence(org.sorong)
    client = as_persona("employee_dinkes_sorong")
    data = {"kind": "in", "latitude": INSIDE[0], "longitude": INSIDE[1]}
    client.post(reverse("attendance:record"), data)
    page = client.post(reverse("attendance:record"), data, follow=True).content.decode()
    assert "Presensi masuk sudah tercatat pukul 07.45" in page and "tidak dicatat dua kali" in page
    assert Presence.objects.filter(kind=PresenceKind.IN).count() == 1
