"""HR's page of who decides on leave: the PyB rule table and the acting officials (Plt)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.http import ActorRequest, add_service_errors, message_service_errors
from employees.choices import PositionKind

from .. import access, selectors
from ..forms import ActingForm, PybRuleForm
from ..models import ActingOfficial
from ..services import officials as services
from .requests import chosen_agency

MANAGERIAL = [
    PositionKind.JPT_UTAMA,
    PositionKind.JPT_MADYA,
    PositionKind.JPT_PRATAMA,
    PositionKind.ADMINISTRATOR,
    PositionKind.PENGAWAS,
]


def _officials(actor, instansi_id: int):
    """The people a rule or a Plt may name: the agency's unit heads and managerial posts."""
    return (
        access.employees_managed(actor, instansi_id)
        .filter(Q(is_unit_head=True) | Q(current_position__kind__in=MANAGERIAL), is_active=True)
        .select_related("unit", "current_position")
        .order_by("unit__path", "name")
    )


def _url(instansi_id: int) -> str:
    return f"{reverse('leave:officials')}?instansi={instansi_id}"


@login_required
@require_http_methods(["GET", "POST"])
def officials(request: ActorRequest) -> HttpResponse:
    instansi, agencies = chosen_agency(request)
    units = access.leave_units(request.actor, instansi.pk).order_by("path")
    people = _officials(request.actor, instansi.pk)
    which = request.POST.get("form")
    rule_form = PybRuleForm(request.POST if which == "rule" else None, unit_qs=units, people=people)
    acting_form = ActingForm(request.POST if which == "acting" else None, people=people)
    if request.method == "POST":
        form = rule_form if which == "rule" else acting_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is rule_form:
                    services.pyb_rule_create(actor=request.actor, instansi=instansi, **data)
                else:
                    services.acting_create(actor=request.actor, instansi=instansi, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Tersimpan."))
                return redirect(_url(instansi.pk))
    return render(
        request,
        "leave/officials.html",
        {
            "instansi": instansi,
            "agencies": agencies,
            "rules": selectors.pyb_rules(instansi.pk),
            "page": None,  # the layout's items are `rows`
            "actings": ActingOfficial.objects.filter(instansi=instansi).select_related("absent", "acting"),
            "rule_form": rule_form,
            "acting_form": acting_form,
        },
    )


@login_required
@require_POST
def pyb_rule_delete(request: ActorRequest, pk: int) -> HttpResponse:
    rule = access.get_pyb_rule(request.actor, pk)
    try:
        services.pyb_rule_delete(actor=request.actor, rule=rule)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(
            request,
            _("Aturan urutan %(priority)s (%(decider)s) dihapus.")
            % {"priority": rule.priority, "decider": rule.get_decider_display()},
        )
    return redirect(_url(rule.instansi_id))


@login_required
@require_POST
def acting_delete(request: ActorRequest, pk: int) -> HttpResponse:
    row = access.get_acting(request.actor, pk)
    try:
        services.acting_delete(actor=request.actor, row=row)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(
            request,
            _("Plt %(acting)s untuk %(absent)s dihapus.")
            % {"acting": row.acting.full_name, "absent": row.absent.full_name},
        )
    return redirect(_url(row.instansi_id))
