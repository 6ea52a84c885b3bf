"""Pages of evaluation: the participant's and the atasan's list of what to evaluate, the reaction
form, the applied-learning form, and HR's results per programme and per organiser with their chart
(horizontal bars drawn by the server as inline SVG, as the survey results are)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from core.http import ActorRequest, add_service_errors
from core.paging import paginate, querystring_without_page

from .. import access
from ..choices import ProgrammeKind
from ..forms.evaluation import AppliedForm, FeedbackForm, MineFilterForm, ResultFilterForm
from ..rules.evaluation import (
    ASPECTS,
    RATING_MAX,
    applied_open,
    applied_opens,
    feedback_closes,
    feedback_open,
)
from ..selectors import evaluation as selectors
from ..services import evaluation as services
from .catalogue import GET_POST

ASPECT_LABELS = {
    "content": gettext_lazy("Materi"),
    "trainer": gettext_lazy("Pengajar/fasilitator"),
    "organisation": gettext_lazy("Penyelenggaraan"),
    "usefulness": gettext_lazy("Manfaat"),
    "applied": gettext_lazy("Penerapan (atasan)"),
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | Decimal | str
    width: Decimal  # percent of the scale, 0–100
    note: str = ""


def _width(part: Decimal | int, whole: Decimal | int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def average_bars(row: object) -> list[Bar]:
    """The mean of each aspect on the 1–5 scale (a programme's or an organiser's)."""
    bars = []
    for name in (*ASPECTS, "applied"):
        mean = getattr(row, f"avg_{name}", None) if not isinstance(row, dict) else row.get(f"avg_{name}")
        value = Decimal(mean).quantize(Decimal("0.01")) if mean is not None else None
        bars.append(
            Bar(str(ASPECT_LABELS[name]), value if value is not None else "–", _width(value or 0, RATING_MAX))
        )
    return bars


def distribution_bars(distribution: selectors.Distribution) -> list[Bar]:
    """How many gave each rating, as shares of those who answered."""
    total = distribution.total
    return [
        Bar(
            f"{rating}",
            count,
            _width(count, total),
            f"{_width(count, total).quantize(Decimal('1'))}%" if total else "",
        )
        for rating, count in sorted(distribution.counts.items(), reverse=True)
    ]


# --- The participant's and the atasan's pages -----------------------------------------------------------
@login_required
@require_safe
def evaluation_mine(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_view_own_evaluations(actor))
    form = MineFilterForm(request.GET)
    kwargs = form.selector_kwargs()
    page = paginate(request, selectors.my_evaluations(actor=actor, **kwargs))
    today = timezone.localdate()
    for row in page:
        end = row.programme.end_date
        row.feedback_open = feedback_open(today, end)
        row.feedback_closes = feedback_closes(end)
        row.applied_open = applied_open(today, end)
        row.applied_opens = applied_opens(end)
    return render(
        request,
        "training/evaluation_mine.html",
        {
            "page": page,
            "sorting": selectors.MINE_SORT.parse(kwargs["sort"]),
            "q": kwargs["search"],
            "role": kwargs["role"],
            "roles": [
                (selectors.ROLE_PARTICIPANT, _("Sebagai peserta")),
                (selectors.ROLE_HEAD, _("Sebagai atasan")),
            ],
            "status": kwargs["status"],
            "statuses": [
                (selectors.STATUS_PENDING, _("Belum diisi")),
                (selectors.STATUS_DONE, _("Sudah diisi")),
            ],
            "querystring": querystring_without_page(request),
        },
    )


@login_required
@require_http_methods(GET_POST)
def feedback(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    enrolment = access.get_enrolment(actor, pk)
    access.check(actor, access.can_give_feedback(actor, enrolment), enrolment.programme)
    existing = selectors.feedback_of(enrolment)
    initial = {name: getattr(existing, name) for name in (*ASPECTS, "comment")} if existing else None
    form = FeedbackForm(request.POST or None, initial=initial)
    end = enrolment.programme.end_date
    today = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.feedback_save(
                actor=actor,
                enrolment=enrolment,
                ratings={name: data[name] for name in ASPECTS},
                comment=data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Terima kasih, umpan balik Anda tersimpan."))
            return redirect("training:evaluation_mine")
    return render(
        request,
        "training/evaluation_feedback.html",
        {
            "form": form,
            "enrolment": enrolment,
            "programme": enrolment.programme,
            "existing": existing,
            "is_open": feedback_open(today, end),
            "closes": feedback_closes(end),
        },
    )


@login_required
@require_http_methods(GET_POST)
def applied(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    enrolment = access.get_enrolment(actor, pk)
    access.check(actor, access.can_evaluate_applied(actor, enrolment), enrolment.programme)
    existing = selectors.applied_of(enrolment)
    form = AppliedForm(request.POST or None)
    end = enrolment.programme.end_date
    if request.method == "POST" and form.is_valid():
        try:
            services.applied_save(
                actor=actor,
                enrolment=enrolment,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Evaluasi penerapan tersimpan."))
            return redirect("training:evaluation_mine")
    return render(
        request,
        "training/evaluation_applied.html",
        {
            "form": form,
            "enrolment": enrolment,
            "programme": enrolment.programme,
            "existing": existing,
            "is_open": applied_open(timezone.localdate(), end),
            "opens": applied_opens(end),
        },
    )


# --- HR's results -----------------------------------------------------------------------------------------------
@login_required
@require_safe
def results(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_view_evaluation_results(actor))
    form = ResultFilterForm(request.GET)
    filters, sort = form.filter_kwargs(), form.sort_value()
    organisers = selectors.organiser_results(actor=actor, **filters)
    for row in organisers:
        row["bars"] = average_bars(row)
    return render(
        request,
        "training/evaluation_results.html",
        {
            "page": paginate(request, selectors.programme_results(actor=actor, sort=sort, **filters)),
            "organisers": organisers,
            "sorting": selectors.RESULT_SORT.parse(sort),
            "q": filters["search"],
            "year": filters["year"],
            "years": selectors.result_years(actor),
            "kind": filters["kind"],
            "kinds": ProgrammeKind.choices,
            "partner": filters["partner_id"],
            "partners": access.partners_visible_to(actor).order_by("name", "pk"),
            "querystring": querystring_without_page(request),
        },
    )


@login_required
@require_safe
def programme_results(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    programme = access.get_evaluated_programme(actor, pk)
    row = selectors.programme_results(actor=actor).filter(pk=programme.pk).first()
    reaction, applied_dist = selectors.distributions(programme)
    return render(
        request,
        "training/evaluation_programme.html",
        {
            "programme": programme,
            "row": row,
            "average_bars": average_bars(row) if row is not None else [],
            "charts": [
                (str(ASPECT_LABELS[d.aspect]), d.aspect, d, distribution_bars(d))
                for d in (*reaction, applied_dist)
            ],
            "feedback_comments": selectors.feedback_comments(programme),
            "applied_comments": selectors.applied_comments(programme),
            "back": reverse("training:evaluation_results"),
        },
    )
