"""Minor findings of the new-user trial and the probe on the leave pages (issue 15): a repeated
action answered with where the request stands, who is told of a cancellation, the letter numbered at
approval, English labels, the preview's count, the year's turn, exports, backdating, the Plt list, the
one-page form."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from leave.choices import Decision, LeaveKind, RequestState
from leave.services import requests as services

from .factories import actor, grant, leave_type, request_data

pytestmark = pytest.mark.django_db


def send(org, persona="employee_dinkes_sorong", kind=LeaveKind.TAHUNAN, **overrides):
    return services.request_submit(
        actor=actor(org.users[persona]), leave_type=leave_type(kind), **request_data(**overrides)
    )


def last_message(response) -> str:
    """The newest message (those of earlier redirects not shown yet come before it)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


# --- 1. A repeated action ------------------------------------------------------------------------------------
def test_recommending_or_deciding_twice_says_where_the_request_stands(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = send(org)
    head = as_persona("head_dinkes_sorong")
    detail = reverse("leave:detail", args=[request.pk])
    recommend = reverse("leave:recommend", args=[request.pk])
    assert head.post(recommend, {"rec-option": "disetujui"}).status_code == 302
    again = head.post(recommend, {"rec-option": "disetujui"})
    assert again.status_code == 302 and again["Location"] == detail
    assert last_message(again) == (
        "Permintaan ini sudah diberi pertimbangan (Disetujui) dan menunggu keputusan pejabat."
    )
    decide = reverse("leave:decide", args=[request.pk])
    assert head.post(decide, {"dec-option": "disetujui"}).status_code == 302
    again = head.post(decide, {"dec-option": "tidak_disetujui", "dec-reason": "x"})
    assert again.status_code == 302 and last_message(again) == "Permintaan ini sudah diputuskan: Disetujui."
    request.refresh_from_db()
    assert request.state == RequestState.DISETUJUI
    # Who never had the right is still refused.
    assert as_persona("hr_sorong").post(decide, {"dec-option": "disetujui"}).status_code == 403
    assert (
        as_persona("employee_dinkes_sorong").post(recommend, {"rec-option": "disetujui"}).status_code == 403
    )


def test_cancelling_a_cancelled_request_again_says_so(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = send(org)
    url = reverse("leave:cancel", args=[request.pk])
    hr = as_persona("hr_sorong")
    assert hr.post(url, {"reason": "Dipanggil bertugas"}).status_code == 302
    again = hr.post(url, {"reason": "Dipanggil bertugas"})
    assert again.status_code == 302 and last_message(again) == "Permintaan ini sudah dibatalkan."
    mine = as_persona("employee_dinkes_sorong").post(url, {})
    assert mine.status_code == 302 and last_message(mine) == "Permintaan cuti ini sudah dibatalkan."
    assert as_persona("head_dinkes_sorong").post(url, {}).status_code == 403


# --- 2. Who is told of a cancellation -------------------------------------------------------------------------
def told_of_cancellation(request) -> set[str]:
    from notifications.models import Notification

    return set(
        Notification.objects.filter(
            kind="leave_cancelled", key__startswith=f"leave:{request.pk}:"
        ).values_list("recipient__username", flat=True)
    )


def test_a_cancellation_tells_who_acted_or_was_to_act_and_not_the_one_who_cancels(org):
    from leave.choices import DeciderKind
    from leave.models import PybRule

    from ..factories import make_user

    pyb = org.employee_dishub_sorong
    pyb.user = make_user("kadishub.sorong")
    pyb.save()
    PybRule.objects.create(instansi=org.sorong, priority=1, decider=DeciderKind.PEGAWAI, official=pyb)
    grant(org.employee_dinkes_sorong, 2026, 12)
    nurse = actor(org.users["employee_dinkes_sorong"])
    waiting_atasan = send(org)
    services.request_cancel(actor=nurse, request=waiting_atasan)
    assert told_of_cancellation(waiting_atasan) == {"kadinkes.sorong"}  # the PyB never saw it
    recommended = send(org, start=date(2026, 9, 1), end=date(2026, 9, 2))
    services.request_recommend(
        actor=actor(org.users["head_dinkes_sorong"]), request=recommended, option=Decision.DISETUJUI
    )
    services.request_cancel(actor=nurse, request=recommended)
    assert told_of_cancellation(recommended) == {"kadinkes.sorong", "kadishub.sorong"}


def test_hr_is_told_when_a_request_waiting_for_the_ppk_is_cancelled(org):
    grant(org.head_dinkes_sorong, 2026, 12)
    request = send(org, persona="head_dinkes_sorong")
    assert request.pyb is None and request.state == RequestState.PYB
    services.request_cancel(actor=actor(org.users["head_dinkes_sorong"]), request=request)
    assert told_of_cancellation(request) == {"hr.sorong"}
