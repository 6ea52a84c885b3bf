"""The documents of a request: the official form (formulir permintaan dan pemberian cuti) as PDF, and
the decision letter (surat izin cuti) of a granted request: recorded by a POST the first time (its
number and verification code), then downloaded as often as wanted. Who: the employee, the atasan and
the PyB named on the request, HR of the agency (access.can_download_documents)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import pdf as core_pdf
from core.http import ActorRequest, message_service_errors

from .. import access, documents, pdf
from ..choices import RequestState
from ..services import documents as services

DOCUMENT_LANGUAGE = "id"


def verification_url(request: HttpRequest, code: str) -> str:
    """The absolute address of a letter's verification page (its QR code): under PORTAL_BASE_URL when
    it is set, else under the host this request came to."""
    path = reverse("leave:letter_verify", args=[code])
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


@login_required
@require_GET
def form_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    leave = access.get_document_request(request.actor, pk)
    with translation.override(DOCUMENT_LANGUAGE):
        content = pdf.form_pdf(documents.form_of(leave))
    return core_pdf.response(content, f"formulir-cuti-{leave.employee.nip}-{leave.start:%Y%m%d}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def letter(request: ActorRequest, pk: int) -> HttpResponse:
    """GET: the letter's PDF once recorded, else the page that records it; POST: record it."""
    leave = access.get_document_request(request.actor, pk)
    if request.method == "POST":
        try:
            services.letter_issue(actor=request.actor, request=leave)
        except ValidationError as exc:
            message_service_errors(request, exc)
            return redirect("leave:detail", pk=leave.pk)
        # Back to the request, where the message and the letter's number show (found by the trial:
        # a redirect to the PDF itself lost the message).
        messages.success(request, _("Surat izin cuti dibuat."))
        return redirect("leave:detail", pk=leave.pk)
    found = documents.letter_of(leave)
    if found is not None and leave.state != RequestState.DISETUJUI:
        # Cancelled (or changed) since: the letter no longer holds and is not handed out again.
        messages.error(
            request, _("Permintaan cuti ini tidak lagi disetujui: surat izin cutinya tidak berlaku.")
        )
        return redirect("leave:detail", pk=leave.pk)
    if found is None:
        return render(
            request, "leave/letter_issue.html", {"leave": leave, "can_issue": access.has_letter(leave)}
        )
    with translation.override(DOCUMENT_LANGUAGE):
        content = pdf.letter_pdf(found, leave, verification_url(request, found.code))
    return core_pdf.response(content, f"surat-izin-cuti-{found.sequence:04d}-{found.year}.pdf")
