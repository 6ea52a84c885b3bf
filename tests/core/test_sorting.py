"""core.sorting, core.paging.page_size and the list template tags (core/templatetags/lists.py)."""

from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.paginator import Paginator
from django.db.models import F
from django.db.models.expressions import OrderBy
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from core.models import UnitKerja
from core.paging import PAGE_SIZES, page_size, paginate
from core.sorting import SortSpec, nulls_last

SPEC = SortSpec(
    {"nama": ("name", "-code"), "kode": ("code",), "kosong": (nulls_last("head_title"),)},
    default="nama",
)
rf = RequestFactory()


# --- SortSpec.parse: the whitelist -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "key", "descending"),
    [
        ("nama", "nama", False),
        ("-nama", "nama", True),
        ("kode", "kode", False),
        ("-kode", "kode", True),
        (" kode ", "kode", False),
        (None, "nama", False),  # nothing asked: the default
        ("", "nama", False),
        ("name", "nama", False),  # not a column: the default, silently
        ("--kode", "nama", False),
        ("-", "nama", False),
        ("pk", "nama", False),  # a model field that is not whitelisted
        ("unit__instansi__name", "nama", False),  # no lookups through the URL
        ("kode\x00", "nama", False),
    ],
)
def test_parse_accepts_only_whitelisted_columns(raw, key, descending):
    sorting = SPEC.parse(raw)
    assert (sorting.key, sorting.descending) == (key, descending)


def test_a_descending_default_is_the_fallback_too():
    spec = SortSpec({"waktu": ("created",)}, default="-waktu")
    assert spec.parse("nonsense").value == "-waktu"
    assert spec.parse(None).is_default


def test_the_spec_refuses_a_default_that_is_not_a_column_and_bad_keys():
    with pytest.raises(ValueError):
        SortSpec({"a": ("x",)}, default="b")
    with pytest.raises(ValueError):
        SortSpec({"-a": ("x",)}, default="-a")


# --- The ORM ordering ----------------------------------------------------------------------------------
def test_ordering_ends_with_the_pk_and_flips_every_term_when_descending():
    assert SPEC.parse("nama").ordering() == ["name", "-code", "pk"]
    assert SPEC.parse("-nama").ordering() == ["-name", "code", "pk"]
    assert SortSpec({"a": ("x",)}, default="a", tiebreak=("-pk",)).parse("-a").ordering() == ["-x", "-pk"]


def test_a_nulls_last_term_keeps_empty_values_last_in_both_directions():
    asc = SPEC.parse("kosong").ordering()[0]
    desc = SPEC.parse("-kosong").ordering()[0]
    assert isinstance(asc, OrderBy) and isinstance(desc, OrderBy)
    assert (asc.descending, asc.nulls_last) == (False, True)
    assert (desc.descending, desc.nulls_last) == (True, True)
    plain = SortSpec({"a": (F("x"),)}, default="a").parse("-a").ordering()[0]
    assert isinstance(plain, OrderBy) and plain.descending


@pytest.mark.django_db
def test_apply_sorts_a_queryset_with_the_pk_as_tie_breaker(org):
    units = UnitKerja.objects.filter(instansi=org.sorong)
    spec = SortSpec({"nama": ("name",), "kode": ("code",)}, default="kode")
    # Dinas Perhubungan and Dinas Kesehatan differ; the tie-breaker makes equal names stable.
    by_name = [u.name for u in spec.parse("nama").apply(units)]
    assert by_name == sorted(by_name)
    by_code_desc = [u.code for u in spec.parse("-kode").apply(units)]
    assert by_code_desc == sorted(by_code_desc, reverse=True)
    assert spec.parse("bogus").apply(units).query.order_by == ("code", "pk")


def test_apply_adds_the_annotations_a_column_needs_only_when_sorted_by_it():
    spec = SortSpec(
        {"a": ("name",), "b": ("computed",)}, default="a", annotations={"b": {"computed": lambda: F("depth")}}
    )
    qs = UnitKerja.objects.all()
    assert "computed" not in spec.parse("a").apply(qs).query.annotations
    assert "computed" in spec.parse("b").apply(qs).query.annotations


