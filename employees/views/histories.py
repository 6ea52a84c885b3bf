"""HR pages for the histories (riwayat) of an employee: add, change, delete, each with its SK; and
the employee's documents: upload, download, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import ActorRequest

from .. import access, selectors, services
from ..forms.histories import DocumentForm, history_form_class
from ..selectors.histories import HistoryKind


def _back(kind: HistoryKind, employee) -> str:
    if kind.sensitive:
        return reverse("employees:sensitive", args=[employee.pk])
    return f"{employee.get_absolute_url()}#riwayat-{kind.slug}"


def _edit(request: ActorRequest, kind: HistoryKind, employee, row=None) -> HttpResponse:
    form_class = history_form_class(kind)
    form = form_class(request.POST or None, request.FILES or None, instance=row)
    if kind.decree_required:
        form.fields["sk_number"].required = form.fields["sk_date"].required = True
    if request.method == "POST" and form.is_valid():
        try:
            _row, warnings = services.histories.history_save(
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
def history_create(request: ActorRequest, pk: int, slug: str) -> HttpResponse:
    kind = selectors.histories.get_kind(slug)
    employee = access.get_employee(request.actor, pk)
    access.require(access.can_change_employee(request.actor, employee))
    return _edit(request, kind, employee)


@login_required
def history_update(request: ActorRequest, slug: str, row_pk: int) -> HttpResponse:
    kind = selectors.histories.get_kind(slug)
    row = access.get_history_row(request.actor, kind.model, row_pk)
    employee = access.get_employee(request.actor, row.employee_id)  # type: ignore[attr-defined]
    access.require(access.can_change_employee(request.actor, employee))
    return _edit(request, kind, employee, row)


@login_required
@require_POST
def history_delete(request: ActorRequest, slug: str, row_pk: int) -> HttpResponse:
    kind = selectors.histories.get_kind(slug)
    row = access.get_history_row(request.actor, kind.model, row_pk)
    employee = row.employee  # type: ignore[attr-defined]
    access.require(access.can_change_employee(request.actor, employee))
    try:
        services.histories.history_delete(actor=request.actor, kind=kind, row=row)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Riwayat dihapus."))
    return redirect(_back(kind, employee))


# --- Documents ---------------------------------------------------------------------------------------
@login_required
def document_upload(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    employee = access.get_employee(actor, pk)
    access.require(access.can_upload_document(actor, employee))
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.histories.document_upload(
                actor=actor,
                employee=employee,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Dokumen diunggah."))
            return redirect(employee)
    return render(request, "employees/document_form.html", {"form": form, "employee": employee})


@login_required
def document_download(request: ActorRequest, pk: int) -> FileResponse:
    actor = request.actor
    document = access.get_document(actor, pk)
    access.require(access.can_view_documents(actor, document.employee))
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=request.GET.get("unduh") == "1",
        filename=f"{document.kind}-{document.employee.nip}.{document.extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; plugin-types application/pdf"
    return response


@login_required
@require_POST
def document_delete(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    document = access.get_document(actor, pk)
    access.require(access.can_delete_document(actor, document.employee))
    services.histories.document_delete(actor=actor, document=document)
    messages.success(request, _("Dokumen dihapus."))
    return redirect(document.employee)
