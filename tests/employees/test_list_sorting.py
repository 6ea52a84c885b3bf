"""Sorting by column header, page size and the state kept in links, on the employee lists: the HR
employee list, a unit's page, the subordinates of a head and the correction queue (core.sorting)."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from employees.choices import PNS_RANKS, CorrectionStatus
from employees.models import CorrectionProposal, Employee
from employees.selectors.corrections import QUEUE_SORT
from employees.selectors.records import EMPLOYEE_SORT

from ..factories import make_employee, make_employees_bulk

LIST = reverse("employees:list")
SUBORDINATES = reverse("employees:subordinates")
QUEUE = reverse("employees:correction_queue")
RANK = {code: i for i, (code, _name) in enumerate(PNS_RANKS)}


@pytest.fixture
def trio(org):
    """Three employees whose name, NIP, golongan, position and unit orders all differ."""
    return [
        make_employee(org.dishub_sorong, name="Urut Citra", golongan="II/c", position_name="Bendahara"),
        make_employee(org.pkm_sorong, name="Urut Ani", golongan="IV/a", position_name="Analis"),
        make_employee(org.dinkes_sorong, name="Urut Budi", golongan="III/b", position_name="Caraka"),
    ]


def expected(employees: list[Employee], key: str) -> list[str]:
    keys = {
        "nama": lambda e: (e.name, e.nip),
        "nip": lambda e: e.nip,
        "golongan": lambda e: (RANK[e.golongan], e.name),
        "jabatan": lambda e: (e.position_name, e.name),
        "unit": lambda e: (e.unit.path, e.name),
    }
    return [e.name for e in sorted(employees, key=keys[key])]


def names(response) -> list[str]:
    assert response.status_code == 200
    return [e.name for e in response.context["page"]]


def hrefs(html: str, marker: str) -> list[dict[str, list[str]]]:
    """The query parameters of every link whose tag contains `marker`."""
    found = []
    for chunk in html.split("<a ")[1:]:
        tag = chunk[: chunk.index(">")]
        if marker in tag and 'href="' in tag:
            href = tag.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
            found.append(parse_qs(urlsplit(href).query))
    return found


# --- The HR employee list -------------------------------------------------------------------------------
def test_every_whitelisted_column_sorts_both_ways(trio, as_persona):
    client = as_persona("hr_sorong")
    assert set(EMPLOYEE_SORT.columns) == {"nama", "nip", "golongan", "jabatan", "unit"}
    for key in EMPLOYEE_SORT.columns:
        ascending = expected(trio, key)
        assert names(client.get(LIST, {"q": "Urut", "sort": key})) == ascending, key
        assert names(client.get(LIST, {"q": "Urut", "sort": f"-{key}"})) == ascending[::-1], key
    # The fixture makes the orders differ, so each assertion above tells the columns apart.
    assert len({tuple(expected(trio, key)) for key in EMPLOYEE_SORT.columns}) >= 4


@pytest.mark.parametrize("bad", ["bogus", "-", "--nama", "pk", "unit__path", "nama'", "x" * 500])
def test_a_bad_sort_gives_the_default_order_without_a_message(trio, as_persona, bad):
    response = as_persona("hr_sorong").get(LIST, {"q": "Urut", "sort": bad})
    assert names(response) == expected(trio, "nama")
    assert "Filter yang tidak valid diabaikan" not in response.content.decode()


def test_the_sorted_header_shows_arrow_and_aria_sort_and_the_links_keep_the_filters(trio, as_persona):
    response = as_persona("hr_sorong").get(
        LIST, {"q": "Urut", "gender": "L", "size": "25", "sort": "-golongan"}
    )
    html = response.content.decode()
    assert html.count("aria-sort=") == 1
    assert 'aria-sort="descending" data-sort-key="golongan"' in html
    links = hrefs(html, "sort-link")
    assert len(links) == 5
    for params in links:
        assert params["q"] == ["Urut"] and params["gender"] == ["L"] and params["size"] == ["25"]
        assert "page" not in params
    assert sorted(p["sort"][0] for p in links) == ["golongan", "jabatan", "nama", "nip", "unit"]
    # The filter form keeps the page size (the sort has its own select in the form).
    assert '<input type="hidden" name="size" value="25">' in html
    assert '<option value="-golongan" selected>' in html


def test_the_page_size_works_is_capped_and_the_pagination_keeps_everything(org, as_persona):
    make_employees_bulk(org.dishub_sorong, 120)
    client = as_persona("hr_sorong")
    for size, shown in (("25", 25), ("50", 50), ("100", 100), ("1000", 50), ("-1", 50), ("", 50)):
        page = client.get(LIST, {"q": "Pegawai", "size": size}).context["page"]
        assert (len(page), page.paginator.count) == (shown, 120), size
    response = client.get(LIST, {"q": "Pegawai", "size": "25", "sort": "-nama", "page": "2"})
    assert names(response)[:2] == ["Pegawai 094", "Pegawai 093"]
    html = response.content.decode()
    pages = hrefs(html, "page-link")
    assert {p["page"][0] for p in pages} == {"1", "3"}
    for params in pages:
        assert params["q"] == ["Pegawai"] and params["size"] == ["25"] and params["sort"] == ["-nama"]
    sizes = hrefs(html, "data-size")
    assert sorted(p["size"][0] for p in sizes) == ["100", "50"]  # 25 is the current one, not a link
    for params in sizes:
        assert params["sort"] == ["-nama"] and params["q"] == ["Pegawai"] and "page" not in params
    assert 'aria-current="true">25</span>' in html


def test_sorted_pages_keep_a_constant_query_count(org, as_persona, django_assert_max_num_queries):
    from .test_employee_pages import EMPLOYEE_LIST_QUERY_LIMIT

    client = as_persona("hr_sorong")
    client.get(LIST)  # the first request of a session does more
    make_employees_bulk(org.dishub_sorong, 150)
    for key in EMPLOYEE_SORT.columns:
        for value in (key, f"-{key}"):
            with django_assert_max_num_queries(EMPLOYEE_LIST_QUERY_LIMIT):
                response = client.get(LIST, {"sort": value, "size": "100", "page": "2"})
            assert len(response.context["page"]) > 50


def test_a_sorted_page_does_not_repeat_or_skip_anyone(org, as_persona):
    """Equal sort values (150 of the same golongan, unit and position) page by pk: every row once."""
    make_employees_bulk(org.dishub_sorong, 150, golongan="III/a")
    client = as_persona("hr_sorong")
    for value in ("golongan", "-golongan", "unit", "-jabatan"):
        seen = []
        for number in (1, 2, 3, 4):
            seen += [
                e.pk for e in client.get(LIST, {"sort": value, "size": "50", "page": number}).context["page"]
            ]
        everyone = set(
            Employee.objects.filter(unit__instansi=org.sorong, is_active=True).values_list("pk", flat=True)
        )
        assert len(seen) == len(set(seen)) == len(everyone), value


def test_a_page_nearer_the_end_is_read_from_the_end_and_is_the_same_page(org):
    """core.paging.KeyPagedRows reads a page past the middle in the reversed order (an OFFSET costs the
    database every row it skips): every page is still the slice of the whole ordered list, in every
    order both ways, with ties (names, golongan, unit and position repeat) and NULLs (no position)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import access
    from core.paging import KeyPagedRows
    from employees.selectors.records import employee_list

    make_employees_bulk(org.dishub_sorong, 60, golongan="III/a")
    make_employees_bulk(org.pkm_sorong, 23, golongan="IV/a")  # the same names again: "Pegawai 000" …
    Employee.objects.filter(name__in=["Pegawai 003", "Pegawai 017", "Pegawai 041"]).update(
        current_position=None
    )
    actor = access.actor_for(org.users["hr_sorong"])
    for key in EMPLOYEE_SORT.columns:
        for value in (key, f"-{key}"):
            everyone = list(employee_list(actor=actor, sort=value).values_list("pk", flat=True))
            rows = KeyPagedRows(employee_list(actor=actor, sort=value))
            assert rows.count() == len(everyone) > 80
            for start in range(0, len(everyone), 10):
                page = [e.pk for e in rows[start : start + 10]]
                assert page == everyone[start : start + 10], (value, start)
            with CaptureQueriesContext(connection) as last_page:
                assert [e.pk for e in rows[len(everyone) - 10 : len(everyone)]] == everyone[-10:]
            keys_query = last_page.captured_queries[0]["sql"]
            assert "OFFSET" not in keys_query and "LIMIT 10" in keys_query, keys_query  # read from the end
    assert len(everyone) == Employee.objects.filter(unit__instansi=org.sorong, is_active=True).count()


