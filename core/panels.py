"""Pages of core that show other apps' data: the home page and a unit's page.

Core imports no app, so each app contributes what it shows there: a *panel* is a function
`(request, **page_kwargs) -> dict` registered for a page name in the app's `AppConfig.ready()`
(see employees/panels.py). The page's view merges every panel's dict into its template context, in
the order the apps are installed. Each panel decides through its own app's access module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

Panel = Callable[..., dict[str, Any]]

DASHBOARD = "dashboard"
UNIT_DETAIL = "unit_detail"

_PANELS: dict[str, list[Panel]] = {}


def register(page: str) -> Callable[[Panel], Panel]:
    """Decorator: contribute `panel` to `page` (registering the same function twice is a no-op)."""

    def decorator(panel: Panel) -> Panel:
        panels = _PANELS.setdefault(page, [])
        if panel not in panels:
            panels.append(panel)
        return panel

    return decorator


def collect(page: str, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
    """The context every app contributes to `page`."""
    context: dict[str, Any] = {}
    for panel in _PANELS.get(page, []):
        context.update(panel(request, **kwargs))
    return context
