"""The public verification page of the letters HR sends (/laporan/verifikasi/<code>/), reached through
the QR code printed on each letter. No login; rate-limited per address (core.ratelimit); nothing
personal beyond what checks the letter in hand: its kind, number and date, the agency, the employee's
name and the last four digits of the NIP (the birth date and appointment the NIP carries stay hidden),
and "valid". An unknown code: a clear "not found" page with status 404.
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from core.ratelimit import over_rate_limit

from .. import selectors
from ..choices import LetterKind
from ..rows import masked_nip

TEMPLATE = "reports/public/verify.html"


def verification_url(request: HttpRequest, code: str) -> str:
    """The absolute address of a letter's verification page (its QR code): under PORTAL_BASE_URL when
    it is set (the public name of the portal), else under the host this request came to."""
    path = reverse("reports:letter_verify", args=[code])
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


@require_safe
def letter_verify(request: HttpRequest, code: str) -> HttpResponse:
    address = get_client_ip_address(request) or ""
    if over_rate_limit(
        "letter_verify", address, limit=settings.LETTER_VERIFY_LIMIT, window=settings.LETTER_VERIFY_WINDOW
    ):
        return render(request, TEMPLATE, {"state": "limited"}, status=429)
    letter = selectors.letter_by_code(code.strip().upper()[:32])
    if letter is None:
        response = render(request, TEMPLATE, {"state": "unknown", "code": code[:32]}, status=404)
    else:
        context = {
            "state": "valid",
            "letter": letter,
            "nip": masked_nip(letter.subject_nip) if letter.subject_nip else "",
            "is_list": letter.kind == LetterKind.PROMOTION_LIST,
        }
        response = render(request, TEMPLATE, context)
    patch_cache_control(response, private=True, max_age=0)
    return response
