"""Findings of the second leave probe, each with the rule that fixes it: cuti tahunan of a year not
yet open is refused whatever the balance; the team calendar falls back to this month for a year out of
bounds; no Plt chains or circles; the attachment goes only to those who see the documents."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leave.models import ActingOfficial, LeaveRequest
from leave.services import officials
from leave.services import requests as services

from .factories import actor, grant, leave_type, request_data

pytestmark = pytest.mark.django_db


def test_cuti_tahunan_of_a_year_not_yet_open_is_refused_even_with_days_to_spare(org):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2026, 12)
    grant(nurse, 2025, 6)
    with pytest.raises(ValidationError) as refused:
        services.request_submit(
            actor=actor(org.users["employee_dinkes_sorong"]), leave_type=leave_type(),
            **request_data(start=date(2028, 3, 1), end=date(2028, 3, 3)),
        )  # fmt: skip
    assert "Hak cuti tahunan 2028 belum dibuka" in refused.value.message_dict["start"][0]
    assert not LeaveRequest.objects.exists()
    # This year's is still taken (the rule is about the year, not the balance).
    services.request_submit(
        actor=actor(org.users["employee_dinkes_sorong"]), leave_type=leave_type(), **request_data()
    )
    assert LeaveRequest.objects.count() == 1


@pytest.mark.parametrize("month", ["9999-12", "1-1", "0-5", "99999999999999999999-1", "2101-01"])
def test_the_team_calendar_of_a_year_out_of_bounds_shows_this_month(org, client, month):
    client.force_login(org.users["head_dinkes_sorong"])
    response = client.get(reverse("leave:team_calendar") + f"?bulan={month}")
    assert response.status_code == 200
    assert "Juli 2026" in response.content.decode()  # the pinned clock's month


def test_no_plt_chain_or_circle(org):
    hr = actor(org.users["hr_sorong"])
    head, kabid, nurse = org.head_dinkes_sorong, org.employee_dishub_sorong, org.employee_dinkes_sorong
    start, end = date(2026, 8, 3), date(2026, 8, 14)
    officials.acting_create(actor=hr, instansi=org.sorong, absent=head, acting=kabid, start=start, end=end,
                            reason="Diklat")  # fmt: skip
    with pytest.raises(ValidationError) as circle:  # the head, away, named Plt for his own Plt
        officials.acting_create(actor=hr, instansi=org.sorong, absent=kabid, acting=head, start=date(2026, 8, 10),
                                end=date(2026, 8, 20), reason="Cuti")  # fmt: skip
    assert "sendiri berhalangan" in circle.value.message_dict["acting"][0]
    with pytest.raises(ValidationError) as chain:  # the head's Plt is away himself meanwhile
        officials.acting_create(actor=hr, instansi=org.sorong, absent=kabid, acting=nurse, start=date(2026, 8, 10),
                                end=date(2026, 8, 20), reason="Cuti")  # fmt: skip
    assert "sedang menjadi Plt" in chain.value.message_dict["absent"][0]
    assert ActingOfficial.objects.count() == 1


def test_a_head_above_who_is_not_named_on_the_request_does_not_get_its_attachment(org, client):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2026, 12)
    request = services.request_submit(
        actor=actor(org.users["employee_dinkes_sorong"]),
        leave_type=leave_type("sakit"),
        attachment=SimpleUploadedFile("surat.pdf", b"%PDF-1.4 surat dokter", content_type="application/pdf"),
        **request_data(start=date(2026, 7, 14), end=date(2026, 7, 15)),
    )
    url = reverse("leave:attachment", args=[request.pk])
    client.force_login(org.users["employee_dinkes_sorong"])
    assert client.get(url).status_code == 200
    # The head above the nurse's unit reads the request, but when neither atasan nor PyB named on it,
    # not its doctor's letter.
    LeaveRequest.objects.filter(pk=request.pk).update(
        atasan=org.employee_dishub_sorong, pyb=org.employee_dishub_sorong, recommended_by=None
    )
    client.force_login(org.users["head_dinkes_sorong"])
    assert client.get(reverse("leave:detail", args=[request.pk])).status_code == 200
    assert client.get(url).status_code == 404
