"""HR's view of an agency's schedules (working hours by weekday, per unit and date range)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.http import ActorRequest

from ..models import WEEKDAYS
from ..selectors import schedules as selectors
from .locations import chosen_agency


@login_required
@require_GET
def schedules(request: ActorRequest) -> HttpResponse:
    instansi, agencies = chosen_agency(request)
    return render(
        request,
        "attendance/schedules.html",
        {
            "instansi": instansi,
            "agencies": agencies,
            "rows": selectors.agency_schedules(instansi.pk),
            "page": None,  # the layout's items are `rows`
            "weekdays": WEEKDAYS,
            "band_tables": selectors.agency_band_tables(instansi.pk),
        },
    )
