from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core import selectors


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.dashboard(actor=request.actor)
    return render(request, "core/dashboard.html", data)
