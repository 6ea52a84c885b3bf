"""My profile (own record with every history, read-only) and a head's list of subordinates with
their upcoming career events (rules from employees.rules.career)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees.models import (
    AwardHistory,
    DisciplineHistory,
    EducationHistory,
    Employee,
    FamilyMember,
    PositionHistory,
    RankHistory,
    TrainingHistory,
)
from employees.services.records import refresh_current
from employees.views import profile

from ..factories import make_employee, make_employees_bulk

PROFILE = reverse("employees:profile")
SUBORDINATES = reverse("employees:subordinates")
TODAY = date(2026, 11, 23)


def query_count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def add_histories(employee, count: int) -> None:
    """`count` rows of every history, so that the page shows them all."""
    pk = employee.pk
    RankHistory.objects.bulk_create(
        [RankHistory(employee_id=pk, golongan="II/a", tmt=date(1990 + i, 1, 1)) for i in range(count)]
    )
    PositionHistory.objects.bulk_create(
        [
            PositionHistory(employee_id=pk, name=f"Staf {i}", kind="pelaksana", tmt=date(1990 + i, 2, 1))
            for i in range(count)
        ]
    )
    EducationHistory.objects.bulk_create(
        [
            EducationHistory(
                employee_id=pk,
                level="S-1",
                institution=f"Universitas {i}",
                graduation_date=date(1990 + i, 8, 1),
            )
            for i in range(count)
        ]
    )
    TrainingHistory.objects.bulk_create(
        [
            TrainingHistory(
                employee_id=pk,
                name=f"Diklat {i}",
                category="teknis",
                start_date=date(2000 + i % 20, 3, 1),
                end_date=date(2000 + i % 20, 3, 5),
                hours=30,
            )
            for i in range(count)
        ]
    )
    AwardHistory.objects.bulk_create(
        [
            AwardHistory(employee_id=pk, kind="lainnya", name=f"Pegawai teladan {i}", year=2000 + i)
            for i in range(count)
        ]
    )
    DisciplineHistory.objects.bulk_create(
        [
            DisciplineHistory(
                employee_id=pk, type="teguran_lisan", level="ringan", start_date=date(2000 + i, 1, 1)
            )
            for i in range(count)
        ]
    )
    FamilyMember.objects.bulk_create(
        [FamilyMember(employee_id=pk, relation="anak_kandung", name=f"Anak {i}", birth_date=date(2010, 1, 1 + i % 28)) for i in range(count)]
    )  # fmt: skip
    refresh_current([pk])


# --- Profil saya ------------------------------------------------------------------------------------
def test_my_profile_shows_every_history_including_the_sensitive_ones(org, as_persona):
    nurse = org.employee_dinkes_sorong
    nurse.nik = "9171014505900001"
    nurse.save()
    add_histories(nurse, 2)
    DisciplineHistory.objects.filter(employee=nurse).update(reason="Terlambat masuk kerja")
    html = as_persona("employee_dinkes_sorong").get(PROFILE).content.decode()
    for text in (
        "Universitas 1", "Diklat 1", "Pegawai teladan 1", "Staf 1", "Terlambat masuk kerja", "Anak 1",
        "9171014505900001", 'href="/pegawai/profil-saya/usulan-perubahan/"', 'id="dokumen"',
    ):  # fmt: skip
        assert text in html, text


def test_my_profile_keeps_a_constant_query_count(org, as_persona):
    client = as_persona("employee_dinkes_sorong")
    client.get(PROFILE)
    small = query_count(client, PROFILE)
    add_histories(org.employee_dinkes_sorong, 25)
    assert query_count(client, PROFILE) == small


def test_a_user_without_an_employee_record_gets_an_explanation(org, as_persona):
    for persona in ("hr_sorong", "superuser"):
        response = as_persona(persona).get(PROFILE)
        assert response.status_code == 200
        assert 'data-testid="no-employee-record"' in response.content.decode()
        mine = as_persona(persona).get(reverse("employees:correction_mine"))
        assert 'data-testid="no-employee-record"' in mine.content.decode()


def test_the_navbar_links_my_profile_for_employees_only(org, as_persona):
    own = as_persona("employee_dinkes_sorong").get(reverse("core:dashboard")).content.decode()
    assert f'href="{PROFILE}"' in own
    assert f'href="{PROFILE}"' not in as_persona("hr_sorong").get(reverse("core:dashboard")).content.decode()


def test_the_histories_include_shows_only_the_kinds_it_is_given(org):
    from django.template.loader import render_to_string

    from employees.selectors import histories

    nurse = org.employee_dinkes_sorong
    add_histories(nurse, 1)
    tables = histories.tables(nurse, histories.PUBLIC_KINDS)
    html = render_to_string("employees/_history_tables.html", {"employee": nurse, "history_tables": tables})
    assert "Pegawai teladan 0" in html
    assert "Anak 0" not in html
    assert 'data-testid="history-disiplin"' not in html


# --- Pegawai bawahan --------------------------------------------------------------------------------
@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(profile, "today", lambda: TODAY)


@pytest.fixture
def events_org(org, fixed_today):
    """Employees below Dinkes with known events on 23 November 2026 (BUP 58 for pelaksana;
    monthly promotion periods since October 2025, so the next one is 1 December 2026)."""
    recent_rank = date(2024, 4, 1)  # too recent for a promotion
    make_employee(
        org.pkm_sorong, name="Akan Pensiun", birth_date=date(1968, 12, 10), tmt_golongan=recent_rank
    )
    # KGB counts from the rank row's TMT and stored masa kerja golongan (MKG): MKG 9y3m at 10 Apr
    # 2024 reaches 10 years on 10 Jan 2025, 12 on 10 Jan 2027.
    kgb = make_employee(
        org.pkm_sorong, name="Akan KGB", tmt_cpns=date(2015, 1, 10), tmt_golongan=date(2024, 4, 10)
    )
    RankHistory.objects.filter(pk=kgb.current_rank_id).update(mk_years=9, mk_months=3)
    refresh_current([kgb.pk])
    # MKG 7y10m at 1 Apr 2024: 8 years on 1 Jun 2024, 10 on 1 Jun 2026, 12 on 1 Jun 2028.
    medal = make_employee(
        org.pkm_sorong, name="Calon Satyalancana", tmt_cpns=date(2016, 6, 1), tmt_golongan=recent_rank
    )
    RankHistory.objects.filter(pk=medal.current_rank_id).update(mk_years=7, mk_months=10)
    refresh_current([medal.pk])
    return org


def rows_by_name(response):
    return {e.name: e for e in response.context["page"]}


def test_a_head_sees_the_subtree_without_themself_with_rank_and_position(events_org, as_persona):
    rows = rows_by_name(as_persona("head_dinkes_sorong").get(SUBORDINATES))
    assert set(rows) == {"Siti Perawat", "Akan Pensiun", "Akan KGB", "Calon Satyalancana"}
    assert rows["Siti Perawat"].golongan == "III/a"
    assert rows["Siti Perawat"].position_name == "Pengadministrasi Perkantoran"


def test_the_upcoming_events_have_their_known_dates(events_org, as_persona):
    response = as_persona("head_dinkes_sorong").get(SUBORDINATES)
    rows = rows_by_name(response)
    events = {name: [(ev.kind, ev.date) for ev in e.events] for name, e in rows.items()}
    assert events == {
        "Siti Perawat": [("pangkat", date(2026, 12, 1))],
        "Akan Pensiun": [("pensiun", date(2027, 1, 1))],
        "Akan KGB": [("satyalancana", date(2026, 12, 31)), ("kgb", date(2027, 1, 10))],
        "Calon Satyalancana": [("satyalancana", date(2026, 12, 31))],
    }
    assert {name: e.next_kgb for name, e in rows.items()} == {
        # No TMT CPNS recorded: the rank row alone dates the KGB (MKG 0 at its TMT, even years).
        "Siti Perawat": date(2027, 3, 1),  # TMT 1 Mar 2015: MKG 12 on 1 Mar 2027
        "Akan Pensiun": date(2028, 4, 1),  # TMT 1 Apr 2024: MKG 2 on 1 Apr 2026, 4 on 1 Apr 2028
        "Akan KGB": date(2027, 1, 10),
        "Calon Satyalancana": date(2028, 6, 1),
    }
    assert response.context["event_counts"] == {"kgb": 1, "pangkat": 1, "pensiun": 1, "satyalancana": 2}


def test_the_list_filters_by_event_unit_and_search_and_sorts(events_org, as_persona):
    client = as_persona("head_dinkes_sorong")
    assert set(rows_by_name(client.get(SUBORDINATES, {"peristiwa": "pensiun"}))) == {"Akan Pensiun"}
    assert set(rows_by_name(client.get(SUBORDINATES, {"q": "kgb"}))) == {"Akan KGB"}
    assert set(rows_by_name(client.get(SUBORDINATES, {"unit": events_org.pkm_sorong.pk}))) == {
        "Siti Perawat", "Akan Pensiun", "Akan KGB", "Calon Satyalancana",
    }  # fmt: skip
    names = [e.name for e in client.get(SUBORDINATES, {"sort": "-nama"}).context["page"]]
    assert names == sorted(names, reverse=True)
    # A unit outside the head's subtree does not exist for them.
    assert client.get(SUBORDINATES, {"unit": events_org.dishub_sorong.pk}).status_code == 404


def test_hr_sees_every_unit_of_their_agency_only(events_org, as_persona):
    rows = rows_by_name(as_persona("hr_sorong").get(SUBORDINATES))
    assert {"Kepala Dinkes", "Staf Dishub Sorong", "Akan Pensiun"} <= set(rows)
    assert "Staf Dishub Palembang" not in rows
    assert (
        as_persona("hr_sorong").get(SUBORDINATES, {"unit": events_org.dishub_palembang.pk}).status_code == 404
    )


def test_the_subordinate_list_keeps_a_constant_query_count(
    org, as_persona, fixed_today, django_assert_max_num_queries
):
    client = as_persona("head_dinkes_sorong")
    client.get(SUBORDINATES)
    small = query_count(client, SUBORDINATES)
    make_employees_bulk(org.pkm_sorong, 200)
    Employee.objects.filter(name__startswith="Pegawai ").update(tmt_cpns=date(2014, 12, 15))
    # KGB due: MKG 0 at 15 Dec 2014 reaches 12 years on 15 Dec 2026
    RankHistory.objects.filter(employee__name__startswith="Pegawai ").update(tmt=date(2014, 12, 15))
    refresh_current(Employee.objects.filter(name__startswith="Pegawai ").values("pk"))
    # session, user, actor (2), units, six for the events, count, page, bell, session save (3)
    with django_assert_max_num_queries(17):
        response = client.get(SUBORDINATES)
    assert response.context["page"].paginator.count == 201
    assert response.context["event_counts"]["kgb"] == 200
    assert query_count(client, SUBORDINATES) == small
    assert query_count(client, SUBORDINATES, {"peristiwa": "kgb", "sort": "-golongan"}) == small
