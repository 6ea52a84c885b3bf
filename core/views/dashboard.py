from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from core import panels
from core.http import ActorRequest


@login_required
def dashboard(request: ActorRequest) -> HttpResponse:
    """The home page: what each app shows the actor (core.panels)."""
    data = {"roles": request.actor.roles, **panels.collect(panels.DASHBOARD, request)}
    return render(request, "core/dashboard.html", data)
