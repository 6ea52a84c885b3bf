"""The letters HR sends from the career reports, as PDF with a verification QR code: the KGB notice of
one employee (a row of the KGB report) or of the whole filtered list (one letter per page), and the
promotion proposal list of a period.

Each page is a form (GET: what will be generated; POST: the number and date → the PDF). A POST records
every letter (reports.services.letters_issue) in the transaction that renders it. HR officers of the
agency and superusers only: heads and employees 403 (as on the reports), another agency's HR 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import pdf as core_pdf
from core.http import ActorRequest, add_service_errors
from core.models import Instansi
from employees.models import Employee

from .. import access, pdf, rows, selectors, services
from ..choices import LetterKind
from ..forms import KgbBatchForm, KgbLetterForm, LetterForm
from ..models import Letter
from ..rows import KgbLetter, kgb_row, letter_number, promotion_list_line, promotion_row
from .base import ReportScope, resolve_scope
from .careers import kgb_window, promotion_period
from .public import verification_url

TEMPLATE = "reports/letter_form.html"
# One PDF holds at most this many KGB notices: past it, narrow the list to a unit or a shorter window.
BATCH_MAX = 500


def _heading(instansi: Instansi, letter_date: Any) -> pdf.Heading:
    return pdf.Heading(
        instansi_name=instansi.name,
        seat=instansi.seat,
        ppk_title=instansi.ppk_title,
        signer=selectors.letter_signer(instansi),
        letter_date=letter_date,
    )


def _kgb_drafts(letters: list[KgbLetter], pattern: str, start: int) -> list[services.LetterDraft]:
    return [
        services.LetterDraft(
            content=letter.content(),
            employees=[letter.employee],
            reference_date=letter.tmt,
            number=letter_number(pattern, i, start),
            subject_name=letter.employee.full_name,
            subject_nip=letter.employee.nip,
        )
        for i, letter in enumerate(letters)
    ]


def _issue_kgb(
    request: ActorRequest, form: LetterForm, instansi: Instansi, letters: list[KgbLetter], start: int
) -> HttpResponse | None:
    """Record and render the KGB notices; None (the error on the form) when the service refuses."""
    data = form.cleaned_data
    heading = _heading(instansi, data["letter_date"])

    def render_pdf(records: list[Letter]) -> bytes:
        numbered = [
            (letter, record.number, record.code) for letter, record in zip(letters, records, strict=True)
        ]
        return pdf.kgb_letters_pdf(
            numbered,
            addressee=data["addressee"],
            heading=heading,
            url_for=lambda code: verification_url(request, code),
        )

    try:
        content = services.letters_issue(
            actor=request.actor,
            kind=LetterKind.KGB_NOTICE,
            instansi=instansi,
            letter_date=data["letter_date"],
            drafts=_kgb_drafts(letters, data["number"], start),
            render=render_pdf,
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    stem = (
        f"surat-kgb-{letters[0].employee.nip}" if len(letters) == 1 else f"surat-kgb-{len(letters)}-pegawai"
    )
    return core_pdf.response(content, f"{stem}-{timezone.localdate():%Y%m%d}.pdf")


def _page(request: HttpRequest, form: LetterForm, context: dict[str, Any]) -> HttpResponse:
    return render(request, TEMPLATE, {"form": form, **context})


@login_required
@require_http_methods(["GET", "POST"])
def kgb_letter(request: ActorRequest, pk: int) -> HttpResponse:
    """The KGB notice of one employee (a row of the KGB report: "Unduh surat")."""
    access.require(access.can_issue_letters(request.actor, "kgb"))
    today = timezone.localdate()
    employee: Employee = selectors.kgb_letter_employee(actor=request.actor, pk=pk, today=today)
    instansi = employee.unit.instansi
    row = kgb_row(employee, selectors.kgb_date(employee))
    form = KgbLetterForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        letter = rows.kgb_letter(
            row, old_salary=form.cleaned_data["old_salary"], new_salary=form.cleaned_data["new_salary"]
        )
        with translation.override(pdf.DOCUMENT_LANGUAGE):
            answer = _issue_kgb(request, form, instansi, [letter], 1)
        if answer is not None:
            return answer
    return _page(
        request,
        form,
        {
            "title": _("Surat pemberitahuan KGB"),
            "back": reverse("reports:kgb") + f"?instansi={instansi.pk}",
            "back_label": _("Kenaikan Gaji Berkala (KGB) Mendatang"),
            "instansi": instansi,
            "employee": employee,
            "row": row,
        },
    )


def _scope_label(scope: ReportScope) -> str:
    return scope.unit.name if scope.unit is not None else scope.instansi.name


@login_required
@require_http_methods(["GET", "POST"])
def kgb_letters(request: ActorRequest) -> HttpResponse:
    """The KGB notices of the list the KGB report shows (same agency, unit, window and order), one letter
    per page."""
    access.require(access.can_issue_letters(request.actor, "kgb"))
    scope = resolve_scope(request, "kgb")
    if isinstance(scope, HttpResponse):
        return scope
    _months, today, end = kgb_window(request)
    found = selectors.kgb_due(
        actor=request.actor, instansi=scope.instansi, unit=scope.unit, start=today, end=end
    )
    form = KgbBatchForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        employees = list(selectors.KGB_SORT.from_request(request).apply(found)[: BATCH_MAX + 1])
        if len(employees) > BATCH_MAX:
            form.add_error(
                None,
                _(
                    "Daftar ini lebih dari %(max)d pegawai: pilih unit kerja atau jangka waktu yang lebih pendek."
                )
                % {"max": BATCH_MAX},
            )
        else:
            letters = [rows.kgb_letter(kgb_row(e, selectors.kgb_date(e))) for e in employees]
            with translation.override(pdf.DOCUMENT_LANGUAGE):
                answer = _issue_kgb(request, form, scope.instansi, letters, form.cleaned_data["start"] or 1)
            if answer is not None:
                return answer
    params = request.GET.urlencode()
    return _page(
        request,
        form,
        {
            "title": _("Surat pemberitahuan KGB untuk seluruh daftar"),
            "back": reverse("reports:kgb") + (f"?{params}" if params else ""),
            "back_label": _("Kenaikan Gaji Berkala (KGB) Mendatang"),
            "instansi": scope.instansi,
            "scope_label": _scope_label(scope),
            "count": found.count(),
            "start": today,
            "end": end,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def promotion_list(request: ActorRequest) -> HttpResponse:
    """The daftar usul kenaikan pangkat of a period: the promotion report's list as a landscape table."""
    access.require(access.can_issue_letters(request.actor, "kenaikan_pangkat"))
    scope = resolve_scope(request, "kenaikan_pangkat")
    if isinstance(scope, HttpResponse):
        return scope
    today = timezone.localdate()
    _calendars, _periods, period = promotion_period(request, today)
    if period is None:
        messages.info(request, _("Tidak ada periode kenaikan pangkat mendatang dalam kalender periode."))
        return render(request, TEMPLATE, {"form": None, "title": _("Daftar usul kenaikan pangkat")})
    sorting = selectors.PROMOTION_SORT.from_request(request)
    found = selectors.promotion_eligible(
        actor=request.actor, instansi=scope.instansi, unit=scope.unit, period=period, sort=sorting.value
    )
    form = LetterForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        employees = list(found)
        data = form.cleaned_data
        heading = _heading(scope.instansi, data["letter_date"])
        with translation.override(pdf.DOCUMENT_LANGUAGE):
            lines = [promotion_list_line(promotion_row(e, period), period) for e in employees]
            draft = services.LetterDraft(
                content={"periode": period, "lingkup": _scope_label(scope), "baris": lines},
                employees=employees,
                reference_date=period,
                number=data["number"],
            )

            def render_pdf(records: list[Letter]) -> bytes:
                code = records[0].code
                return pdf.promotion_list_pdf(
                    lines,
                    period=period,
                    scope_label=_scope_label(scope),
                    number=data["number"],
                    code=code,
                    url=verification_url(request, code),
                    heading=heading,
                )

            try:
                content = services.letters_issue(
                    actor=request.actor,
                    kind=LetterKind.PROMOTION_LIST,
                    instansi=scope.instansi,
                    letter_date=data["letter_date"],
                    drafts=[draft],
                    render=render_pdf,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return core_pdf.response(content, f"usul-kenaikan-pangkat-{period:%Y%m}-{today:%Y%m%d}.pdf")
    params = request.GET.urlencode()
    return _page(
        request,
        form,
        {
            "title": _("Daftar usul kenaikan pangkat"),
            "back": reverse("reports:kenaikan_pangkat") + (f"?{params}" if params else ""),
            "back_label": _("Kenaikan Pangkat Reguler"),
            "instansi": scope.instansi,
            "scope_label": _scope_label(scope),
            "count": found.count(),
            "period": period,
        },
    )
