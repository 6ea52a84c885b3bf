"""The organisation tree shows each unit's code (issue 10 item 17: imports need them)."""

import re

import pytest
from django.urls import reverse

from ..factories import make_unit

pytestmark = pytest.mark.django_db


def test_the_tree_shows_every_units_code_next_to_its_name(org, as_persona):
    make_unit(org.sorong, "LAMA", name="Unit Lama", is_active=False)
    html = as_persona("hr_sorong").get(reverse("core:unit_tree", args=[org.sorong.pk])).content.decode()
    codes = re.findall(r'data-testid="unit-code">([^<]*)<', html)
    assert codes == ["DINKES", "DINKES.PKM1", "DISHUB", "LAMA"]  # tree order, inactive ones too
    row = html.split('data-testid="unit-code">DINKES.PKM1<')[0].rsplit("<tr", 1)[1]
    assert "Puskesmas Sorong Kota" in row  # each code sits in its own unit's row


def test_an_employee_sees_the_codes_of_the_units_they_may_see(org, as_persona):
    html = (
        as_persona("employee_dishub_palembang")
        .get(reverse("core:unit_tree", args=[org.palembang.pk]))
        .content.decode()
    )
    assert re.findall(r'data-testid="unit-code">([^<]*)<', html) == ["DISHUB"]
