"""The leave line on the home page (the trial found a head's home page silent about leave waiting for
them): how many requests wait for the actor's recommendation or decision, the nearest start, urgent
when it starts within leave.panels.URGENT_DAYS days; nothing when nothing waits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse as R
from django.utils import timezone
from django.utils.formats import date_format

from leave.choices import LengthUnit, RequestState
from leave.models import ActingOfficial, LeaveRequest

from ..core.test_dashboard_work import item, page
from ..factories import make_employee, make_user
from .factories import leave_type

pytestmark = pytest.mark.django_db


def waiting(org, employee, start, state=RequestState.ATASAN) -> LeaveRequest:
    return LeaveRequest.objects.create(
        employee=employee, leave_type=leave_type(), start=start, end=start, length=1,
        length_unit=LengthUnit.HARI_KERJA, working_days=1, reason="keperluan keluarga", address="Sorong",
        phone="0811", state=state, atasan=org.head_dinkes_sorong, pyb=org.head_dinkes_sorong,
    )  # fmt: skip


def test_the_head_sees_the_requests_waiting_with_the_nearest_start(org, as_persona):
    today = timezone.localdate()
    waiting(org, org.employee_dinkes_sorong, today + timedelta(days=20))
    waiting(org, make_employee(org.pkm_sorong, name="Bidan Dua"), today + timedelta(days=9), RequestState.PYB)
    waiting(org, make_employee(org.pkm_sorong, name="Bidan Tiga"), today, RequestState.DISETUJUI)  # decided
    line = item(page(as_persona("head_dinkes_sorong")), "leave_queue")
    assert line["href"] == R("leave:queue")
    assert line["data-count"] == "2"
    assert date_format(timezone.localdate() + timedelta(days=9), "DATE_FORMAT") in line.get_text()
    html = as_persona("head_dinkes_sorong").get("/").content.decode()
    assert "text-bg-danger" not in line_html(html)  # nothing starts within 3 days


def line_html(html: str) -> str:
    start = html.index('data-testid="work-leave_queue"')
    return html[start : html.index("</a>", start)]


def test_a_request_starting_soon_is_marked_urgent(org, as_persona):
    waiting(org, org.employee_dinkes_sorong, timezone.localdate() + timedelta(days=2))
    html = as_persona("head_dinkes_sorong").get("/").content.decode()
    assert "text-bg-danger" in line_html(html)


def test_nothing_waiting_shows_no_leave_line(org, as_persona):
    waiting(org, org.employee_dinkes_sorong, timezone.localdate(), RequestState.DISETUJUI)
    assert 'data-testid="work-leave_queue"' not in as_persona("head_dinkes_sorong").get("/").content.decode()
    # The employee's own waiting request is not work for them.
    waiting(org, org.employee_dinkes_sorong, timezone.localdate() + timedelta(days=5))
    assert (
        'data-testid="work-leave_queue"' not in as_persona("employee_dinkes_sorong").get("/").content.decode()
    )


def test_the_plt_sees_the_absent_officials_requests(org, as_persona):
    today = timezone.localdate()
    waiting(org, org.employee_dinkes_sorong, today + timedelta(days=10))
    plt_user = make_user("plt.dinkes.sorong")
    plt = make_employee(org.dishub_sorong, user=plt_user, name="Plt Kepala Dinkes")
    client = Client()
    client.force_login(plt_user)
    ActingOfficial.objects.create(
        instansi=org.sorong,
        absent=org.head_dinkes_sorong,
        acting=plt,
        start=today,
        end=today + timedelta(days=3),
        reason="dinas luar",
    )
    assert 'data-testid="work-leave_queue"' in client.get("/").content.decode()
    # ... and the absent head no longer does, while the Plt stands in.
    assert 'data-testid="work-leave_queue"' not in as_persona("head_dinkes_sorong").get("/").content.decode()
