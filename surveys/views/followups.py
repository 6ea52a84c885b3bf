"""Pages of follow-ups (tindak lanjut) for HR and heads: the list, one follow-up with the citizen's
suggestion, and assigning, answering and closing it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from core.http import ActorRequest, add_service_errors, message_service_errors
from core.paging import paginate, querystring_without_page

from .. import access
from ..choices import FollowUpState
from ..forms.followups import AnswerForm, AssignForm
from ..models import FollowUp
from ..selectors import followups as selectors
from ..services import followups as services
from .units import query_int

STATE_CHOICES = [
    (selectors.OPEN, gettext_lazy("Belum selesai")),
    *FollowUpState.choices,
    (selectors.ALL, gettext_lazy("Semua status")),
]


@login_required
@require_safe
def follow_up_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_view_surveys(actor))
    service_units = list(selectors.filter_service_units(actor))
    pk = query_int(request, "unit_layanan")
    service_unit = next((s for s in service_units if s.pk == pk), None)
    state = request.GET.get("status", "")
    if state not in dict(STATE_CHOICES):
        state = selectors.OPEN
    search = request.GET.get("q", "").strip()[:100]
    sorting = selectors.FOLLOW_UP_SORT.from_request(request)
    rows = selectors.follow_up_list(
        actor=actor, state=state, service_unit=service_unit, search=search, sort=sorting.value
    )
    return render(
        request,
        "surveys/follow_up_list.html",
        {
            "page": paginate(request, rows),
            "sorting": sorting,
            "querystring": querystring_without_page(request),
            "service_units": [(s.pk, s.name) for s in service_units],
            "service_unit": service_unit,
            "states": STATE_CHOICES,
            "state": state,
            "q": search,
        },
    )


def _visible(request: ActorRequest, pk: int) -> FollowUp:
    return access.get_follow_up(request.actor, pk)


def _handled(request: ActorRequest, pk: int) -> FollowUp:
    follow_up = _visible(request, pk)
    access.check(request.actor, access.can_handle_follow_up(request.actor, follow_up), follow_up.service_unit)
    return follow_up


def _answerable(request: ActorRequest, pk: int) -> FollowUp:
    follow_up = _visible(request, pk)
    access.check(request.actor, access.can_answer_follow_up(request.actor, follow_up), follow_up.service_unit)
    return follow_up


def _page(
    request: ActorRequest,
    follow_up: FollowUp,
    *,
    assign_form: AssignForm | None = None,
    answer_form: AnswerForm | None = None,
) -> HttpResponse:
    actor = request.actor
    can_handle = access.can_handle_follow_up(actor, follow_up)
    can_answer = access.can_answer_follow_up(actor, follow_up)
    open_ = follow_up.state != FollowUpState.CLOSED
    if not (can_answer and open_):
        # The forms are not shown (closed meanwhile): their errors, such as "already closed", are said
        # as messages rather than lost.
        for form in (assign_form, answer_form):
            for errors in form.errors.values() if form is not None else ():
                for text in errors:
                    messages.error(request, str(text))
    return render(
        request,
        "surveys/follow_up_detail.html",
        {
            "follow_up": follow_up,
            "response": follow_up.response,
            "service_unit": follow_up.service_unit,
            "can_handle": can_handle and open_,
            "assign_form": (assign_form or _assign_form(request, follow_up))
            if can_handle and open_
            else None,
            "answer_form": (answer_form or AnswerForm(initial={"answer": follow_up.answer}))
            if can_answer and open_
            else None,
        },
    )


def _assign_form(request: ActorRequest, follow_up: FollowUp, data: QueryDict | None = None) -> AssignForm:
    return AssignForm(
        data,
        employees=selectors.assignees(request.actor, follow_up),
        initial={"employee": follow_up.assigned_to_id},
    )


@login_required
@require_safe
def follow_up_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _page(request, _visible(request, pk))


@login_required
@require_POST
def follow_up_assign(request: ActorRequest, pk: int) -> HttpResponse:
    follow_up = _handled(request, pk)
    form = _assign_form(request, follow_up, request.POST)
    if form.is_valid():
        try:
            employee = form.cleaned_data["employee"]
            follow_up = services.follow_up_assign(actor=request.actor, follow_up=follow_up, employee=employee)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s kini menangani tindak lanjut ini.") % {"name": employee.full_name},
            )
            return redirect("surveys:follow_up", pk=follow_up.pk)
    return _page(request, follow_up, assign_form=form)


@login_required
@require_POST
def follow_up_answer(request: ActorRequest, pk: int) -> HttpResponse:
    follow_up = _answerable(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            follow_up = services.follow_up_answer(
                actor=request.actor, follow_up=follow_up, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Jawaban disimpan. Masyarakat dapat membacanya dengan kode tiket %(ticket)s.")
                % {"ticket": follow_up.ticket},
            )
            return redirect("surveys:follow_up", pk=follow_up.pk)
    return _page(request, follow_up, answer_form=form)


@login_required
@require_POST
def follow_up_close(request: ActorRequest, pk: int) -> HttpResponse:
    follow_up = _handled(request, pk)
    try:
        services.follow_up_close(actor=request.actor, follow_up=follow_up)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(request, _("Tindak lanjut diselesaikan."))
    return redirect("surveys:follow_up", pk=follow_up.pk)
