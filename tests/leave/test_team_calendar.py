"""The head's team calendar (who of the subtree is away, granted and waiting apart, clashes above
LEAVE_CLASH_THRESHOLD, previous/next month, constant queries) and the clash counts of the queue."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse as R

from leave.choices import LengthUnit, RequestState
from leave.models import LeaveRequest

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params
from ..factories import make_employee
from .factories import leave_type


def away(org, employee, start: date, end: date, state=RequestState.DISETUJUI) -> LeaveRequest:
    return LeaveRequest.objects.create(
        employee=employee, leave_type=leave_type(), start=start, end=end, length=1,
        length_unit=LengthUnit.HARI_KERJA, working_days=1, reason="keperluan keluarga", address="Sorong",
        phone="0811", state=state, atasan=org.head_dinkes_sorong, pyb=org.head_dinkes_sorong,
    )  # fmt: skip


def calendar_html(client, month: str) -> str:
    response = client.get(R("leave:team_calendar") + f"?bulan={month}")
    assert response.status_code == 200
    return response.content.decode()


def day_cell(html: str, day: str) -> str:
    start = html.index(f'data-testid="team-day-{day}"')
    return html[start - 200 : html.index("</td>", start)]


@pytest.mark.django_db
def test_the_head_sees_who_is_away_and_the_clash(org, as_persona, settings):
    settings.LEAVE_CLASH_THRESHOLD = 2
    pkm = org.pkm_sorong
    nurse, second, third = (
        org.employee_dinkes_sorong,
        make_employee(pkm, name="Bidan Dua"),
        make_employee(pkm, name="Bidan Tiga"),
    )
    away(org, nurse, date(2026, 8, 18), date(2026, 8, 20))
    away(org, second, date(2026, 8, 19), date(2026, 8, 19), state=RequestState.PYB)
    away(org, third, date(2026, 8, 19), date(2026, 8, 21), state=RequestState.ATASAN)
    away(org, org.employee_dishub_sorong, date(2026, 8, 19), date(2026, 8, 19))  # not in the subtree
    html = calendar_html(as_persona("head_dinkes_sorong"), "2026-08")
    busy = day_cell(html, "2026-08-19")
    assert 'data-clash="1"' in busy and "table-danger" in busy
    assert nurse.name in busy and "Bidan Dua" in busy and "Bidan Tiga" in busy
    assert org.employee_dishub_sorong.name not in html
    assert "text-bg-success" in busy and "border-warning" in busy  # granted and waiting differ
    assert 'data-clash="1"' not in day_cell(html, "2026-08-18")  # one person away
    assert 'data-testid="team-clashes"' in html
    assert "?bulan=2026-07" in html and "?bulan=2026-09" in html
    settings.LEAVE_CLASH_THRESHOLD = 3
    assert 'data-clash="1"' not in calendar_html(as_persona("head_dinkes_sorong"), "2026-08")


@pytest.mark.django_db
def test_a_refused_or_cancelled_request_is_not_away(org, as_persona):
    away(org, org.employee_dinkes_sorong, date(2026, 8, 18), date(2026, 8, 18), state=RequestState.DIBATALKAN)
    away(org, org.employee_dinkes_sorong, date(2026, 8, 25), date(2026, 8, 25),
         state=RequestState.TIDAK_DISETUJUI)  # fmt: skip
    html = calendar_html(as_persona("head_dinkes_sorong"), "2026-08")
    assert org.employee_dinkes_sorong.name not in html


@pytest.mark.django_db
def test_a_bad_month_falls_back_to_this_month(org, as_persona):
    html = calendar_html(as_persona("head_dinkes_sorong"), "2026-13")
    assert 'data-testid="team-day-2026-07-15"' in html  # the pinned clock: 15 July 2026


@pytest.mark.django_db
def test_the_calendar_keeps_its_query_count(org, as_persona, django_assert_max_num_queries):
    client = as_persona("head_dinkes_sorong")
    away(org, org.employee_dinkes_sorong, date(2026, 8, 18), date(2026, 8, 20))
    calendar_html(client, "2026-08")
    with django_assert_max_num_queries(30) as one:
        calendar_html(client, "2026-08")
    for n in range(20):
        away(
            org,
            make_employee(org.pkm_sorong, name=f"Pegawai {n}"),
            date(2026, 8, 3 + n),
            date(2026, 8, 4 + n),
        )
    with django_assert_max_num_queries(len(one)):
        calendar_html(client, "2026-08")


@pytest.mark.django_db
def test_the_queue_shows_the_clash_count_and_links_to_the_month(
    org, as_persona, django_assert_max_num_queries
):
    pkm = org.pkm_sorong
    waiting = away(
        org, org.employee_dinkes_sorong, date(2026, 8, 18), date(2026, 8, 20), state=RequestState.ATASAN
    )
    away(org, make_employee(pkm, name="Bidan Dua"), date(2026, 8, 20), date(2026, 8, 24))
    away(
        org,
        make_employee(pkm, name="Bidan Tiga"),
        date(2026, 8, 17),
        date(2026, 8, 18),
        state=RequestState.PYB,
    )
    away(org, make_employee(pkm, name="Bidan Empat"), date(2026, 8, 21), date(2026, 8, 21))  # other dates
    client = as_persona("head_dinkes_sorong")
    html = client.get(R("leave:queue")).content.decode()
    cell = html[html.index(f'data-testid="queue-clash-{waiting.pk}"') :]
    cell = cell[: cell.index("</td>")]
    assert ">2</span>" in cell and "text-bg-danger" in cell
    assert R("leave:team_calendar") + "?bulan=2026-08" in cell
    with django_assert_max_num_queries(30) as one:
        client.get(R("leave:queue"))
    for n in range(10):
        away(org, make_employee(pkm, name=f"Pegawai {n}"), date(2026, 9, 1 + n), date(2026, 9, 1 + n),
             state=RequestState.ATASAN)  # fmt: skip
    with django_assert_max_num_queries(len(one)):
        client.get(R("leave:queue"))


ROWS = [
    Row("leave:team_calendar", "the head's subtree", lambda o: R("leave:team_calendar"),
        expect(anonymous=302, head_dinkes_sorong=200, others=403)),
    Row("leave:team_calendar", "another month", lambda o: R("leave:team_calendar") + "?bulan=2026-08",
        expect(anonymous=302, head_dinkes_sorong=200, others=403)),
]  # fmt: skip


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_team_calendar_permission_matrix(org, row, persona):
    check_row(org, row, persona)
