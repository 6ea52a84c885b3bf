"""Pages of SKP planning: the SKP itself, its RHK/IKI, expectations and the workflow."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import access

from . import selectors


@login_required
@require_GET
def skp_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One SKP with its RHK, IKI, behaviour expectations and workflow history."""
    skp = access.get_skp(request.actor, pk)
    return render(request, "performance/skp_detail.html", selectors.skp_page(actor=request.actor, skp=skp))