def test_an_orm_column_and_a_python_column_are_not_mixed_up():
    with pytest.raises(TypeError):
        SPEC.parse("nama").sort_rows([])
    with pytest.raises(TypeError):
        SortSpec({"a": len}, default="a").parse("a").ordering()


# --- Rows shaped in Python -------------------------------------------------------------------------------
ROWS = [
    SimpleNamespace(name="Budi", day=3),
    SimpleNamespace(name="Ani", day=None),
    SimpleNamespace(name="Citra", day=1),
    SimpleNamespace(name="Dedi", day=3),
]
PY = SortSpec({"nama": lambda r: r.name, "hari": lambda r: r.day}, default="hari")


def test_python_rows_sort_stably_with_missing_values_last_both_ways():
    assert [r.name for r in PY.parse("nama").sort_rows(ROWS)] == ["Ani", "Budi", "Citra", "Dedi"]
    assert [r.name for r in PY.parse("-nama").sort_rows(ROWS)] == ["Dedi", "Citra", "Budi", "Ani"]
    # Equal days keep their incoming order (Budi before Dedi) in both directions; None last.
    assert [r.name for r in PY.parse("hari").sort_rows(ROWS)] == ["Citra", "Budi", "Dedi", "Ani"]
    assert [r.name for r in PY.parse("-hari").sort_rows(ROWS)] == ["Budi", "Dedi", "Citra", "Ani"]
    assert [r.name for r in PY.parse("x").sort_rows(iter(ROWS))] == ["Citra", "Budi", "Dedi", "Ani"]


def test_a_header_click_sorts_ascending_first_then_reverses():
    sorting = SPEC.parse("nama")
    assert sorting.toggled("nama") == "-nama"
    assert sorting.toggled("kode") == "kode"
    assert SPEC.parse("-nama").toggled("nama") == "nama"
    assert (sorting.aria("nama"), sorting.aria("kode")) == ("ascending", None)
    assert SPEC.parse("-kode").aria("kode") == "descending"


# --- Page size -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("25", 25),
        ("50", 50),
        ("100", 100),
        ("", 40),
        ("1000", 40),  # capped: only the offered sizes
        ("0", 40),
        ("-25", 40),
        ("25.0", 40),
        ("abc", 40),
        ("２５", 40),  # full-width digits are digits to str.isdigit, not to us
    ],
)
def test_page_size_is_one_of_the_offered_sizes_else_the_default(raw, expected):
    assert page_size(rf.get("/", {"size": raw}), default=40) == expected


def test_paginate_uses_the_size_and_keeps_the_page_number():
    rows = list(range(130))
    page = paginate(rf.get("/", {"size": "25", "page": "2"}), rows)
    assert (page.paginator.per_page, page.number, list(page)[:2]) == (25, 2, [25, 26])
    assert paginate(rf.get("/", {"size": "5000"}), rows).paginator.per_page == 50
    assert paginate(rf.get("/"), rows, per_page=20).paginator.per_page == 20
    assert PAGE_SIZES == (25, 50, 100)


# --- Template tags ------------------------------------------------------------------------------------------
def render(source: str, query: dict, **context) -> str:
    request = rf.get("/daftar/", query)
    return Template("{% load lists %}" + source).render(RequestContext(request, context))


def href_params(html: str) -> dict[str, list[str]]:
    start = html.index('href="') + len('href="')
    href = html[start : html.index('"', start)].replace("&amp;", "&")
    return parse_qs(urlsplit(href).query)


def test_a_header_link_keeps_every_other_parameter_and_drops_the_page():
    html = render(
        '{% sort_th sorting "kode" "Kode" %}',
        {"q": "dinas", "unit": "7", "size": "100", "page": "3", "sort": "nama"},
        sorting=SPEC.parse("nama"),
    )
    assert href_params(html) == {"q": ["dinas"], "unit": ["7"], "size": ["100"], "sort": ["kode"]}
    assert "aria-sort" not in html and "sort-arrow" not in html


