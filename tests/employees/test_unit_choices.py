"""Issue 10 item 19: unit dropdowns never show an agency's slug ("(kota-sorong)"); units of several
agencies are grouped under each agency's name, a single agency's units need none."""

import re

import pytest
from django.urls import reverse

SLUG = re.compile(r"\((kota-sorong|kota-palembang)\)")


def unit_select(html: str) -> str:
    return html.split('name="unit"', 1)[1].split("</select>", 1)[0]


@pytest.mark.parametrize("url_name", ["employees:create", "employees:list", "employees:correction_queue"])
def test_an_hr_officer_of_one_agency_sees_plain_unit_names(org, as_persona, url_name):
    html = as_persona("hr_sorong").get(reverse(url_name)).content.decode()
    select = unit_select(html)
    assert "Puskesmas" in select
    assert not SLUG.search(html)
    assert "<optgroup" not in select


@pytest.mark.parametrize("url_name", ["employees:create", "employees:list"])
def test_units_of_several_agencies_are_grouped_under_the_agency_name(org, as_persona, url_name):
    html = as_persona("superuser").get(reverse(url_name)).content.decode()
    select = unit_select(html)
    assert not SLUG.search(html)
    assert '<optgroup label="Pemerintah Kota Palembang">' in select
    assert '<optgroup label="Pemerintah Kota Sorong">' in select
    sorong = select.split('<optgroup label="Pemerintah Kota Sorong">', 1)[1].split("</optgroup>", 1)[0]
    assert "Puskesmas Sorong Kota" in sorong and "Plaju" not in sorong


def test_the_compact_unit_filter_groups_by_agency_name(org):
    from django.template.loader import render_to_string

    from core.models import UnitKerja

    units = UnitKerja.objects.select_related("instansi").order_by("path")
    html = render_to_string("includes/filters/_unit.html", {"units": units, "compact": True})
    assert '<optgroup label="Pemerintah Kota Sorong">' in html
    assert '<optgroup label="Pemerintah Kota Palembang">' in html
    assert not SLUG.search(html)
    one = render_to_string(
        "includes/filters/_unit.html", {"units": units.filter(instansi=org.sorong), "compact": True}
    )
    assert "<optgroup" not in one and "Puskesmas Sorong Kota" in one
