"""Pages of core that show other apps' data: the home page and a unit's page.

Core imports no app, so each app contributes what it shows there: a *panel* is a function
`(request, **page_kwargs) -> dict` registered for a page name in the app's `AppConfig.ready()`
(see employees/panels.py). The page's view merges every panel's dict into its template context, in
the order the apps are installed. Each panel decides through its own app's access module.

The home page shows work to do per role (issue 13): several apps add to the same lists — HR's work,
a head's, an employee's, HR's charts — so the keys in LISTS are concatenated, not overwritten. An
item of work is a WorkItem: what waits, how many, and the link to the filtered page where it is done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from core.http import query_int
from core.models import Instansi

Panel = Callable[..., dict[str, Any]]

DASHBOARD = "dashboard"
UNIT_DETAIL = "unit_detail"
# An employee's record page (employees' detail view, kwargs: employee): other apps add sections to
# its history (leave taken) without the personnel record importing them.
EMPLOYEE_RECORD = "employee_record"

# The lists several apps add to on the home page.
WORK_HR = "work_hr"
WORK_HEAD = "work_head"
WORK_EMPLOYEE = "work_employee"
CHARTS_HR = "charts_hr"
# The sections other apps add to an employee's record (RecordSection).
RECORD_SECTIONS = "record_sections"
LISTS = frozenset({WORK_HR, WORK_HEAD, WORK_EMPLOYEE, CHARTS_HR, RECORD_SECTIONS})

_PANELS: dict[str, list[Panel]] = {}


@dataclass(frozen=True)
class WorkItem:
    """One line of work on the home page. `count` None: a fact, not a number (a date, a state);
    `value` then says it. `order` places the line among those of other apps; `tone` is a Bootstrap
    colour ("danger" for overdue); `overdue_days`: the age of the oldest overdue piece of it."""

    key: str  # stable, for tests and data-testid
    order: int
    label: str
    url: str
    count: int | None = None
    value: str = ""
    hint: str = ""
    tone: str = ""
    overdue_days: int | None = None

    @property
    def done(self) -> bool:
        """Nothing waits here (a count of 0)."""
        return self.count == 0


@dataclass(frozen=True)
class Chart:
    """A chart on the home page: `template` draws `data` (each app computes its own geometry)."""

    key: str
    order: int
    title: str
    template: str
    data: dict[str, Any]
    url: str = ""


@dataclass(frozen=True)
class RecordSection:
    """A tab of an employee's record contributed by another app: `template` draws `data`; `count` is
    the number on the tab."""

    key: str  # stable, for tests and data-testid
    order: int
    label: str
    template: str
    data: dict[str, Any]
    count: int = 0


def register(page: str) -> Callable[[Panel], Panel]:
    """Decorator: contribute `panel` to `page` (registering the same function twice is a no-op)."""

    def decorator(panel: Panel) -> Panel:
        panels = _PANELS.setdefault(page, [])
        if panel not in panels:
            panels.append(panel)
        return panel

    return decorator


def collect(page: str, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
    """The context every app contributes to `page` (the LISTS concatenated, sorted by `order`)."""
    context: dict[str, Any] = {}
    for panel in _PANELS.get(page, []):
        for key, value in panel(request, **kwargs).items():
            if key in LISTS:
                context.setdefault(key, []).extend(value)
            else:
                context[key] = value
    for key in LISTS & context.keys():
        context[key].sort(key=lambda item: item.order)
    return context


def focus_agency(request: HttpRequest, choices: QuerySet[Instansi]) -> Instansi | None:
    """The agency the HR part of the home page is about: `?instansi=` when it is among `choices`
    (the agencies the panel's access module allows), else the first of them by name. An agency out
    of reach is not an error on the home page: it falls back to the first. One query."""
    wanted = query_int(request, "instansi")
    ordered = choices.order_by("name")
    if wanted is not None:
        found = ordered.filter(pk=wanted).first()
        if found is not None:
            return found
    return ordered.first()
