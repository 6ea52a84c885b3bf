"""KGB, promotion, retirement and Satyalancana reports on constructed data, on a fixed day.

The rules themselves are tested in tests/employees/test_career.py; here we check what each report
lists (and leaves out), in which order, with which dates, on screen and in Excel.
"""

from datetime import date

import pytest
from django.urls import reverse

from employees.models import AwardHistory, DisciplineHistory, Employee, RankHistory
from employees.rules.nip import build_ni_pppk
from employees.services.records import refresh_current

from ..factories import make_employee, make_employees_bulk, make_unit
from .helpers import pin_localdate, query_count, table_after_header, xlsx_sheets

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """The reports run on `timezone.localdate()`: pin it to TODAY."""
    pin_localdate(monkeypatch, TODAY)


@pytest.fixture
def unit(org):
    return make_unit(org.sorong, "UJI", name="Unit Uji Karier")


def url(name, unit, **extra):
    params = {"unit": unit.pk, **extra}
    return f"{reverse(name)}?" + "&".join(f"{k}={v}" for k, v in params.items())


def names(response):
    return [r.employee.name for r in response.context["page"]]


def pppk_nip(birth, serial=1):
    return build_ni_pppk(birth_date=birth, tmt_year=2022, contract_count=1, gender="L", serial=serial)


# --- KGB ------------------------------------------------------------------------------------------
@pytest.fixture
def kgb_people(unit):
    """KGB falls every 2 years of masa kerja golongan (MKG): the MKG stored on the rank row for its
    TMT plus the time since (odd years for a first appointment in II/a). Dates counted by hand."""
    make_employee(
        unit, name="Maret 2015", tmt_cpns=date(2015, 3, 1), tmt_golongan=date(2015, 3, 1)
    )  # 1 Mar 2027
    make_employee(
        unit, name="Januari 2015", tmt_cpns=date(2015, 1, 1), tmt_golongan=date(2015, 1, 1)
    )  # 1 Jan 2027
    make_employee(  # first KGB after 1 year (II/a): 2020, 2022, 2024, 1 Dec 2026
        unit,
        name="Desember II/a",
        tmt_cpns=date(2019, 12, 1),
        golongan="II/a",
        tmt_golongan=date(2019, 12, 1),
    )
    make_employee(
        unit, name="Januari 2016", tmt_cpns=date(2016, 1, 1), tmt_golongan=date(2016, 1, 1)
    )  # MKG 10 in 2026: next 2028
    # 1 year of prior service counted: MKG 12 on 1 Jan 2027 (a year late if counted from TMT CPNS)
    counted = make_employee(
        unit, name="Diakui 1 tahun", tmt_cpns=date(2016, 1, 1), tmt_golongan=date(2016, 1, 1)
    )
    RankHistory.objects.filter(pk=counted.current_rank_id).update(mk_years=1, mk_months=0)
    refresh_current([counted.pk])
    birth = date(1990, 1, 1)
    make_employee(unit, name="PPPK", kind="PPPK", nip=pppk_nip(birth), birth_date=birth, golongan="PPPK-IX",
                  tmt_cpns=date(2015, 1, 1))  # fmt: skip


def test_kgb_lists_the_pns_due_in_the_window_by_date(as_persona, unit, kgb_people):
    response = as_persona("hr_sorong").get(url("reports:kgb", unit, bulan=3))
    assert names(response) == ["Desember II/a", "Diakui 1 tahun", "Januari 2015"]
    rows = list(response.context["page"])
    assert [(r.date, r.notice, r.masa_kerja) for r in rows] == [
        (date(2026, 12, 1), date(2026, 10, 1), (7, 0)),
        (date(2027, 1, 1), date(2026, 11, 1), (12, 0)),  # masa kerja golongan, not from TMT CPNS (11, 0)
        (date(2027, 1, 1), date(2026, 11, 1), (12, 0)),
    ]
    assert "lewat" in response.content.decode()  # both notices are already overdue on 23 Nov
    longer = as_persona("hr_sorong").get(url("reports:kgb", unit, bulan=6))
    assert names(longer) == ["Desember II/a", "Diakui 1 tahun", "Januari 2015", "Maret 2015"]


def test_kgb_excel_matches_the_screen(as_persona, unit, kgb_people):
    sheets = xlsx_sheets(as_persona("hr_sorong").get(url("reports:kgb", unit, bulan=3, unduh="xlsx")))
    rows = table_after_header(sheets["KGB"], "No.")
    assert [(r[0], r[1], r[5].date(), r[6].date(), r[7], r[8], r[9]) for r in rows] == [
        (1, "Desember II/a", date(2026, 12, 1), date(2026, 10, 1), 7, 0, "Unit Uji Karier"),
        (2, "Diakui 1 tahun", date(2027, 1, 1), date(2026, 11, 1), 12, 0, "Unit Uji Karier"),
        (3, "Januari 2015", date(2027, 1, 1), date(2026, 11, 1), 12, 0, "Unit Uji Karier"),
    ]


