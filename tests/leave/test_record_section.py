"""The leave taken on the employee's record page (leave.panels through core.panels: the personnel
record imports no leave): granted requests only, those the reader may see, in a constant number of
queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from leave.services import requests as services

from .factories import actor, grant, leave_type, request_data

pytestmark = pytest.mark.django_db


def send(org, start: date, days: int = 1):
    return services.request_submit(
        actor=actor(org.users["employee_dinkes_sorong"]),
        leave_type=leave_type(),
        **request_data(start=start, end=start + timedelta(days=days - 1)),
    )


def grant_request(org, request):
    head = actor(org.users["head_dinkes_sorong"])
    services.request_recommend(actor=head, request=request, option="disetujui")
    return services.request_decide(actor=head, request=request, option="disetujui")


def section(response) -> str:
    html = response.content.decode()
    start = html.index('data-testid="history-cuti"')
    return html[start : html.index("</table>", start) if "</table>" in html[start:] else start + 2000]


def test_the_record_shows_granted_leave_only(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    taken = grant_request(org, send(org, date(2026, 8, 3), 2))
    send(org, date(2026, 9, 7))  # still waiting: not leave taken
    url = reverse("employees:detail", args=[org.employee_dinkes_sorong.pk])
    for persona in ("hr_sorong", "head_dinkes_sorong", "employee_dinkes_sorong"):
        html = section(as_persona(persona).get(url))
        assert "3 Agustus 2026" in html and "4 Agustus 2026" in html, persona
        assert "7 September 2026" not in html
        assert reverse("leave:detail", args=[taken.pk]) in html


def test_an_employee_without_leave_shows_an_empty_section(org, as_persona):
    response = as_persona("hr_sorong").get(reverse("employees:detail", args=[org.employee_dishub_sorong.pk]))
    assert "Belum ada cuti yang disetujui." in section(response)


def test_the_record_page_keeps_its_query_count_with_more_leave(
    org, as_persona, django_assert_max_num_queries
):
    grant(org.employee_dinkes_sorong, 2026, 12)
    client = as_persona("hr_sorong")
    url = reverse("employees:detail", args=[org.employee_dinkes_sorong.pk])
    grant_request(org, send(org, date(2026, 8, 3)))
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(40) as one:
        assert client.get(url).status_code == 200
    for day in (date(2026, 9, 14), date(2026, 9, 21), date(2026, 10, 5), date(2026, 10, 12)):
        grant_request(org, send(org, day))
    with django_assert_max_num_queries(len(one)):
        assert client.get(url).status_code == 200
