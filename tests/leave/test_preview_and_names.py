"""The request preview names the holidays and cuti bersama it did not count, and the holiday names
follow the page's language (found by the trial: the preview only said "3 working days", and the
English calendar showed Indonesian names)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from leave import selectors
from leave.models import CalendarDay

from .factories import grant, leave_type

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-08-03T02:00:00Z")]


def preview(client, start: str, end: str) -> str:
    query = {"leave_type": leave_type().pk, "start": start, "end": end}
    return client.get(reverse("leave:request_preview"), query).content.decode()


def test_the_preview_names_the_holiday_it_did_not_count(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    # Friday 14 – Tuesday 18 August 2026: Independence Day (Monday 17) and the weekend are not counted.
    html = preview(as_persona("employee_dinkes_sorong"), "2026-08-14", "2026-08-18")
    assert "Lamanya 2 hari kerja" in html
    assert 'data-testid="leave-preview-skipped"' in html
    assert "17 Agustus 2026 (Hari Kemerdekaan Republik Indonesia)" in html
    assert "15 Agustus 2026" not in html  # a Saturday is no holiday to name


def test_a_day_hr_added_is_named_as_hr_wrote_it_and_a_day_hr_opened_is_not(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    CalendarDay.objects.create(
        instansi=org.sorong, day=date(2026, 8, 19), is_off=True, name="HUT Kota Sorong"
    )
    CalendarDay.objects.create(instansi=org.sorong, day=date(2026, 8, 17), is_off=False, name="Masuk kerja")
    html = preview(as_persona("employee_dinkes_sorong"), "2026-08-17", "2026-08-19")
    assert "19 Agustus 2026 (HUT Kota Sorong)" in html
    assert "17 Agustus 2026" not in html
    assert "Lamanya 2 hari kerja" in html


def test_no_line_when_nothing_was_skipped(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    html = preview(as_persona("employee_dinkes_sorong"), "2026-08-10", "2026-08-12")
    assert "Lamanya 3 hari kerja" in html and 'data-testid="leave-preview-skipped"' not in html


def test_holiday_names_follow_the_language(org):
    names = {row.day: row.name for row in selectors.calendar_of(org.sorong.pk, 2026)}
    assert names[date(2026, 12, 25)] == "Hari Raya Natal"
    with translation.override("en"):
        english = {row.day: row.name for row in selectors.calendar_of(org.sorong.pk, 2026)}
        assert english[date(2026, 12, 25)] == "Christmas Day"
        assert selectors.named_days_off(org.sorong.pk, date(2026, 8, 17), date(2026, 8, 17)) == {
            date(2026, 8, 17): "Independence Day"
        }
    assert set(english) == set(names)  # the same days either way
