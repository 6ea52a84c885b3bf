"""Permission matrix of the results pages (surveys.views.results): HR of the agency and the heads over
the service unit's unit read them and may recompute; employees have no survey pages (403); another
agency, or a unit outside a head's subtree, is a 404; the pooled page of an instansi is HR's (a head
of it: 403)."""

import pytest
from django.urls import reverse as R

from core.choices import RunState
from surveys.models import IkmRun

from ..access_matrix import NOBODY, Row, check_row, expect, matrix_ids, matrix_params
from .factories import make_service_unit, semester_period, worked_example

# A period of the Puskesmas (below Dinkes, headed by head_dinkes_sorong) in Kota Sorong.
SORONG_PKM = dict(
    anonymous=302,
    superuser=200,
    hr_sorong=200,
    head_dinkes_sorong=200,
    hr_palembang=404,
    employee_dinkes_sorong=403,
    employee_dishub_palembang=403,
)
# A period of Dinas Perhubungan Sorong: outside the head's subtree.
SORONG_DISHUB = {**SORONG_PKM, "head_dinkes_sorong": 404}
PALEMBANG = dict(
    anonymous=302,
    superuser=200,
    hr_sorong=404,
    head_dinkes_sorong=404,
    hr_palembang=200,
    employee_dinkes_sorong=403,
    employee_dishub_palembang=403,
)
RECOMPUTE = {"superuser", "hr_sorong", "head_dinkes_sorong"}


@pytest.fixture(autouse=True)
def _every_period_is_large(settings):
    settings.EXPORT_STREAM_MAX_ROWS = -1  # the raw export of any period goes through the job


def redirected(statuses: dict[str, int]) -> dict[str, int]:
    """An allowed POST redirects (to the period's page, or to the exports)."""
    return {p: 302 if s == 200 else s for p, s in statuses.items()}


def pkm_period(o):
    period = semester_period(make_service_unit(o.pkm_sorong, "pkm-sorong", name="Puskesmas Sorong Kota"))
    if not period.responses.exists():
        worked_example(period)
    return period


def dishub_period(o):
    return semester_period(make_service_unit(o.dishub_sorong, "dishub-sorong", name="Terminal Sorong"))


def palembang_period(o):
    return semester_period(
        make_service_unit(o.dishub_palembang, "dishub-palembang", name="Uji KIR Palembang")
    )


def a_run(o):
    run, _ = IkmRun.objects.get_or_create(
        period=pkm_period(o), defaults=dict(state=RunState.DONE, total=4, processed=4)
    )
    return run


def recompute_started(o, client, response) -> None:
    assert response["Location"] == R("surveys:result_period", args=[pkm_period(o).pk])
    run = IkmRun.objects.get(period=pkm_period(o))
    assert run.requested_by_id == int(client.session["_auth_user_id"])


def export_requested(o, client, response) -> None:
    from core.models import ExportFile

    assert response["Location"] == R("core:exports")
    export = ExportFile.objects.get(requested_by_id=int(client.session["_auth_user_id"]))
    assert (export.kind, export.params["period"]) == ("survei-jawaban", pkm_period(o).pk)


def period_rows(name: str, label: str = "") -> list[Row]:
    return [
        Row(
            name, f"Puskesmas Sorong{label}", lambda o: R(name, args=[pkm_period(o).pk]), expect(**SORONG_PKM)
        ),
        Row(
            name,
            f"Dishub Sorong{label}",
            lambda o: R(name, args=[dishub_period(o).pk]),
            expect(**SORONG_DISHUB),
        ),
        Row(name, f"Palembang{label}", lambda o: R(name, args=[palembang_period(o).pk]), expect(**PALEMBANG)),
    ]


ROWS = [
    Row(
        "surveys:results",
        "the actor's service units",
        lambda o: R("surveys:results"),
        expect(anonymous=302, employee_dinkes_sorong=403, employee_dishub_palembang=403, others=200),
    ),
    *period_rows("surveys:result_period"),
    *period_rows("surveys:result_report_xlsx"),
    *period_rows("surveys:result_report_pdf"),
    # Above the stream limit (every period, here) the GET asks and the POST starts the job.
    *period_rows("surveys:result_responses", ", large: the GET asks"),
    Row(
        "surveys:result_responses",
        "Puskesmas Sorong, large: POST starts the job",
        lambda o: R("surveys:result_responses", args=[pkm_period(o).pk]),
        expect(**redirected(SORONG_PKM)),
        method="post",
        allowed=RECOMPUTE,
        then=export_requested,
    ),
    Row(
        "surveys:result_responses",
        "Palembang, large: POST",
        lambda o: R("surveys:result_responses", args=[palembang_period(o).pk]),
        expect(**redirected(PALEMBANG)),
        method="post",
        allowed={"superuser", "hr_palembang"},
    ),
    Row(
        "surveys:result_recompute",
        "Puskesmas Sorong",
        lambda o: R("surveys:result_recompute", args=[pkm_period(o).pk]),
        expect(**redirected(SORONG_PKM)),
        method="post",
        allowed=RECOMPUTE,
        then=recompute_started,
    ),
    Row(
        "surveys:result_recompute",
        "Dishub Sorong: not the head's",
        lambda o: R("surveys:result_recompute", args=[dishub_period(o).pk]),
        expect(**redirected(SORONG_DISHUB)),
        method="post",
        allowed={"superuser", "hr_sorong"},
    ),
    Row(
        "surveys:result_recompute",
        "Palembang",
        lambda o: R("surveys:result_recompute", args=[palembang_period(o).pk]),
        expect(**redirected(PALEMBANG)),
        method="post",
        allowed={"superuser", "hr_palembang"},
    ),
    Row(
        "surveys:result_recompute",
        "GET is refused",
        lambda o: R("surveys:result_recompute", args=[pkm_period(o).pk]),
        expect(anonymous=302, others=405),
    ),
    Row(
        "surveys:result_progress",
        "a run of the Puskesmas",
        lambda o: R("surveys:result_progress", args=[a_run(o).pk]),
        expect(**SORONG_PKM),
    ),
    Row(
        "surveys:result_unit",
        "Dinkes Sorong (the head's unit)",
        lambda o: R("surveys:result_unit", args=[o.dinkes_sorong.pk]),
        expect(**SORONG_PKM),
    ),
    # Another unit of Sorong: the head works in the agency but does not head it (403).
    Row(
        "surveys:result_unit",
        "Dishub Sorong",
        lambda o: R("surveys:result_unit", args=[o.dishub_sorong.pk]),
        expect(**{**SORONG_PKM, "head_dinkes_sorong": 403}),
    ),
    Row(
        "surveys:result_unit",
        "Dishub Palembang",
        lambda o: R("surveys:result_unit", args=[o.dishub_palembang.pk]),
        expect(**PALEMBANG),
    ),
    Row(
        "surveys:result_instansi",
        "Kota Sorong",
        lambda o: R("surveys:result_instansi", args=[o.sorong.pk]),
        expect(**{**SORONG_PKM, "head_dinkes_sorong": 403}),
    ),
    Row(
        "surveys:result_instansi",
        "Kota Palembang",
        lambda o: R("surveys:result_instansi", args=[o.palembang.pk]),
        expect(**PALEMBANG),
    ),
    Row(
        "surveys:result_instansi",
        "POST is refused",
        lambda o: R("surveys:result_instansi", args=[o.sorong.pk]),
        expect(anonymous=302, others=405),
        method="post",
        allowed=NOBODY,
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_results_matrix(org, row, persona):
    check_row(org, row, persona)
