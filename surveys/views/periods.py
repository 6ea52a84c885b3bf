"""Pages of survey periods (HR of the agency and the head of the unit): create and change a draft
period, its page, opening and closing it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.http import ActorRequest, add_service_errors, message_service_errors

from .. import access
from ..choices import PeriodState
from ..forms.periods import PeriodForm
from ..models import SurveyPeriod
from ..selectors import periods as selectors
from ..services import periods as services


def _period(request: ActorRequest, pk: int) -> SurveyPeriod:
    access.require(access.can_view_surveys(request.actor))
    return access.get_period(request.actor, pk)


def _runnable(request: ActorRequest, pk: int) -> SurveyPeriod:
    period = _period(request, pk)
    access.check(
        request.actor, access.can_run_periods(request.actor, period.service_unit), period.service_unit
    )
    return period


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def period_create(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    access.require(access.can_view_surveys(actor))
    service_unit = access.get_service_unit(actor, pk)
    access.check(actor, access.can_run_periods(actor, service_unit), service_unit)
    form = PeriodForm(request.POST or None, instansi=service_unit.unit.instansi)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_create(actor=actor, service_unit=service_unit, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Periode survei dibuat. Buka periode ini agar masyarakat dapat mengisi survei.")
            )
            return redirect("surveys:period", pk=period.pk)
    return render(
        request, "surveys/period_form.html", {"form": form, "service_unit": service_unit, "period": None}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def period_update(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    period = _runnable(request, pk)
    if period.state != PeriodState.DRAFT:
        messages.error(request, _("Periode yang sudah dibuka tidak dapat diubah lagi."))
        return redirect("surveys:period", pk=period.pk)
    form = PeriodForm(request.POST or None, instansi=period.service_unit.unit.instansi, period=period)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_update(actor=actor, period=period, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Periode survei disimpan."))
            return redirect("surveys:period", pk=period.pk)
    return render(
        request,
        "surveys/period_form.html",
        {"form": form, "service_unit": period.service_unit, "period": period},
    )


@login_required
@require_safe
def period_detail(request: ActorRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    responses = selectors.response_count(period)
    minimum = selectors.minimum_sample(period)
    return render(
        request,
        "surveys/period_detail.html",
        {
            "period": period,
            "service_unit": period.service_unit,
            "responses": responses,
            "minimum_sample": minimum,
            # Warned once citizens can answer: a draft has none yet by nature.
            "short_of_sample": period.state != PeriodState.DRAFT and bool(minimum) and responses < minimum,
            "can_run": access.can_run_periods(request.actor, period.service_unit),
        },
    )


@login_required
@require_POST
def period_open(request: ActorRequest, pk: int) -> HttpResponse:
    period = _runnable(request, pk)
    try:
        services.period_open(actor=request.actor, period=period)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(request, _("Periode survei dibuka. Masyarakat sekarang dapat mengisi survei."))
    return redirect("surveys:period", pk=period.pk)


@login_required
@require_POST
def period_close(request: ActorRequest, pk: int) -> HttpResponse:
    period = _runnable(request, pk)
    try:
        services.period_close(actor=request.actor, period=period)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(request, _("Periode survei ditutup. IKM periode ini dihitung ulang."))
    return redirect("surveys:period", pk=period.pk)
