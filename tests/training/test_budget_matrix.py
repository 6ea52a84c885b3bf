"""Permission matrix of the training budget: the page and its export, a budget line's allocation and
a programme's spending (HR of the agency only)."""

import pytest
from django.urls import reverse as R

from training.models import Programme

from ..access_matrix import NOBODY, Row, check_row, expect, matrix_ids, matrix_params
from .factories import make_programme
from .needs_helpers import budget_line, spend


def programme_of(o, instansi) -> Programme:
    programme = Programme.objects.filter(instansi=instansi).first() or make_programme(instansi)
    if not programme.spendings.exists():
        spend(programme, 250_000)
    budget_line(instansi)
    return programme


def page(name: str, instansi_of):
    return lambda o: f"{R(name)}?year=2026&instansi={programme_of(o, instansi_of(o)).instansi_id}"


def spending_url(instansi_of):
    return lambda o: R("training:spending", args=[programme_of(o, instansi_of(o)).pk])


SORONG = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, others=403)
PALEMBANG = dict(anonymous=302, superuser=200, hr_palembang=200, hr_sorong=404, others=403)
# A programme's page is 404 outside the agency, and its spending 403 to employees who see it.
SORONG_PROGRAMME = dict(anonymous=302, superuser=200, hr_sorong=200, head_dinkes_sorong=403,
                        employee_dinkes_sorong=403, others=404)  # fmt: skip
PALEMBANG_PROGRAMME = dict(anonymous=302, superuser=200, hr_palembang=200, employee_dishub_palembang=403,
                           others=404)  # fmt: skip


def posted(statuses: dict[str, int], allowed: set[str]) -> dict[str, int]:
    return {p: 302 if p in allowed else s for p, s in statuses.items()}


LINE = {"year": 2026, "code": "5.2.2.01", "name": "Kursus", "allocated": 5_000_000}
SPENDING = {"on": "2026-08-20", "amount": 1_250_000, "note": "Konsumsi"}

ROWS = [
    Row(
        "training:budget",
        "default agency",
        lambda o: (programme_of(o, o.sorong), R("training:budget"))[1],
        expect(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403),
    ),
    Row("training:budget", "Kota Sorong", page("training:budget", lambda o: o.sorong), expect(**SORONG)),
    Row(
        "training:budget",
        "Kota Palembang",
        page("training:budget", lambda o: o.palembang),
        expect(**PALEMBANG),
    ),
    Row(
        "training:budget",
        "POST is refused",
        lambda o: R("training:budget"),
        expect(anonymous=302, others=405),
        method="post",
        allowed=NOBODY,
    ),
    Row(
        "training:budget_export",
        "Kota Sorong",
        page("training:budget_export", lambda o: o.sorong),
        expect(**SORONG),
    ),
    Row(
        "training:budget_export",
        "Kota Palembang",
        page("training:budget_export", lambda o: o.palembang),
        expect(**PALEMBANG),
    ),
    Row(
        "training:budget_line_save",
        "Kota Sorong",
        lambda o: f"{R('training:budget_line_save')}?instansi={o.sorong.pk}",
        expect(**posted(SORONG, {"superuser", "hr_sorong"})),
        method="post",
        data=lambda o: LINE,
        allowed={"superuser", "hr_sorong"},
    ),
    Row(
        "training:budget_line_save",
        "Kota Palembang",
        lambda o: f"{R('training:budget_line_save')}?instansi={o.palembang.pk}",
        expect(**posted(PALEMBANG, {"superuser", "hr_palembang"})),
        method="post",
        data=lambda o: LINE,
        allowed={"superuser", "hr_palembang"},
    ),
    Row(
        "training:budget_line_save",
        "GET is refused",
        lambda o: R("training:budget_line_save"),
        expect(anonymous=302, others=405),
    ),
    Row(
        "training:spending",
        "Sorong's programme",
        spending_url(lambda o: o.sorong),
        expect(**SORONG_PROGRAMME),
    ),
    Row(
        "training:spending",
        "Palembang's programme",
        spending_url(lambda o: o.palembang),
        expect(**PALEMBANG_PROGRAMME),
    ),
    Row(
        "training:spending",
        "Sorong's programme, a new row",
        spending_url(lambda o: o.sorong),
        expect(**posted(SORONG_PROGRAMME, {"superuser", "hr_sorong"})),
        method="post",
        data=lambda o: SPENDING,
        allowed={"superuser", "hr_sorong"},
    ),
    Row(
        "training:spending",
        "Palembang's programme, a new row",
        spending_url(lambda o: o.palembang),
        expect(**posted(PALEMBANG_PROGRAMME, {"superuser", "hr_palembang"})),
        method="post",
        data=lambda o: SPENDING,
        allowed={"superuser", "hr_palembang"},
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_budget_matrix(org, row, persona):
    check_row(org, row, persona)
