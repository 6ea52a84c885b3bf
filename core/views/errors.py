"""Error pages in Indonesian; 500 renders without context processors so it cannot fail again."""

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a stale or missing CSRF token (settings.CSRF_FAILURE_VIEW): the portal's own
    page, in the user's language, saying nothing was saved; never Django's page that speaks of DEBUG."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(
        loader.get_template("500.html").render({"stylesheet": _safe_static(BOOTSTRAP_CSS)})
    )


BOOTSTRAP_CSS = "bootstrap/css/bootstrap.min.css"


def _safe_static(path: str) -> str:
    """The file's static URL, or "" when the storage cannot name it (a manifest storage without
    collectstatic raises ValueError): the 500 page must render whatever broke."""
    try:
        return static(path)
    except Exception:  # whatever broke must not turn the error page into a second error
        return ""
