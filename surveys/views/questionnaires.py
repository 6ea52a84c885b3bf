"""Pages of questionnaires: the list (the national standard, read-only, and the agencies' own), a
version's page, and HR's forms (a new questionnaire, its name, its extra questions)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.http import ActorRequest, add_service_errors, message_service_errors
from core.paging import paginate, querystring_without_page

from .. import access
from ..forms.questionnaires import QuestionForm, QuestionnaireForm
from ..models import ExtraQuestion, Questionnaire
from ..selectors import questionnaires as selectors
from ..services import questionnaires as services
from .units import managed_instansi, query_int


def _after_edit(request: HttpRequest, edit: services.Edit, done: str) -> HttpResponse:
    """The message of a change, saying when it went into a new version; then that version's page."""
    if edit.new_version:
        messages.info(
            request,
            _(
                "Kuesioner ini sudah dijawab masyarakat, sehingga perubahan disimpan sebagai versi baru "
                "(v%(version)s). Periode dan jawaban yang sudah ada tetap memakai versi sebelumnya."
            )
            % {"version": edit.questionnaire.version},
        )
    messages.success(request, done)
    return redirect("surveys:questionnaire", pk=edit.questionnaire.pk)


def _visible(request: ActorRequest, pk: int) -> Questionnaire:
    access.require(access.can_view_surveys(request.actor))
    return access.get_questionnaire(request.actor, pk)


def _editable(request: ActorRequest, pk: int) -> Questionnaire:
    questionnaire = _visible(request, pk)
    access.require(access.can_edit_questionnaire(request.actor, questionnaire))
    return questionnaire


def _editable_question(request: ActorRequest, pk: int) -> ExtraQuestion:
    access.require(access.can_view_surveys(request.actor))
    question = access.get_question(request.actor, pk)
    access.require(access.can_edit_questionnaire(request.actor, question.questionnaire))
    return question


@login_required
@require_safe
def questionnaire_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_view_surveys(actor))
    agencies = list(access.agencies_for_surveys(actor).order_by("name"))
    pk = query_int(request, "instansi")
    instansi = next((i for i in agencies if i.pk == pk), None)
    return render(
        request,
        "surveys/questionnaire_list.html",
        {
            "page": paginate(request, selectors.questionnaire_list(actor=actor, instansi=instansi)),
            "querystring": querystring_without_page(request),
            "agencies": agencies,
            "instansi": instansi,
            "can_create": access.can_create_any_questionnaire(actor),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire_create(request: ActorRequest) -> HttpResponse:
    instansi, choices = managed_instansi(request, access.can_create_questionnaire)
    form = QuestionnaireForm(request.POST or None, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.questionnaire_create(
                actor=request.actor, instansi=instansi, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("“%(name)s” dibuat dari kuesioner standar. Tambahkan pertanyaan instansi bila perlu.")
                % {"name": questionnaire.name},
            )
            return redirect("surveys:questionnaire", pk=questionnaire.pk)
    return render(
        request,
        "surveys/questionnaire_form.html",
        {"form": form, "instansi": instansi, "instansi_choices": choices, "questionnaire": None},
    )


@login_required
@require_safe
def questionnaire_detail(request: ActorRequest, pk: int) -> HttpResponse:
    questionnaire = _visible(request, pk)
    versions = selectors.versions_of(questionnaire)
    periods, responses = selectors.usage(questionnaire)
    is_latest = versions[0].pk == questionnaire.pk
    return render(
        request,
        "surveys/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "wording": list(selectors.wording_of(questionnaire)),
            "questions": list(selectors.questions_of(questionnaire)),
            "versions": versions,
            "latest": versions[0],
            "is_latest": is_latest,
            "period_count": periods,
            "response_count": responses,
            "can_edit": is_latest and access.can_edit_questionnaire(request.actor, questionnaire),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire_update(request: ActorRequest, pk: int) -> HttpResponse:
    questionnaire = _editable(request, pk)
    stored_name = questionnaire.name
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            edit = services.questionnaire_rename(
                actor=request.actor, questionnaire=questionnaire, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _after_edit(request, edit, _("Nama kuesioner disimpan."))
    return render(
        request,
        "surveys/questionnaire_form.html",
        {"form": form, "questionnaire": questionnaire, "stored_name": stored_name},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_add(request: ActorRequest, pk: int) -> HttpResponse:
    questionnaire = _editable(request, pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edit = services.question_add(actor=request.actor, questionnaire=questionnaire, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _after_edit(request, edit, _("Pertanyaan tambahan disimpan."))
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "questionnaire": questionnaire, "question": None},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_update(request: ActorRequest, pk: int) -> HttpResponse:
    question = _editable_question(request, pk)
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            edit = services.question_update(actor=request.actor, question=question, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _after_edit(request, edit, _("Pertanyaan tambahan disimpan."))
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "questionnaire": question.questionnaire, "question": question},
    )


@login_required
@require_POST
def question_remove(request: ActorRequest, pk: int) -> HttpResponse:
    question = _editable_question(request, pk)
    try:
        edit = services.question_remove(actor=request.actor, question=question)
    except ValidationError as exc:
        message_service_errors(request, exc)
        return redirect("surveys:questionnaire", pk=question.questionnaire_id)
    return _after_edit(request, edit, _("Pertanyaan tambahan dihapus."))
