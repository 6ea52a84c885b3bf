"""The home page shows work to do per role (issue 13 item 4): each line a link to the filtered page
where the work is done, the HR charts, empty states, and a query count that does not grow with the data."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employees.choices import CorrectionStatus
from employees.models import CorrectionProposal, Employee
from performance import rules
from performance.choices import AppraisalState, Predikat, SkpState
from performance.models import Period, Skp
from tests.factories import make_employee, make_employees_bulk
from tests.performance.factories import ikis_of, make_appraisal, make_realisation, make_skp, make_year, period

# The default clock is 15 July 2026 (tests/conftest.py): January to June of 2026 have ended.
TODAY = date(2026, 7, 15)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    """An element of the page, enough of a DOM for these tests (the standard library's parser)."""

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag, self.attrs, self.children = tag, attrs, []

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def get_text(self) -> str:
        return " ".join(
            " ".join((c if isinstance(c, str) else c.get_text()).split()) for c in self.children
        ).strip()

    def select(self, tag: str = "", **attrs: str) -> list[Node]:
        return [
            n
            for n in self.walk()
            if (not tag or n.tag == tag)
            and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def testid(self, value: str) -> Node | None:
        found = self.select(data_testid=value)
        return found[0] if found else None


class Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def page(client, url: str = "/") -> Node:
    response = client.get(url)
    assert response.status_code == 200
    builder = Builder()
    builder.feed(response.content.decode())
    return builder.root


def item(soup: Node, key: str) -> Node:
    found = soup.testid(f"work-{key}")
    assert found is not None, f"no line {key!r} on the home page"
    return found


def count_of(soup: Node, key: str) -> int:
    return int(item(soup, key)["data-count"])


@pytest.fixture
def year(org):
    return make_year(org.sorong)


@pytest.fixture
def hr_story(org, year):
    """Sorong: a pending correction, a KGB in August, a retirement in November, the nurse's SKP
    approved and rated Baik for June; nobody else has an SKP."""
    CorrectionProposal.objects.create(
        employee=org.employee_dinkes_sorong,
        changes={"birth_place": {"old": "", "new": "Sorong"}},
        reason="Uji",
        submitted_by=org.users["employee_dinkes_sorong"],
    )
    kgb = make_employee(org.dishub_sorong, name="Pegawai KGB", tmt_golongan=date(2014, 8, 1))
    retiring = make_employee(org.dishub_sorong, name="Pegawai Pensiun", birth_date=date(1968, 10, 10))
    skp = make_skp(org.employee_dinkes_sorong, year)
    make_appraisal(skp, period(year, 6), state=AppraisalState.FINAL, predikat=Predikat.BAIK)
    return kgb, retiring


# --- HR ---------------------------------------------------------------------------------------------


def test_hr_sees_each_line_of_work_with_its_filtered_link(org, year, hr_story, as_persona):
    soup = page(as_persona("hr_sorong"))
    sorong = org.sorong.pk
    assert count_of(soup, "corrections") == 1
    assert item(soup, "corrections")["href"] == f"{reverse('employees:correction_queue')}?status=diajukan"
    assert count_of(soup, "kgb") == 1
    assert item(soup, "kgb")["href"] == f"{reverse('reports:kgb')}?instansi={sorong}&bulan=2"
    assert count_of(soup, "retirement") == 1
    assert item(soup, "retirement")["href"] == f"{reverse('reports:pensiun')}?instansi={sorong}&tahun=1"
    # The monthly calendar (from October 2025): the next period is 1 August 2026; everyone of
    # Sorong has held their rank since 2015 or earlier.
    in_service = Employee.objects.filter(unit__instansi=org.sorong, is_active=True).count()
    assert count_of(soup, "promotion") == in_service
    assert item(soup, "promotion")["href"] == (
        f"{reverse('reports:kenaikan_pangkat')}?instansi={sorong}&periode=2026-08-01"
    )
    # Only the nurse has an approved SKP; the SKP deadline (31 January) has passed.
    assert count_of(soup, "without_skp") == in_service - 1
    assert item(soup, "without_skp")["href"] == (
        f"{reverse('performance:monitoring')}?instansi={sorong}&year=2026&tampil=belum_skp"
    )
    assert item(soup, "without_skp").testid("overdue") is not None
    # June is the last period that has ended; only the nurse's appraisal is final.
    june = period(year, 6)
    assert count_of(soup, "not_appraised") == in_service - 1
    assert item(soup, "not_appraised")["href"] == (
        f"{reverse('performance:monitoring')}?instansi={sorong}&year=2026&period={june.pk}&tampil=belum_dinilai"
    )
    # January to June have ended and no scoring run has been made.
    assert count_of(soup, "unscored") == 6
    assert item(soup, "unscored")["href"] == f"{reverse('performance:scoring')}?instansi={sorong}"


def test_every_hr_link_opens_for_the_hr_officer(org, year, hr_story, as_persona):
    client = as_persona("hr_sorong")
    soup = page(client)
    links = [a["href"] for a in soup.testid("work-hr").select("a")]
    assert len(links) == 7
    for url in links:
        assert client.get(url).status_code == 200, url


def test_hr_sees_the_headcount_and_predikat_charts(org, year, hr_story, as_persona):
    soup = page(as_persona("hr_sorong"))
    golongan = soup.testid("chart-golongan")
    assert "Gol. III" in golongan.get_text()
    units = soup.testid("chart-unit").get_text()
    assert "Dinas Kesehatan" in units and "Dinas Perhubungan" in units
    predikat = soup.testid("chart-predikat")
    assert predikat.select("rect", data_predikat="baik")
    assert "1 penilaian final" in predikat.get_text()


def test_the_predikat_chart_keeps_the_last_closed_month_while_the_next_is_still_being_rated(
    org, year, as_persona
):
    may, june = period(year, 5), period(year, 6)
    Period.objects.filter(pk=june.pk).update(appraisal_deadline=date(2026, 7, 31))  # still rating June
    for e in (org.employee_dinkes_sorong, org.head_dinkes_sorong):
        make_appraisal(make_skp(e, year), may, state=AppraisalState.FINAL, predikat=Predikat.BAIK)
    make_appraisal(
        make_skp(org.employee_dishub_sorong, year),
        june,
        state=AppraisalState.FINAL,
        predikat=Predikat.SANGAT_BAIK,
    )
    text = page(as_persona("hr_sorong")).testid("chart-predikat").get_text()
    assert "2 penilaian final" in text and "Mei 2026" in text


def test_an_agency_without_data_says_what_to_do_next(org, as_persona):
    """Palembang has no performance year, no final appraisal: the lines say what to do."""
    soup = page(as_persona("hr_palembang"))
    missing = item(soup, "year_missing")
    assert missing["href"] == reverse("performance:year_create")
    assert "Buka tahun kinerja" in missing.get_text()
    assert "Belum ada penilaian final" in soup.testid("chart-predikat").get_text()
    assert count_of(soup, "corrections") == 0
    assert "tidak ada" in item(soup, "corrections").get_text()


def test_a_superuser_switches_the_agency_of_the_work_list(org, year, hr_story, as_persona):
    client = as_persona("superuser")
    soup = page(client)
    assert soup.testid("hr-agency").get_text() == "Pemerintah Kota Palembang"
    assert soup.testid("hr-agency-switch") is not None
    soup = page(client, f"/?instansi={org.sorong.pk}")
    assert soup.testid("hr-agency").get_text() == "Pemerintah Kota Sorong"
    assert count_of(soup, "kgb") == 1


def test_an_hr_officer_cannot_switch_to_another_agency(org, year, hr_story, as_persona):
    soup = page(as_persona("hr_palembang"), f"/?instansi={org.sorong.pk}")
    assert soup.testid("hr-agency").get_text() == "Pemerintah Kota Palembang"
    assert soup.testid("hr-agency-switch") is None
    assert count_of(soup, "kgb") == 0


@pytest.mark.parametrize("persona", ["head_dinkes_sorong", "employee_dinkes_sorong"])
def test_heads_and_employees_get_no_hr_work(org, year, hr_story, as_persona, persona):
    soup = page(as_persona(persona))
    assert soup.testid("work-hr") is None
    assert soup.testid("charts-hr") is None


def test_the_hr_work_is_english_for_an_officer_who_chose_english(org, year, hr_story, as_persona):
    client = as_persona("hr_sorong")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = page(client).get_text()
    assert "Work waiting" in text
    assert "KGB notices due within 2 months" in text
    assert "Headcount by golongan" in text


# --- The head -----------------------------------------------------------------------------------------


@pytest.fixture
def head_story(org, year):
    """The nurse's SKP submitted on 1 June (overdue); a Dinkes staff member reported May and waits
    for a rating (overdue since 10 June)."""
    skp = make_skp(org.employee_dinkes_sorong, year, state=SkpState.SUBMITTED)
    Skp.objects.filter(pk=skp.pk).update(submitted_at=timezone.make_aware(datetime(2026, 6, 1, 9)))
    staff = make_employee(org.dinkes_sorong, name="Staf Dinkes")
    approved = make_skp(staff, year)
    make_realisation(ikis_of(approved)[0], period(year, 5), Decimal(90))
    return skp, approved


def test_the_head_sees_what_to_approve_and_rate_with_its_age(org, year, head_story, as_persona):
    skp, approved = head_story
    soup = page(as_persona("head_dinkes_sorong"))
    queue = reverse("performance:queue")
    assert count_of(soup, "to_approve") == 1
    assert item(soup, "to_approve")["href"] == f"{queue}#skp"
    review_late = rules.days_overdue(rules.skp_review_deadline(year.skp_deadline, date(2026, 6, 1)), TODAY)
    assert review_late > 0
    assert f"terlambat {review_late} hari" in item(soup, "to_approve").get_text()
    assert count_of(soup, "to_rate") == 1
    may = period(year, 5)
    rate_late = rules.days_overdue(may.appraisal_deadline, TODAY)
    assert f"terlambat {rate_late} hari" in item(soup, "to_rate").get_text()
    overdue = soup.testid("head-overdue")
    links = [a["href"] for a in overdue.select("a")]
    assert links == [
        reverse("performance:appraisal", args=[approved.pk, may.pk]),
        reverse("performance:skp_detail", args=[skp.pk]),
    ]  # oldest first
    assert count_of(soup, "dialog") == 0


def test_a_head_with_nothing_waiting_is_told_so(org, year, as_persona):
    soup = page(as_persona("head_dinkes_sorong"))
    assert count_of(soup, "to_approve") == 0
    assert "Tidak ada yang terlambat" in soup.testid("head-overdue").get_text()


def test_an_employee_who_appraises_nobody_gets_no_appraiser_section(org, year, as_persona):
    soup = page(as_persona("employee_dinkes_sorong"))
    assert soup.testid("work-head") is None


# --- The employee ----------------------------------------------------------------------------------------


def test_the_employee_sees_the_skp_state_and_the_next_deadline(org, year, as_persona):
    soup = page(as_persona("employee_dinkes_sorong"))
    own = item(soup, "own_skp")
    assert "Belum disusun" in own.get_text()
    assert "31 Januari 2026" in own.get_text()
    assert own["href"] == reverse("performance:my_skp")
    assert own.testid("overdue") is not None


def test_the_employee_sees_the_months_not_reported(org, year, as_persona):
    skp = make_skp(org.employee_dinkes_sorong, year)
    for number in (1, 2, 3, 5):
        make_realisation(ikis_of(skp)[0], period(year, number), Decimal(50))
    soup = page(as_persona("employee_dinkes_sorong"))
    assert "Disetujui" in item(soup, "own_skp").get_text()
    assert count_of(soup, "unreported") == 2  # April and June
    assert item(soup, "unreported")["href"] == reverse(
        "performance:realisation", args=[skp.pk, period(year, 4).pk]
    )


def test_the_employee_sees_pending_corrections_and_the_next_kgb_and_promotion(org, year, as_persona):
    CorrectionProposal.objects.create(
        employee=org.employee_dinkes_sorong,
        changes={"birth_place": {"old": "", "new": "Sorong"}},
        reason="Uji",
        status=CorrectionStatus.DIAJUKAN,
        submitted_by=org.users["employee_dinkes_sorong"],
    )
    soup = page(as_persona("employee_dinkes_sorong"))
    assert count_of(soup, "own_corrections") == 1
    assert item(soup, "own_corrections")["href"] == reverse("employees:correction_mine")
    # III/a since 1 March 2015, no MKG: a KGB every odd year in March; promotion due long ago, so
    # the next monthly period.
    assert "1 Maret 2027" in item(soup, "next_kgb").get_text()
    assert "1 Agustus 2026" in item(soup, "next_promotion").get_text()
    assert item(soup, "next_kgb")["href"] == reverse("employees:profile")


def test_a_pppk_has_no_kgb_or_promotion_date(org, year, as_persona):
    Employee.objects.filter(pk=org.employee_dinkes_sorong.pk).update(kind="PPPK")
    soup = page(as_persona("employee_dinkes_sorong"))
    assert "tidak berlaku" in item(soup, "next_kgb").get_text()
    assert "tidak berlaku" in item(soup, "next_promotion").get_text()


def test_without_a_performance_year_the_employee_is_told_to_wait(org, as_persona):
    soup = page(as_persona("employee_dishub_palembang"))
    assert "Tahun kinerja belum dibuka" in item(soup, "own_skp").get_text()


# --- Query counts -------------------------------------------------------------------------------------------


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def grow(org, year, n: int) -> None:
    """n more employees in each Sorong unit, with SKPs submitted to the head, realisations to rate,
    final appraisals, correction proposals."""
    for unit in (org.dinkes_sorong, org.pkm_sorong, org.dishub_sorong):
        for e in make_employees_bulk(unit, n):
            CorrectionProposal.objects.create(
                employee=e, changes={}, reason="x", submitted_by=org.users["hr_sorong"]
            )
    staff = list(Employee.objects.filter(unit=org.dinkes_sorong, is_unit_head=False))[:n]
    for i, e in enumerate(staff):
        state = SkpState.SUBMITTED if i % 2 else SkpState.APPROVED
        skp = make_skp(e, year, state=state, appraiser=org.head_dinkes_sorong)
        if state == SkpState.APPROVED:
            make_realisation(ikis_of(skp)[0], period(year, 5), Decimal(80))
            make_appraisal(skp, period(year, 4), state=AppraisalState.FINAL, predikat=Predikat.SANGAT_BAIK)


# The most queries each home page may take, whatever the data (measured: see the test's message). The
# head's and the employee's include finding the appraiser up the tree (employees.selectors.superiors:
# acting appraisers, heads, the Sekda). HR's and the superuser's include the Sekda's SKP waiting for
# the kepala daerah's decision (one query per agency); the head's, with nobody above them in the tree
# (no Sekda recorded here), whether they are the Sekda (the kepala daerah is then shown as atasan).
# Whoever has an employee record also reads their JP of the year (training.panels.own_jp: one query).
DASHBOARD_QUERY_LIMIT = {
    "hr_sorong": 35,
    "head_dinkes_sorong": 25,
    "employee_dinkes_sorong": 22,
    "superuser": 29,
}


@pytest.mark.parametrize("persona", sorted(DASHBOARD_QUERY_LIMIT))
def test_the_home_page_query_count_does_not_grow_with_the_data(
    org, year, as_persona, persona, django_assert_max_num_queries
):
    client = as_persona(persona)
    grow(org, year, 1)
    client.get("/")  # the first request of a session also reads what the next ones have cached
    small = queries(client)
    with django_assert_max_num_queries(DASHBOARD_QUERY_LIMIT[persona]):
        client.get("/")
    grow(org, year, 25)
    large = queries(client)
    assert large == small, f"{persona}: {small} queries with 1 row per unit, {large} with 26"
    with django_assert_max_num_queries(DASHBOARD_QUERY_LIMIT[persona]):
        client.get("/")
