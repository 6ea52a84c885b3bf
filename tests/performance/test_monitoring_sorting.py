"""Monitoring's live lists (Belum mengajukan SKP, Belum dinilai): header sorting, fallback, page
size, the state kept by the tabs and forms, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from performance.selectors.monitoring import PEOPLE_SORT

from ..factories import make_employee, make_employees_bulk
from .factories import make_year, period
from .test_hr_monitoring import monitoring_url


@pytest.fixture
def march(org):
    return period(make_year(org.sorong), 3)


@pytest.fixture
def people(org):
    """Nobody has an SKP: everyone of Sorong is on both lists."""
    make_employee(org.dishub_sorong, name="Andi Analis", position_name="Analis Kebijakan")
    make_employee(org.dinkes_sorong, name="Zaki Caraka", position_name="Caraka")


def names(response) -> list[str]:
    assert response.status_code == 200
    return [e.name for e in response.context["page"]]


def everyone(org):
    from employees.models import Employee

    return list(Employee.objects.filter(unit__instansi=org.sorong, is_active=True).select_related("unit"))


KEYS = {
    "nama": lambda e: (e.name, e.nip),
    "nip": lambda e: e.nip,
    "jabatan": lambda e: (e.position_name, e.name),
    "unit": lambda e: (e.unit.path, e.name),
}


@pytest.mark.parametrize("tab", ["belum_skp", "belum_dinilai"])
def test_each_column_sorts_both_ways_and_a_bad_sort_is_by_name(org, as_persona, march, people, tab):
    assert set(PEOPLE_SORT.columns) == set(KEYS)
    client = as_persona("hr_sorong")
    staff = everyone(org)
    for key, by in KEYS.items():
        expected = [e.name for e in sorted(staff, key=by)]
        assert names(client.get(monitoring_url(org, march, tampil=tab, sort=key))) == expected, key
        assert names(client.get(monitoring_url(org, march, tampil=tab, sort=f"-{key}"))) == expected[::-1], (
            key
        )
    by_name = [e.name for e in sorted(staff, key=KEYS["nama"])]
    for bad in ("bogus", "-", "unit__path", "status"):
        assert names(client.get(monitoring_url(org, march, tampil=tab, sort=bad))) == by_name, bad


def test_the_header_tabs_and_forms_keep_sort_and_size(org, as_persona, march, people):
    html = (
        as_persona("hr_sorong")
        .get(monitoring_url(org, march, tampil="belum_skp", sort="-jabatan", size="25"))
        .content.decode()
    )
    assert 'aria-sort="descending" data-sort-key="jabatan"' in html
    assert html.count('class="sort-link') == 3
    assert "sort=-jabatan&amp;size=25&tampil=belum_dinilai" in html  # the tab links
    # The period form keeps both; the search form has the sort select and keeps the size.
    assert html.count('<input type="hidden" name="sort" value="-jabatan">') == 1
    assert html.count('<input type="hidden" name="size" value="25">') == 2
    assert '<option value="-jabatan" selected>' in html


def test_page_size_and_constant_queries_on_sorted_pages(org, as_persona, march):
    client = as_persona("hr_sorong")
    client.get(monitoring_url(org, march, tampil="belum_skp"))

    def count(**params) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(monitoring_url(org, march, **params))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    small = count(tampil="belum_skp")
    make_employees_bulk(org.dishub_sorong, 130)
    for size, shown in (("25", 25), ("100", 100), ("9999", 50)):
        page = client.get(monitoring_url(org, march, tampil="belum_skp", size=size)).context["page"]
        assert len(page) == shown
    for tab in ("belum_skp", "belum_dinilai"):
        for sort in ("nama", "-nip", "jabatan", "-unit"):
            assert count(tampil=tab, sort=sort, size="100", page="2") == small, (tab, sort)
