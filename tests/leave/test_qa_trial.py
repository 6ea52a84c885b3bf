"""Findings of the QA trial of leave (issue 15) in Chromium and by probes, each with its rule."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from leave.models import UnitWorkWeek

from ..factories import make_employee
from .test_team_calendar import away, calendar_html, day_cell

pytestmark = pytest.mark.django_db


# --- The team calendar follows each unit's work week -----------------------------------------------------------
def test_a_saturday_of_a_five_day_unit_is_drawn_apart_and_clashes_with_nobody(org, as_persona, settings):
    """Leave from Friday to Monday takes no Saturday in a 5-day unit: the calendar drew it as leave
    taken (green) and counted it in the Saturday's clash."""
    settings.LEAVE_CLASH_THRESHOLD = 2
    pkm = org.pkm_sorong
    for person in (org.employee_dinkes_sorong, make_employee(pkm, name="Bidan Dua"),
                   make_employee(pkm, name="Bidan Tiga")):  # fmt: skip
        away(org, person, date(2026, 8, 21), date(2026, 8, 24))
    html = calendar_html(as_persona("head_dinkes_sorong"), "2026-08")
    saturday = day_cell(html, "2026-08-22")
    assert "Bidan Dua" in saturday and "text-bg-success" not in saturday
    assert 'data-clash="1"' not in saturday
    assert 'data-clash="1"' in day_cell(html, "2026-08-21")  # Friday is worked: the clash stays
    phone = html[html.index('data-testid="team-list"') :]
    assert "Sabtu, 22 Agustus" not in phone and "Jumat, 21 Agustus" in phone


def test_a_saturday_of_a_six_day_unit_is_leave_taken(org, as_persona, settings):
    settings.LEAVE_CLASH_THRESHOLD = 2
    UnitWorkWeek.objects.create(unit=org.dinkes_sorong, days=6)  # the Puskesmas below follows it
    pkm = org.pkm_sorong
    for person in (org.employee_dinkes_sorong, make_employee(pkm, name="Bidan Dua"),
                   make_employee(pkm, name="Bidan Tiga")):  # fmt: skip
        away(org, person, date(2026, 8, 21), date(2026, 8, 24))
    html = calendar_html(as_persona("head_dinkes_sorong"), "2026-08")
    saturday = day_cell(html, "2026-08-22")
    assert "text-bg-success" in saturday and 'data-clash="1"' in saturday
    assert "text-bg-success" not in day_cell(html, "2026-08-23")  # Sunday: nobody works it


# --- New dates sent for a request that is not to be changed -----------------------------------------------------
@pytest.mark.parametrize("dates", [("9999-01-01", "9999-01-02"), ("2026-09-01", "2026-09-02")])
def test_new_dates_for_a_request_not_to_be_changed_say_why(org, as_persona, dates):
    """Bad dates on a request waiting for the atasan rendered the page with the date form's errors,
    but the page shows no date form then: nothing said. Now the reason, whatever the dates."""
    from leave.choices import RequestState

    leave = away(
        org, org.employee_dinkes_sorong, date(2026, 8, 18), date(2026, 8, 20), state=RequestState.ATASAN
    )
    client = as_persona("employee_dinkes_sorong")
    url = reverse("leave:amend", args=[leave.pk])
    response = client.post(url, {"start": dates[0], "end": dates[1], "reason": "x"}, follow=True)
    assert "Hanya permintaan dengan keputusan Perubahan" in response.content.decode()
    leave.refresh_from_db()
    assert (leave.start, leave.state) == (date(2026, 8, 18), RequestState.ATASAN)
    other = as_persona("employee_dishub_palembang").post(
        url, {"start": dates[0], "end": dates[1], "reason": "x"}
    )
    assert other.status_code in (403, 404)