# --- Promotion --------------------------------------------------------------------------------------
@pytest.fixture
def promotion_people(unit):
    make_employee(unit, name="Empat tahun", golongan="III/a", tmt_golongan=date(2022, 12, 1))
    make_employee(unit, name="Kurang sehari", golongan="III/a", tmt_golongan=date(2022, 12, 2))
    make_employee(unit, name="Fungsional", golongan="III/b", tmt_golongan=date(2024, 10, 1),
                  position_kind="fungsional", position_name="Perawat Ahli Pertama")  # fmt: skip
    make_employee(unit, name="Puncak", golongan="IV/e", tmt_golongan=date(2010, 4, 1))
    birth = date(1990, 1, 1)
    make_employee(unit, name="PPPK", kind="PPPK", nip=pppk_nip(birth), birth_date=birth, golongan="PPPK-IX",
                  tmt_golongan=date(2015, 1, 1))  # fmt: skip


def test_promotion_lists_who_meets_the_time_in_rank_for_the_next_period(as_persona, unit, promotion_people):
    response = as_persona("hr_sorong").get(url("reports:kenaikan_pangkat", unit))
    # Monthly periods since 1 October 2025: the next one after 23 November 2026 is 1 December.
    assert response.context["period"] == date(2026, 12, 1)
    assert response.context["periods"][:3] == [date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)]
    rows = response.context["rows"]
    assert [(r.employee.name, r.next_golongan, r.in_rank, r.functional) for r in rows] == [
        ("Fungsional", "III/c", (2, 2), True),
        ("Empat tahun", "III/b", (4, 0), False),
    ]
    html = response.content.decode()
    assert "Peraturan BKN 4/2025" in html  # the calendar version in force
    assert "periksa angka kredit" in html


def test_a_later_period_brings_in_those_who_reach_four_years_by_then(as_persona, unit, promotion_people):
    response = as_persona("hr_sorong").get(url("reports:kenaikan_pangkat", unit, periode="2027-01-01"))
    assert [r.employee.name for r in response.context["rows"]] == [
        "Fungsional",
        "Empat tahun",
        "Kurang sehari",
    ]


@pytest.mark.parametrize("periode", ["2026-13-01", "kemarin", "2026-12-15"])
def test_a_period_outside_the_calendar_falls_back_to_the_next_one(as_persona, unit, periode):
    response = as_persona("hr_sorong").get(url("reports:kenaikan_pangkat", unit, periode=periode))
    assert response.context["period"] == date(2026, 12, 1)


def test_promotion_excel_matches_the_screen(as_persona, unit, promotion_people):
    response = as_persona("hr_sorong").get(url("reports:kenaikan_pangkat", unit, unduh="xlsx"))
    rows = table_after_header(xlsx_sheets(response)["Kenaikan pangkat"], "No.")
    assert [(r[1], r[3], r[5], r[6], r[7], r[10], r[11]) for r in rows] == [
        ("Fungsional", "III/b", "III/c", 2, 2, "Belum tercatat lengkap", "Periksa angka kredit"),
        ("Empat tahun", "III/a", "III/b", 4, 0, "Belum tercatat lengkap", None),
    ]


def _annual_predikat(employee, year: int, predikat: str) -> None:
    from performance.choices import AppraisalState
    from tests.performance.factories import annual, make_appraisal, make_skp, make_year

    record = make_year(employee.unit.instansi, year=year)
    skp = make_skp(employee, record, appraiser=employee)
    make_appraisal(skp, annual(record), state=AppraisalState.FINAL, predikat=predikat)


def test_promotion_shows_the_performance_condition_of_the_last_two_years(as_persona, unit, promotion_people):
    """Period 1 December 2026 looks at the annual predikat of 2024 and 2025 (shown, not filtered)."""
    from employees.models import Employee

    four, functional = Employee.objects.get(name="Empat tahun"), Employee.objects.get(name="Fungsional")
    _annual_predikat(four, 2024, "baik")
    _annual_predikat(four, 2025, "sangat_baik")
    _annual_predikat(four, 2026, "sangat_kurang")  # not one of the two years looked at
    _annual_predikat(functional, 2025, "butuh_perbaikan")
    response = as_persona("hr_sorong").get(url("reports:kenaikan_pangkat", unit))
    status = {r.employee.name: r.performance for r in response.context["rows"]}
    assert status == {"Empat tahun": "met", "Fungsional": "not_met"}
    html = response.content.decode()
    assert 'data-testid="performance-met"' in html and "Di bawah Baik" in html
    response = as_persona("hr_sorong").get(url("reports:kenaikan_pangkat", unit, periode="2027-01-01"))
    status = {r.employee.name: r.performance for r in response.context["rows"]}
    assert status["Kurang sehari"] == "unknown" and status["Empat tahun"] == "not_met"  # 2025 + 2026


