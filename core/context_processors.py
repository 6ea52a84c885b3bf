from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    """The actor and its roles for the navigation; nothing is queried until a template asks."""
    return {
        "actor": getattr(request, "actor", None),
        "PORTAL_NAME": "ASN Portal",
        "DEBUG": settings.DEBUG,
    }
