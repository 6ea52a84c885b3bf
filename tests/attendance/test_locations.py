"""HR's work locations and schedules pages: adding, changing and removing a geofence (bounded
input, Indonesian messages, nothing half-saved), the list's search, filter, sorting and constant
query count, the schedules page with the migrated and seeded patterns, and the demo's data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from attendance.choices import ScheduleKind
from attendance.models import Band, BandTable, Schedule, WorkLocation
from attendance.selectors import schedules as schedule_selectors
from attendance.services import locations as services
from attendance.services.schedules import schedules_seed_defaults
from demo import attendance as demo_attendance

from .factories import actor, fence

pytestmark = pytest.mark.django_db


def test_hr_adds_a_location_through_the_page(org, as_persona):
    client = as_persona("hr_sorong")
    response = client.post(
        reverse("attendance:locations") + f"?instansi={org.sorong.pk}",
        {"name": "Puskesmas Sorong Kota", "latitude": "-0.870000", "longitude": "131.260000", "radius_m": 80,
         "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    row = WorkLocation.objects.get()
    assert (row.instansi, row.name, row.radius_m, row.latitude) == (
        org.sorong,
        "Puskesmas Sorong Kota",
        80,
        Decimal("-0.87"),
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("radius_m", 5, "lebih besar dari atau sama dengan 10"),
        ("radius_m", 6000, "lebih kecil dari atau sama dengan 5000"),
        ("latitude", "91", "lebih kecil dari atau sama dengan 90"),
        ("longitude", "abc", "Masukkan sebuah bilangan"),
    ],
)
def test_a_location_out_of_bounds_is_refused_with_a_message_and_nothing_saved(
    org, as_persona, field, value, message
):
    data = {"name": "Kantor", "latitude": "-0.87", "longitude": "131.26", "radius_m": 100, field: value}
    response = as_persona("hr_sorong").post(reverse("attendance:locations"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WorkLocation.objects.exists()


def test_the_service_refuses_another_agencys_hr_and_a_blank_name(org):
    with pytest.raises(Http404):  # another agency's HR: the agency does not exist for them
        services.location_save(actor=actor(org.users["hr_palembang"]), instansi=org.sorong, name="X",
                               latitude=Decimal("0"), longitude=Decimal("0"), radius_m=100)  # fmt: skip
    with pytest.raises(PermissionDenied):  # Sorong's nurse: visible, not allowed
        services.location_save(actor=actor(org.users["employee_dinkes_sorong"]), instansi=org.sorong, name="X",
                               latitude=Decimal("0"), longitude=Decimal("0"), radius_m=100)  # fmt: skip
    with pytest.raises(ValidationError):
        services.location_save(actor=actor(org.users["hr_sorong"]), instansi=org.sorong, name="  ",
                               latitude=Decimal("0"), longitude=Decimal("0"), radius_m=100)  # fmt: skip
    assert not WorkLocation.objects.exists()


def test_hr_changes_and_removes_a_location(org, as_persona):
    office = fence(org.sorong)
    client = as_persona("hr_sorong")
    response = client.post(
        reverse("attendance:location_edit", args=[office.pk]),
        {"name": "Kantor Wali Kota", "latitude": "-0.876200", "longitude": "131.255800", "radius_m": 250},
    )
    assert response.status_code == 302
    office.refresh_from_db()
    assert (office.name, office.radius_m, office.is_active) == ("Kantor Wali Kota", 250, False)
    assert client.post(reverse("attendance:location_delete", args=[office.pk])).status_code == 302
    assert not WorkLocation.objects.exists()


def test_the_list_searches_filters_and_sorts(org, as_persona):
    fence(org.sorong, name="Kantor Wali Kota Sorong", radius_m=300)
    fence(org.sorong, name="Puskesmas Remu", radius_m=50, is_active=False)
    fence(org.palembang, name="Kantor Wali Kota Palembang")
    client = as_persona("hr_sorong")
    url = reverse("attendance:locations")
    page = client.get(url).content.decode()
    assert "Kantor Wali Kota Sorong" in page and "Puskesmas Remu" in page
    assert "Kantor Wali Kota Palembang" not in page
    assert "Puskesmas Remu" not in client.get(url, {"q": "wali"}).content.decode()
    assert "Kantor Wali Kota Sorong" not in client.get(url, {"aktif": "0"}).content.decode()
    by_radius = client.get(url, {"sort": "radius"}).content.decode()
    assert by_radius.index("Puskesmas Remu") < by_radius.index("Kantor Wali Kota Sorong")


@pytest.mark.parametrize("count", [1, 40])
def test_the_location_list_keeps_a_constant_query_count(
    org, as_persona, django_assert_max_num_queries, count
):
    for i in range(count):
        fence(org.sorong, name=f"Lokasi {i:02d}")
    client = as_persona("hr_sorong")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("attendance:locations"))
    assert response.status_code == 200
    assert f"Lokasi {count - 1:02d}" in response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_the_schedules_page_keeps_a_constant_query_count(
    org, as_persona, django_assert_max_num_queries, count
):
    for i in range(count):
        schedule = Schedule.objects.create(
            instansi=org.sorong, name=f"Jadwal {i}", kind=ScheduleKind.SHIFT, valid_from=date(2026, 1, 1)
        )
        schedule.days.create(weekday=0, start="07:00", end="14:00")
    client = as_persona("hr_sorong")
    with django_assert_max_num_queries(15):  # 14, and the last daily build's run for its card
        response = client.get(reverse("attendance:schedules"))
    assert f"Jadwal {count - 1}" in response.content.decode()


def test_seeding_the_defaults_gives_the_perpres_and_ramadan_patterns_once(org, as_persona):
    assert len(schedules_seed_defaults(instansi=org.sorong)) == 2
    assert schedules_seed_defaults(instansi=org.sorong) == []
    specs = schedule_selectors.schedule_specs(
        org.sorong.pk, org.pkm_sorong.path, date(2026, 1, 1), date(2026, 12, 31)
    )
    friday_in_ramadan = schedule_selectors.schedule_on(specs, date(2026, 3, 6))
    assert friday_in_ramadan.kind == ScheduleKind.RAMADAN and friday_in_ramadan.days[4].end.hour == 15
    assert schedule_selectors.schedule_on(specs, date(2026, 7, 17)).days[4].end.minute == 30  # Fri 16.30
    page = as_persona("hr_sorong").get(reverse("attendance:schedules")).content.decode()
    assert "Jam kerja Perpres 21/2023" in page and "Jam kerja Ramadan 1447 H" in page


def test_without_any_schedule_the_perpres_pattern_applies(org):
    specs = schedule_selectors.schedule_specs(
        org.sorong.pk, org.pkm_sorong.path, date(2026, 7, 1), date(2026, 7, 31)
    )
    assert specs == []
    assert schedule_selectors.schedule_on(specs, date(2026, 7, 15)) == schedule_selectors.PERPRES_DEFAULT


def test_a_units_schedule_applies_to_the_units_below_it(org):
    schedules_seed_defaults(instansi=org.sorong)
    six = Schedule.objects.create(
        instansi=org.sorong, unit=org.dinkes_sorong, name="6 hari Dinkes", kind=ScheduleKind.SIX_DAY,
        valid_from=date(2026, 1, 1),
    )  # fmt: skip
    six.days.create(weekday=5, start="07:30", end="12:00")
    specs = schedule_selectors.schedule_specs(
        org.sorong.pk, org.pkm_sorong.path, date(2026, 7, 1), date(2026, 7, 31)
    )
    assert schedule_selectors.schedule_on(specs, date(2026, 7, 18)).key == six.pk
    other = schedule_selectors.schedule_specs(
        org.sorong.pk, org.dishub_sorong.path, date(2026, 7, 1), date(2026, 7, 31)
    )
    assert schedule_selectors.schedule_on(other, date(2026, 7, 18)).kind == ScheduleKind.NORMAL


def test_the_band_table_in_force_is_the_latest_started(org):
    assert schedule_selectors.bands_in_force(org.sorong.pk, date(2026, 7, 15)) == (None, [])
    demo_attendance.seed()
    newer = BandTable.objects.create(instansi=org.sorong, name="Perwali 2026", valid_from=date(2026, 7, 1),
                                     absence_cut_percent=Decimal("4"))  # fmt: skip
    Band.objects.create(
        table=newer, kind="tl", code="TL1", min_minutes=1, max_minutes=None, cut_percent=Decimal("1")
    )
    table, bands = schedule_selectors.bands_in_force(org.sorong.pk, date(2026, 7, 15))
    assert table == newer and [b.code for b in bands] == ["TL1"]
    table, bands = schedule_selectors.bands_in_force(org.sorong.pk, date(2026, 6, 30))
    assert table.name.startswith("Contoh") and len(bands) == 8


def test_the_demo_gives_each_office_a_geofence_schedules_and_an_example_table_once(org):
    # The test organisation uses the demo's agency codes for Sorong and Palembang.
    assert demo_attendance.seed() == 2
    assert demo_attendance.seed() == 0
    assert WorkLocation.objects.filter(instansi=org.sorong, name="Kantor Wali Kota Sorong").exists()
    assert Schedule.objects.filter(instansi=org.palembang).count() == 2
    assert Band.objects.filter(table__instansi=org.sorong).count() == 8
