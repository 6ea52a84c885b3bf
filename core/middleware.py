"""Per-request actor (for core.access) and the agency's time zone."""

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from . import access
from .http import ActorRequest


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
