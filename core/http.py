"""What every view shares about the request: the typed request with its actor, and service errors on forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest

from .access import Actor
from .bounds import parse_int


class ActorRequest(HttpRequest):
    """A request after core.middleware.ActorMiddleware: `request.actor` is the person asking."""

    actor: Actor


def add_service_errors(form: BaseForm, exc: ValidationError) -> None:
    """A service's ValidationError on the form: on a field when the form has it, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def message_service_errors(request: HttpRequest, exc: ValidationError) -> None:
    """A service's ValidationError as error messages on the next page (where there is no form)."""
    for text in exc.messages:
        messages.error(request, text)


def query_int(request: HttpRequest, name: str) -> int | None:
    """?name= as a whole number (core.bounds.parse_int); None when it is missing or not one."""
    return parse_int(request.GET.get(name, ""))
