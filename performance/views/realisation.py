"""Pages of realisations: the employee reports every IKI of a period with its evidence; whoever sees
the SKP reads them and opens the evidence files. Thin: objects come through performance.access,
writes through services.realisation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.http import ActorRequest

from .. import access, selectors, services
from ..forms.realisation import RealisationForm
from .base import agency_zone, errors_on, period_of, split_errors


@login_required
@require_http_methods(["GET", "POST"])
def realisation(request: ActorRequest, pk: int, period_pk: int) -> HttpResponse:
    """The employee reports every IKI of one period; others who see the SKP read it."""
    actor = request.actor
    skp = access.get_skp(actor, pk)
    period = period_of(skp, period_pk, periodic_only=True)
    can_report = access.can_report_realisation(actor, skp)
    if request.method == "POST":
        access.require(can_report)
    blocked = selectors.realisation.final_appraisal_blocks(skp, period)
    basis = selectors.realisation.period_basis(skp, period)
    editable = can_report and not blocked
    page_errors: list[str] = []
    forms: list[RealisationForm] = []
    if can_report:
        data = request.POST if request.method == "POST" else None
        files = request.FILES if request.method == "POST" else None
        forms = [
            RealisationForm(data, files, iki=line.iki, realisation=line.realisation) for line in basis.lines
        ]
    if request.method == "POST":
        valid = [form.is_valid() for form in forms]
        if all(valid):
            try:
                services.realisation.realisation_save(
                    actor=actor, skp=skp, period=period, rows=[form.to_input() for form in forms]
                )
            except ValidationError as exc:
                field_errors, page_errors = split_errors(exc)
                by_prefix = {form.prefix: form for form in forms}
                for key, errors in field_errors.items():
                    prefix, _sep, field = key.rpartition("-")
                    if prefix in by_prefix:
                        errors_on(by_prefix[prefix], errors, field)
                    else:
                        page_errors += errors
            else:
                messages.success(request, _("Realisasi %(period)s disimpan.") % {"period": period.label})
                return redirect(request.path)
        if not page_errors:
            page_errors.append(_("Periksa kembali isian yang ditandai; belum ada yang disimpan."))
    zone, zone_name = agency_zone(skp)
    slots: list[RealisationForm | None] = [*forms] if forms else [None] * len(basis.lines)
    lines = list(zip(basis.lines, slots, strict=True))
    return render(
        request,
        "performance/realisation.html",
        {
            "skp": skp,
            "employee": skp.employee,
            "period": period,
            "periods": selectors.realisation.periodic_periods(skp),
            "basis": basis,
            "lines": lines,
            "can_report": can_report,
            "editable": editable,
            "blocked": blocked,
            "page_errors": page_errors,
            "zone": zone,
            "zone_name": zone_name,
        },
    )


@login_required
@require_GET
def evidence(request: ActorRequest, pk: int) -> FileResponse:
    """The evidence file of a realisation, for whoever may read the SKP."""
    realisation = access.get_realisation(request.actor, pk)
    document = realisation.evidence
    if document is None:
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=request.GET.get("unduh") == "1",
        filename=f"bukti-{realisation.pk}.{document.extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; plugin-types application/pdf"
    return response
