"""Permission matrix of the HR pages of performance: years, unit predikat, monitoring, rewards.

Years and unit predikat: the agency's HR (and the superuser); the agency's heads and employees 403;
another agency 404. Monitoring: HR (whole agency) and heads (their subtree; another unit 403);
employees 403. Rewards and coaching: HR only (heads and employees 403).
"""

import pytest
from django.urls import reverse as R

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params
from .factories import make_year

# --- Expectations -------------------------------------------------------------------------------------
HR_DEFAULT = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403)
HR_SORONG = dict(
    anonymous=302,
    superuser=200,
    hr_sorong=200,
    hr_palembang=404,
    head_dinkes_sorong=403,
    employee_dinkes_sorong=403,
    employee_dishub_palembang=404,
)
HR_PALEMBANG = dict(
    anonymous=302,
    superuser=200,
    hr_palembang=200,
    hr_sorong=404,
    head_dinkes_sorong=404,
    employee_dinkes_sorong=404,
    employee_dishub_palembang=403,
)


def _writes(statuses: dict) -> dict:
    """The same expectations for a POST: an allowed write redirects."""
    return {p: (302 if s == 200 and p != "anonymous" else s) for p, s in statuses.items()}


SORONG_WRITERS = {"superuser", "hr_sorong"}
PALEMBANG_WRITERS = {"superuser", "hr_palembang"}


MONITOR_DEFAULT = dict(
    anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, head_dinkes_sorong=200, others=403
)
MONITOR_SORONG = dict(
    anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, head_dinkes_sorong=200, others=403
)
MONITOR_OTHER_UNIT = dict(
    anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, head_dinkes_sorong=403, others=403
)
MONITOR_PALEMBANG = dict(
    anonymous=302, superuser=200, hr_sorong=404, hr_palembang=200, head_dinkes_sorong=404, others=403
)
REWARDS_DEFAULT = HR_DEFAULT
REWARDS_SORONG = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, others=403)
REWARDS_PALEMBANG = dict(anonymous=302, superuser=200, hr_sorong=404, hr_palembang=200, others=403)


# --- Fixtures of the rows (idempotent) ---------------------------------------------------------------
def sorong_year(o):
    return make_year(o.sorong)


def palembang_year(o):
    return make_year(o.palembang)


def both_years(o):
    sorong_year(o)
    palembang_year(o)


def new_year_post(o):
    return {
        "year": "2027",
        "frequency": "quarterly",
        "skp_deadline": "2027-01-31",
        "realisation_days": "5",
        "appraisal_days": "10",
        "threshold_above": "110",
        "threshold_meets": "80",
    }


def year_change_post(o):
    return {
        "frequency": "monthly",
        "skp_deadline": "2026-02-27",
        "realisation_days": "7",
        "appraisal_days": "14",
        "threshold_above": "115",
        "threshold_meets": "85",
    }


def predikat_post_sorong(o):
    return {f"unit_{o.dinkes_sorong.pk}": "istimewa"}


def predikat_post_palembang(o):
    return {f"unit_{o.dishub_palembang.pk}": "baik"}


def listing(name: str, query: str = "", *, year: bool = True):
    """A URL of a list page with `query` formatted with the fixture's ids; creates the years first."""

    def url(o):
        if year:
            both_years(o)
        ids = dict(
            sorong=o.sorong.pk,
            palembang=o.palembang.pk,
            pkm=o.pkm_sorong.pk,
            dinkes=o.dinkes_sorong.pk,
            dishub=o.dishub_sorong.pk,
        )
        return R(name) + (("?" + query.format(**ids)) if query else "")

    return url


def with_year(name: str, which):
    return lambda o: R(name, args=[which(o).pk])