# --- A unit's page -----------------------------------------------------------------------------------------
def test_the_unit_page_sorts_by_unit_by_default_and_by_any_header(org, trio, as_persona):
    url = reverse("core:unit_detail", args=[org.dinkes_sorong.pk])
    client = as_persona("hr_sorong")
    in_subtree = [org.head_dinkes_sorong, org.employee_dinkes_sorong, trio[1], trio[2]]
    assert names(client.get(url)) == expected(in_subtree, "unit")
    assert names(client.get(url, {"sort": "bogus"})) == expected(in_subtree, "unit")
    assert names(client.get(url, {"sort": "-nama"})) == expected(in_subtree, "nama")[::-1]
    assert names(client.get(url, {"sort": "golongan"})) == expected(in_subtree, "golongan")
    html = client.get(url, {"sort": "nama", "size": "25"}).content.decode()
    assert 'aria-sort="ascending" data-sort-key="nama"' in html
    assert all(p["size"] == ["25"] for p in hrefs(html, "sort-link"))


# --- The subordinates of a head -------------------------------------------------------------------------
def test_the_subordinates_sort_by_header_and_fall_back_silently(org, trio, as_persona):
    client = as_persona("head_dinkes_sorong")
    mine = [org.employee_dinkes_sorong, trio[1], trio[2]]  # the head's subtree, without the head
    for key in ("nama", "golongan", "jabatan", "unit"):
        assert names(client.get(SUBORDINATES, {"sort": key})) == expected(mine, key), key
        assert names(client.get(SUBORDINATES, {"sort": f"-{key}"})) == expected(mine, key)[::-1], key
    assert names(client.get(SUBORDINATES, {"sort": "nonsense"})) == expected(mine, "nama")
    html = client.get(SUBORDINATES, {"sort": "-jabatan", "size": "25", "q": "Urut"}).content.decode()
    assert 'aria-sort="descending" data-sort-key="jabatan"' in html
    events = [p for p in hrefs(html, "btn-sm") if "peristiwa" in p]
    assert events and all(p["sort"] == ["-jabatan"] and p["size"] == ["25"] for p in events)
    # The search form has the sort select; it keeps only the size as a hidden field.
    assert '<input type="hidden" name="size" value="25">' in html
    assert '<input type="hidden" name="sort"' not in html


