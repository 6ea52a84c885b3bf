from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core import panels


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The home page: what each app shows the actor (core.panels)."""
    data = {"roles": request.actor.roles, **panels.collect(panels.DASHBOARD, request)}
    return render(request, "core/dashboard.html", data)