# --- Rows ----------------------------------------------------------------------------------------------
YEAR_ROWS = [
    Row("performance:years", "default agency", listing("performance:years"), expect(**HR_DEFAULT)),
    Row(
        "performance:years",
        "Sorong",
        listing("performance:years", "instansi={sorong}"),
        expect(**HR_SORONG),
    ),
    Row(
        "performance:years",
        "Palembang",
        listing("performance:years", "instansi={palembang}"),
        expect(**HR_PALEMBANG),
    ),
    Row(
        "performance:year_create",
        "form for Sorong",
        listing("performance:year_create", "instansi={sorong}"),
        expect(**HR_SORONG),
    ),
    Row(
        "performance:year_create",
        "form for Palembang",
        listing("performance:year_create", "instansi={palembang}"),
        expect(**HR_PALEMBANG),
    ),
    Row(
        "performance:year_create",
        "POST for Sorong",
        listing("performance:year_create", "instansi={sorong}"),
        expect(**_writes(HR_SORONG)),
        method="post",
        allowed=SORONG_WRITERS,
        data=new_year_post,
    ),
    Row(
        "performance:year_create",
        "POST for Palembang",
        listing("performance:year_create", "instansi={palembang}"),
        expect(**_writes(HR_PALEMBANG)),
        method="post",
        allowed=PALEMBANG_WRITERS,
        data=new_year_post,
    ),
    Row(
        "performance:year_detail",
        "Sorong year",
        with_year("performance:year_detail", sorong_year),
        expect(**HR_SORONG),
    ),
    Row(
        "performance:year_detail",
        "Palembang year",
        with_year("performance:year_detail", palembang_year),
        expect(**HR_PALEMBANG),
    ),
    Row(
        "performance:year_update",
        "form, Sorong year",
        with_year("performance:year_update", sorong_year),
        expect(**HR_SORONG),
    ),
    Row(
        "performance:year_update",
        "form, Palembang year",
        with_year("performance:year_update", palembang_year),
        expect(**HR_PALEMBANG),
    ),
    Row(
        "performance:year_update",
        "POST Sorong year",
        with_year("performance:year_update", sorong_year),
        expect(**_writes(HR_SORONG)),
        method="post",
        allowed=SORONG_WRITERS,
        data=year_change_post,
    ),
    Row(
        "performance:year_update",
        "POST Palembang year",
        with_year("performance:year_update", palembang_year),
        expect(**_writes(HR_PALEMBANG)),
        method="post",
        allowed=PALEMBANG_WRITERS,
        data=year_change_post,
    ),
    Row(
        "performance:unit_predikat",
        "form, Sorong year",
        with_year("performance:unit_predikat", sorong_year),
        expect(**HR_SORONG),
    ),
    Row(
        "performance:unit_predikat",
        "form, Palembang year",
        with_year("performance:unit_predikat", palembang_year),
        expect(**HR_PALEMBANG),
    ),
    Row(
        "performance:unit_predikat",
        "POST Sorong year",
        with_year("performance:unit_predikat", sorong_year),
        expect(**_writes(HR_SORONG)),
        method="post",
        allowed=SORONG_WRITERS,
        data=predikat_post_sorong,
    ),
    Row(
        "performance:unit_predikat",
        "POST Palembang year",
        with_year("performance:unit_predikat", palembang_year),
        expect(**_writes(HR_PALEMBANG)),
        method="post",
        allowed=PALEMBANG_WRITERS,
        data=predikat_post_palembang,
    ),
]


def _monitoring_rows(name: str) -> list[Row]:
    return [
        Row(name, "default scope", listing(name), expect(**MONITOR_DEFAULT)),
        Row(name, "Sorong", listing(name, "instansi={sorong}"), expect(**MONITOR_SORONG)),
        Row(
            name,
            "head's subtree (Puskesmas)",
            listing(name, "instansi={sorong}&unit={pkm}"),
            expect(**MONITOR_SORONG),
        ),
        Row(
            name,
            "another Sorong unit (Dishub)",
            listing(name, "instansi={sorong}&unit={dishub}"),
            expect(**MONITOR_OTHER_UNIT),
        ),
        Row(name, "Palembang", listing(name, "instansi={palembang}"), expect(**MONITOR_PALEMBANG)),
        Row(
            name,
            "Sorong without a performance year",
            listing(name, "instansi={sorong}", year=False),
            expect(
                **(
                    MONITOR_SORONG
                    if name == "performance:monitoring"
                    # Nothing to export yet: back to the monitoring page with a message.
                    else {k: (302 if v == 200 else v) for k, v in MONITOR_SORONG.items()}
                )
            ),
        ),
    ]


def _reward_rows(name: str) -> list[Row]:
    return [
        Row(name, "default agency", listing(name), expect(**REWARDS_DEFAULT)),
        Row(name, "Sorong", listing(name, "instansi={sorong}"), expect(**REWARDS_SORONG)),
        Row(name, "Palembang", listing(name, "instansi={palembang}"), expect(**REWARDS_PALEMBANG)),
    ]


ROWS = [
    *YEAR_ROWS,
    *_monitoring_rows("performance:monitoring"),
    *_monitoring_rows("performance:monitoring_export"),
    *_reward_rows("performance:rewards"),
    *_reward_rows("performance:rewards_export"),
    *_reward_rows("performance:coaching_list"),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_hr_matrix(org, row, persona):
    check_row(org, row, persona)
