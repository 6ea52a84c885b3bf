"""HR officer posts (petugas kepegawaian): which account keeps the HR data of which agency. The
superuser's page, so that nobody has to type user ids into the Django admin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.http import ActorRequest, add_service_errors
from core.paging import paginate

from .. import access, selectors, services
from ..forms import HrAssignmentForm, TwoFactorPolicyForm


@login_required
@require_http_methods(["GET", "POST"])
def officer_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_manage_hr_assignments(actor))
    form = HrAssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.hr_assignment_create(
                actor=actor, login=form.cleaned_data["login"], instansi=form.cleaned_data["instansi"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(user)s kini petugas kepegawaian %(instansi)s.")
                % {"user": assignment.user.username, "instansi": assignment.instansi.name},
            )
            return redirect("accounts:officers")
    page = paginate(request, selectors.hr_assignments(actor=actor))
    return render(
        request,
        "accounts/officer_list.html",
        {
            "form": form,
            "page": page,
            "policy_form": TwoFactorPolicyForm(prefix="policy"),
            "two_factor_agencies": selectors.two_factor_required_agencies(),
        },
    )


@login_required
@require_POST
def officer_remove(request: ActorRequest, pk: int) -> HttpResponse:
    assignment = access.get_hr_assignment(request.actor, pk)
    services.hr_assignment_delete(actor=request.actor, assignment=assignment)
    messages.success(
        request,
        _("%(user)s bukan lagi petugas kepegawaian %(instansi)s.")
        % {"user": assignment.user.username, "instansi": assignment.instansi.name},
    )
    return redirect("accounts:officers")
