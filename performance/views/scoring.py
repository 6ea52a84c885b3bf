"""HR pages of the scoring job: the periods with their last run, start a run, follow its progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import ActorRequest, query_int
from core.paging import paginate, querystring_without_page

from .. import access, selectors, services
from ..choices import ScoringState

PAGE_SIZE = 26  # two years of monthly periods with their annual evaluations


def _instansi(request: ActorRequest):
    """The agency of ?instansi= (404/403 through access), else the first one the actor manages."""
    actor = request.actor
    instansi_id = query_int(request, "instansi")
    if instansi_id is not None:
        return access.get_scoring_instansi(actor, instansi_id)
    instansi = access.scoring_instansi(actor).order_by("name").first()
    access.require(instansi is not None)
    return instansi


@login_required
@require_GET
def scoring(request: ActorRequest) -> HttpResponse:
    """Periods of the agency's years with their last scoring run and a button to run it again."""
    instansi = _instansi(request)
    page = paginate(request, selectors.scoring.scoring_periods(instansi_id=instansi.pk), per_page=PAGE_SIZE)
    page.object_list = selectors.scoring.attach_last_runs(page.object_list)
    return render(
        request,
        "performance/scoring.html",
        {
            "instansi": instansi,
            "instansi_choices": list(access.scoring_instansi(request.actor).order_by("name")),
            "page": page,
            "querystring": querystring_without_page(request),
            "running": ScoringState.RUNNING,
            "failed": ScoringState.FAILED,
        },
    )


@login_required
@require_POST
def scoring_start(request: ActorRequest, pk: int) -> HttpResponse:
    """Start (or resume) the scoring of a period; never a second run beside an active one."""
    period = access.get_scoring_period(request.actor, pk)
    run, started = services.scoring.scoring_request(actor=request.actor, period=period)
    # Without a broker the task ran already (eagerly, on commit): say what happened, not "started".
    run.refresh_from_db()
    params = {"period": period.label, "percent": run.percent}
    provisional = ""
    if not selectors.scoring.period_has_ended(period):
        provisional = " " + _(
            "Periode ini belum berakhir: skornya sementara dan akan dihitung ulang setelah periode berakhir."
        )
    if started and run.stalled:
        messages.warning(
            request,
            _(
                "Penghitungan skor %(period)s tercatat, tetapi antrean tugas (Redis) tidak dapat dihubungi. "
                "Penghitungan dimulai otomatis setelah antrean pulih; Anda juga dapat menekan Hitung ulang nanti."
            )
            % params,
        )
    elif started and run.state == ScoringState.DONE:
        messages.success(request, _("Penghitungan skor %(period)s selesai.") % params + provisional)
    elif started and run.state == ScoringState.FAILED:
        messages.error(
            request, _("Penghitungan skor %(period)s gagal. Lihat keterangannya di bawah.") % params
        )
    elif started:
        messages.success(
            request,
            _("Penghitungan skor %(period)s dimulai. Kemajuannya tampil di bawah.") % params + provisional,
        )
    else:
        messages.warning(
            request,
            _(
                "Penghitungan skor %(period)s sedang berjalan (%(percent)s%%). Tunggu sampai selesai "
                "sebelum menghitung ulang."
            )
            % params,
        )
    return redirect(f"{reverse('performance:scoring')}?instansi={period.year.instansi_id}")


@login_required
@require_GET
def scoring_progress(request: ActorRequest, pk: int) -> JsonResponse:
    """The progress of a run, polled by static/js/scoring.js."""
    run = access.get_scoring_run(request.actor, pk)
    return JsonResponse(
        {
            "state": run.state,
            "state_label": str(run.get_state_display()),
            "processed": run.processed,
            "total": run.total,
            "percent": run.percent,
            "stalled": run.stalled,
        }
    )
