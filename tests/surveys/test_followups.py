"""Follow-ups (tindak lanjut) of citizens' suggestions, for HR and heads: new → assigned → answered →
closed, the list's filters and query count, and what the page shows of the citizen."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.access import actor_for
from surveys.choices import FollowUpState, PeriodState
from surveys.models import FollowUp
from surveys.services import followups as services

from ..factories import make_employee
from .factories import make_follow_up, make_period, make_service, make_service_unit


@pytest.fixture
def period(org):
    return make_period(make_service_unit(org.pkm_sorong, "pkm-sorong-kota"), state=PeriodState.OPEN)


@pytest.fixture
def head(org):
    return actor_for(org.users["head_dinkes_sorong"])


def test_the_head_assigns_answers_and_closes(org, period, head):
    follow_up = make_follow_up(period)
    follow_up = services.follow_up_assign(
        actor=head, follow_up=follow_up, employee=org.employee_dinkes_sorong
    )
    assert (follow_up.state, follow_up.assigned_to) == (FollowUpState.ASSIGNED, org.employee_dinkes_sorong)
    follow_up = services.follow_up_answer(actor=head, follow_up=follow_up, answer="  Loket kedua dibuka.  ")
    assert (follow_up.state, follow_up.answer) == (FollowUpState.ANSWERED, "Loket kedua dibuka.")
    assert follow_up.answered_at is not None
    follow_up = services.follow_up_answer(actor=head, follow_up=follow_up, answer="Loket kedua dibuka Senin.")
    assert follow_up.answer == "Loket kedua dibuka Senin.", "answered again before closing"
    follow_up = services.follow_up_close(actor=head, follow_up=follow_up)
    assert (follow_up.state, follow_up.closed_at is not None) == (FollowUpState.CLOSED, True)
    follow_up.refresh_from_db()
    assert follow_up.updated_by_id == org.users["head_dinkes_sorong"].pk


def test_an_answer_without_assigning_first_is_fine(org, period):
    follow_up = make_follow_up(period)
    follow_up = services.follow_up_answer(
        actor=actor_for(org.users["hr_sorong"]), follow_up=follow_up, answer="Ok."
    )
    assert follow_up.state == FollowUpState.ANSWERED


def test_no_closing_without_an_answer(org, period, head):
    for state in (FollowUpState.NEW, FollowUpState.ASSIGNED):
        follow_up = make_follow_up(period, state=state)
        with pytest.raises(ValidationError, match="setelah dijawab"):
            services.follow_up_close(actor=head, follow_up=follow_up)
        follow_up.refresh_from_db()
        assert follow_up.state == state


def test_an_empty_answer_is_refused(org, period, head):
    follow_up = make_follow_up(period)
    with pytest.raises(ValidationError, match="Tulis jawaban"):
        services.follow_up_answer(actor=head, follow_up=follow_up, answer="   ")


def test_a_closed_follow_up_no_longer_changes(org, period, head):
    follow_up = make_follow_up(period, state=FollowUpState.CLOSED)
    with pytest.raises(ValidationError, match="sudah selesai"):
        services.follow_up_answer(actor=head, follow_up=follow_up, answer="Lagi")
    with pytest.raises(ValidationError, match="sudah selesai"):
        services.follow_up_assign(actor=head, follow_up=follow_up, employee=org.employee_dinkes_sorong)


def test_the_assignee_is_an_active_employee_of_the_units_subtree(org, period, head):
    follow_up = make_follow_up(period)
    for outsider in (org.employee_dishub_sorong, org.employee_dishub_palembang, org.head_dinkes_sorong):
        with pytest.raises(ValidationError, match="Pilih pegawai aktif"):
            services.follow_up_assign(actor=head, follow_up=follow_up, employee=outsider)
    gone = make_employee(org.pkm_sorong, name="Pegawai Pindah", is_active=False)
    with pytest.raises(ValidationError):
        services.follow_up_assign(actor=head, follow_up=follow_up, employee=gone)
    follow_up.refresh_from_db()
    assert (follow_up.state, follow_up.assigned_to) == (FollowUpState.NEW, None)


@pytest.mark.parametrize("persona", ["hr_palembang", "employee_dinkes_sorong"])
def test_nobody_else_handles_a_follow_up(org, period, persona):
    follow_up = make_follow_up(period)
    with pytest.raises(PermissionDenied):
        services.follow_up_answer(actor=actor_for(org.users[persona]), follow_up=follow_up, answer="x")


def test_the_head_of_another_unit_does_not_handle_it(org, head):
    other = make_period(make_service_unit(org.dishub_sorong, "dishub"), state=PeriodState.OPEN)
    with pytest.raises(PermissionDenied):
        services.follow_up_answer(actor=head, follow_up=make_follow_up(other), answer="x")


# --- Pages ------------------------------------------------------------------------------------------------------
def test_the_page_shows_the_suggestion_the_service_and_the_respondent_profile(org, as_persona, period):
    service = make_service(period.service_unit, "Pemeriksaan umum")
    follow_up = make_follow_up(period, suggestion="Toilet kotor.\nMohon dibersihkan.")
    follow_up.response.service = service
    follow_up.response.save()
    html = (
        as_persona("head_dinkes_sorong")
        .get(reverse("surveys:follow_up", args=[follow_up.pk]))
        .content.decode()
    )
    assert "Toilet kotor.<br>Mohon dibersihkan." in html
    assert "Pemeriksaan umum" in html
    assert "Perempuan, 35 tahun · pendidikan SMA · Wiraswasta" in html
    assert "Siti Perawat · Puskesmas Sorong Kota" in html, "the nurse is offered as the assignee"


def test_assigning_answering_and_closing_on_the_page(org, as_persona, period):
    follow_up = make_follow_up(period)
    client = as_persona("head_dinkes_sorong")
    url = reverse("surveys:follow_up", args=[follow_up.pk])
    client.post(
        reverse("surveys:follow_up_assign", args=[follow_up.pk]), {"employee": org.employee_dinkes_sorong.pk}
    )
    response = client.post(reverse("surveys:follow_up_answer", args=[follow_up.pk]), {"answer": ""})
    assert response.status_code == 200, "the empty answer is shown again on the page"
    client.post(reverse("surveys:follow_up_answer", args=[follow_up.pk]), {"answer": "Sudah diperbaiki."})
    page = client.get(url).content.decode()
    assert 'data-confirm="Selesaikan tindak lanjut ini?' in page
    client.post(reverse("surveys:follow_up_close", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    assert (follow_up.state, follow_up.answer) == (FollowUpState.CLOSED, "Sudah diperbaiki.")
    page = client.get(url)
    assert page.context["assign_form"] is None and page.context["answer_form"] is None


def test_closing_before_answering_on_the_page_is_a_message(org, as_persona, period):
    follow_up = make_follow_up(period)
    response = as_persona("hr_sorong").post(
        reverse("surveys:follow_up_close", args=[follow_up.pk]), follow=True
    )
    assert "hanya dapat diselesaikan setelah dijawab" in response.content.decode()


def test_the_list_filters_by_state_service_unit_and_ticket(org, as_persona, period):
    new = make_follow_up(period, ticket="AAA111")
    answered = make_follow_up(period, state=FollowUpState.ANSWERED, ticket="BBB222")
    closed = make_follow_up(period, state=FollowUpState.CLOSED, ticket="CCC333", suggestion="Parkir sempit")
    other = make_follow_up(
        make_period(make_service_unit(org.dishub_sorong, "dishub"), state=PeriodState.OPEN)
    )
    client = as_persona("hr_sorong")
    url = reverse("surveys:follow_ups")

    def tickets(**params):
        return {f.ticket for f in client.get(url, params).context["page"]}

    assert tickets() == {new.ticket, answered.ticket, other.ticket}, "open ones by default"
    assert tickets(status="semua") == {new.ticket, answered.ticket, closed.ticket, other.ticket}
    assert tickets(status="answered") == {answered.ticket}
    assert tickets(status="semua", unit_layanan=period.service_unit_id) == {"AAA111", "BBB222", "CCC333"}
    assert tickets(status="semua", q="ccc333") == {"CCC333"}
    assert tickets(status="semua", q="parkir") == {"CCC333"}
    assert tickets(status="bogus", unit_layanan="x") == tickets()
    sorted_by_ticket = [
        f.ticket for f in client.get(url, {"status": "semua", "sort": "tiket"}).context["page"]
    ]
    assert sorted_by_ticket == sorted(sorted_by_ticket)
    assert {f.ticket for f in as_persona("head_dinkes_sorong").get(url).context["page"]} == {
        "AAA111",
        "BBB222",
    }


def test_the_list_keeps_a_constant_query_count(org, as_persona, period):
    client = as_persona("hr_sorong")
    url = reverse("surveys:follow_ups") + "?size=100&status=semua&sort=status"
    service = make_service(period.service_unit, "Umum")
    make_follow_up(period)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(199):
        follow_up = make_follow_up(period, state=FollowUpState.ASSIGNED if i % 2 else FollowUpState.NEW)
        follow_up.assigned_to = org.employee_dinkes_sorong if i % 2 else None
        follow_up.save()
        follow_up.response.service = service
        follow_up.response.save()
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.context["page"].paginator.count == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    assert FollowUp.objects.count() == 200


@pytest.mark.parametrize("action", ["follow_up_answer", "follow_up_assign"])
def test_a_post_to_a_follow_up_closed_meanwhile_says_why(org, as_persona, period, action):
    """A second tab still shows the forms of a follow-up someone closed: its POST is refused with the
    reason as a message (the forms are no longer on the page to carry it)."""
    follow_up = make_follow_up(period)
    client = as_persona("head_dinkes_sorong")
    client.post(reverse("surveys:follow_up_answer", args=[follow_up.pk]), {"answer": "Sudah diperbaiki."})
    client.post(reverse("surveys:follow_up_close", args=[follow_up.pk]))
    data = (
        {"answer": "Jawaban lain."}
        if action == "follow_up_answer"
        else {"employee": org.employee_dinkes_sorong.pk}
    )
    response = client.post(reverse(f"surveys:{action}", args=[follow_up.pk]), data)
    assert response.status_code == 200
    assert "sudah selesai dan tidak dapat diubah lagi" in response.content.decode()
    follow_up.refresh_from_db()
    assert (follow_up.answer, follow_up.assigned_to_id) == ("Sudah diperbaiki.", None)


def test_the_assignee_is_notified_reads_and_answers_but_does_not_close(org, as_persona, period, head):
    """Assigning a follow-up tells the employee (a notification with its link); they read it and answer
    the citizen; closing and reassigning stay with the head or HR."""
    from notifications.models import Notification

    follow_up = make_follow_up(period)
    nurse = org.employee_dinkes_sorong
    services.follow_up_assign(actor=head, follow_up=follow_up, employee=nurse)
    services.follow_up_assign(actor=head, follow_up=follow_up, employee=nurse)  # again: notified once
    notes = Notification.objects.filter(recipient=nurse.user, kind="survey_follow_up")
    assert notes.count() == 1 and notes.get().url == reverse("surveys:follow_up", args=[follow_up.pk])

    client = as_persona("employee_dinkes_sorong")
    page = client.get(reverse("surveys:follow_up", args=[follow_up.pk]))
    assert page.status_code == 200 and page.context["answer_form"] is not None
    assert page.context["assign_form"] is None and not page.context["can_handle"]
    answered = client.post(
        reverse("surveys:follow_up_answer", args=[follow_up.pk]), {"answer": "Loket tambahan dibuka."}
    )
    assert answered.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.state, follow_up.answer) == (FollowUpState.ANSWERED, "Loket tambahan dibuka.")
    assert client.post(reverse("surveys:follow_up_close", args=[follow_up.pk])).status_code == 403
    # Another follow-up of the same unit, not assigned to them: no.
    other = make_follow_up(period)
    assert client.get(reverse("surveys:follow_up", args=[other.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.follow_up_answer(actor=actor_for(nurse.user), follow_up=other, answer="x")
