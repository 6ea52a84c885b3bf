"""Kinerja bawahan: what waits for an appraiser, with counts, links and a constant query count."""

from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from performance.choices import AppraisalState, SkpState
from performance.models import CoachingPlan, Feedback, Period
from tests.factories import make_employees_bulk

from .factories import DURING_YEAR, ikis_of, make_appraisal, make_realisation, make_skp, make_year, period
from .matrix import nurse_skp

pytestmark = DURING_YEAR  # the queue asks to rate the latest ended period of YEAR

QUEUE = reverse("performance:queue")


def due_period(year) -> Period:
    """The latest period of the year that has ended by the agency's calendar (as the view counts it):
    the one the queue asks to rate."""
    today = timezone.localdate(timezone=ZoneInfo(year.instansi.time_zone))
    return Period.objects.filter(year=year, end__lt=today).order_by("-end", "kind").first()


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


def test_items_waiting_past_their_deadline_are_flagged_with_the_days_overdue(org, as_persona, monkeypatch):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    # 15 April 2020, noon in Sorong (WIT): January to March 2020 have ended.
    now = datetime(2020, 4, 15, 12, 0, tzinfo=ZoneInfo("Asia/Jayapura"))
    monkeypatch.setattr(timezone, "now", lambda: now)
    year = make_year(org.sorong, year=2020)  # SKP deadline 31 January 2020
    nurse = org.employee_dinkes_sorong
    approved = make_skp(nurse, year, appraiser=org.head_dinkes_sorong)
    revision = make_skp(nurse, year, state=SkpState.SUBMITTED, version=2, appraiser=org.head_dinkes_sorong)
    revision.submitted_at = datetime(2020, 1, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jayapura"))
    revision.save(update_fields=["submitted_at"])
    march = period(year, 3)
    make_realisation(ikis_of(approved)[0], march, 80)
    weak = make_appraisal(approved, period(year, 1), state=AppraisalState.FINAL, predikat="kurang")
    CoachingPlan.objects.create(
        appraisal=weak, employee=nurse, head=org.head_dinkes_sorong, due_date=date(2020, 4, 1)
    )

    response = as_persona("head_dinkes_sorong").get(QUEUE)
    sections = {s["key"]: s for s in response.context["sections"]}
    html = response.content.decode()
    # Submitted 10 January, due at the year's deadline of 31 January: 75 days late on 15 April.
    assert [s.days_overdue for s in sections["skp"]["page"]] == [75]
    assert "Terlambat 75 hari" in html
    # March is rated by its appraisal deadline.
    [(skp, due)] = sections["nilai"]["items"]
    assert due == march and skp.days_overdue == (date(2020, 4, 15) - march.appraisal_deadline).days > 0
    assert f"Terlambat {skp.days_overdue} hari" in html
    # The coaching plan was due on 1 April.
    assert [p.days_overdue for p in sections["bina"]["page"]] == [14]
    assert html.count('data-testid="overdue"') == 3


def test_an_skp_submitted_close_to_or_after_the_deadline_gets_the_review_days_first():
    from datetime import date

    from performance import rules

    assert rules.skp_review_deadline(date(2026, 1, 31), date(2026, 1, 10)) == date(2026, 1, 31)
    assert rules.skp_review_deadline(date(2026, 1, 31), date(2026, 1, 25)) == date(2026, 2, 8)
    assert rules.skp_review_deadline(date(2026, 1, 31), date(2026, 6, 1)) == date(2026, 6, 15)
    assert rules.days_overdue(date(2026, 1, 31), date(2026, 1, 31)) == 0
    assert rules.days_overdue(date(2026, 1, 31), date(2026, 2, 2)) == 2
    assert rules.days_overdue(None, date(2026, 2, 2)) == 0


def test_a_month_with_realisations_left_unrated_stays_in_the_queue_after_a_later_month_without(
    org, as_persona
):
    """The trial's case: October was reported but never rated, November has no realisations yet.
    The queue asks for October (the oldest period waiting), not for nothing."""
    year = make_year(org.sorong)
    skp = make_skp(org.employee_dinkes_sorong, year, appraiser=org.head_dinkes_sorong)
    latest = due_period(year)
    assert latest.kind == "periodic" and latest.number > 2
    earlier = period(year, latest.number - 2)
    make_realisation(ikis_of(skp)[0], earlier, 80)  # reported two months ago; nothing since

    response = as_persona("head_dinkes_sorong").get(QUEUE)

    assert counts(response)["nilai"] == 1
    row = response.context["sections"][1]["page"].object_list[0]
    assert row.due_period_id == earlier.pk

    # Rated, it leaves the queue.
    make_appraisal(skp, earlier, state=AppraisalState.FINAL, predikat="baik")
    assert counts(as_persona("head_dinkes_sorong").get(QUEUE))["nilai"] == 0
