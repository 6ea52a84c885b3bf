"""The last probe's small findings (leave and attendance): an unknown calendar form gets a message, a
correction's time keeps minutes only, work locations have distinct names, overlap messages spell dates
out."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from attendance.forms.corrections import CorrectionForm
from attendance.models import WorkLocation
from attendance.services import locations
from leave.models import CalendarDay

from .attendance.factories import actor

pytestmark = pytest.mark.django_db


def test_an_unknown_calendar_form_is_answered_with_a_message_and_saves_nothing(org, as_persona):
    client = as_persona("hr_sorong")
    before = CalendarDay.objects.count()
    response = client.post(
        f"{reverse('leave:calendar')}?instansi={org.sorong.pk}",
        {"form": "zzz", "day": "2026-08-18", "name": "x"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Formulir yang dikirim tidak dikenal" in response.content.decode()
    assert CalendarDay.objects.count() == before


def test_a_correction_time_keeps_minutes_only():
    form = CorrectionForm(
        {"date": "2026-07-01", "kind": "lupa_masuk", "check_in": "07:00:00.123456", "reason": "Lupa"}
    )
    form.is_valid()
    assert form.cleaned_data["check_in"] == time(7, 0)


def test_two_work_locations_of_an_agency_cannot_share_a_name(org):
    hr = actor(org.users["hr_sorong"])
    point = {"latitude": Decimal("-0.88"), "longitude": Decimal("131.25"), "radius_m": 150}
    first = locations.location_save(actor=hr, instansi=org.sorong, name="Kantor Wali Kota", **point)
    with pytest.raises(ValidationError, match="Kantor Wali Kota sudah ada"):
        locations.location_save(actor=hr, instansi=org.sorong, name=" kantor wali kota ", **point)
    locations.location_save(actor=hr, instansi=org.sorong, name="Kantor Wali Kota", location=first, **point)
    palembang = actor(org.users["hr_palembang"])
    locations.location_save(actor=palembang, instansi=org.palembang, name="Kantor Wali Kota", **point)
    assert WorkLocation.objects.filter(name="Kantor Wali Kota").count() == 2
