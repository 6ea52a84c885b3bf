"""Unduhan saya: the large exports a job built for the person who asked, and their files."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import access
from core.exports import error_display
from core.http import ActorRequest
from core.paging import paginate

PAGE_SIZE = 25


@login_required
@require_GET
def export_list(request: ActorRequest) -> HttpResponse:
    page = paginate(request, access.exports_of(request.actor), per_page=PAGE_SIZE)
    for export in page.object_list:
        export.error_text = error_display(export) if export.error else ""
    pending = any(e.state == "running" for e in page.object_list)
    return render(request, "core/exports.html", {"page": page, "pending": pending})


@login_required
@require_GET
def export_download(request: ActorRequest, pk: int) -> FileResponse:
    export = access.get_export(request.actor, pk)
    if not export.ready:
        raise Http404("the export is not complete")
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename=export.filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Row-Count"] = str(export.rows)
    return response
