from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import access, panels, selectors, services
from core.forms import UnitForm
from core.http import ActorRequest
from core.paging import paginate, querystring_without_page


@login_required
def instansi_list(request: ActorRequest) -> HttpResponse:
    agencies = selectors.instansi_overview(actor=request.actor).order_by("name")
    return render(request, "core/instansi_list.html", {"page": paginate(request, agencies)})


@login_required
def unit_tree(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    instansi = access.get_instansi(actor, pk)
    units = selectors.unit_tree(actor=actor, instansi=instansi)
    search = request.GET.get("q", "").strip()
    if search:
        units = units.filter(name__icontains=search)
    return render(
        request,
        "core/unit_tree.html",
        {
            "instansi": instansi,
            "page": paginate(request, units, 100),
            "querystring": querystring_without_page(request),
            "q": search,
            "can_manage": access.can_manage_units(actor, instansi.pk),
        },
    )


@login_required
def unit_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    unit = access.get_unit(actor, pk)
    return render(
        request,
        "core/unit_detail.html",
        {
            "unit": unit,
            "children": unit.children.order_by("name"),
            **panels.collect(panels.UNIT_DETAIL, request, unit=unit),
            "can_manage": access.can_manage_units(actor, unit.instansi_id),
            "can_view_history": access.can_view_history(actor, unit.instansi_id),
        },
    )


def _unit_form(request: ActorRequest, *, instansi, unit=None) -> HttpResponse:
    actor = request.actor
    form = UnitForm(request.POST or None, instance=unit, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        try:
            if unit is None:
                unit = services.unit_create(actor=actor, instansi=instansi, **form.cleaned_data)
                messages.success(request, _("Unit kerja %(name)s ditambahkan.") % {"name": unit.name})
            else:
                unit = services.unit_update(actor=actor, unit=unit, **form.cleaned_data)
                messages.success(request, _("Unit kerja %(name)s disimpan.") % {"name": unit.name})
            return redirect(unit)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(request, "core/unit_form.html", {"form": form, "instansi": instansi, "unit": unit})


@login_required
def unit_create(request: ActorRequest, pk: int) -> HttpResponse:
    instansi = access.get_instansi(request.actor, pk)
    access.require(access.can_manage_units(request.actor, instansi.pk))
    return _unit_form(request, instansi=instansi)


@login_required
def unit_update(request: ActorRequest, pk: int) -> HttpResponse:
    unit = access.get_unit(request.actor, pk)
    access.require(access.can_manage_units(request.actor, unit.instansi_id))
    return _unit_form(request, instansi=unit.instansi, unit=unit)
