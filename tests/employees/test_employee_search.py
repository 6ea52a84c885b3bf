"""The navbar's employee search (issue 10 item 14): name or NIP, scoped like the employee list,
constant queries, shown only to those the employee list is offered to."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees.forms.search import EmployeeSearchForm
from employees.models import Employee

from ..factories import make_employee, make_employees_bulk

pytestmark = pytest.mark.django_db

SEARCH = reverse("employees:search")
# session, user, actor (2), count, the page's keys, its rows, the session save (3)
SEARCH_QUERY_LIMIT = 12


def found(client, term: str) -> list[str]:
    response = client.get(SEARCH, {"q": term})
    assert response.status_code == 200
    page = response.context["page"]
    assert page is not None, "a search ran"
    return sorted(e.name for e in page.object_list)


EVERYONE = ["Kepala Dinkes", "Siti Perawat", "Staf Dishub Palembang", "Staf Dishub Sorong"]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("superuser", EVERYONE),
        ("hr_sorong", ["Kepala Dinkes", "Siti Perawat", "Staf Dishub Sorong"]),
        ("hr_palembang", ["Staf Dishub Palembang"]),
        # The head: their own unit's subtree (themself and the Puskesmas), not Dishub Sorong.
        ("head_dinkes_sorong", ["Kepala Dinkes", "Siti Perawat"]),
        # An employee: only themself, as on the employee list.
        ("employee_dinkes_sorong", ["Siti Perawat"]),
        ("employee_dishub_palembang", ["Staf Dishub Palembang"]),
    ],
)
def test_a_search_finds_only_whom_the_employee_list_shows(org, as_persona, persona, expected):
    client = as_persona(persona)
    by_name = [n for term in ("Kepala", "Siti", "Staf") for n in found(client, term)]
    assert sorted(by_name) == expected
    listed = client.get(reverse("employees:list"), {"status": "semua"}).context["page"].object_list
    assert sorted(e.name for e in listed) == expected  # the same people as the employee list
    for employee in (org.head_dinkes_sorong, org.employee_dinkes_sorong, org.employee_dishub_sorong):
        assert (found(client, employee.nip) == [employee.name]) is (employee.name in expected)


@pytest.mark.parametrize(
    "typed",
    [
        "{nip}",
        "{spaced}",
        " {spaced} ",
        "{dotted}",
        "{dashed}",
        "{prefix}",
        "{prefix_spaced}",
    ],
)
def test_a_nip_is_found_however_it_is_typed(org, as_persona, typed):
    nip = org.employee_dinkes_sorong.nip
    spaced = org.employee_dinkes_sorong.nip_display  # 8 6 1 3 digits, as printed
    assert " " in spaced
    term = typed.format(
        nip=nip,
        spaced=spaced,
        dotted=spaced.replace(" ", "."),
        dashed=spaced.replace(" ", "-"),
        prefix=nip[:15],  # birth date, TMT and the sex digit: only the nurse is a woman here
        prefix_spaced=spaced[:17],
    )
    assert found(as_persona("hr_sorong"), term) == ["Siti Perawat"]


def test_the_form_turns_a_typed_nip_into_digits_and_keeps_a_name(org):
    def cleaned(term):
        return EmployeeSearchForm({"q": term}).term

    assert cleaned("19900517 201503 2 001") == "199005172015032001"
    assert cleaned("1990.0517-2015") == "199005172015"
    assert cleaned("  siti   perawat ") == "siti perawat"
    assert cleaned("Siti-Perawat") == "Siti-Perawat"
    assert cleaned("x" * 101) == ""  # too long: no search, the form says why
    assert cleaned("") == ""


def test_inactive_employees_are_found_and_marked(org, as_persona):
    Employee.objects.filter(pk=org.employee_dishub_sorong.pk).update(is_active=False)
    response = as_persona("hr_sorong").get(SEARCH, {"q": "Staf Dishub"})
    assert [e.name for e in response.context["page"].object_list] == ["Staf Dishub Sorong"]
    assert "nonaktif" in response.content.decode()


def test_an_empty_search_reads_no_employee_and_explains(org, as_persona):
    client = as_persona("hr_sorong")
    client.get(SEARCH)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(SEARCH, {"q": "   "})
    assert response.context["page"] is None
    # Only the actor's own record is read (core.access.actor_for), never a list nor its count.
    employee_reads = [q["sql"] for q in ctx.captured_queries if "employees_employee" in q["sql"]]
    assert len(employee_reads) == 1 and '"user_id" =' in employee_reads[0], employee_reads
    assert "Ketik nama atau NIP" in response.content.decode()


def test_a_too_long_search_is_refused_with_a_message(org, as_persona):
    response = as_persona("hr_sorong").get(SEARCH, {"q": "a" * 101})
    assert response.status_code == 200 and response.context["page"] is None
    assert "paling banyak 100 karakter" in response.content.decode()


def test_the_results_link_to_the_filtered_employee_list(org, as_persona):
    response = as_persona("hr_sorong").get(SEARCH, {"q": "Siti"})
    assert response.context["list_url"] == reverse("employees:list") + "?q=Siti&status=semua"
    assert f'href="{reverse("employees:detail", args=[org.employee_dinkes_sorong.pk])}"' in (
        response.content.decode()
    )


def _count(client, term) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(SEARCH, {"q": term}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["superuser", "hr_sorong", "head_dinkes_sorong"])
def test_the_search_keeps_a_constant_query_count(org, as_persona, persona, django_assert_max_num_queries):
    client = as_persona(persona)
    client.get(SEARCH)  # the first request of a session also caches the agency time zone
    make_employee(org.pkm_sorong, name="Pegawai Tunggal")
    one = _count(client, "Pegawai")
    make_employees_bulk(org.pkm_sorong, 200)
    with django_assert_max_num_queries(SEARCH_QUERY_LIMIT):
        response = client.get(SEARCH, {"q": "Pegawai"})
    assert response.context["page"].paginator.count == 201
    assert len(response.context["page"].object_list) == 50
    assert _count(client, "Pegawai") == one
    assert _count(client, "1980") == one  # a NIP prefix: the bulk employees are born in 1980


# --- The search box in the navbar ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("superuser", True),
        ("hr_sorong", True),
        ("head_dinkes_sorong", True),
        ("employee_dinkes_sorong", False),  # would only ever find themself
    ],
)
def test_the_navbar_offers_the_search_to_those_the_employee_list_is_offered_to(as_persona, persona, shown):
    html = as_persona(persona).get(reverse("core:dashboard")).content.decode()
    assert ('data-testid="navbar-search"' in html) is shown
    assert (f'action="{SEARCH}"' in html) is shown


def test_a_nul_byte_in_the_search_is_dropped_not_an_error(org, as_persona):
    response = as_persona("hr_sorong").get(SEARCH + "?q=Si%00ti")
    assert response.status_code == 200
    assert [e.name for e in response.context["page"].object_list] == ["Siti Perawat"]


def test_the_words_of_a_name_may_come_in_any_order(org, as_persona):
    from django.urls import reverse

    from employees.models import Employee

    nurse = org.employee_dinkes_sorong
    first, *rest = nurse.name.split()
    assert rest, "the fixture's nurse has a name of two words or more"
    reversed_name = " ".join([*rest, first]).lower()
    assert list(Employee.objects.search(reversed_name)) == [nurse]
    response = as_persona("hr_sorong").get(reverse("employees:search"), {"q": reversed_name})
    assert nurse.get_absolute_url() in response.content.decode()


def test_a_name_search_keeps_the_name_order_in_both_directions(org):
    from core import access
    from employees.selectors.records import employee_list
    from tests.factories import make_employees_bulk

    make_employees_bulk(org.dishub_sorong, 12)
    actor = access.actor_for(org.users["hr_sorong"])
    up = [e.name for e in employee_list(actor=actor, search="pegawai")]
    down = [e.name for e in employee_list(actor=actor, search="pegawai", sort="-nama")]
    assert up == sorted(up) and len(up) == 12
    assert down == up[::-1]
