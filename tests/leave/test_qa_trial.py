"""Findings of the QA trial of leave (issue 15) in Chromium and by probes, each with its rule."""

from __future__ import annotations

from datetime import date

import pytest

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
