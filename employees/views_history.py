"""HR pages for the histories (riwayat) of an employee: add, change, delete, each with its SK."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import modelform_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import access, histories
from .histories import HistoryKind


class ScanMixin(forms.Form):
    scan_file = forms.FileField(
        label=gettext_lazy("Pindaian SK (opsional)"),
        required=False,
        help_text=gettext_lazy("PDF, JPEG, atau PNG; disimpan di dokumen pegawai."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class HistoryForm(forms.ModelForm, ScanMixin):
    pass


def history_form_class(kind: HistoryKind) -> type[forms.ModelForm]:
    widgets: dict[str, forms.Widget] = {
        name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        for name in kind.fields
        if isinstance(kind.model._meta.get_field(name), models.DateField)
    }
    if "reason" in kind.fields:
        widgets["reason"] = forms.Textarea(attrs={"rows": 3})
    return modelform_factory(kind.model, form=HistoryForm, fields=kind.fields, widgets=widgets)


def _back(kind: HistoryKind, employee) -> str:
    if kind.sensitive:
        return reverse("employees:sensitive", args=[employee.pk])
    return f"{employee.get_absolute_url()}#riwayat-{kind.slug}"


def _edit(request: HttpRequest, kind: HistoryKind, employee, row=None) -> HttpResponse:
    form_class = history_form_class(kind)
    form = form_class(request.POST or None, request.FILES or None, instance=row)
    if kind.decree_required:
        form.fields["sk_number"].required = form.fields["sk_date"].required = True
    if request.method == "POST" and form.is_valid():
        try:
            _row, warnings = histories.history_save(
                actor=request.actor,
                employee=employee,
                kind=kind,
                row=form.save(commit=False),
                scan=form.cleaned_data.get("scan_file"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Riwayat %(kind)s disimpan.") % {"kind": kind.label})
            for warning in warnings:
                messages.warning(request, warning)
            return redirect(_back(kind, employee))
    return render(
        request,
        "employees/history_form.html",
        {"form": form, "kind": kind, "employee": employee, "row": row, "back": _back(kind, employee)},
    )


@login_required
def history_create(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    kind = histories.get_kind(slug)
    employee = access.get_employee(request.actor, pk)
    access.require(access.can_change_employee(request.actor, employee))
    return _edit(request, kind, employee)


@login_required
def history_update(request: HttpRequest, slug: str, row_pk: int) -> HttpResponse:
    kind = histories.get_kind(slug)
    row = histories.get_row(request.actor, kind, row_pk)
    employee = access.get_employee(request.actor, row.employee_id)  # type: ignore[attr-defined]
    access.require(access.can_change_employee(request.actor, employee))
    return _edit(request, kind, employee, row)


@login_required
@require_POST
def history_delete(request: HttpRequest, slug: str, row_pk: int) -> HttpResponse:
    kind = histories.get_kind(slug)
    row = histories.get_row(request.actor, kind, row_pk)
    employee = row.employee  # type: ignore[attr-defined]
    access.require(access.can_change_employee(request.actor, employee))
    try:
        histories.history_delete(actor=request.actor, kind=kind, row=row)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Riwayat dihapus."))
    return redirect(_back(kind, employee))
