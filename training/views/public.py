"""The public certificate check (no login): /pelatihan/verifikasi/<code>/ shows the holder's name,
the programme, its dates and JP, nothing else; an unknown or altered code is a 404 page. Rate-limited
per address (core.ratelimit), since guessing codes is the abuse it stops."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.ratelimit import over_rate_limit

from ..rules import normalise_code
from ..selectors.public import certificate_by_code

TEMPLATE = "training/public/verify.html"


def verify_url(request: HttpRequest, code: str) -> str:
    """The absolute address of a certificate's check (its QR code): under PORTAL_BASE_URL when set."""
    path = reverse("training:verify", args=[code])
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def _over_limit(request: HttpRequest) -> bool:
    return over_rate_limit(
        "certificate",
        get_client_ip_address(request) or "",
        limit=settings.CERTIFICATE_CHECK_LIMIT,
        window=settings.CERTIFICATE_CHECK_WINDOW,
    )


@require_safe
def verify_lookup(request: HttpRequest) -> HttpResponse:
    """A form to type a certificate's code; a code in any case or without dashes goes to its page."""
    typed = request.GET.get("kode", "")[:40]
    if typed:
        code = normalise_code(typed)
        if code is not None:
            return redirect("training:verify", code=code)
        return render(request, TEMPLATE, {"typed": typed, "not_found": True}, status=404)
    return render(request, TEMPLATE, {})


@require_safe
def verify(request: HttpRequest, code: str) -> HttpResponse:
    if _over_limit(request):
        return render(request, TEMPLATE, {"too_many": True}, status=429)
    found = certificate_by_code(code)
    if found is None:
        return render(request, TEMPLATE, {"typed": code[:40], "not_found": True}, status=404)
    if found.code != code:  # typed in lower case or without dashes: one address per certificate
        return redirect("training:verify", code=found.code)
    return render(request, TEMPLATE, {"certificate": found})
