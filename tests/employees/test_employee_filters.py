"""Filters of the HR employee list: each one, combined, kept in the form, at constant queries."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from core import access
from employees.forms.records import AGE_BANDS, EmployeeFilterForm
from employees.models import Employee
from employees.rules.career import birth_date_range, years_before

from ..factories import make_employee, make_employees_bulk

BAND = {band.code: band for band in AGE_BANDS}


# --- Age bands as birth-date ranges (pure) ------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2026, 5, 17), 30, date(1996, 5, 17)),
        (date(2028, 2, 29), 1, date(2027, 2, 28)),  # no 29 February in 2027
        (date(2028, 2, 29), 4, date(2024, 2, 29)),
        (date(2026, 1, 1), 0, date(2026, 1, 1)),
    ],
)
def test_years_before_keeps_the_calendar_day(day, years, expected):
    assert years_before(day, years) == expected


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@pytest.mark.parametrize("code", [band.code for band in AGE_BANDS])
@pytest.mark.parametrize("today", [date(2026, 5, 17), date(2028, 2, 29), date(2027, 3, 1)])
def test_a_birth_date_is_in_the_range_exactly_when_the_age_is_in_the_band(code, today):
    band = BAND[code]
    after, until = birth_date_range(today, band)
    # Every day of 80 years of birthdays around the band edges, checked against the plain age.
    for offset in range(0, 80 * 366, 1):
        born = date.fromordinal(today.toordinal() - offset)
        age = age_on(born, today)
        in_band = (band.low is None or age >= band.low) and (band.high is None or age < band.high)
        in_range = (after is None or born > after) and (until is None or born <= until)
        assert in_band == in_range, (born, age)


def test_the_age_bands_cover_every_age_once():
    for age in range(15, 80):
        assert sum((b.low or 0) <= age < (b.high or 200) for b in AGE_BANDS) == 1


# --- The list page ----------------------------------------------------------------------------------
@pytest.fixture
def staff(org):
    """Employees of Kota Sorong with known attributes (the org's own four have the defaults)."""
    dishub = org.dishub_sorong
    return {
        "ani": make_employee(
            dishub,
            name="Ani Fungsional",
            gender="P",
            birth_date=date(1970, 1, 10),
            golongan="IV/a",
            position_kind="fungsional",
            education="S-2",
            working_state="tugas_belajar",
        ),
        "budi": make_employee(
            org.pkm_sorong,
            name="Budi Pengawas",
            birth_date=date(1985, 6, 1),
            golongan="III/c",
            position_kind="pengawas",
            education="S-1",
        ),
        "citra": make_employee(
            dishub,
            name="Citra Cltn",
            gender="P",
            birth_date=date(1999, 2, 2),
            golongan="II/c",
            education="SLTA",
            working_state="cltn",
        ),
        "dodi": make_employee(
            dishub, name="Dodi Nonaktif", birth_date=date(1969, 12, 1), golongan="III/c", is_active=False
        ),
    }


def names(client, **params) -> set[str]:
    response = client.get(reverse("employees:list"), params)
    assert response.status_code == 200
    return {e.name for e in response.context["page"]}


SORONG_DEFAULTS = {"Kepala Dinkes", "Siti Perawat", "Staf Dishub Sorong"}  # born 1990-05-17, III/a…


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, SORONG_DEFAULTS | {"Ani Fungsional", "Budi Pengawas", "Citra Cltn"}),
        ({"status": "nonaktif"}, {"Dodi Nonaktif"}),
        ({"status": "semua", "golongan": "III/c"}, {"Budi Pengawas", "Dodi Nonaktif"}),
        ({"state": "cltn"}, {"Citra Cltn"}),
        ({"state": "tugas_belajar"}, {"Ani Fungsional"}),
        ({"golongan": "IV/a"}, {"Ani Fungsional"}),
        ({"golongan": "IV/c"}, {"Kepala Dinkes"}),
        ({"position_kind": "fungsional"}, {"Ani Fungsional"}),
        ({"position_kind": "jpt_pratama"}, {"Kepala Dinkes"}),
        ({"education": "S-1"}, {"Budi Pengawas"}),
        ({"gender": "P"}, {"Siti Perawat", "Ani Fungsional", "Citra Cltn"}),
        ({"unit": "dinkes"}, {"Kepala Dinkes", "Siti Perawat", "Budi Pengawas"}),
        ({"unit": "pkm"}, {"Siti Perawat", "Budi Pengawas"}),
        ({"q": "cltn"}, {"Citra Cltn"}),
        # Combined: every filter must hold.
        ({"gender": "P", "state": "cltn"}, {"Citra Cltn"}),
        ({"gender": "P", "golongan": "III/c"}, set()),
        ({"unit": "dinkes", "position_kind": "pengawas", "education": "S-1"}, {"Budi Pengawas"}),
        ({"status": "semua", "gender": "L", "golongan": "III/c"}, {"Budi Pengawas", "Dodi Nonaktif"}),
    ],
)
def test_each_filter_narrows_the_list_and_filters_combine(org, staff, as_persona, params, expected):
    units = {"dinkes": org.dinkes_sorong.pk, "pkm": org.pkm_sorong.pk}
    if "unit" in params:
        params = {**params, "unit": units[params["unit"]]}
    assert names(as_persona("hr_sorong"), **params) == expected


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        ("lt30", {"Citra Cltn"}),  # 27 on 1 March 2026
        ("30-39", SORONG_DEFAULTS),  # 35
        ("40-49", {"Budi Pengawas"}),  # 40
        ("50-54", set()),
        ("55plus", {"Ani Fungsional"}),  # 56; Dodi (56) is inactive
    ],
)
def test_the_age_band_filter(org, staff, as_persona, monkeypatch, band, expected):
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2026, 3, 1, 3, 0, tzinfo=UTC))
    assert names(as_persona("hr_sorong"), age=band) == expected


