"""The DUK on constructed data: each ordering criterion decides between two people in turn."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from employees.models import Employee, RankHistory
from employees.rules.nip import build_ni_pppk
from reports.rows import duk_row

from ..factories import make_employee, make_employees_bulk, make_unit
from .helpers import query_count, table_after_header, xlsx_sheets

pytestmark = pytest.mark.django_db
SAME_TMT = date(2020, 4, 1)


@pytest.fixture
def duk_unit(org):
    """A Sorong unit whose 14 PNS are ordered by golongan, TMT, jabatan, service, education, age,
    NIP in turn (expected DUK order = the order of `expected`), plus people who are not in a DUK."""
    unit = make_unit(org.sorong, "UJI", name="Unit Uji DUK")

    def add(name, golongan, **kw):
        kw.setdefault("tmt_golongan", SAME_TMT)
        kw.setdefault("tmt_cpns", date(2010, 1, 1))
        kw.setdefault("education", "S-1")
        return make_employee(unit, name=name, golongan=golongan, **kw)

    add("A golongan tertinggi", "IV/a", tmt_golongan=date(2024, 4, 1))
    # Same golongan: the earlier TMT golongan first.
    add("B TMT lebih awal", "III/d", tmt_golongan=date(2018, 4, 1))
    add("C TMT lebih akhir", "III/d", tmt_golongan=date(2019, 4, 1))
    # Same golongan and TMT: the higher jabatan first.
    add("D administrator", "III/c", position_kind="administrator", position_name="Kepala Bagian")
    add("E pengawas", "III/c", position_kind="pengawas", position_name="Kepala Subbagian")
    # Functional by jenjang: a recorded level, and one read from the position name.
    add(
        "F ahli muda", "III/b", position_kind="fungsional", position_level="ahli_muda", position_name="Analis"
    )
    add("G ahli pertama", "III/b", position_kind="fungsional", position_name="Perawat Ahli Pertama")
    add("H penyelia", "III/b", position_kind="fungsional", position_level="penyelia", position_name="Pranata")
    add("I pelaksana", "III/b")
    # Same rank and jabatan: the longer service (earlier TMT CPNS) first.
    add("J CPNS 2008", "III/a", tmt_cpns=date(2008, 3, 1))
    add("K CPNS 2012", "III/a", tmt_cpns=date(2012, 3, 1))
    # ... then the higher education.
    add("L S-2", "II/d", education="S-2")
    add("M SLTA", "II/d", education="SLTA")
    # ... then the older person.
    add("N lahir 1980", "II/c", birth_date=date(1980, 2, 1))
    add("O lahir 1985", "II/c", birth_date=date(1985, 2, 1))
    # Not in the DUK: a PPPK, a deactivated PNS, a retired one.
    add(
        "PPPK tidak ber-pangkat",
        "PPPK-IX",
        kind="PPPK",
        nip=build_ni_pppk(birth_date=date(1990, 1, 1), tmt_year=2022, contract_count=1, gender="L", serial=1),
    )
    add("Nonaktif", "IV/e", is_active=False)
    add("Sudah pensiun", "IV/e", working_state="pensiun")
    return unit


EXPECTED = [
    "A golongan tertinggi",
    "B TMT lebih awal",
    "C TMT lebih akhir",
    "D administrator",
    "E pengawas",
    "F ahli muda",
    "G ahli pertama",
    "H penyelia",
    "I pelaksana",
    "J CPNS 2008",
    "K CPNS 2012",
    "L S-2",
    "M SLTA",
    "N lahir 1980",
    "O lahir 1985",
]


def duk_url(unit, **extra):
    params = "&".join(f"{k}={v}" for k, v in {"unit": unit.pk, **extra}.items())
    return f"{reverse('reports:duk')}?{params}"


def test_the_duk_orders_by_each_criterion_in_turn(as_persona, duk_unit):
    response = as_persona("hr_sorong").get(duk_url(duk_unit))
    rows = response.context["rows"]
    assert [r.employee.name for r in rows] == EXPECTED
    assert [r.rank for r in rows] == list(range(1, len(EXPECTED) + 1))
    html = response.content.decode()
    assert "PPPK tidak memiliki pangkat" in html
    assert "PPPK tidak ber-pangkat" not in html and "Nonaktif" not in html and "Sudah pensiun" not in html


def test_equal_on_every_criterion_the_nip_decides(as_persona, org):
    unit = make_unit(org.sorong, "KEMBAR")
    twins = [
        make_employee(unit, name=f"Kembar {i}", golongan="II/b", tmt_cpns=date(2010, 1, 1)) for i in range(3)
    ]
    rows = as_persona("hr_sorong").get(duk_url(unit)).context["rows"]
    assert [r.employee.nip for r in rows] == sorted(e.nip for e in twins)


def test_the_agency_duk_ranks_everyone_of_the_agency_and_no_one_else(as_persona, org, duk_unit):
    rows = as_persona("hr_sorong").get(reverse("reports:duk")).context["rows"]
    names = [r.employee.name for r in rows]
    # The head of Dinkes (IV/c) outranks everyone of the test unit; Palembang is absent.
    assert names[0] == "Kepala Dinkes"
    assert "Staf Dishub Palembang" not in names
    assert [n for n in names if n in EXPECTED] == EXPECTED
    assert len(names) == len(EXPECTED) + 3  # plus the head, the nurse and the Dishub staff


def test_a_head_sees_the_duk_of_their_own_subtree_only(as_persona, org, duk_unit):
    rows = as_persona("head_dinkes_sorong").get(reverse("reports:duk")).context["rows"]
    assert [r.employee.name for r in rows] == ["Kepala Dinkes", "Siti Perawat"]


def test_paging_keeps_the_duk_rank(as_persona, org):
    unit = make_unit(org.sorong, "BANYAK")
    make_employees_bulk(unit, 60)
    client = as_persona("hr_sorong")
    first = client.get(duk_url(unit)).context
    second = client.get(duk_url(unit, page=2)).context
    assert first["page"].paginator.count == 60
    assert [r.rank for r in second["rows"]] == list(range(51, 61))
    everyone = client.get(duk_url(unit, cetak=1)).context["rows"]
    assert [r.employee.pk for r in everyone] == [r.employee.pk for r in first["rows"] + second["rows"]]


def test_duk_row_counts_service_and_age_to_the_report_date():
    employee = Employee(birth_date=date(1980, 11, 24), tmt_cpns=date(2005, 3, 1))
    row = duk_row(7, employee, date(2026, 11, 23))
    assert (row.rank, row.masa_kerja, row.age) == (7, (21, 8), 45)
    assert duk_row(1, Employee(birth_date=date(1980, 1, 1)), date(2026, 1, 1)).masa_kerja is None


def test_the_duk_excel_holds_the_same_rows_in_the_same_order(as_persona, org, duk_unit):
    response = as_persona("hr_sorong").get(duk_url(duk_unit, unduh="xlsx"))
    sheets = xlsx_sheets(response)
    rows = sheets["DUK"]
    assert rows[0][0] == "Pemerintah Kota Sorong"
    assert "Daftar Urut Kepangkatan" in rows[1][0]
    assert rows[2][0] == "Unit Uji DUK"
    data = table_after_header(rows, "No. urut")
    assert [(r[0], r[1]) for r in data] == list(enumerate(EXPECTED, start=1))
    b = data[1]
    assert (b[3], b[4], b[5].date()) == ("Penata Tingkat I", "III/d", date(2018, 4, 1))
    today = timezone.localdate(timezone=ZoneInfo(org.sorong.time_zone))  # the report date (WIT)
    assert (b[8], b[9], b[10]) == (today.year - 2010, today.month - 1, "S-1")  # TMT CPNS 1 Jan 2010


def test_the_print_version_has_a_header_and_no_paging(as_persona, org, duk_unit):
    response = as_persona("hr_sorong").get(duk_url(duk_unit, cetak=1))
    html = response.content.decode()
    assert 'data-testid="print-header"' in html
    assert "PEMERINTAH KOTA SORONG" in html and "Dicetak" in html
    assert "data-print" in html  # the Cetak button
    assert "css/reports.css" in html
    assert response.context["page"].paginator.per_page >= 2000


@pytest.mark.parametrize("persona", ["hr_sorong", "head_dinkes_sorong", "superuser"])
def test_the_duk_keeps_a_constant_query_count(org, as_persona, persona, django_assert_max_num_queries):
    client = as_persona(persona)
    url = f"{reverse('reports:duk')}?instansi={org.sorong.pk}"
    client.get(url)  # the first request of a session caches the agency time zone
    small = query_count(client, url)
    make_employees_bulk(org.pkm_sorong, 200)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert response.context["page"].paginator.count >= 200
    assert len(response.context["rows"]) == 50


def test_a_pns_without_a_rank_is_left_out_and_counted_in_a_notice(as_persona, org, duk_unit):
    unranked = make_employee(duk_unit, name="Tanpa pangkat", golongan="IV/e")
    RankHistory.objects.filter(employee=unranked).delete()  # the pointer becomes NULL
    response = as_persona("hr_sorong").get(duk_url(duk_unit))
    assert [r.employee.name for r in response.context["rows"]] == EXPECTED
    assert response.context["unranked"] == 1
    assert 'data-testid="unranked"' in response.content.decode()
    assert (
        'data-testid="unranked"'
        not in as_persona("hr_sorong").get(duk_url(org.dishub_sorong)).content.decode()
    )