# --- The correction queue -----------------------------------------------------------------------------------
@pytest.fixture
def proposals(org, trio):
    """Three proposals: Ani's pending and oldest, Budi's approved, Citra's pending and newest."""
    start = datetime(2026, 3, 1, tzinfo=UTC)
    made = []
    for days, employee, status in (
        (0, trio[1], "diajukan"),
        (1, trio[2], "disetujui"),
        (2, trio[0], "diajukan"),
    ):
        p = CorrectionProposal.objects.create(
            employee=employee, changes={}, reason="Uji", submitted_by=org.users["hr_sorong"], status=status
        )
        CorrectionProposal.objects.filter(pk=p.pk).update(submitted_at=start + timedelta(days=days))
        made.append(p)
    return made


def queue_names(client, **params) -> list[str]:
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return [p.employee.name for p in response.context["page"]]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("status", ["Urut Citra", "Urut Ani", "Urut Budi"]),  # the default: pending first, newest first
        ("-status", ["Urut Budi", "Urut Ani", "Urut Citra"]),
        ("pegawai", ["Urut Ani", "Urut Budi", "Urut Citra"]),
        ("-pegawai", ["Urut Citra", "Urut Budi", "Urut Ani"]),
        ("diajukan", ["Urut Ani", "Urut Budi", "Urut Citra"]),
        ("-diajukan", ["Urut Citra", "Urut Budi", "Urut Ani"]),
        ("unit", ["Urut Budi", "Urut Ani", "Urut Citra"]),  # DINKES, DINKES.PKM1, DISHUB
        ("-unit", ["Urut Citra", "Urut Ani", "Urut Budi"]),
        ("", ["Urut Citra", "Urut Ani", "Urut Budi"]),
        ("submitted_at", ["Urut Citra", "Urut Ani", "Urut Budi"]),  # not whitelisted: the default
    ],
)
def test_the_correction_queue_sorts_by_each_column(proposals, as_persona, sort, order):
    assert set(QUEUE_SORT.columns) == {"pegawai", "unit", "diajukan", "status"}
    assert queue_names(as_persona("hr_sorong"), q="Urut", sort=sort) == order