def test_the_sorted_header_has_aria_sort_and_an_arrow_and_reverses():
    html = render('{% sort_th sorting "nama" "Nama" "num" %}', {"sort": "nama"}, sorting=SPEC.parse("nama"))
    assert 'aria-sort="ascending"' in html and "▲" in html and 'class="num"' in html
    assert href_params(html)["sort"] == ["-nama"]
    html = render('{% sort_th sorting "nama" "Nama" %}', {"sort": "-nama"}, sorting=SPEC.parse("-nama"))
    assert 'aria-sort="descending"' in html and "▼" in html
    assert href_params(html)["sort"] == ["nama"]


def test_a_header_without_sorting_or_outside_the_whitelist_is_plain_and_escaped():
    assert (
        render('{% sort_th sorting "nama" label %}', {}, label="<b>N</b>") == "<th>&lt;b&gt;N&lt;/b&gt;</th>"
    )
    assert render('{% sort_th sorting "jabatan" "J" %}', {}, sorting=SPEC.parse("nama")) == "<th>J</th>"


def test_a_hostile_parameter_is_escaped_in_the_header_link():
    html = render('{% sort_th sorting "kode" "Kode" %}', {"q": '"><script>'}, sorting=SPEC.parse("nama"))
    assert "<script>" not in html
    assert href_params(html)["q"] == ['"><script>']


def test_page_links_keep_filters_sort_and_size():
    query = {"q": "x", "sort": "-kode", "size": "25", "page": "1"}
    html = render('<a href="{% page_href "page" 2 %}">', query)
    assert href_params(html) == {"q": ["x"], "sort": ["-kode"], "size": ["25"], "page": ["2"]}
    # A view's own querystring wins (a page with several lists passes the others' state).
    html = render('<a href="{% page_href "hal" 3 "skp" %}">', query, querystring="a=1")
    assert 'href="?a=1&amp;hal=3#skp"' in html


def test_the_page_size_links_keep_the_state_and_go_back_to_page_one():
    paginator = Paginator(list(range(200)), 50)
    html = render("{% page_sizes page %}", {"q": "x", "sort": "nama", "page": "3"}, page=paginator.page(3))
    assert '<span class="fw-semibold text-body" aria-current="true">50</span>' in html
    assert 'data-size="50"' not in html
    start = html.index('data-size="100"')
    link = html[html.rindex("<a", 0, start) : start]
    assert href_params(link) == {"q": ["x"], "sort": ["nama"], "size": ["100"]}


def test_keep_params_writes_hidden_fields_of_sort_and_size_only():
    html = render("{% keep_params %}", {"sort": "-nama", "size": "25", "q": "x", "page": "2"})
    assert (
        html == '<input type="hidden" name="sort" value="-nama"><input type="hidden" name="size" value="25">'
    )
    assert render('{% keep_params "size" %}', {"sort": "-nama"}) == ""
    assert Template("{% load lists %}{% keep_params %}").render(Context({})) == ""


# --- Lists with a page size but a fixed order ----------------------------------------------------------------
def test_the_audit_trail_takes_a_page_size_and_its_links_keep_it(org, as_persona):
    """The history of a record is chronological (each row shows what it changed from the one
    below): no sort, but the page size and the pagination keep `size`."""
    nurse = org.employee_dinkes_sorong
    for number in range(60):
        nurse.phone = f"0812{number:08d}"
        nurse.save()
    client = as_persona("hr_sorong")
    url = reverse("core:history", args=["pegawai", nurse.pk])
    assert len(client.get(url).context["page"]) == 25  # the page's own default
    for size, shown in (("50", 50), ("100", 61), ("1000", 25), ("x", 25)):
        assert len(client.get(url, {"size": size}).context["page"]) == shown, size
    html = client.get(url, {"size": "50", "sort": "nama"}).content.decode()
    assert 'href="?size=50&amp;sort=nama&amp;page=2"' in html
    assert "sort-link" not in html
