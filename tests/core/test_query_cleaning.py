"""A NUL byte in a query string never reaches a view (PostgreSQL refuses NUL inside text)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from core.middleware import CleanQueryMiddleware

LIST_URLS = [
    ("superuser", "core:instansi_list", None),
    ("hr_sorong", "core:unit_tree", "sorong"),
    ("hr_sorong", "employees:list", None),
    ("hr_sorong", "employees:export_csv", None),
    ("hr_sorong", "employees:correction_queue", None),
    ("employee_dinkes_sorong", "employees:correction_mine", None),
    ("head_dinkes_sorong", "employees:subordinates", None),
    ("head_dinkes_sorong", "performance:queue", None),
    ("hr_sorong", "performance:monitoring", None),
    ("hr_sorong", "performance:rewards", None),
    ("hr_sorong", "performance:coaching_list", None),
    ("hr_sorong", "performance:years", None),
    ("superuser", "performance:scoring", None),
    ("hr_sorong", "notifications:list", None),
    ("hr_sorong", "reports:duk", None),
    ("hr_sorong", "reports:rekap", None),
    ("hr_sorong", "reports:kgb", None),
    ("hr_sorong", "reports:kenaikan_pangkat", None),
    ("hr_sorong", "reports:pensiun", None),
    ("hr_sorong", "reports:satyalancana", None),
]


@pytest.mark.parametrize(("persona", "name", "arg"), LIST_URLS)
def test_every_list_answers_a_nul_byte_in_its_search_box_without_an_error(
    org, as_persona, persona, name, arg
):
    args = [org.sorong.pk] if arg == "sorong" else []
    url = reverse(name, args=args)
    query = f"q=a%00b&status=x%00&unit={org.dinkes_sorong.pk}%00&sort=nama%00&page=1%00"
    response = as_persona(persona).get(f"{url}?{query}")
    assert response.status_code == 200, (name, response.status_code)


def test_the_query_cleaner_drops_nul_from_every_key_and_value():
    seen = {}

    def view(request):
        seen.update({key: request.GET.getlist(key) for key in request.GET})
        return HttpResponse("ok")

    request = RequestFactory().get("/?q=a%00b&q=%00c&k%00ey=v%00")
    CleanQueryMiddleware(view)(request)
    assert seen == {"q": ["ab", "c"], "key": ["v"]}


def test_the_query_cleaner_leaves_a_clean_query_alone():
    request = RequestFactory().get("/?q=ab")
    original = request.GET
    CleanQueryMiddleware(lambda r: HttpResponse())(request)
    assert request.GET is original
