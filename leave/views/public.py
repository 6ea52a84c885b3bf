"""The public verification page of a surat izin cuti (/cuti/verifikasi/<code>/), reached through the QR
code printed on the letter. No login; rate-limited per address (core.ratelimit, the same limits as the
other letters' page). It shows only whether the letter holds, the employee's name with the last four
digits of the NIP, the leave type and the dates. A letter whose request was cancelled (or no longer
says what the letter says) is shown as not valid; an unknown code (forged, altered, mistyped) is a
"not found" page with status 404."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from core.ratelimit import over_rate_limit

from .. import documents

TEMPLATE = "leave/public/verify.html"


def masked_nip(nip: str) -> str:
    """All but the last four digits hidden, 18 digits keeping their groups (as the letters of the
    reports show it)."""
    if len(nip) <= 4:
        return "*" * len(nip)
    masked = "*" * (len(nip) - 4) + nip[-4:]
    if len(nip) == 18:
        return f"{masked[:8]} {masked[8:14]} {masked[14]} {masked[15:]}"
    return masked


@require_safe
def letter_verify(request: HttpRequest, code: str) -> HttpResponse:
    address = get_client_ip_address(request) or ""
    if over_rate_limit(
        "leave_letter_verify",
        address,
        limit=settings.LETTER_VERIFY_LIMIT,
        window=settings.LETTER_VERIFY_WINDOW,
    ):
        return render(request, TEMPLATE, {"state": "limited"}, status=429)
    found = documents.verify(code.strip().upper()[:32])
    if found is None:
        response = render(request, TEMPLATE, {"state": "unknown"}, status=404)
    else:
        context = {
            "state": "valid" if found.valid else "invalid",
            "cancelled": found.cancelled,
            "letter": found.letter,
            "nip": masked_nip(found.letter.subject_nip),
        }
        response = render(request, TEMPLATE, context)
    patch_cache_control(response, private=True, max_age=0)
    return response
