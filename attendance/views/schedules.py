"""HR's view of an agency's schedules (working hours by weekday, per unit and date range), with the
state of the build of its daily statuses and the button that starts it again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import ActorRequest

from ..models import WEEKDAYS
from ..selectors import daily as daily_selectors
from ..selectors import schedules as selectors
from ..services import daily as daily_services
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
            "run": daily_selectors.last_run(instansi.pk),
        },
    )


@login_required
@require_POST
def daily_rebuild(request: ActorRequest) -> HttpResponse:
    """HR's "Hitung ulang": the agency's daily statuses of the nightly span, built again by the job."""
    instansi, _agencies = chosen_agency(request)
    _run, started = daily_services.daily_rebuild_request(actor=request.actor, instansi=instansi)
    if started:
        messages.success(request, _("Penghitungan ulang status harian dimulai."))
    else:
        messages.info(request, _("Penghitungan status harian sedang berjalan; tunggu hingga selesai."))
    return redirect(f"{reverse('attendance:schedules')}?instansi={instansi.pk}")
