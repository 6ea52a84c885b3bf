"""Permission matrix of the scoring pages: HR of the agency only (heads and employees: 403 in their
own agency, 404 in another); the start writes a run, the progress is read-only JSON."""

import pytest
from django.urls import reverse as R

from performance.choices import ScoringState
from performance.models import ScoringRun

from ..access_matrix import NOBODY, Row, check_row, expect, matrix_ids, matrix_params
from .factories import make_year, period

SORONG = dict(
    anonymous=302,
    superuser=200,
    hr_sorong=200,
    hr_palembang=404,
    head_dinkes_sorong=403,
    employee_dinkes_sorong=403,
    employee_dishub_palembang=404,
)
PALEMBANG = dict(
    anonymous=302,
    superuser=200,
    hr_sorong=404,
    hr_palembang=200,
    head_dinkes_sorong=404,
    employee_dinkes_sorong=404,
    employee_dishub_palembang=403,
)


def started(statuses: dict[str, int]) -> dict[str, int]:
    """A POST allowed to HR redirects back to the list."""
    return {p: 302 if s == 200 else s for p, s in statuses.items()}


def sorong_january(o):
    return period(make_year(o.sorong), 1)


def palembang_january(o):
    return period(make_year(o.palembang), 1)


def a_run(p):
    run, _ = ScoringRun.objects.get_or_create(
        period=p, defaults=dict(state=ScoringState.DONE, total=3, processed=3)
    )
    return run


ROWS = [
    Row(
        "performance:scoring",
        "default agency",
        lambda o: R("performance:scoring"),
        expect(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403),
    ),
    Row(
        "performance:scoring",
        "Kota Sorong",
        lambda o: f"{R('performance:scoring')}?instansi={sorong_january(o).year.instansi_id}",
        expect(**SORONG),
    ),
    Row(
        "performance:scoring",
        "Kota Palembang",
        lambda o: f"{R('performance:scoring')}?instansi={palembang_january(o).year.instansi_id}",
        expect(**PALEMBANG),
    ),
    Row(
        "performance:scoring",
        "POST is refused",
        lambda o: R("performance:scoring"),
        expect(anonymous=302, others=405),
        method="post",
        allowed=NOBODY,
    ),
    Row(
        "performance:scoring_start",
        "Sorong period",
        lambda o: R("performance:scoring_start", args=[sorong_january(o).pk]),
        expect(**started(SORONG)),
        method="post",
        allowed={"superuser", "hr_sorong"},
    ),
    Row(
        "performance:scoring_start",
        "Palembang period",
        lambda o: R("performance:scoring_start", args=[palembang_january(o).pk]),
        expect(**started(PALEMBANG)),
        method="post",
        allowed={"superuser", "hr_palembang"},
    ),
    Row(
        "performance:scoring_start",
        "GET is refused",
        lambda o: R("performance:scoring_start", args=[sorong_january(o).pk]),
        expect(anonymous=302, others=405),
    ),
    Row(
        "performance:scoring_progress",
        "Sorong run",
        lambda o: R("performance:scoring_progress", args=[a_run(sorong_january(o)).pk]),
        expect(**SORONG),
    ),
    Row(
        "performance:scoring_progress",
        "Palembang run",
        lambda o: R("performance:scoring_progress", args=[a_run(palembang_january(o)).pk]),
        expect(**PALEMBANG),
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_scoring_matrix(org, row, persona):
    check_row(org, row, persona)