def test_ages_are_counted_on_the_agencys_own_date(org, as_persona, monkeypatch):
    """16 May 2026, 16:00 UTC is still 16 May in Palembang (WIB) but already 17 May in Sorong (WIT)."""
    born = date(1996, 5, 17)
    make_employee(org.dishub_sorong, name="Ulang Tahun Sorong", birth_date=born)
    make_employee(org.dishub_palembang, name="Ulang Tahun Palembang", birth_date=born)
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2026, 5, 16, 16, 0, tzinfo=UTC))
    assert "Ulang Tahun Sorong" in names(as_persona("hr_sorong"), age="30-39")
    assert "Ulang Tahun Palembang" in names(as_persona("hr_palembang"), age="lt30")
    assert "Ulang Tahun Palembang" not in names(as_persona("hr_palembang"), age="30-39")


def test_the_form_keeps_its_values_and_the_pages_keep_the_filters(org, as_persona):
    make_employees_bulk(org.dishub_sorong, 60, golongan="II/c")
    response = as_persona("hr_sorong").get(
        reverse("employees:list"), {"q": "Pegawai", "golongan": "II/c", "gender": "L", "sort": "-nama"}
    )
    html = response.content.decode()
    assert 'value="Pegawai"' in html
    assert '<option value="II/c" selected>' in html
    assert '<option value="L" selected>' in html
    assert '<option value="-nama" selected>' in html
    page = response.context["page"]
    assert page.paginator.count == 60 and len(page) == 50
    assert "q=Pegawai&amp;golongan=II%2Fc&amp;gender=L&amp;sort=-nama&amp;page=2" in html
    assert [e.name for e in page][:2] == ["Pegawai 059", "Pegawai 058"]


def test_an_invalid_filter_is_ignored_with_a_message(org, as_persona):
    response = as_persona("hr_sorong").get(reverse("employees:list"), {"golongan": "IX/z", "gender": "P"})
    assert {e.name for e in response.context["page"]} == {"Siti Perawat"}
    assert "Filter yang tidak valid diabaikan" in response.content.decode()


def test_a_head_is_offered_only_the_units_of_their_subtree(org):
    actor = access.actor_for(org.users["head_dinkes_sorong"])
    form = EmployeeFilterForm({}, actor=actor, today=date(2026, 1, 1))
    assert {u.pk for u in form.units} == {org.dinkes_sorong.pk, org.pkm_sorong.pk}
    hr = EmployeeFilterForm({}, actor=access.actor_for(org.users["hr_sorong"]), today=date(2026, 1, 1))
    assert {u.pk for u in hr.units} == {org.dinkes_sorong.pk, org.pkm_sorong.pk, org.dishub_sorong.pk}
    nurse = EmployeeFilterForm(
        {}, actor=access.actor_for(org.users["employee_dinkes_sorong"]), today=date(2026, 1, 1)
    )
    assert nurse.units == []


def test_a_head_filtering_by_a_unit_outside_their_subtree_sees_nobody(org, as_persona):
    assert names(as_persona("head_dinkes_sorong"), unit=org.dishub_sorong.pk) == set()


