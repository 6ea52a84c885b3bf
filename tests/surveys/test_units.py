"""Service units (unit layanan) and their services: the rules of the services, the pages, the list's
filters and its query count."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.access import actor_for
from surveys.choices import FollowUpState, PeriodState
from surveys.models import Service, ServiceUnit
from surveys.services import units as services

from .factories import make_follow_up, make_period, make_service, make_service_unit


def actor(org, persona):
    return actor_for(org.users[persona])


def create(org, persona="hr_sorong", **overrides):
    fields = dict(
        instansi=org.sorong,
        unit=org.pkm_sorong,
        code="pkm-sorong-kota",
        name="Puskesmas Sorong Kota",
        kind="puskesmas",
        population=1000,
    )
    fields.update(overrides)
    return services.service_unit_create(actor=actor(org, persona), **fields)


# --- Services -----------------------------------------------------------------------------------------------
def test_hr_creates_a_service_unit_with_its_code_in_lower_case(org):
    unit = create(org, code="PKM-Sorong-Kota")
    assert (unit.code, unit.is_active, unit.unit) == ("pkm-sorong-kota", True, org.pkm_sorong)
    assert unit.get_absolute_url() == reverse("surveys:service_unit", args=[unit.pk])


def test_a_taken_code_is_refused_in_indonesian_whatever_its_case(org):
    create(org)
    with pytest.raises(ValidationError) as caught:
        create(org, code="PKM-SORONG-KOTA", name="Puskesmas lain")
    assert "sudah dipakai unit layanan lain" in caught.value.message_dict["code"][0]
    assert ServiceUnit.objects.count() == 1


def test_a_code_taken_in_another_agency_is_refused_too(org):
    make_service_unit(org.dishub_palembang, "loket-dishub")
    with pytest.raises(ValidationError, match="sudah dipakai"):
        create(org, code="loket-dishub")


def test_a_unit_of_another_agency_is_refused(org):
    with pytest.raises(ValidationError) as caught:
        create(org, unit=org.dishub_palembang)
    assert "unit" in caught.value.message_dict


@pytest.mark.parametrize("persona", ["head_dinkes_sorong", "hr_palembang", "employee_dinkes_sorong"])
def test_only_the_agencys_hr_creates_service_units(org, persona):
    with pytest.raises(PermissionDenied):
        create(org, persona)
    assert not ServiceUnit.objects.exists()


def test_the_code_is_fixed_once_a_period_has_been_opened(org):
    unit = create(org)
    make_period(unit, state=PeriodState.DRAFT)
    unit = services.service_unit_update(actor=actor(org, "hr_sorong"), service_unit=unit, code="pkm-kota")
    assert unit.code == "pkm-kota", "a draft period does not fix the code"
    make_period(unit, start=date(2027, 1, 1), end=date(2027, 12, 31), state=PeriodState.OPEN)
    with pytest.raises(ValidationError, match="tidak dapat diubah setelah periode survei dibuka"):
        services.service_unit_update(actor=actor(org, "hr_sorong"), service_unit=unit, code="pkm-lain")
    unit.refresh_from_db()
    assert unit.code == "pkm-kota"
    # Its other fields still change.
    services.service_unit_update(
        actor=actor(org, "hr_sorong"), service_unit=unit, population=5000, code="pkm-kota"
    )
    unit.refresh_from_db()
    assert unit.population == 5000


def test_the_head_may_not_change_the_unit_itself(org):
    unit = create(org)
    with pytest.raises(PermissionDenied):
        services.service_unit_update(actor=actor(org, "head_dinkes_sorong"), service_unit=unit, name="X")


def test_a_unit_with_an_open_period_is_not_deactivated(org):
    unit = create(org)
    period = make_period(unit, state=PeriodState.OPEN)
    with pytest.raises(ValidationError, match="Tutup periode itu terlebih dahulu"):
        services.service_unit_set_active(actor=actor(org, "hr_sorong"), service_unit=unit, active=False)
    period.state = PeriodState.CLOSED
    period.save()
    services.service_unit_set_active(actor=actor(org, "hr_sorong"), service_unit=unit, active=False)
    unit.refresh_from_db()
    assert not unit.is_active


def test_services_are_added_renamed_and_deactivated_with_unique_names(org):
    unit = create(org)
    hr = actor(org, "hr_sorong")
    service = services.service_add(actor=hr, service_unit=unit, name="  Pemeriksaan   umum ")
    assert service.name == "Pemeriksaan umum"
    with pytest.raises(ValidationError, match="sudah ada di unit layanan ini"):
        services.service_add(actor=hr, service_unit=unit, name="PEMERIKSAAN UMUM")
    other = services.service_add(actor=hr, service_unit=unit, name="Imunisasi")
    with pytest.raises(ValidationError, match="sudah ada"):
        services.service_rename(actor=hr, service=other, name="Pemeriksaan umum")
    services.service_rename(actor=hr, service=other, name="Imunisasi anak")
    services.service_set_active(actor=hr, service=other, active=False)
    assert list(Service.objects.order_by("name").values_list("name", "is_active")) == [
        ("Imunisasi anak", False),
        ("Pemeriksaan umum", True),
    ]
    with pytest.raises(PermissionDenied):
        services.service_add(actor=actor(org, "head_dinkes_sorong"), service_unit=unit, name="Gigi")


# --- Pages ------------------------------------------------------------------------------------------------------
def test_the_create_page_shows_a_taken_code_on_the_form(org, as_persona):
    create(org)
    response = as_persona("hr_sorong").post(
        reverse("surveys:service_unit_create"),
        {"unit": org.dinkes_sorong.pk, "name": "Loket Dinkes", "code": "pkm-sorong-kota", "kind": "dinas",
         "population": "10"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "sudah dipakai unit layanan lain" in response.content.decode()
    assert ServiceUnit.objects.count() == 1


def test_the_create_page_refuses_a_code_that_is_not_a_slug(org, as_persona):
    response = as_persona("hr_sorong").post(
        reverse("surveys:service_unit_create"),
        {
            "unit": org.dinkes_sorong.pk,
            "name": "Loket",
            "code": "loket dinkes!",
            "kind": "dinas",
            "population": "0",
        },
    )
    assert response.status_code == 200
    assert "hanya boleh berisi huruf kecil, angka dan tanda hubung" in response.content.decode()
    assert not ServiceUnit.objects.exists()


def test_the_unit_page_shows_the_public_address_the_minimum_sample_and_open_follow_ups(org, as_persona):
    unit = make_service_unit(org.pkm_sorong, "pkm-sorong-kota", population=1000)
    make_service(unit, "Pemeriksaan umum")
    period = make_period(unit, state=PeriodState.OPEN)
    make_follow_up(period)
    make_follow_up(period, state=FollowUpState.CLOSED)
    page = as_persona("head_dinkes_sorong").get(unit.get_absolute_url())
    html = page.content.decode()
    assert "/s/pkm-sorong-kota/" in html
    assert page.context["minimum_sample"] == 278  # Krejcie–Morgan: 1000 → 278
    assert page.context["open_follow_ups"] == 1
    # The head prints the poster; the tokens are HR's.
    assert f'href="{reverse("surveys:poster", args=[unit.pk])}"' in html
    assert reverse("surveys:tokens", args=[unit.pk]) not in html
    # The head runs periods but does not change the unit.
    assert page.context["can_run_periods"] and not page.context["can_manage"]
    assert reverse("surveys:service_unit_update", args=[unit.pk]) not in html
    hr_page = as_persona("hr_sorong").get(unit.get_absolute_url()).content.decode()
    assert f'href="{reverse("surveys:tokens", args=[unit.pk])}"' in hr_page
    assert f'href="{reverse("surveys:poster", args=[unit.pk])}"' in hr_page


def test_a_service_added_twice_gives_a_message_not_an_error_page(org, as_persona):
    unit = make_service_unit(org.pkm_sorong, "pkm-sorong-kota")
    make_service(unit, "Imunisasi")
    client = as_persona("hr_sorong")
    response = client.post(reverse("surveys:service_add", args=[unit.pk]), {"name": "imunisasi"}, follow=True)
    assert "sudah ada di unit layanan ini" in response.content.decode()
    assert unit.services.count() == 1


def test_the_list_searches_filters_and_sorts(org, as_persona):
    make_service_unit(org.pkm_sorong, "pkm-sorong-kota", name="Puskesmas Sorong Kota", kind="puskesmas")
    make_service_unit(org.dishub_sorong, "dishub-sorong", name="Loket Dishub", population=50)
    make_service_unit(org.dishub_sorong, "samsat-sorong", name="Samsat", is_active=False)
    make_service_unit(org.dishub_palembang, "dishub-palembang", name="Loket Dishub Palembang")
    client = as_persona("hr_sorong")
    url = reverse("surveys:service_units")

    def codes(**params):
        return [u.code for u in client.get(url, params).context["page"]]

    assert codes() == ["dishub-sorong", "pkm-sorong-kota"], "active ones of the agency, by name"
    assert codes(q="PKM") == ["pkm-sorong-kota"]
    assert codes(q="dishub") == ["dishub-sorong"]
    assert codes(unit=org.dinkes_sorong.pk) == ["pkm-sorong-kota"], "a unit with its sub-units"
    assert codes(jenis="puskesmas") == ["pkm-sorong-kota"]
    assert codes(status="nonaktif") == ["samsat-sorong"]
    assert codes(status="semua", sort="-populasi") == ["pkm-sorong-kota", "samsat-sorong", "dishub-sorong"]
    assert codes(sort="bogus", status="xyz", unit="abc") == ["dishub-sorong", "pkm-sorong-kota"], "ignored"
    assert [u.code for u in as_persona("head_dinkes_sorong").get(url).context["page"]] == ["pkm-sorong-kota"]
    assert codes(instansi=org.palembang.pk) == ["dishub-sorong", "pkm-sorong-kota"], "not an agency of hers"
    assert [
        u.code for u in as_persona("superuser").get(url, {"instansi": org.palembang.pk}).context["page"]
    ] == ["dishub-palembang"]


def make_units(org, count, start=0):
    for i in range(start, start + count):
        unit = make_service_unit(org.dishub_sorong, f"loket-{i:03d}", name=f"Loket {i:03d}")
        make_service(unit, "Umum")
        make_follow_up(make_period(unit, state=PeriodState.OPEN))


def test_the_list_keeps_a_constant_query_count(org, as_persona, django_assert_max_num_queries):
    client = as_persona("hr_sorong")
    url = reverse("surveys:service_units") + "?size=100&sort=tindak_lanjut"
    make_units(org, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    make_units(org, 199, start=1)
    # session, user, actor (2), agencies, filter units, count, page, bell, session save…
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 200
    assert len(list(response.context["page"])) == 100
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("hr_sorong", True),
        ("head_dinkes_sorong", True),
        ("superuser", True),
        ("employee_dinkes_sorong", False),
    ],
)
def test_the_navbar_offers_the_survey_pages_to_hr_and_heads(org, as_persona, persona, shown):
    html = as_persona(persona).get(reverse("core:dashboard")).content.decode()
    assert ('data-testid="menu-survei"' in html) is shown
    assert (reverse("surveys:follow_ups") in html) is shown