# --- Retirement ------------------------------------------------------------------------------------
@pytest.fixture
def retirement_people(unit):
    make_employee(unit, name="Pelaksana 58", birth_date=date(1969, 1, 10))  # TMT 1 Feb 2027
    make_employee(unit, name="JPT 60", birth_date=date(1967, 3, 5), position_kind="jpt_pratama")  # 1 Apr 2027
    make_employee(unit, name="Sudah lewat", birth_date=date(1968, 10, 5))  # 1 Nov 2026: before today
    make_employee(unit, name="Ahli Utama 65", birth_date=date(1962, 6, 1), position_kind="fungsional",
                  position_level="ahli_utama")  # fmt: skip  # 1 Jul 2027
    birth = date(1969, 5, 20)
    make_employee(unit, name="PPPK 58", kind="PPPK", nip=pppk_nip(birth), birth_date=birth,
                  golongan="PPPK-VII")  # fmt: skip  # 1 Jun 2027
    make_employee(unit, name="Pelaksana 2030", birth_date=date(1972, 2, 10))  # 1 Mar 2030
    make_employee(unit, name="Muda", birth_date=date(1990, 1, 1))


def test_retirement_within_one_year_by_bup(as_persona, unit, retirement_people):
    response = as_persona("hr_sorong").get(url("reports:pensiun", unit, tahun=1))
    rows = list(response.context["page"])
    assert [(r.employee.name, r.bup, r.date) for r in rows] == [
        ("Pelaksana 58", 58, date(2027, 2, 1)),
        ("JPT 60", 60, date(2027, 4, 1)),
        ("PPPK 58", 58, date(2027, 6, 1)),
        ("Ahli Utama 65", 65, date(2027, 7, 1)),
    ]
    assert response.context["end"] == date(2027, 11, 22)


def test_the_five_year_projection_counts_per_year_and_kind(as_persona, unit, retirement_people):
    response = as_persona("hr_sorong").get(url("reports:pensiun", unit))
    projection = {p["year"]: (p["pns"], p["pppk"], p["total"]) for p in response.context["projection"]}
    assert projection == {
        2026: (0, 0, 0),
        2027: (3, 1, 4),
        2028: (0, 0, 0),
        2029: (0, 0, 0),
        2030: (1, 0, 1),
        2031: (0, 0, 0),
    }
    assert response.context["page"].paginator.count == 5
    html = response.content.decode()
    assert ">2027</th>" in html and "2.027" not in html  # a year, not a number with a separator
    only_pns = as_persona("hr_sorong").get(url("reports:pensiun", unit, kind="PNS"))
    assert "PPPK 58" not in [r.employee.name for r in only_pns.context["page"]]


def test_a_head_sees_the_retirements_of_their_subtree(as_persona, org):
    make_employee(org.pkm_sorong, name="Perawat Senior", birth_date=date(1969, 3, 3))
    make_employee(org.dishub_sorong, name="Staf Senior Dishub", birth_date=date(1969, 3, 3))
    response = as_persona("head_dinkes_sorong").get(reverse("reports:pensiun"))
    assert names(response) == ["Perawat Senior"]


def test_retirement_excel_has_the_projection_and_the_list(as_persona, unit, retirement_people):
    sheets = xlsx_sheets(as_persona("hr_sorong").get(url("reports:pensiun", unit, unduh="xlsx")))
    summary = table_after_header(sheets["Proyeksi per tahun"], "Tahun")
    assert (2027, 3, 1, 4) in summary and summary[-1] == ("Jumlah", 4, 1, 5)
    detail = table_after_header(sheets["Daftar pegawai"], "No.")
    assert [(r[1], r[3], r[7], r[8].date()) for r in detail] == [
        ("Pelaksana 58", "PNS", 58, date(2027, 2, 1)),
        ("JPT 60", "PNS", 60, date(2027, 4, 1)),
        ("PPPK 58", "PPPK", 58, date(2027, 6, 1)),
        ("Ahli Utama 65", "PNS", 65, date(2027, 7, 1)),
        ("Pelaksana 2030", "PNS", 58, date(2030, 3, 1)),
    ]


