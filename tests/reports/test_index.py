"""The reports menu: who sees which report, and the navbar entry."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ALL = {
    "reports:duk",
    "reports:rekap",
    "reports:kgb",
    "reports:kenaikan_pangkat",
    "reports:pensiun",
    "reports:satyalancana",
}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("superuser", ALL),
        ("hr_sorong", ALL),
        ("head_dinkes_sorong", {"reports:duk", "reports:rekap", "reports:pensiun"}),
    ],
)
def test_the_index_lists_the_reports_the_persona_may_open(as_persona, persona, expected):
    response = as_persona(persona).get(reverse("reports:index"))
    assert {r["url_name"] for r in response.context["reports"]} == expected
    html = response.content.decode()
    for name in expected:
        assert f'href="{reverse(name)}"' in html


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("hr_sorong", True),
        ("head_dinkes_sorong", True),
        ("superuser", True),
        ("employee_dinkes_sorong", False),
    ],
)
def test_the_navbar_links_the_reports_for_those_who_may_see_them(as_persona, persona, shown):
    html = as_persona(persona).get(reverse("core:dashboard")).content.decode()
    assert (f'href="{reverse("reports:index")}"' in html) is shown


def test_a_unit_of_another_agency_is_dropped_with_a_warning(as_persona, org):
    url = f"{reverse('reports:duk')}?instansi={org.sorong.pk}&unit={org.dishub_palembang.pk}"
    response = as_persona("superuser").get(url, follow=True)
    assert response.status_code == 200
    assert response.context["scope"].unit is None
    assert response.context["scope"].instansi == org.sorong
    assert "filter unit diabaikan" in response.content.decode()


def test_a_superuser_chooses_among_all_agencies(as_persona, org):
    response = as_persona("superuser").get(f"{reverse('reports:rekap')}?instansi={org.sorong.pk}")
    scope = response.context["scope"]
    assert [i.name for i in scope.instansi_choices] == ["Pemerintah Kota Palembang", "Pemerintah Kota Sorong"]
    assert 'name="instansi"' in response.content.decode()
