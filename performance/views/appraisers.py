"""Who appraises whom (HR of the agency): the Sekda and the kepala daerah at the top of the agency,
acting appraisers for a unit's staff, re-pointing a unit's SKPs to the tree, and naming the appraiser
of one SKP. Every change reaches the open SKPs at once (performance.services.appraisers)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.http import ActorRequest
from core.models import UnitKerja
from employees.choices import OfficialKind
from employees.models import ActingAppraiser
from employees.selectors.superiors import officials
from employees.services import superiors

from .. import access, services
from ..forms.appraisers import ActingAppraiserForm, OfficialForm, SkpAppraiserForm, UnitRefreshForm
from .base import pick


def _units(instansi_id: int) -> QuerySet[UnitKerja]:
    return UnitKerja.objects.active().filter(instansi_id=instansi_id).order_by("path")


def _redirect(instansi_id: int) -> HttpResponse:
    return redirect(f"{reverse('performance:appraisers')}?instansi={instansi_id}")


@login_required
@require_safe
def appraisers(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    choices = list(access.appraiser_instansi(actor).order_by("name"))
    raw = request.GET.get("instansi", "")
    if raw.isdigit():
        instansi = pick(choices, int(raw)) or access.get_appraisers_instansi(actor, int(raw))
    else:
        access.require(bool(choices))
        instansi = choices[0]
    posts = officials(instansi.pk)
    return render(
        request,
        "performance/appraisers.html",
        {
            "instansi": instansi,
            "instansi_choices": choices,
            "posts": [(kind, label, posts.get(kind)) for kind, label in OfficialKind.choices],
            "acting": ActingAppraiser.objects.filter(unit__instansi=instansi).select_related(
                "unit", "employee__current_position"
            ),
            "refresh_form": UnitRefreshForm(units=_units(instansi.pk)),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def official_edit(request: ActorRequest, instansi_pk: int, kind: str) -> HttpResponse:
    instansi = access.get_appraisers_instansi(request.actor, instansi_pk)
    if kind not in OfficialKind.values:
        raise Http404
    current = officials(instansi.pk).get(kind)
    initial: dict[str, Any] = {
        "title": instansi.ppk_title if kind == OfficialKind.KEPALA_DAERAH else _("Sekretaris Daerah")
    }
    if current is not None:
        initial = {
            "title": current.title,
            "nip": current.employee.nip if current.employee else "",
            "holder_name": current.holder_name,
            "is_acting": current.is_acting,
        }
    form = OfficialForm(
        request.POST or None,
        initial=initial,
        employees=access.appraiser_candidates(request.actor, instansi.pk),
        submit=_("Simpan"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            superiors.official_save(
                actor=request.actor,
                instansi=instansi,
                kind=kind,
                title=data["title"],
                employee=data["nip"],
                holder_name=data["holder_name"],
                is_acting=data["is_acting"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Pejabat disimpan; SKP yang dinilainya sudah diperbarui."))
            return _redirect(instansi.pk)
    return render(
        request,
        "performance/appraiser_form.html",
        {"form": form, "instansi": instansi, "title": OfficialKind(kind).label},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def acting_create(request: ActorRequest, instansi_pk: int) -> HttpResponse:
    instansi = access.get_appraisers_instansi(request.actor, instansi_pk)
    form = ActingAppraiserForm(
        request.POST or None,
        initial={"unit": request.GET.get("unit")},
        units=_units(instansi.pk),
        employees=access.appraiser_candidates(request.actor, instansi.pk),
        submit=_("Tetapkan"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appraisers.acting_appraiser_save(
                actor=request.actor, unit=data["unit"], employee=data["nip"], reason=data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Pejabat penilai pengganti ditetapkan; SKP pegawai unit ini sudah dialihkan.")
            )
            return _redirect(instansi.pk)
    return render(
        request,
        "performance/appraiser_form.html",
        {"form": form, "instansi": instansi, "title": _("Pejabat penilai pengganti (Plt/Plh)")},
    )


@login_required
@require_POST
def acting_delete(request: ActorRequest, pk: int) -> HttpResponse:
    acting = access.get_acting_appraiser(request.actor, pk)
    services.appraisers.acting_appraiser_delete(actor=request.actor, acting=acting)
    messages.success(request, _("Pejabat penilai pengganti diakhiri; SKP kembali ke atasan langsung."))
    return _redirect(acting.unit.instansi_id)


@login_required
@require_POST
def unit_refresh(request: ActorRequest, instansi_pk: int) -> HttpResponse:
    instansi = access.get_appraisers_instansi(request.actor, instansi_pk)
    form = UnitRefreshForm(request.POST, units=_units(instansi.pk))
    if not form.is_valid():
        messages.error(request, _("Pilih unit kerja."))
        return _redirect(instansi.pk)
    changed = services.appraisers.unit_appraisers_refresh(actor=request.actor, unit=form.cleaned_data["unit"])
    messages.success(request, _("%(n)s SKP mendapat pejabat penilai baru.") % {"n": changed})
    return _redirect(instansi.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def skp_appraiser(request: ActorRequest, pk: int) -> HttpResponse:
    skp = access.get_skp(request.actor, pk)
    instansi_id = skp.employee.unit.instansi_id
    access.require(access.can_name_appraiser(request.actor, skp))
    form = SkpAppraiserForm(
        request.POST or None,
        employees=access.appraiser_candidates(request.actor, instansi_id),
        submit=_("Simpan"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.appraisers.skp_appraiser_name(
                actor=request.actor,
                skp=skp,
                appraiser=form.cleaned_data["nip"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Pejabat penilai SKP ini diganti."))
            return redirect(skp)
    return render(
        request,
        "performance/appraiser_form.html",
        {"form": form, "skp": skp, "instansi": skp.year.instansi, "title": _("Ganti pejabat penilai SKP")},
    )
