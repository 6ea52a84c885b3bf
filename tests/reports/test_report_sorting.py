"""Report lists sorted by a column header (KGB, kenaikan pangkat, pensiun, Satyalancana), their
fallback, page size, kept state and query counts. The fixtures are those of test_career_reports."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from employees.models import Employee

from ..factories import make_employee, make_employees_bulk, make_unit
from . import test_career_reports as career
from .helpers import query_count, table_after_header, xlsx_sheets

# The fixtures and helpers of the career reports, on the same fixed day.
frozen_today = career.frozen_today
unit = career.unit
promotion_people = career.promotion_people
retirement_people = career.retirement_people
satyalancana_people = career.satyalancana_people
names, url = career.names, career.url

pytestmark = pytest.mark.django_db
KGB_DEFAULT = ["Desember II/a", "Januari 2015", "Maret 2015"]  # by TMT KGB


@pytest.fixture
def kgb_people(unit):
    """Three PNS due within 6 months of 23 November 2026, on 1 Dec, 1 Jan and 1 Mar (rank row from
    TMT CPNS, no prior service: the same dates from TMT CPNS or from masa kerja golongan)."""
    make_employee(unit, name="Maret 2015", tmt_cpns=date(2015, 3, 1), tmt_golongan=date(2015, 3, 1))
    make_employee(unit, name="Januari 2015", tmt_cpns=date(2015, 1, 1), tmt_golongan=date(2015, 1, 1))
    make_employee(
        unit,
        name="Desember II/a",
        tmt_cpns=date(2019, 12, 1),
        golongan="II/a",
        tmt_golongan=date(2019, 12, 1),
    )


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("tmt_kgb", KGB_DEFAULT),
        ("-tmt_kgb", KGB_DEFAULT[::-1]),
        ("nama", ["Desember II/a", "Januari 2015", "Maret 2015"]),
        ("-nama", ["Maret 2015", "Januari 2015", "Desember II/a"]),
        ("golongan", ["Desember II/a", "Januari 2015", "Maret 2015"]),  # II/a, then III/a by date
        ("-golongan", ["Januari 2015", "Maret 2015", "Desember II/a"]),  # equal III/a keep their order
        ("unit", KGB_DEFAULT),  # one unit: the default order stays
        ("bogus", KGB_DEFAULT),
        ("-", KGB_DEFAULT),
    ],
)
def test_kgb_sorts_by_each_column(as_persona, unit, kgb_people, sort, order):
    assert names(as_persona("hr_sorong").get(url("reports:kgb", unit, bulan=6, sort=sort))) == order


def test_the_kgb_excel_follows_the_chosen_order(as_persona, unit, kgb_people):
    response = as_persona("hr_sorong").get(url("reports:kgb", unit, bulan=6, sort="-nama", unduh="xlsx"))
    rows = table_after_header(xlsx_sheets(response)["KGB"], "No.")
    assert [(r[0], r[1]) for r in rows] == [(1, "Maret 2015"), (2, "Januari 2015"), (3, "Desember II/a")]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("tmt", ["Pelaksana 58", "JPT 60", "PPPK 58", "Ahli Utama 65", "Pelaksana 2030"]),
        ("-tmt", ["Pelaksana 2030", "Ahli Utama 65", "PPPK 58", "JPT 60", "Pelaksana 58"]),
        ("bup", ["Pelaksana 58", "PPPK 58", "Pelaksana 2030", "JPT 60", "Ahli Utama 65"]),
        ("-bup", ["Ahli Utama 65", "JPT 60", "Pelaksana 58", "PPPK 58", "Pelaksana 2030"]),
        ("nama", ["Ahli Utama 65", "JPT 60", "PPPK 58", "Pelaksana 2030", "Pelaksana 58"]),
        ("-nama", ["Pelaksana 58", "Pelaksana 2030", "PPPK 58", "JPT 60", "Ahli Utama 65"]),
        ("date", ["Pelaksana 58", "JPT 60", "PPPK 58", "Ahli Utama 65", "Pelaksana 2030"]),  # not a key
    ],
)
def test_pensiun_sorts_by_each_column(as_persona, unit, retirement_people, sort, order):
    assert names(as_persona("hr_sorong").get(url("reports:pensiun", unit, sort=sort))) == order


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("tmt_cpns", ["Tiga puluh", "Dua puluh", "Sepuluh"]),
        ("-tmt_cpns", ["Sepuluh", "Dua puluh", "Tiga puluh"]),
        ("nama", ["Dua puluh", "Sepuluh", "Tiga puluh"]),
        ("-nama", ["Tiga puluh", "Sepuluh", "Dua puluh"]),
        ("service_years", ["Tiga puluh", "Dua puluh", "Sepuluh"]),
    ],
)
def test_satyalancana_sorts_by_each_column(as_persona, unit, satyalancana_people, sort, order):
    assert names(as_persona("hr_sorong").get(url("reports:satyalancana", unit, sort=sort))) == order


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("golongan", ["Fungsional", "Empat tahun", "Kurang sehari"]),  # III/b, then III/a by TMT
        ("-golongan", ["Kurang sehari", "Empat tahun", "Fungsional"]),
        ("nama", ["Empat tahun", "Fungsional", "Kurang sehari"]),
        ("-nama", ["Kurang sehari", "Fungsional", "Empat tahun"]),
        ("duk_golongan", ["Fungsional", "Empat tahun", "Kurang sehari"]),
    ],
)
def test_kenaikan_pangkat_sorts_by_each_column(as_persona, unit, promotion_people, sort, order):
    response = as_persona("hr_sorong").get(
        url("reports:kenaikan_pangkat", unit, periode="2027-01-01", sort=sort)
    )
    assert response.status_code == 200
    assert [r.employee.name for r in response.context["rows"]] == order


def test_the_header_links_keep_the_report_filters_and_size(as_persona, unit, kgb_people):
    html = (
        as_persona("hr_sorong")
        .get(url("reports:kgb", unit, bulan=6, size=25, sort="-golongan"))
        .content.decode()
    )
    assert 'aria-sort="descending" data-sort-key="golongan"' in html
    links = []
    for chunk in html.split('class="sort-link')[1:]:
        href = chunk.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        links.append(parse_qs(urlsplit(href).query))
    assert sorted(p["sort"][0] for p in links) == ["golongan", "nama", "tmt_kgb", "unit"]
    for params in links:
        assert params["bulan"] == ["6"] and params["size"] == ["25"] and params["unit"] == [str(unit.pk)]
    # The filter form keeps the sort and size; the print version keeps them too.
    assert '<input type="hidden" name="sort" value="-golongan">' in html
    assert "cetak=1" in html and "sort=-golongan&amp;cetak=1" in html


def test_the_duk_has_its_regulation_order_and_takes_a_page_size(as_persona, org):
    client = as_persona("hr_sorong")
    make_employees_bulk(org.dishub_sorong, 60)
    from django.urls import reverse

    base = reverse("reports:duk")
    default = [r.employee.pk for r in client.get(base, {"size": "100"}).context["rows"]]
    response = client.get(base, {"size": "100", "sort": "-nama"})
    assert [r.employee.pk for r in response.context["rows"]] == default  # no sort on the DUK
    assert "sort-link" not in response.content.decode()
    for size, shown in (("25", 25), ("100", 63), ("7", 50)):
        assert len(client.get(base, {"size": size}).context["rows"]) == shown


@pytest.mark.parametrize(
    ("name", "sorts"),
    [
        ("reports:kgb", ["nama", "-golongan", "unit", "-tmt_kgb"]),
        ("reports:kenaikan_pangkat", ["nama", "-golongan", "-unit"]),
        ("reports:pensiun", ["-nama", "bup", "jabatan", "-tmt", "unit"]),
        ("reports:satyalancana", ["nama", "-golongan", "tmt_cpns", "-unit"]),
    ],
)
def test_sorted_report_pages_keep_a_constant_query_count(as_persona, org, name, sorts):
    client = as_persona("hr_sorong")
    target = make_unit(org.sorong, "MASSAL")
    client.get(url(name, target, bulan=12))
    make_employees_bulk(target, 1)
    Employee.objects.filter(unit=target).update(birth_date=date(1969, 1, 10))
    small = query_count(client, url(name, target, bulan=12))
    make_employees_bulk(target, 199)
    Employee.objects.filter(unit=target).update(birth_date=date(1969, 1, 10))
    for sort in sorts:
        assert query_count(client, url(name, target, bulan=12, sort=sort, size=100, page=2)) <= small, sort
