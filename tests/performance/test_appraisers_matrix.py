"""Permission matrix of who appraises whom (HR of the agency): the Sekda and kepala daerah posts, acting
appraisers of a unit, re-pointing a unit's SKPs, and naming the appraiser of one SKP.

The agency's HR (and the superuser); the agency's heads and employees 403; another agency 404.
"""

import pytest
from django.urls import reverse as R

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params
from .factories import make_skp, make_year
from .test_hr_matrix import HR_DEFAULT, HR_PALEMBANG, HR_SORONG, PALEMBANG_WRITERS, SORONG_WRITERS, _writes

# Naming the appraiser of an SKP: the owner and their head see the SKP (403), other agencies 404.
SKP_SORONG = dict(HR_SORONG)


def sorong_skp(o):
    from performance.choices import SkpState

    return make_skp(o.employee_dinkes_sorong, make_year(o.sorong), state=SkpState.SUBMITTED)


def palembang_skp(o):
    from performance.choices import SkpState

    return make_skp(o.employee_dishub_palembang, make_year(o.palembang), state=SkpState.SUBMITTED)


def stale_skp(o):
    """An SKP recorded with a superior who is not the employee's atasan langsung (a head moved)."""
    skp = sorong_skp(o)
    skp.appraiser = o.employee_dishub_sorong
    skp.save(update_fields=["appraiser"])
    return skp


def sorong_acting(o):
    from employees.models import ActingAppraiser

    acting, _ = ActingAppraiser.objects.get_or_create(
        unit=o.pkm_sorong, defaults={"employee": o.employee_dishub_sorong, "reason": "Plt Kepala Puskesmas"}
    )
    return acting


def url(name, *args_of, query=""):
    def build(o):
        args = [f(o) if callable(f) else f for f in args_of]
        return R(name, args=[a.pk if hasattr(a, "pk") else a for a in args]) + query.format(
            sorong=o.sorong.pk, palembang=o.palembang.pk
        )

    return build


def acting_post(o):
    return {"unit": o.pkm_sorong.pk, "nip": o.employee_dishub_sorong.nip, "reason": "Plt Kepala Puskesmas"}


def acting_post_palembang(o):
    return {"unit": o.dishub_palembang.pk, "nip": o.employee_dishub_palembang.nip, "reason": "Plt"}


def official_post(o):
    return {"title": "Wali Kota Sorong", "holder_name": "Budi Wali", "nip": ""}


def refresh_post(o):
    stale_skp(o)
    return {"unit": o.dinkes_sorong.pk}


def refresh_post_palembang(o):
    return {"unit": o.dishub_palembang.pk}


def skp_post(o):
    return {"nip": o.employee_dishub_sorong.nip, "reason": "Kepala Puskesmas pindah tugas"}


def _repointed(o, client, response):
    from performance.models import Skp

    skp = Skp.objects.get(employee=o.employee_dinkes_sorong)
    assert skp.appraiser_id == o.head_dinkes_sorong.pk


ROWS = [
    Row("performance:appraisers", "default agency", url("performance:appraisers"), expect(**HR_DEFAULT)),
    Row(
        "performance:appraisers",
        "Sorong",
        url("performance:appraisers", query="?instansi={sorong}"),
        expect(**HR_SORONG),
    ),
    Row(
        "performance:appraisers",
        "Palembang",
        url("performance:appraisers", query="?instansi={palembang}"),
        expect(**HR_PALEMBANG),
    ),
    Row(
        "performance:official_edit",
        "Sorong Sekda form",
        url("performance:official_edit", lambda o: o.sorong, "sekda"),
        expect(**HR_SORONG),
    ),
    Row(
        "performance:official_edit",
        "Palembang kepala daerah form",
        url("performance:official_edit", lambda o: o.palembang, "kepala_daerah"),
        expect(**HR_PALEMBANG),
    ),
    Row(
        "performance:official_edit",
        "POST Sorong kepala daerah",
        url("performance:official_edit", lambda o: o.sorong, "kepala_daerah"),
        expect(**_writes(HR_SORONG)),
        method="post",
        allowed=SORONG_WRITERS,
        data=official_post,
    ),
    Row(
        "performance:acting_create",
        "Sorong form",
        url("performance:acting_create", lambda o: o.sorong),
        expect(**HR_SORONG),
    ),
    Row(
        "performance:acting_create",
        "Palembang form",
        url("performance:acting_create", lambda o: o.palembang),
        expect(**HR_PALEMBANG),
    ),
    Row(
        "performance:acting_create",
        "POST Sorong",
        url("performance:acting_create", lambda o: o.sorong),
        expect(**_writes(HR_SORONG)),
        method="post",
        allowed=SORONG_WRITERS,
        data=acting_post,
    ),
    Row(
        "performance:acting_create",
        "POST Palembang",
        url("performance:acting_create", lambda o: o.palembang),
        expect(**_writes(HR_PALEMBANG)),
        method="post",
        allowed=PALEMBANG_WRITERS,
        data=acting_post_palembang,
    ),
    Row(
        "performance:acting_delete",
        "POST Sorong",
        url("performance:acting_delete", sorong_acting),
        expect(**_writes(HR_SORONG)),
        method="post",
        allowed=SORONG_WRITERS,
    ),
    Row(
        "performance:unit_refresh",
        "POST Sorong, a stale appraiser",
        url("performance:unit_refresh", lambda o: o.sorong),
        expect(**_writes(HR_SORONG)),
        method="post",
        allowed=SORONG_WRITERS,
        data=refresh_post,
        then=_repointed,
    ),
    Row(
        "performance:unit_refresh",
        "POST Palembang, nothing to change",
        url("performance:unit_refresh", lambda o: o.palembang),
        expect(**_writes(HR_PALEMBANG)),
        method="post",
        allowed=PALEMBANG_WRITERS,
        data=refresh_post_palembang,
        unchanged="no SKP in the unit: nothing to re-point",
        then=lambda o, client, response: None,
    ),
    Row(
        "performance:skp_appraiser",
        "Sorong SKP",
        url("performance:skp_appraiser", sorong_skp),
        expect(**SKP_SORONG),
    ),
    Row(
        "performance:skp_appraiser",
        "Palembang SKP",
        url("performance:skp_appraiser", palembang_skp),
        expect(**HR_PALEMBANG),
    ),
    Row(
        "performance:skp_appraiser",
        "POST Sorong SKP",
        url("performance:skp_appraiser", sorong_skp),
        expect(**_writes(SKP_SORONG)),
        method="post",
        allowed=SORONG_WRITERS,
        data=skp_post,
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_appraisers_matrix(org, row, persona):
    check_row(org, row, persona)
