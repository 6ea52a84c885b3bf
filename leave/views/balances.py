"""HR's balance pages: the balances of an agency's employees and one employee's ledger with the
adjustment form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.http import ActorRequest, add_service_errors
from core.paging import paginate, querystring_without_page
from employees.models import Employee

from .. import access, selectors
from ..choices import EntryKind
from ..forms import AdjustForm, BalanceFilterForm
from ..models import LedgerEntry
from ..services import balances as services
from .requests import chosen_agency

PAGE_SIZE = 50


@login_required
@require_GET
def balance_list(request: ActorRequest) -> HttpResponse:
    instansi, agencies = chosen_agency(request)
    year = access.today().year
    form = BalanceFilterForm(
        request.GET, unit_qs=access.leave_units(request.actor, instansi.pk).order_by("path")
    )
    sorting = selectors.BALANCE_SORT.from_request(request)
    rows = selectors.balance_page_rows(
        actor=request.actor,
        instansi_id=instansi.pk,
        year=year,
        sorting=sorting,
        q=form.value("q") or "",
        unit=form.value("unit"),
    )
    return render(
        request,
        "leave/balance_list.html",
        {
            "instansi": instansi,
            "agencies": agencies,
            "form": form,
            "year": year,
            "sorting": sorting,
            "page": paginate(request, rows, PAGE_SIZE),
            "querystring": querystring_without_page(request),
        },
    )


def adjusted_text(entry: LedgerEntry, employee: Employee) -> str:
    """What an adjustment did, named (found by the review: "tersimpan" did not say what)."""
    if entry.kind == EntryKind.CUTI_BERSAMA:
        return _(
            "Tambahan %(days)s hari cuti tahunan %(bucket)s untuk %(name)s tercatat (bekerja pada hari cuti bersama)."
        ) % {"days": entry.days, "bucket": entry.bucket, "name": employee.full_name}
    return _("Penyesuaian %(days)s hari pada hak tahun %(bucket)s untuk %(name)s tercatat.") % {
        "days": f"{entry.days:+d}",
        "bucket": entry.bucket,
        "name": employee.full_name,
    }


@login_required
@require_http_methods(["GET", "POST"])
def employee_balance(request: ActorRequest, pk: int) -> HttpResponse:
    """One employee's buckets and ledger; HR adjusts a bucket with a reason."""
    employee = access.get_managed_employee(request.actor, pk)
    can_adjust = access.can_adjust_balance(request.actor, employee)
    if request.method == "POST":
        access.require(can_adjust)  # an officer's own balance: never by themself
    year = access.today().year
    form = AdjustForm(request.POST or None, year=year)
    if request.method == "POST" and not form.is_valid() and "token" in form.errors:
        # The one-time token is missing or altered: a fresh form, said out loud (probe: it was silent).
        messages.error(request, _("Formulir penyesuaian tidak sah lagi; isi kembali formulir yang baru."))
        return redirect("leave:employee_balance", pk=employee.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.balance_adjust(
                actor=request.actor,
                employee=employee,
                bucket=data["bucket"] or 0,
                days=data["days"] or 0,
                reason=data["reason"],
                kind=data["kind"],
                token=data["token"],
                allow_negative=data["allow_negative"],
                worked_on=data["worked_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, adjusted_text(entry, employee))
            return redirect("leave:employee_balance", pk=employee.pk)
    balance = selectors.balances(employee.pk)
    return render(
        request,
        "leave/employee_balance.html",
        {
            "employee": employee,
            "year": year,
            "buckets": selectors.three_buckets(balance, year),
            "entries": paginate(request, selectors.ledger(employee.pk), PAGE_SIZE),
            "form": form,
            "can_adjust": can_adjust,
        },
    )
