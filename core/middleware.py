"""Per-request actor (for core.access), the agency's time zone, the chosen language and clean queries."""

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

from . import access
from .http import ActorRequest


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, with the idle timeout kept without a write per request (core.sessions): a session
    that did not change is saved only when its stored expiry is SESSION_REFRESH_SECONDS old."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and not session.modified and session.accessed:
            needs_refresh = getattr(session, "needs_refresh", None)
            if needs_refresh is not None and needs_refresh():
                session.modified = True
        return super().process_response(request, response)


class ActorMiddleware:
    """Attach `request.actor`, built lazily on first use: at most two queries per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The one place that sets it: core.http.ActorRequest is a request after this middleware.
        request.actor = SimpleLazyObject(lambda: access.actor_for(request.user))  # type: ignore[attr-defined]
        return self.get_response(request)


class AgencyTimezoneMiddleware:
    """Show times in the user's agency zone (WIB/WITA/WIT); the default zone otherwise."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: ActorRequest) -> HttpResponse:
        zone = None
        if request.user.is_authenticated:
            zone = request.session.get("agency_tz")
            if zone is None:
                zone = access.agency_time_zone(request.actor)
                request.session["agency_tz"] = zone or ""
        if zone:
            timezone.activate(ZoneInfo(zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class CleanQueryMiddleware:
    """Drop NUL characters from every query-string key and value, before any view reads them.

    PostgreSQL refuses a NUL byte inside text, so `?q=a%00b` on a search box used to end in a 500.
    Cleaning here, once, covers every list and every filter, including ones written later.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned  # type: ignore[assignment]
        return self.get_response(request)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the user chose English with the language switch (its cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an English browser
    in a Sorong office got an English login page; the portal's language is the agency's, and a
    user who wants English says so once with the switch.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = (
                translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
            )
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        # The language depends on the cookie only, never on Accept-Language (no Vary on it).
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
