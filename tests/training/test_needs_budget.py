"""Training needs and the training budget (issue 14 items 7 and 9): the rules, the services (their
checks, bounds and rollback), the aggregation and the budget sums on constructed data, the loop back
to the coaching page, the exports, and constant query counts."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse as R
from django.utils import timezone
from openpyxl import load_workbook

from training.choices import EnrolmentState, NeedSource, NeedStatus
from training.models import AMOUNT_MAX, BudgetLine, Enrolment, Spending, TrainingNeed
from training.rules.needs import committed_cost, need_status, over_allocation, planned_cost, rupiah
from training.selectors import budget as budget_selectors
from training.selectors import needs as need_selectors
from training.services import budget as budget_services
from training.services import needs as need_services

from ..factories import make_employee, make_employees_bulk
from .factories import actor, make_programme
from .needs_helpers import YEAR, budget_line, coaching_plan, competency, make_need, spend

pytestmark = pytest.mark.django_db


# --- Rules ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("state", "status"),
    [
        (None, NeedStatus.OPEN),
        (EnrolmentState.REJECTED, NeedStatus.OPEN),
        (EnrolmentState.CANCELLED, NeedStatus.OPEN),
        (EnrolmentState.REQUESTED, NeedStatus.NOMINATED),
        (EnrolmentState.CONFIRMED, NeedStatus.NOMINATED),
        (EnrolmentState.COMPLETED, NeedStatus.MET),
    ],
)
def test_a_need_is_met_only_by_a_completed_nomination(state, status):
    assert need_status(state) == status


def test_budget_rules():
    assert planned_cost(20, 1_500_000) == 30_000_000
    assert committed_cost(3, 1_500_000) == 4_500_000
    assert over_allocation(10, 8, 9) == 0
    assert over_allocation(10, 12, 9) == 2
    assert over_allocation(10, 8, 15) == 5
    assert over_allocation(None, 3, 0) == 3
    assert rupiah(1_500_000) == "Rp1.500.000"
    assert rupiah(0) == "Rp0"


# --- Proposals -----------------------------------------------------------------------------------------------
def test_an_employee_proposes_their_own_need(org):
    need = need_services.need_propose(
        actor=actor(org, "employee_dinkes_sorong"),
        employee=org.employee_dinkes_sorong,
        competency=competency(org.sorong),
        reason="Loket ramai",
        year=YEAR,
    )
    assert need.source == NeedSource.EMPLOYEE and need.instansi_id == org.sorong.pk


def test_a_head_proposes_for_their_subtree_but_not_outside_it(org):
    head = actor(org, "head_dinkes_sorong")
    need = need_services.need_propose(
        actor=head, employee=org.employee_dinkes_sorong, description="Komunikasi efektif", year=YEAR
    )
    assert need.source == NeedSource.HEAD
    with pytest.raises(PermissionDenied):
        need_services.need_propose(
            actor=head, employee=org.employee_dishub_sorong, description="X", year=YEAR
        )


def test_an_employee_cannot_propose_for_a_colleague(org):
    with pytest.raises(PermissionDenied):
        need_services.need_propose(
            actor=actor(org, "employee_dinkes_sorong"),
            employee=org.head_dinkes_sorong,
            description="X",
            year=YEAR,
        )
    assert not TrainingNeed.objects.exists()


def test_a_need_names_a_competency_of_the_employees_agency(org):
    with pytest.raises(ValidationError):
        need_services.need_propose(
            actor=actor(org, "hr_sorong"),
            employee=org.employee_dinkes_sorong,
            competency=competency(org.palembang),
            year=YEAR,
        )
    with pytest.raises(ValidationError):  # neither a competency nor a description
        need_services.need_propose(
            actor=actor(org, "hr_sorong"), employee=org.employee_dinkes_sorong, year=YEAR
        )
    assert not TrainingNeed.objects.exists()


def test_the_proposal_form_refuses_a_need_without_competency_or_description(org, as_persona):
    response = as_persona("employee_dinkes_sorong").post(
        R("training:need_create"),
        {"employee": org.employee_dinkes_sorong.pk, "reason": "x", "priority": "sedang", "year": YEAR},
    )
    assert response.status_code == 200
    assert "Pilih kompetensi atau tuliskan kebutuhan pelatihannya." in response.content.decode()
    assert not TrainingNeed.objects.exists()


# --- Coaching plans --------------------------------------------------------------------------------------------
def test_coaching_needs_are_taken_in_once(org):
    plan = coaching_plan(org)
    hr = actor(org, "hr_sorong")
    assert need_services.needs_import_coaching(actor=hr, instansi=org.sorong) == 1
    assert need_services.needs_import_coaching(actor=hr, instansi=org.sorong) == 0
    need = TrainingNeed.objects.get()
    assert (need.coaching_plan_id, need.source, need.year) == (plan.pk, NeedSource.COACHING, YEAR)
    assert need.description == "Pelatihan komunikasi pelayanan" and need.competency_id is None


def test_another_agencys_hr_cannot_take_in_sorongs_coaching_needs(org):
    coaching_plan(org)
    with pytest.raises(Exception) as caught:
        need_services.needs_import_coaching(actor=actor(org, "hr_palembang"), instansi=org.sorong)
    assert caught.type.__name__ in {"Http404", "PermissionDenied"}
    assert not TrainingNeed.objects.exists()


# --- Nomination and the loop back ------------------------------------------------------------------------------
def matching(org, **overrides):
    programme = make_programme(org.sorong, title="Pelayanan Prima Loket", **overrides)
    programme.competencies.add(competency(org.sorong))
    return programme


def test_hr_answers_a_coaching_need_and_the_coaching_page_shows_the_completed_programme(org, as_persona):
    plan = coaching_plan(org)
    hr = actor(org, "hr_sorong")
    need_services.needs_import_coaching(actor=hr, instansi=org.sorong)
    need = TrainingNeed.objects.get()
    need = need_services.need_set_competency(actor=hr, need=need, competency=competency(org.sorong))
    programme = matching(org)
    assert list(need_selectors.matching_programmes(hr, need)) == [programme]
    need = need_services.need_nominate(actor=hr, need=need, programme=programme)
    enrolment = need.enrolment
    assert enrolment is not None and enrolment.employee_id == org.employee_dinkes_sorong.pk
    assert enrolment.origin == "kepegawaian"
    assert need_status(enrolment.state) == NeedStatus.NOMINATED

    head = as_persona("head_dinkes_sorong")
    page = head.get(R("performance:coaching", args=[plan.pk])).content.decode()
    assert "Pelayanan Prima Loket" in page and 'data-testid="coaching-training"' in page

    Enrolment.objects.filter(pk=enrolment.pk).update(
        state=EnrolmentState.COMPLETED, completed_at=timezone.now()
    )
    listed = as_persona("hr_sorong").get(R("training:need_list") + "?status=terpenuhi")
    assert [n.pk for n in listed.context["page"]] == [need.pk]
    assert "Terpenuhi" in listed.content.decode()
    page = head.get(R("performance:coaching", args=[plan.pk])).content.decode()
    assert "Selesai" in page and "Pelayanan Prima Loket" in page


def test_a_need_is_not_nominated_for_a_programme_that_does_not_match(org):
    hr = actor(org, "hr_sorong")
    need = make_need(org.employee_dinkes_sorong)
    other = make_programme(org.sorong, title="Tidak terkait")  # addresses no competency
    closed = matching(org, state="ditutup")
    narrow = matching(org, golongan_min="IV/a")  # the nurse is III/a
    for programme in (other, closed, narrow):
        with pytest.raises(ValidationError):
            need_services.need_nominate(actor=hr, need=need, programme=programme)
    need.refresh_from_db()
    assert need.enrolment_id is None and not Enrolment.objects.exists()


def test_a_need_is_answered_once_and_never_by_its_own_employee(org):
    hr = actor(org, "hr_sorong")
    need = make_need(org.employee_dinkes_sorong)
    programme = matching(org)
    need_services.need_nominate(actor=hr, need=need, programme=programme)
    with pytest.raises(ValidationError):
        need_services.need_nominate(actor=hr, need=need, programme=matching(org))
    assert Enrolment.objects.count() == 1
    with pytest.raises(PermissionDenied):
        need_services.need_nominate(actor=actor(org, "head_dinkes_sorong"), need=need, programme=programme)


# --- Aggregation ---------------------------------------------------------------------------------------------
def test_needs_are_counted_per_competency_and_unit(org):
    a, b = competency(org.sorong, "T.01", "Pelayanan"), competency(org.sorong, "T.02", "Arsip")
    nurse, head, dishub = org.employee_dinkes_sorong, org.head_dinkes_sorong, org.employee_dishub_sorong
    make_need(nurse, competency=a, priority="tinggi")
    make_need(nurse, competency=a)
    make_need(head, competency=a, source=NeedSource.HEAD)
    make_need(dishub, competency=b)
    make_need(dishub, competency=None, description="Bahasa isyarat", source=NeedSource.COACHING)
    make_need(dishub, competency=b, year=YEAR + 1)  # another year
    make_need(org.employee_dishub_palembang)  # another agency
    hr = actor(org, "hr_sorong")
    f = need_selectors.NeedFilters(instansi=org.sorong, year=YEAR)
    rows = {
        r["competency__code"]: (r["needs"], r["people"], r["high"])
        for r in need_selectors.per_competency(hr, f)
    }
    assert rows == {"T.01": (3, 2, 1), "T.02": (1, 1, 0), None: (1, 1, 0)}
    cross = {
        (r["competency__code"], r["employee__unit_id"]): r["needs"]
        for r in need_selectors.per_competency_and_unit(hr, f)
    }
    assert cross == {
        ("T.01", nurse.unit_id): 2,
        ("T.01", head.unit_id): 1,
        ("T.02", dishub.unit_id): 1,
        (None, dishub.unit_id): 1,
    }
    dinkes = need_selectors.NeedFilters(instansi=org.sorong, year=YEAR, unit=org.dinkes_sorong)
    assert [(r["competency__code"], r["needs"]) for r in need_selectors.per_competency(hr, dinkes)] == [
        ("T.01", 3)
    ]
    heads_only = need_selectors.NeedFilters(instansi=org.sorong, year=YEAR, source=NeedSource.HEAD)
    assert [r["needs"] for r in need_selectors.per_competency(hr, heads_only)] == [1]
    only_b = need_selectors.NeedFilters(instansi=org.sorong, year=YEAR, competency=b)
    assert [r["competency__code"] for r in need_selectors.per_competency(hr, only_b)] == ["T.02"]


def test_the_summary_page_draws_the_chart_and_exports_the_counts(org, as_persona):
    make_need(org.employee_dinkes_sorong, description='=HYPERLINK("x")')
    make_need(org.head_dinkes_sorong, source=NeedSource.HEAD)
    client = as_persona("hr_sorong")
    query = f"?instansi={org.sorong.pk}&year={YEAR}"
    html = client.get(R("training:need_summary") + query).content.decode()
    assert 'data-testid="need-chart"' in html and '<rect x="0" y="0" width="100.0"' in html
    response = client.get(R("training:need_export") + query)
    sheet = load_workbook(io.BytesIO(response.content))["Per kompetensi"]
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == "T.01 Pelayanan publik"]
    assert values == [("T.01 Pelayanan publik", 2, 2, 0, 0)]


# --- Budget --------------------------------------------------------------------------------------------------
def seats(programme, employees, state=EnrolmentState.CONFIRMED):
    Enrolment.objects.bulk_create(
        Enrolment(programme=programme, employee=e, origin="kepegawaian", state=state) for e in employees
    )


def test_budget_sums_per_line_and_programme(org):
    people = make_employees_bulk(org.pkm_sorong, 4)
    budget_line(org.sorong, "5.2.1.02", allocated=4_000_000)
    budget_line(org.sorong, "5.2.9.99", allocated=1_000_000)  # allocated, no programme
    budget_line(org.sorong, "5.2.1.02", allocated=999, year=2025)  # another year
    p1 = make_programme(org.sorong, title="A", quota=3, cost=1_500_000, budget_line="5.2.1.02")
    seats(p1, people[:2])
    seats(p1, people[2:3], state=EnrolmentState.COMPLETED)
    seats(p1, people[3:], state=EnrolmentState.WAITLISTED)  # not committed
    spend(p1, 3_000_000)
    spend(p1, 1_500_000)
    p2 = make_programme(org.sorong, title="B", quota=10, cost=200_000, budget_line="X.1")  # no allocation
    seats(p2, people[:1])
    p3 = make_programme(
        org.sorong, title="C", quota=5, cost=100_000, budget_line="5.2.1.02", state="dibatalkan"
    )
    spend(p3, 50_000)
    make_programme(org.sorong, title="D", quota=2, cost=0, budget_line="", start_date=date(2026, 9, 1),
                   end_date=date(2026, 9, 2))  # fmt: skip
    make_programme(org.sorong, title="2025", start_date=date(2025, 8, 1), end_date=date(2025, 8, 2))
    make_programme(org.palembang, title="Palembang", budget_line="5.2.1.02")
    lines, total = budget_selectors.budget_lines(
        actor=actor(org, "hr_sorong"), instansi=org.sorong, year=2026
    )
    got = {
        ln.code: (ln.allocated, ln.planned, ln.committed, ln.spent, ln.over, ln.programmes) for ln in lines
    }
    assert got == {
        "5.2.1.02": (4_000_000, 4_500_000, 4_500_000, 4_550_000, 550_000, 2),
        "5.2.9.99": (1_000_000, 0, 0, 0, 0, 0),
        "X.1": (None, 2_000_000, 200_000, 0, 200_000, 1),
        "": (None, 0, 0, 0, 0, 1),
    }
    assert [ln.code for ln in lines] == ["5.2.1.02", "5.2.9.99", "X.1", ""]
    assert (total.allocated, total.planned, total.committed, total.spent) == (
        5_000_000,
        6_500_000,
        4_700_000,
        4_550_000,
    )
    rows = {
        p.title: (p.seats, p.spent_total)
        for p in budget_selectors.budget_programmes(
            actor=actor(org, "hr_sorong"), instansi=org.sorong, year=2026
        )
    }
    assert rows == {"A": (3, 4_500_000), "B": (1, 0), "C": (0, 50_000), "D": (0, 0)}


def test_the_budget_page_highlights_an_over_allocated_line_in_rupiah(org, as_persona):
    people = make_employees_bulk(org.pkm_sorong, 2)
    budget_line(org.sorong, "5.2.1.02", allocated=2_000_000)
    p1 = make_programme(org.sorong, quota=2, cost=1_500_000)
    seats(p1, people)
    html = as_persona("hr_sorong").get(R("training:budget") + "?year=2026").content.decode()
    assert 'class="table-danger" data-over="1"' in html
    assert "Rp3.000.000" in html and "melebihi Rp1.000.000" in html


def test_the_budget_export_has_the_lines_and_the_programmes(org, as_persona):
    budget_line(org.sorong, "5.2.1.02", allocated=2_000_000)
    spend(make_programme(org.sorong, quota=2, cost=1_500_000), 700_000)
    response = as_persona("hr_sorong").get(R("training:budget_export") + "?year=2026")
    book = load_workbook(io.BytesIO(response.content))
    lines = [r for r in book["Per mata anggaran"].iter_rows(values_only=True) if r and r[0] == "5.2.1.02"]
    assert lines == [("5.2.1.02", "Diklat teknis", 2_000_000, 3_000_000, 0, 700_000, 1_300_000, 0)]
    programmes = [
        r
        for r in book["Per program"].iter_rows(values_only=True)
        if r and r[0] == "Pelatihan Pelayanan Prima"
    ]
    assert programmes[0][-1] == 700_000


def test_a_budget_line_is_recorded_then_changed(org):
    hr = actor(org, "hr_sorong")
    budget_services.budget_line_save(actor=hr, instansi=org.sorong, year=2026, code=" 5.2.1.02 ", allocated=1)
    budget_services.budget_line_save(
        actor=hr, instansi=org.sorong, year=2026, code="5.2.1.02", allocated=AMOUNT_MAX
    )
    assert list(BudgetLine.objects.values_list("code", "allocated")) == [("5.2.1.02", AMOUNT_MAX)]


@pytest.mark.parametrize("amount", [-1, AMOUNT_MAX + 1])
def test_an_allocation_out_of_bounds_is_refused(org, amount):
    with pytest.raises(ValidationError):
        budget_services.budget_line_save(
            actor=actor(org, "hr_sorong"), instansi=org.sorong, year=2026, code="5.2.1.02", allocated=amount
        )
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize("amount", [-5, 0, AMOUNT_MAX + 1])
def test_a_spending_out_of_bounds_is_refused(org, amount):
    with pytest.raises(ValidationError):
        budget_services.spending_record(
            actor=actor(org, "hr_sorong"),
            programme=make_programme(org.sorong),
            on=date(2026, 8, 1),
            amount=amount,
        )
    assert not Spending.objects.exists()


def test_a_spending_of_the_maximum_is_recorded_and_another_agency_is_refused(org):
    programme = make_programme(org.sorong)
    budget_services.spending_record(
        actor=actor(org, "hr_sorong"), programme=programme, on=date(2026, 8, 1), amount=AMOUNT_MAX, note="x"
    )
    assert Spending.objects.get().amount == AMOUNT_MAX
    with pytest.raises(Exception) as caught:
        budget_services.spending_record(
            actor=actor(org, "hr_palembang"), programme=programme, on=date(2026, 8, 1), amount=1
        )
    assert caught.type.__name__ in {"Http404", "PermissionDenied"}
    assert Spending.objects.count() == 1


def test_the_spending_form_says_what_is_wrong(org, as_persona):
    programme = make_programme(org.sorong)
    response = as_persona("hr_sorong").post(
        R("training:spending", args=[programme.pk]), {"on": "2026-08-01", "amount": "-3", "note": ""}
    )
    assert response.status_code == 200 and response.context["form"].errors["amount"]
    assert not Spending.objects.exists()


# --- Query counts --------------------------------------------------------------------------------------------
def constant(client, url, grow, django_assert_max_num_queries, expected_rows):
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(list(response.context["page"])) == expected_rows


def many_needs(org, count, start=0):
    people = make_employees_bulk(org.pkm_sorong, count)
    for i, person in enumerate(people):
        make_need(person, competency=competency(org.sorong, f"K.{(start + i) % 7}", "Kompetensi"))


@pytest.mark.parametrize("persona", ["hr_sorong", "head_dinkes_sorong"])
def test_the_need_list_keeps_its_query_count(org, as_persona, django_assert_max_num_queries, persona):
    many_needs(org, 1)
    url = R("training:need_list") + f"?size=100&year={YEAR}&sort=kompetensi"
    constant(as_persona(persona), url, lambda: many_needs(org, 40, 1), django_assert_max_num_queries, 41)


def test_the_need_summary_keeps_its_query_count(org, as_persona, django_assert_max_num_queries):
    many_needs(org, 1)
    url = R("training:need_summary") + f"?size=100&year={YEAR}"
    constant(as_persona("hr_sorong"), url, lambda: many_needs(org, 40, 1), django_assert_max_num_queries, 7)


def many_programmes(org, count, start=0):
    people = make_employees_bulk(org.pkm_sorong, 2)
    for i in range(start, start + count):
        p = make_programme(org.sorong, title=f"Program {i:03d}", budget_line=f"5.2.{i % 5}")
        seats(p, people)
        spend(p, 100_000 + i)
        budget_line(org.sorong, f"5.2.{i % 5}")


def test_the_budget_page_keeps_its_query_count(org, as_persona, django_assert_max_num_queries):
    many_programmes(org, 1)
    url = R("training:budget") + "?year=2026&size=100"
    constant(
        as_persona("hr_sorong"), url, lambda: many_programmes(org, 60, 1), django_assert_max_num_queries, 61
    )


def test_the_spending_page_keeps_its_query_count(org, as_persona, django_assert_max_num_queries):
    programme = make_programme(org.sorong)
    spend(programme, 1)
    url = R("training:spending", args=[programme.pk]) + "?size=100"

    def grow():
        for i in range(40):
            spend(programme, 1000 + i)

    constant(as_persona("hr_sorong"), url, grow, django_assert_max_num_queries, 41)


def test_a_head_sees_only_their_subtrees_needs(org, as_persona):
    mine = make_need(org.employee_dinkes_sorong)
    make_need(org.employee_dishub_sorong)
    make_need(make_employee(org.dishub_sorong, name="Lain"))
    page = as_persona("head_dinkes_sorong").get(R("training:need_list")).context["page"]
    assert [n.pk for n in page] == [mine.pk]
