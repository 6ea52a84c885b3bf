"""Pages of the performance years (HR of the agency): the years, opening and changing one with its
periods, and the organisation predikat of its units."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.http import ActorRequest
from core.paging import paginate, querystring_without_page

from .. import access, selectors, services
from ..forms.years import UnitPredikatForm, YearForm
from ..models import PerformanceYear
from .base import managed_instansi

UNITS_PER_PAGE = 100


@login_required
@require_safe
def years_list(request: ActorRequest) -> HttpResponse:
    instansi, choices = managed_instansi(request)
    return render(
        request,
        "performance/hr_years.html",
        {
            "instansi": instansi,
            "instansi_choices": choices,
            "page": paginate(request, selectors.years.years_of(instansi)),
            "querystring": querystring_without_page(request),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def year_create(request: ActorRequest) -> HttpResponse:
    instansi, _choices = managed_instansi(request)
    today = timezone.localdate()
    form = YearForm(
        request.POST or None,
        initial={"year": today.year + (1 if today.month >= 10 else 0)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = services.years.year_create(actor=request.actor, instansi=instansi, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Tahun kinerja %(year)s dibuka.") % {"year": record.year})
            return redirect("performance:year_detail", pk=record.pk)
    return render(request, "performance/year_form.html", {"form": form, "instansi": instansi, "record": None})


def _year(request: ActorRequest, pk: int) -> PerformanceYear:
    record = access.get_performance_year(request.actor, pk)
    access.require(access.can_manage_performance(request.actor, record.instansi_id))
    return record


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def year_update(request: ActorRequest, pk: int) -> HttpResponse:
    record = _year(request, pk)
    form = YearForm(request.POST or None, record=record)
    if request.method == "POST" and form.is_valid():
        try:
            services.years.year_update(actor=request.actor, record=record, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Tahun kinerja %(year)s disimpan.") % {"year": record.year})
            return redirect("performance:year_detail", pk=record.pk)
    return render(
        request, "performance/year_form.html", {"form": form, "instansi": record.instansi, "record": record}
    )


@login_required
@require_safe
def year_detail(request: ActorRequest, pk: int) -> HttpResponse:
    record = _year(request, pk)
    return render(
        request,
        "performance/year_detail.html",
        {
            "record": record,
            "instansi": record.instansi,
            "periods": selectors.years.periods_of(record),
            "page": paginate(request, selectors.years.unit_predikat_rows(record), UNITS_PER_PAGE),
            "querystring": querystring_without_page(request),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def unit_predikat(request: ActorRequest, pk: int) -> HttpResponse:
    """One select per unit (a page of units at a time): the predikat kinerja organisasi."""
    record = _year(request, pk)
    page = paginate(request, selectors.years.predikat_units(record), UNITS_PER_PAGE)
    units = list(page.object_list)
    form = UnitPredikatForm(
        request.POST or None, units=units, current=selectors.years.current_predikat(record, units)
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.years.unit_predikat_save(
                actor=request.actor, year=record, values=form.values()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Predikat kinerja organisasi disimpan (%(n)s unit berubah).") % {"n": changed},
            )
            return redirect("performance:year_detail", pk=record.pk)
    return render(
        request,
        "performance/year_unit_predikat.html",
        {
            "record": record,
            "instansi": record.instansi,
            "form": form,
            "page": page,
            "querystring": querystring_without_page(request),
        },
    )
