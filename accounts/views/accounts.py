"""The account pages of HR officers: the account list of an agency, one employee's account, and
the writes on it (create or link, bulk, invite, deactivate, reactivate)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import ActorRequest, add_service_errors, message_service_errors, query_int
from core.models import Instansi
from core.paging import paginate, querystring_without_page

from .. import access, selectors, services
from ..choices import AccountState
from ..forms import AccountCreateForm, AccountFilterForm, BulkAccountForm
from ..tokens import invitation_token_generator

PAGE_SIZE = 50


def _base_url(request: ActorRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _chosen_agency(request: ActorRequest, data: dict) -> tuple[Instansi, list[Instansi]]:
    actor = request.actor
    access.require(access.can_manage_accounts(actor))
    agencies = list(access.account_agencies(actor).order_by("name"))
    access.require(bool(agencies))
    chosen = query_int(request, "instansi") if data is request.GET else None
    if chosen is None:
        raw = data.get("instansi", "")
        chosen = int(raw) if str(raw).isdigit() else None
    if chosen is None:
        return agencies[0], agencies
    picked = next((a for a in agencies if a.pk == chosen), None)
    if picked is None:
        # Another agency's id (or an unknown one): like every other page, nothing to see here.
        raise Http404("an agency whose accounts the actor does not manage")
    return picked, agencies


def _filters(
    request: ActorRequest, data, instansi: Instansi
) -> tuple[AccountFilterForm, selectors.AccountFilters]:
    form = AccountFilterForm(data, actor=request.actor, instansi=instansi)
    filters = selectors.AccountFilters(
        q=form.value("q") or "", state=form.value("state") or "", unit=form.value("unit")
    )
    return form, filters


@login_required
@require_GET
def account_list(request: ActorRequest) -> HttpResponse:
    instansi, agencies = _chosen_agency(request, request.GET)
    form, filters = _filters(request, request.GET, instansi)
    sorting = selectors.ACCOUNT_SORT.from_request(request)
    rows = sorting.apply(selectors.accounts_of(actor=request.actor, instansi=instansi, filters=filters))
    return render(
        request,
        "accounts/account_list.html",
        {
            "instansi": instansi,
            "agencies": agencies,
            "form": form,
            "bulk_form": BulkAccountForm(),
            "filters": filters,
            "sorting": sorting,
            "page": paginate(request, rows, PAGE_SIZE),
            "querystring": querystring_without_page(request),
            "States": AccountState,
            "hours": invitation_token_generator.lifetime_seconds() // 3600,
        },
    )


@login_required
@require_POST
def account_bulk(request: ActorRequest) -> HttpResponse:
    """Accounts for every employee of the filtered list (a unit, a search, a state) who has none."""
    instansi, _agencies = _chosen_agency(request, request.POST)
    if str(instansi.pk) != request.POST.get("instansi", ""):
        raise Http404("an agency whose accounts the actor does not manage")  # never a silent other agency
    form, filters = _filters(request, request.POST, instansi)
    if not form.is_valid():
        # A filter that does not hold (another agency's unit, a search too long, an unknown state)
        # must never widen the list: nothing is created.
        messages.error(
            request,
            _("Saringan daftar tidak sah; tidak ada akun yang dibuat. Periksa saringannya, lalu ulangi."),
        )
        return redirect(f"{reverse('accounts:list')}?instansi={instansi.pk}")
    bulk = BulkAccountForm(request.POST)
    invite = bool(bulk.is_valid() and bulk.cleaned_data["invite"])
    ids = selectors.accounts_of(actor=request.actor, instansi=instansi, filters=filters).values_list(
        "pk", flat=True
    )
    try:
        result = services.account_create_bulk(
            actor=request.actor,
            instansi=instansi,
            employee_ids=ids,
            invite=invite,
            base_url=_base_url(request),
        )
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(
            request,
            _(
                "Akun dibuat: %(created)s, akun yang ada dihubungkan: %(linked)s, undangan dikirim: %(invited)s."
            )
            % {"created": result.created, "linked": result.linked, "invited": result.invited},
        )
        if result.skipped:
            messages.warning(
                request,
                _("Dilewati (nama pengguna NIP-nya sudah dipakai akun lain): %(nips)s.")
                % {"nips": ", ".join(result.skipped[:20])},
            )
        if result.without_email:
            messages.warning(
                request,
                _("%(n)s pegawai belum memiliki alamat surel; undangan mereka belum dikirim.")
                % {"n": result.without_email},
            )
    params = request.POST.copy()
    for name in ("csrfmiddlewaretoken", "invite"):
        params.pop(name, None)
    return redirect(f"{reverse('accounts:list')}?{params.urlencode()}")


def _detail(
    request: ActorRequest, employee, form: AccountCreateForm | None = None, status: int = 200
) -> HttpResponse:
    user = employee.user
    if user is None:
        state = AccountState.NONE
    elif not user.is_active:
        state = AccountState.DEACTIVATED
    elif not user.has_usable_password():
        state = AccountState.INVITED
    else:
        state = AccountState.ACTIVE
    return render(
        request,
        "accounts/account_detail.html",
        {
            "employee": employee,
            "account": user,
            "state": state,
            "States": AccountState,
            "form": form or AccountCreateForm(),
            "events": selectors.account_events(user_id=user.pk if user else None),
            "two_factor": selectors.has_two_factor(user.pk if user else None),
        },
        status=status,
    )


@login_required
@require_GET
def account_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_account_employee(request.actor, pk))


@login_required
@require_POST
def account_create(request: ActorRequest, pk: int) -> HttpResponse:
    employee = access.get_account_employee(request.actor, pk)
    form = AccountCreateForm(request.POST)
    if form.is_valid():
        try:
            user = services.account_create(
                actor=request.actor, employee=employee, username=form.cleaned_data["username"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Akun %(username)s siap. Kirim undangan agar pegawai menetapkan kata sandinya.")
                % {"username": user.username},
            )
            return redirect("accounts:detail", pk=employee.pk)
    return _detail(request, employee, form)


def _act(request: ActorRequest, pk: int, action, success: str) -> HttpResponse:
    employee = access.get_account_employee(request.actor, pk)
    try:
        action(actor=request.actor, employee=employee)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(request, success)
    return redirect("accounts:detail", pk=employee.pk)


@login_required
@require_POST
def account_invite(request: ActorRequest, pk: int) -> HttpResponse:
    base = _base_url(request)
    return _act(
        request,
        pk,
        lambda **kw: services.account_invite(base_url=base, **kw),
        _("Undangan dikirim. Tautannya berlaku %(hours)s jam dan hanya dapat dipakai sekali.")
        % {"hours": invitation_token_generator.lifetime_seconds() // 3600},
    )


@login_required
@require_POST
def account_deactivate(request: ActorRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, services.account_deactivate, _("Akun dinonaktifkan; pemiliknya tidak dapat masuk lagi.")
    )


@login_required
@require_POST
def account_reactivate(request: ActorRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.account_reactivate, _("Akun diaktifkan kembali."))