def test_the_correction_queue_filter_keeps_sort_and_size(org, proposals, as_persona):
    from .test_self_service import query_count

    client = as_persona("hr_sorong")
    html = client.get(
        QUEUE, {"status": CorrectionStatus.DIAJUKAN, "sort": "-pegawai", "size": "100"}
    ).content.decode()
    assert '<input type="hidden" name="sort" value="-pegawai">' in html
    assert '<input type="hidden" name="size" value="100">' in html
    assert all(p["status"] == ["diajukan"] for p in hrefs(html, "sort-link"))
    default = query_count(client, QUEUE)
    for number in range(30):
        CorrectionProposal.objects.create(
            employee=proposals[0].employee,
            changes={},
            reason=f"Uji {number}",
            submitted_by=org.users["hr_sorong"],
            status=CorrectionStatus.DIBATALKAN,
        )
    for value in ("pegawai", "-unit", "diajukan", "-status"):
        assert query_count(client, QUEUE, {"sort": value}) == default, value


def test_a_short_list_is_counted_and_keyed_in_one_query(org, as_persona):
    """KeyPagedRows(keys_up_to=N) reads at most N+1 keys first: a list of N or fewer rows is counted
    and keyed by that one query (a name search's page is then two queries: keys, rows); a longer one
    falls back to a count and a page of keys, with the same pages."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import access
    from core.paging import KeyPagedRows
    from employees.selectors.records import employee_list

    make_employees_bulk(org.dishub_sorong, 30, golongan="III/a")
    actor = access.actor_for(org.users["hr_sorong"])
    everyone = list(employee_list(actor=actor, sort="nama").values_list("pk", flat=True))
    # fits: one key read, then each of the 2 pages reads its rows (3); overflows: the key read, the
    # count, then each page reads its keys and its rows (6)
    for keys_up_to, reads in ((len(everyone), 3), (len(everyone) - 1, 6)):
        rows = KeyPagedRows(employee_list(actor=actor, sort="nama"), keys_up_to=keys_up_to)
        with CaptureQueriesContext(connection) as queries:
            assert rows.count() == len(everyone)
            pages = [[e.pk for e in rows[start : start + 10]] for start in (0, 10)]
        assert pages == [everyone[0:10], everyone[10:20]]
        assert len(queries.captured_queries) == reads, keys_up_to

    client = as_persona("hr_sorong")
    with CaptureQueriesContext(connection) as search:
        response = client.get(reverse("employees:list"), {"q": "Pegawai"})
    assert response.status_code == 200
    counts = [q["sql"] for q in search.captured_queries if "COUNT(" in q["sql"]]
    assert not any("employees_employee" in sql for sql in counts), counts
    with CaptureQueriesContext(connection) as listing:
        client.get(reverse("employees:list"))
    assert any("COUNT(" in q["sql"] and "employees_employee" in q["sql"] for q in listing.captured_queries)
