"""Pages of attendance and completion (HR): a session's attendance for the whole list, the results of
a programme's participants, and a certificate as PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.http import ActorRequest, add_service_errors

from .. import access, pdf
from ..forms.completion import AttendanceForm, CompletionForm
from ..selectors import completion as selectors
from ..services import completion as services
from .catalogue import GET_POST, _managed
from .public import verify_url


@login_required
@require_http_methods(GET_POST)
def attendance(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    session = access.get_session(actor, pk)
    form = AttendanceForm(request.POST or None, sheet=selectors.attendance_sheet(session))
    if request.method == "POST" and form.is_valid():
        try:
            count = services.attendance_save(actor=actor, session=session, marks=form.marks())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Kehadiran %(count)s peserta disimpan.") % {"count": count})
            return redirect(session.programme.get_absolute_url() + "#sesi")
    return render(
        request,
        "training/attendance.html",
        {"form": form, "session": session, "programme": session.programme},
    )


@login_required
@require_http_methods(GET_POST)
def completion(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    programme = _managed(request, pk)
    participants = list(selectors.completion_sheet(programme))
    form = CompletionForm(request.POST or None, participants=participants)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.completion_save(actor=actor, programme=programme, outcomes=form.outcomes())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Hasil %(count)s peserta dicatat.") % {"count": len(done)})
            return redirect(programme)
    return render(
        request,
        "training/completion.html",
        {
            "form": form,
            "programme": programme,
            "completed": [e for e in participants if e.state == "selesai"],
            "session_count": programme.sessions.count(),
        },
    )


@login_required
@require_safe
def certificate(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    enrolment = access.get_enrolment(actor, pk)
    if not enrolment.certificate_code:
        raise Http404
    access.require(access.can_download_certificate(actor, enrolment))
    data = selectors.certificate_data(enrolment)
    content = pdf.certificate_pdf(data, url=verify_url(request, data.code))
    return pdf.response(content, f"sertifikat-{slugify(data.programme)[:40]}-{data.code}.pdf")
