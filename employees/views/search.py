"""The global search of the navbar: employees by name or NIP, scoped like the employee list."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.http import ActorRequest
from core.paging import SEARCH_KEYS_UP_TO, paginate_deferred, querystring_without_page

from .. import selectors
from ..forms.search import EmployeeSearchForm


@login_required
@require_safe
def employee_search(request: ActorRequest) -> HttpResponse:
    """Everyone the actor may list (active or not) whose name or NIP matches; nothing is read
    until something is typed."""
    form = EmployeeSearchForm(request.GET)
    term = form.term
    page = None
    if term:
        found = selectors.records.employee_list(actor=request.actor, search=term, active=None)
        page = paginate_deferred(request, found, keys_up_to=SEARCH_KEYS_UP_TO)
    return render(
        request,
        "employees/employee_search.html",
        {
            "form": form,
            "term": term,
            "page": page,
            "querystring": querystring_without_page(request),
            "list_url": f"{reverse('employees:list')}?{urlencode({'q': term, 'status': 'semua'})}",
        },
    )
