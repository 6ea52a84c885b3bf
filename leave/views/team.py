"""The head's team calendar: a month of who of their subtree is away (granted and waiting requests in
different styles), clashes highlighted, previous and next month; a list of days on a phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.http import ActorRequest

from .. import access, team


@login_required
@require_GET
def team_calendar(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_view_team_calendar(actor))
    first, problem = team.month_choice(request.GET.get("bulan", ""), access.today())
    if problem:
        messages.warning(request, problem)
    month = team.team_month(actor, first, actor.employee_instansi_id)
    return render(request, "leave/team_calendar.html", {"month": month})