# --- Satyalancana ----------------------------------------------------------------------------------
@pytest.fixture
def satyalancana_people(unit):
    make_employee(unit, name="Sepuluh", tmt_cpns=date(2016, 3, 1))
    make_employee(unit, name="Dua puluh", tmt_cpns=date(2005, 3, 1))
    make_employee(unit, name="Tiga puluh", tmt_cpns=date(1996, 12, 31))
    barred = make_employee(unit, name="Hukuman sedang", tmt_cpns=date(2016, 3, 1))
    DisciplineHistory.objects.create(employee=barred, type="potong_6", start_date=date(2020, 1, 1))
    holder = make_employee(unit, name="Sudah punya", tmt_cpns=date(2016, 3, 1))
    AwardHistory.objects.create(employee=holder, kind="slks_x", year=2026)
    make_employee(unit, name="Tahun depan", tmt_cpns=date(2017, 6, 1))


def test_satyalancana_candidates_of_the_year(as_persona, unit, satyalancana_people):
    response = as_persona("hr_sorong").get(url("reports:satyalancana", unit))
    rows = list(response.context["page"])
    assert [(r.employee.name, r.award, r.service_years) for r in rows] == [
        ("Tiga puluh", "slks_xxx", 30),
        ("Dua puluh", "slks_xx", 21),
        ("Sepuluh", "slks_x", 10),
    ]
    assert '<option value="2027"' in response.content.decode()  # the year choices, as plain numbers
    next_year = as_persona("hr_sorong").get(url("reports:satyalancana", unit, tahun=2027))
    assert "Tahun depan" in names(next_year)
    silver = as_persona("hr_sorong").get(url("reports:satyalancana", unit, jenis="slks_xx"))
    assert names(silver) == ["Dua puluh"]


def test_satyalancana_excel_matches_the_screen(as_persona, unit, satyalancana_people):
    response = as_persona("hr_sorong").get(url("reports:satyalancana", unit, unduh="xlsx"))
    rows = table_after_header(xlsx_sheets(response)["Satyalancana"], "No.")
    assert [(r[1], r[5], r[6]) for r in rows] == [
        ("Tiga puluh", 30, "Satyalancana Karya Satya XXX tahun"),
        ("Dua puluh", 21, "Satyalancana Karya Satya XX tahun"),
        ("Sepuluh", 10, "Satyalancana Karya Satya X tahun"),
    ]


# --- Query counts -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name", ["reports:kgb", "reports:kenaikan_pangkat", "reports:pensiun", "reports:satyalancana"]
)
def test_the_career_lists_keep_a_constant_query_count(as_persona, org, name, django_assert_max_num_queries):
    client = as_persona("hr_sorong")
    target = make_unit(org.sorong, "MASSAL")
    address = url(name, target, bulan=12)
    client.get(address)
    make_employees_bulk(target, 1)
    Employee.objects.filter(unit=target).update(birth_date=date(1969, 1, 10))
    small = query_count(client, address)
    assert client.get(address).context["page"].paginator.count == 1
    make_employees_bulk(target, 199)
    Employee.objects.filter(unit=target).update(birth_date=date(1969, 1, 10))
    with django_assert_max_num_queries(small):
        response = client.get(address)
    assert response.context["page"].paginator.count >= 15  # KGB: those due within 12 months


# --- Paging in the database (issue 11) -------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("reports:kgb", {"bulan": 12}),
        ("reports:kgb", {"bulan": 12, "sort": "-nama"}),
        ("reports:pensiun", {"tahun": 5}),
        ("reports:pensiun", {"tahun": 5, "sort": "-bup"}),
        ("reports:satyalancana", {}),
        ("reports:satyalancana", {"sort": "golongan"}),
    ],
)
def test_the_pages_of_a_career_list_are_the_whole_list_cut_in_order(as_persona, org, name, params):
    """Each page is loaded on its own (the ids of the page, then its rows): put together, the pages
    give the print view's list (everything on one page) exactly, without a row twice or missing."""
    target = make_unit(org.sorong, "MASSAL")
    make_employees_bulk(target, 70)
    people = list(Employee.objects.filter(unit=target).order_by("pk"))
    for i, e in enumerate(people):  # retirements over 5 years, names out of id order
        Employee.objects.filter(pk=e.pk).update(
            birth_date=date(1968 + i % 5, 1 + i % 12, 1), name=f"P {70 - i:02d}"
        )
    client = as_persona("hr_sorong")

    def rows(response):
        return [(r.employee.pk, r.date if hasattr(r, "date") else r.award) for r in response.context["page"]]

    everything = rows(client.get(url(name, target, cetak=1, **params)))
    assert len(everything) >= 30
    paged = []
    for number in range(1, 100):
        response = client.get(url(name, target, size=25, page=number, **params))
        page = response.context["page"]
        paged += rows(response)
        if not page.has_next():
            break
    assert paged == everything
    assert page.paginator.count == len(everything)
