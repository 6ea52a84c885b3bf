"""Pages of the catalogue: the programmes open to an employee, HR's programme list and forms, a
programme's page, its sessions, partner institutions with their agreements, and the competency list."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.access import Actor
from core.http import ActorRequest, add_service_errors, message_service_errors, query_int
from core.models import Instansi
from core.paging import paginate, querystring_without_page

from .. import access
from ..choices import EnrolmentState, ProgrammeForm, ProgrammeKind, ProgrammeState
from ..forms.catalogue import (
    AgreementForm,
    CatalogueFilterForm,
    CompetencyForm,
    PartnerForm,
    ProgrammeEditForm,
    ProgrammeFilterForm,
    ProgrammeStateForm,
    SessionForm,
)
from ..forms.enrolment import ReasonForm
from ..models import PartnerInstitution, Programme, Session
from ..rules import cancel_deadline, has_started, is_full, seats_left
from ..selectors import catalogue as selectors
from ..selectors import enrolment as enrolment_selectors
from ..services import catalogue as services

GET_POST = ["GET", "HEAD", "POST"]


def managed_instansi(
    request: ActorRequest, allowed: Callable[[Actor, int], bool]
) -> tuple[Instansi, list[Instansi]]:
    """The agency a new record belongs to: ?instansi= (another agency: 404; one the actor works in
    without keeping it: 403), else the first the actor keeps."""
    actor = request.actor
    access.require(access.can_manage_any_catalogue(actor))
    choices = list(access.catalogue_agencies(actor).order_by("name"))
    pk = query_int(request, "instansi")
    if pk is not None:
        instansi = next((i for i in choices if i.pk == pk), None) or access.get_instansi(actor, pk)
        access.require(allowed(actor, instansi.pk))
        return instansi, choices
    access.require(bool(choices))
    return choices[0], choices


def flash_errors(request: ActorRequest, form: BaseForm) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


def _filter_context(form: CatalogueFilterForm | ProgrammeFilterForm, request: ActorRequest) -> dict:
    return {
        "form": form,
        "q": form.valid("q") or "",
        "kind": form.valid("jenis") or "",
        "form_kind": form.valid("bentuk") or "",
        "kinds": ProgrammeKind.choices,
        "forms": ProgrammeForm.choices,
        "querystring": querystring_without_page(request),
    }


# --- The catalogue of an employee ------------------------------------------------------------------------
@login_required
@require_safe
def catalogue(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not access.can_browse_catalogue(actor) and access.can_manage_any_catalogue(actor):
        return redirect("training:programme_list")
    access.require(access.can_browse_catalogue(actor))
    who = selectors.own_candidate(actor)
    access.require(who is not None)
    assert who is not None
    form = CatalogueFilterForm(request.GET)
    kwargs = form.common()
    page = paginate(request, selectors.catalogue(who=who, **kwargs), per_page=25)
    labels = dict(EnrolmentState.choices)
    page.object_list = list(page.object_list)
    for row in page.object_list:
        row.my_state_label = labels.get(row.my_state, "")
    return render(
        request,
        "training/catalogue.html",
        {
            **_filter_context(form, request),
            "page": page,
            "sorting": selectors.PROGRAMME_SORT.parse(kwargs["sort"]),
            "can_manage": access.can_manage_any_catalogue(actor),
        },
    )


# --- HR's programme list and forms ---------------------------------------------------------------------------
@login_required
@require_safe
def programme_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_manage_any_catalogue(actor))
    form = ProgrammeFilterForm(request.GET, actor=actor)
    kwargs = form.selector_kwargs()
    rows = selectors.programme_list(actor=actor, **kwargs)
    return render(
        request,
        "training/programme_list.html",
        {
            **_filter_context(form, request),
            "page": paginate(request, rows),
            "sorting": selectors.PROGRAMME_SORT.parse(kwargs["sort"]),
            "agencies": form.agencies,
            "agency_choices": [(i.pk, i.name) for i in form.agencies],
            "instansi": kwargs["instansi"],
            "states": ProgrammeState.choices,
            "state": kwargs["state"],
        },
    )


@login_required
@require_http_methods(GET_POST)
def programme_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    instansi, choices = managed_instansi(request, access.can_manage_catalogue)
    form = ProgrammeEditForm(request.POST or None, actor=actor, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        programme = form.save(commit=False)
        try:
            programme = services.programme_save(
                actor=actor,
                programme=programme,
                instansi=instansi,
                competencies=form.cleaned_data["competencies"],
                units=form.cleaned_data["units"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Program %(title)s disimpan sebagai draf. Tambahkan jadwal sesinya.")
                % {"title": programme.title},
            )
            return redirect(programme)
    return render(
        request,
        "training/programme_form.html",
        {"form": form, "instansi": instansi, "instansi_choices": choices, "programme": None},
    )


def _managed(request: ActorRequest, pk: int) -> Programme:
    programme = access.get_programme(request.actor, pk)
    access.check(request.actor, access.can_manage_programme(request.actor, programme), programme)
    return programme


@login_required
@require_http_methods(GET_POST)
def programme_update(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    programme = _managed(request, pk)
    title = programme.title
    form = ProgrammeEditForm(
        request.POST or None, instance=programme, actor=actor, instansi=programme.instansi
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_save(
                actor=actor,
                programme=form.save(commit=False),
                instansi=programme.instansi,
                competencies=form.cleaned_data["competencies"],
                units=form.cleaned_data["units"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Program %(title)s disimpan.") % {"title": programme.title})
            return redirect(programme)
    return render(
        request,
        "training/programme_form.html",
        {"form": form, "instansi": programme.instansi, "programme": programme, "stored_title": title},
    )


@login_required
@require_safe
def programme_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    programme = access.get_programme(actor, pk)
    can_manage = access.can_manage_programme(actor, programme)
    who = selectors.own_candidate(actor) if actor.employee_instansi_id == programme.instansi_id else None
    own = selectors.own_enrolment(programme, actor.employee_id)
    taken = selectors.taken_places(programme)
    started = has_started(programme.start_date, timezone.localdate())
    return render(
        request,
        "training/programme_detail.html",
        {
            "programme": programme,
            "sessions": list(selectors.sessions_of(programme)),
            "competencies": list(programme.competencies.order_by("code")),
            "target_units": list(programme.units.order_by("path")),
            "taken": taken,
            "seats_left": seats_left(programme.quota, taken),
            "deadline": cancel_deadline(programme.start_date, programme.cancel_days_before),
            "own": own,
            "eligible": who is not None and selectors.is_eligible(programme, who),
            "can_request": own is None and access.can_request_place(actor, programme),
            "can_nominate": access.can_nominate(actor, programme) and not started,
            "started": started,
            "full": is_full(programme.quota, taken),
            "can_manage": can_manage,
            "participants": list(enrolment_selectors.participants(programme)) if can_manage else [],
            "moves": [
                (state, ProgrammeState(state).label)
                for state in sorted(services.PROGRAMME_MOVES[programme.state])
            ]
            if can_manage
            else [],
            "reason_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def programme_state(request: ActorRequest, pk: int) -> HttpResponse:
    programme = _managed(request, pk)
    form = ProgrammeStateForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect(programme)
    try:
        services.programme_set_state(
            actor=request.actor, programme=programme, state=form.cleaned_data["state"]
        )
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(
            request, _("Status program: %(state)s.") % {"state": ProgrammeState(programme.state).label}
        )
    return redirect(programme)


# --- Sessions -----------------------------------------------------------------------------------------------------
@login_required
@require_http_methods(GET_POST)
def session_create(request: ActorRequest, pk: int) -> HttpResponse:
    programme = _managed(request, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(actor=request.actor, session=form.save(commit=False), programme=programme)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Sesi ditambahkan."))
            return redirect(programme.get_absolute_url() + "#sesi")
    return render(request, "training/session_form.html", {"form": form, "programme": programme})


@login_required
@require_POST
def session_delete(request: ActorRequest, pk: int) -> HttpResponse:
    session: Session = access.get_session(request.actor, pk)
    programme = session.programme
    try:
        services.session_delete(actor=request.actor, session=session)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(request, _("Sesi dihapus."))
    return redirect(programme.get_absolute_url() + "#sesi")


# --- Partner institutions ---------------------------------------------------------------------------------------------
@login_required
@require_safe
def partner_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_manage_any_catalogue(actor))
    q = request.GET.get("q", "")[:100]
    sorting = selectors.PARTNER_SORT.from_request(request)
    rows = selectors.partner_list(actor=actor, search=q, sort=sorting.value)
    return render(
        request,
        "training/partner_list.html",
        {
            "page": paginate(request, rows),
            "sorting": sorting,
            "q": q,
            "querystring": querystring_without_page(request),
            "many_agencies": access.catalogue_agencies(actor).count() > 1,
        },
    )


@login_required
@require_http_methods(GET_POST)
def partner_create(request: ActorRequest) -> HttpResponse:
    instansi, choices = managed_instansi(request, access.can_manage_catalogue)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_save(
                actor=request.actor, partner=form.save(commit=False), instansi=instansi
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Lembaga mitra %(name)s ditambahkan.") % {"name": partner.name})
            return redirect(partner)
    return render(
        request,
        "training/partner_form.html",
        {"form": form, "instansi": instansi, "instansi_choices": choices, "partner": None},
    )


@login_required
@require_safe
def partner_detail(request: ActorRequest, pk: int) -> HttpResponse:
    partner: PartnerInstitution = access.get_partner(request.actor, pk)
    return render(
        request,
        "training/partner_detail.html",
        {
            "partner": partner,
            "agreements": list(partner.agreements.order_by("-start_date", "pk")),
            "programmes": list(partner.programmes.order_by("-start_date", "pk")[:20]),
            "agreement_form": AgreementForm(),
        },
    )


@login_required
@require_http_methods(GET_POST)
def partner_update(request: ActorRequest, pk: int) -> HttpResponse:
    partner = access.get_partner(request.actor, pk)
    name = partner.name
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_save(
                actor=request.actor, partner=form.save(commit=False), instansi=partner.instansi
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Lembaga mitra %(name)s disimpan.") % {"name": partner.name})
            return redirect(partner)
    return render(
        request,
        "training/partner_form.html",
        {"form": form, "instansi": partner.instansi, "partner": partner, "stored_name": name},
    )


@login_required
@require_POST
def agreement_create(request: ActorRequest, pk: int) -> HttpResponse:
    partner = access.get_partner(request.actor, pk)
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_save(actor=request.actor, agreement=form.save(commit=False), partner=partner)
        except ValidationError as exc:
            message_service_errors(request, exc)
        else:
            messages.success(request, _("Perjanjian kerja sama ditambahkan."))
    else:
        flash_errors(request, form)
    return redirect(partner.get_absolute_url() + "#perjanjian")


# --- Competencies ---------------------------------------------------------------------------------------------------------
@login_required
@require_http_methods(GET_POST)
def competency_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    instansi, choices = managed_instansi(request, access.can_manage_catalogue)
    form = CompetencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.competency_create(actor=actor, instansi=instansi, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Kompetensi ditambahkan."))
            return redirect(request.get_full_path())
    rows = selectors.competency_list(actor=actor, instansi=instansi)
    return render(
        request,
        "training/competency_list.html",
        {"form": form, "instansi": instansi, "instansi_choices": choices, "page": paginate(request, rows)},
    )