ALL_FILTERS = {
    "q": "Pegawai",
    "status": "aktif",
    "state": "aktif",
    "kind": "PNS",
    "golongan": "II/c",
    "position_kind": "pelaksana",
    "gender": "L",
    "age": "40-49",
    "retirement_year": "2038",  # born 1980 (make_employees_bulk), pelaksana: BUP 58
    "sort": "-golongan",
}


@pytest.mark.parametrize("persona", ["hr_sorong", "head_dinkes_sorong", "superuser"])
def test_the_filtered_list_keeps_a_constant_query_count(
    org, as_persona, persona, django_assert_max_num_queries
):
    """All filters at once (and a unit), at 1 and at 200 matching rows: the same number of queries."""
    from .test_employee_pages import EMPLOYEE_LIST_QUERY_LIMIT, query_count

    client = as_persona(persona)
    url = reverse("employees:list")
    params = "&".join(f"{k}={v}" for k, v in ALL_FILTERS.items()) + f"&unit={org.dinkes_sorong.pk}"
    client.get(url)
    make_employees_bulk(org.pkm_sorong, 1)  # born 1980: 40-49 until 2030
    small = query_count(client, f"{url}?{params}")
    Employee.objects.filter(name__startswith="Pegawai ").delete()
    make_employees_bulk(org.pkm_sorong, 200)
    # The retirement-year filter reads the BUP table (twice: its birth-date window, its annotation).
    with django_assert_max_num_queries(EMPLOYEE_LIST_QUERY_LIMIT + 2):
        response = client.get(f"{url}?{params}")
    assert response.context["page"].paginator.count == 200
    assert query_count(client, f"{url}?{params}") == small


def test_the_retirement_year_filter_follows_the_bup_of_the_current_position(org, as_persona):
    """BUP 58 (pelaksana), 60 (JPT), 65 (Ahli Utama) or the position's own; TMT pensiun is the 1st of
    the month after the birthday, so a December birthday retires in January of the next year."""
    from employees.models import PositionHistory

    dishub = org.dishub_sorong
    make_employee(dishub, name="Pelaksana 58", birth_date=date(1968, 5, 17))  # 1 Jun 2026
    make_employee(dishub, name="Pelaksana Desember", birth_date=date(1968, 12, 5))  # 1 Jan 2027
    make_employee(
        dishub, name="JPT 60", birth_date=date(1966, 7, 1), position_kind="jpt_pratama"
    )  # 1 Aug 2026
    make_employee(
        dishub,
        name="Ahli Utama 65",
        birth_date=date(1961, 3, 1),
        position_kind="fungsional",
        position_level="ahli_utama",
    )  # 1 Apr 2026
    guru = make_employee(
        dishub,
        name="Guru 60",
        birth_date=date(1967, 2, 2),
        position_kind="fungsional",
        position_level="ahli_muda",
    )  # 58 by the table (2025), 60 by its own BUP: 1 Mar 2027
    PositionHistory.objects.filter(pk=guru.current_position_id).update(retirement_age=60)
    professor = make_employee(
        dishub, name="Profesor 70", birth_date=date(1957, 6, 3), position_kind="fungsional"
    )  # 1 Jul 2027 by its own BUP of 70 (58 by the table: 2015)
    PositionHistory.objects.filter(pk=professor.current_position_id).update(retirement_age=70)
    client = as_persona("hr_sorong")
    assert names(client, retirement_year=2026) == {"Pelaksana 58", "JPT 60", "Ahli Utama 65"}
    assert names(client, retirement_year=2027) == {"Pelaksana Desember", "Guru 60", "Profesor 70"}
    assert names(client, retirement_year=2015) == set()
    assert names(client, retirement_year=2025) == set()
    # The org's own staff (born 1990; BUP 58 or 60) retire in 2048 or 2050.
    assert names(client, retirement_year=2048) == {"Siti Perawat", "Staf Dishub Sorong"}
    assert names(client, retirement_year=2050) == {"Kepala Dinkes"}
    # Combined with another filter, and carried into the export.
    assert names(client, retirement_year=2026, position_kind="pelaksana") == {"Pelaksana 58"}
    body = b"".join(
        client.get(reverse("employees:export_csv"), {"retirement_year": 2027}).streaming_content
    ).decode()
    assert "Pelaksana Desember" in body and "Guru 60" in body and "Pelaksana 58" not in body
