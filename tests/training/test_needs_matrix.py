"""Permission matrix of the training-needs pages: the list and a proposal (everyone with an employee
record, and HR), a need's page (its employee, their head, HR of the agency; only HR maps and
nominates), HR's aggregation, its export and the intake of coaching needs."""

import pytest
from django.urls import reverse as R

from training.models import TrainingNeed

from ..access_matrix import NOBODY, Row, check_row, expect, matrix_ids, matrix_params
from .factories import make_programme
from .needs_helpers import YEAR, coaching_plan, competency, make_need


def need_of(attr: str):
    """The (single) need of an org employee, made on first use."""

    def get(o) -> TrainingNeed:
        employee = getattr(o, attr)
        return TrainingNeed.objects.filter(employee=employee).first() or make_need(employee)

    return get


NURSE, DISHUB_SORONG, PALEMBANG = (
    need_of("employee_dinkes_sorong"),
    need_of("employee_dishub_sorong"),
    need_of("employee_dishub_palembang"),
)


def detail(need):
    return lambda o: R("training:need_detail", args=[need(o).pk])


def nominate_data(o) -> dict:
    programme = make_programme(o.sorong, title="Pelayanan Prima untuk Loket")
    programme.competencies.add(competency(o.sorong))
    return {"action": "nominate", "programme": programme.pk, "reason": "Kebutuhan 2027"}


def summary(name: str, query):
    return lambda o: f"{R(name)}?year={YEAR}&{query(o)}"


def with_coaching(o) -> str:
    coaching_plan(o)
    return f"{R('training:need_import')}?instansi={o.sorong.pk}"


EVERYONE = dict(anonymous=302, others=200)
NURSE_NEED = dict(
    anonymous=302,
    superuser=200,
    hr_sorong=200,
    head_dinkes_sorong=200,
    employee_dinkes_sorong=200,
    others=404,
)
DISHUB_NEED = dict(anonymous=302, superuser=200, hr_sorong=200, others=404)
PALEMBANG_NEED = dict(
    anonymous=302, superuser=200, hr_palembang=200, employee_dishub_palembang=200, others=404
)
HR_SORONG = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, others=403)
# Pages of HR's planning refuse whoever keeps no agency first (403), as the catalogue's pages do.
HR_PALEMBANG = dict(anonymous=302, superuser=200, hr_palembang=200, hr_sorong=404, others=403)


def posted(statuses: dict[str, int], allowed: set[str]) -> dict[str, int]:
    return {p: 302 if p in allowed else s for p, s in statuses.items()}


ROWS = [
    Row("training:need_list", "all", lambda o: (NURSE(o), R("training:need_list"))[1], expect(**EVERYONE)),
    Row(
        "training:need_list",
        "filtered",
        lambda o: f"{R('training:need_list')}?year={YEAR}&status=terbuka&source=pegawai&q=a&sort=-pegawai",
        expect(**EVERYONE),
    ),
    Row(
        "training:need_list",
        "POST is refused",
        lambda o: R("training:need_list"),
        expect(anonymous=302, others=405),
        method="post",
        allowed=NOBODY,
    ),
    Row("training:need_create", "form", lambda o: R("training:need_create"), expect(**EVERYONE)),
    Row(
        "training:need_create",
        "for the nurse",
        lambda o: R("training:need_create"),
        expect(
            anonymous=302,
            superuser=302,
            hr_sorong=302,
            head_dinkes_sorong=302,
            employee_dinkes_sorong=302,
            others=200,
        ),
        method="post",
        data=lambda o: {
            "employee": o.employee_dinkes_sorong.pk,
            "competency": competency(o.sorong).pk,
            "reason": "Sering menangani keluhan",
            "priority": "tinggi",
            "year": YEAR,
        },
        allowed={"superuser", "hr_sorong", "head_dinkes_sorong", "employee_dinkes_sorong"},
    ),
    Row("training:need_detail", "the nurse's need", detail(NURSE), expect(**NURSE_NEED)),
    Row("training:need_detail", "Dishub Sorong's need", detail(DISHUB_SORONG), expect(**DISHUB_NEED)),
    Row("training:need_detail", "a need in Palembang", detail(PALEMBANG), expect(**PALEMBANG_NEED)),
    Row(
        "training:need_detail",
        "HR maps the nurse's need",
        detail(NURSE),
        expect(
            **posted(
                {**NURSE_NEED, "head_dinkes_sorong": 403, "employee_dinkes_sorong": 403},
                {"superuser", "hr_sorong"},
            )
        ),
        method="post",
        data=lambda o: {"action": "competency", "competency": competency(o.sorong, "M.01", "Integritas").pk},
        allowed={"superuser", "hr_sorong"},
    ),
    Row(
        "training:need_detail",
        "HR nominates for the nurse's need",
        detail(NURSE),
        expect(
            **posted(
                {**NURSE_NEED, "head_dinkes_sorong": 403, "employee_dinkes_sorong": 403},
                {"superuser", "hr_sorong"},
            )
        ),
        method="post",
        data=nominate_data,
        allowed={"superuser", "hr_sorong"},
    ),
    Row(
        "training:need_detail",
        "Palembang's need",
        detail(PALEMBANG),
        expect(**posted({**PALEMBANG_NEED, "employee_dishub_palembang": 403}, {"superuser", "hr_palembang"})),
        method="post",
        data=lambda o: {"action": "competency", "competency": competency(o.palembang).pk},
        allowed={"superuser", "hr_palembang"},
    ),
    Row(
        "training:need_summary",
        "Kota Sorong",
        summary("training:need_summary", lambda o: (NURSE(o), f"instansi={o.sorong.pk}")[1]),
        expect(**HR_SORONG),
    ),
    Row(
        "training:need_summary",
        "Kota Sorong, Dinkes, one competency, employees' proposals",
        summary(
            "training:need_summary",
            lambda o: (
                f"instansi={o.sorong.pk}&unit={o.dinkes_sorong.pk}&competency={competency(o.sorong).pk}"
                "&source=pegawai"
            ),
        ),
        expect(**HR_SORONG),
    ),
    Row(
        "training:need_summary",
        "Kota Palembang",
        summary("training:need_summary", lambda o: f"instansi={o.palembang.pk}"),
        expect(**HR_PALEMBANG),
    ),
    Row(
        "training:need_summary",
        "POST is refused",
        lambda o: R("training:need_summary"),
        expect(anonymous=302, others=405),
        method="post",
        allowed=NOBODY,
    ),
    Row(
        "training:need_export",
        "Kota Sorong",
        summary("training:need_export", lambda o: (NURSE(o), f"instansi={o.sorong.pk}")[1]),
        expect(**HR_SORONG),
    ),
    Row(
        "training:need_export",
        "Kota Palembang",
        summary("training:need_export", lambda o: f"instansi={o.palembang.pk}"),
        expect(**HR_PALEMBANG),
    ),
    Row(
        "training:need_import",
        "Kota Sorong",
        with_coaching,
        expect(**posted(HR_SORONG, {"superuser", "hr_sorong"})),
        method="post",
        allowed={"superuser", "hr_sorong"},
    ),
    Row(
        "training:need_import",
        "GET is refused",
        lambda o: R("training:need_import"),
        expect(anonymous=302, others=405),
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_needs_matrix(org, row, persona):
    check_row(org, row, persona)
