"""Kinerja bawahan: what waits for an appraiser, with counts, links and a constant query count."""

import pytest
from django.urls import reverse
from django.utils import timezone

from performance.choices import AppraisalState, SkpState
from performance.models import CoachingPlan, Feedback, Period
from tests.factories import make_employees_bulk

from .factories import ikis_of, make_appraisal, make_realisation, make_skp, make_year, period
from .matrix import nurse_skp

QUEUE = reverse("performance:queue")


def due_period(year) -> Period:
    """The latest period of the year that has ended: the one the queue asks to rate."""
    return Period.objects.filter(year=year, end__lt=timezone.localdate()).order_by("-end", "kind").first()


def reported_period(year) -> Period:
    due = due_period(year)
    return due if due.kind == "periodic" else period(year, 1)


def fill_queue(org, employees):
    """For each employee: a submitted revision, an approved SKP reported in the due period, a
    message waiting for an answer, and an open coaching plan."""
    year = make_year(org.sorong)
    for employee in employees:
        approved = make_skp(employee, year, appraiser=org.head_dinkes_sorong)
        make_skp(employee, year, state=SkpState.SUBMITTED, version=2, appraiser=org.head_dinkes_sorong)
        make_realisation(ikis_of(approved)[0], reported_period(year), 80)
        Feedback.objects.create(
            skp=approved, period=period(year, 1), author_employee=employee, text="Mohon arahan."
        )
        weak = make_appraisal(approved, period(year, 1), state=AppraisalState.FINAL, predikat="kurang")
        CoachingPlan.objects.create(appraisal=weak, employee=employee, head=org.head_dinkes_sorong)
    return year


def counts(response) -> dict[str, int]:
    return {s["key"]: s["page"].paginator.count for s in response.context["sections"]}


def test_someone_who_appraises_nobody_sees_an_empty_queue(org, as_persona):
    response = as_persona("employee_dinkes_sorong").get(QUEUE)
    assert response.status_code == 200
    assert counts(response) == {"skp": 0, "nilai": 0, "dialog": 0, "bina": 0}
    assert 'data-testid="queue-empty"' in response.content.decode()


def test_hr_without_an_employee_record_has_no_queue(org, as_persona):
    assert as_persona("hr_sorong").get(QUEUE).status_code == 403


def test_the_head_sees_each_kind_of_waiting_work_linked_to_its_page(org, as_persona):
    year = fill_queue(org, [org.employee_dinkes_sorong])
    response = as_persona("head_dinkes_sorong").get(QUEUE)
    assert counts(response) == {"skp": 1, "nilai": 1, "dialog": 1, "bina": 1}
    content = response.content.decode()
    submitted = org.employee_dinkes_sorong.skps.get(version=2)
    approved = org.employee_dinkes_sorong.skps.get(version=1)
    assert reverse("performance:skp_detail", args=[submitted.pk]) in content
    assert reverse("performance:appraisal", args=[approved.pk, due_period(year).pk]) in content
    assert f"{reverse('performance:dialog', args=[approved.pk])}?period={period(year, 1).pk}" in content
    plan = CoachingPlan.objects.get()
    assert reverse("performance:coaching", args=[plan.pk]) in content


def test_rows_leave_the_queue_once_dealt_with(org, as_persona):
    year = fill_queue(org, [org.employee_dinkes_sorong])
    approved = org.employee_dinkes_sorong.skps.get(version=1)
    make_appraisal(approved, due_period(year), state=AppraisalState.FINAL, predikat="baik")
    Feedback.objects.create(
        skp=approved, period=period(year, 1), author_employee=org.head_dinkes_sorong, text="Silakan lanjut."
    )
    CoachingPlan.objects.update(state="done")
    org.employee_dinkes_sorong.skps.filter(version=2).update(state=SkpState.RETURNED)
    response = as_persona("head_dinkes_sorong").get(QUEUE)
    assert counts(response) == {"skp": 0, "nilai": 0, "dialog": 0, "bina": 0}


def test_a_period_without_realisations_is_not_ready_to_rate(org, as_persona):
    nurse_skp(org)
    assert counts(as_persona("head_dinkes_sorong").get(QUEUE))["nilai"] == 0


def test_someone_elses_subordinates_do_not_appear(org, as_persona):
    fill_queue(org, [org.employee_dinkes_sorong])
    response = as_persona("employee_dishub_palembang").get(QUEUE)
    assert counts(response) == {"skp": 0, "nilai": 0, "dialog": 0, "bina": 0}


def test_each_list_pages_on_its_own(org, as_persona):
    fill_queue(org, make_employees_bulk(org.pkm_sorong, 25))
    response = as_persona("head_dinkes_sorong").get(QUEUE, {"hal_skp": 2})
    sections = {s["key"]: s for s in response.context["sections"]}
    assert sections["skp"]["page"].number == 2
    assert len(sections["skp"]["page"].object_list) == 5
    assert sections["nilai"]["page"].number == 1
    assert "hal_skp=2" in sections["nilai"]["querystring"]


@pytest.mark.parametrize("subordinates", [1, 30])
def test_the_queue_costs_the_same_number_of_queries_at_one_and_at_many(
    org, as_persona, django_assert_max_num_queries, subordinates
):
    fill_queue(org, make_employees_bulk(org.pkm_sorong, subordinates))
    client = as_persona("head_dinkes_sorong")
    client.get(QUEUE)  # the session's agency time zone is cached on the first request
    with django_assert_max_num_queries(17):
        response = client.get(QUEUE)
    assert counts(response) == {
        "skp": subordinates,
        "nilai": subordinates,
        "dialog": subordinates,
        "bina": subordinates,
    }
