"""Permission matrix of the JP compliance pages: the dashboard and its export (HR: the agency; a head:
their subtree; employees: 403), HR's recompute, and "JP saya" (whoever has an employee record)."""

import pytest
from django.urls import reverse as R

from training.models import ComplianceRun

from ..access_matrix import NOBODY, Row, check_row, expect, matrix_ids, matrix_params
from .compliance_helpers import YEAR, add_training, recompute


def computed(o) -> None:
    """The Sorong and Palembang years recomputed, with one employee below target in each unit."""
    if ComplianceRun.objects.exists():
        return
    add_training(o.employee_dinkes_sorong, 24)
    recompute(o.sorong)
    recompute(o.palembang)


def dashboard(query: str):
    def url(o) -> str:
        computed(o)
        return f"{R('training:compliance')}?year={YEAR}&{query(o)}"

    return url


def export(query: str):
    def url(o) -> str:
        computed(o)
        return f"{R('training:compliance_export')}?year={YEAR}&{query(o)}"

    return url


SORONG = dict(
    anonymous=302, superuser=200, hr_sorong=200, head_dinkes_sorong=200, hr_palembang=404, others=403
)
PALEMBANG = dict(
    anonymous=302, superuser=200, hr_palembang=200, hr_sorong=404, head_dinkes_sorong=404, others=403
)
OUTSIDE_HEAD = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, others=403)
OWN_RECORD = dict(anonymous=302, head_dinkes_sorong=200, employee_dinkes_sorong=200, employee_dishub_palembang=200,
                  others=403)  # fmt: skip


def started(statuses: dict[str, int]) -> dict[str, int]:
    """A POST allowed to HR redirects back to the dashboard."""
    return {p: 302 if s == 200 else s for p, s in statuses.items()}


def back_to_download(response) -> None:
    assert response["Location"].startswith(R("training:compliance_export") + "?"), response["Location"]


def recompute_post(instansi_of):
    return lambda o: {"instansi": instansi_of(o).pk, "year": YEAR}


ROWS = [
    Row(
        "training:compliance",
        "default agency",
        dashboard(lambda o: ""),
        expect(
            anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, head_dinkes_sorong=200, others=403
        ),
    ),
    Row(
        "training:compliance", "Kota Sorong", dashboard(lambda o: f"instansi={o.sorong.pk}"), expect(**SORONG)
    ),
    Row(
        "training:compliance",
        "Kota Sorong, below target",
        dashboard(lambda o: f"instansi={o.sorong.pk}&tampil=belum"),
        expect(**SORONG),
    ),
    Row(
        "training:compliance",
        "Kota Palembang",
        dashboard(lambda o: f"instansi={o.palembang.pk}&tampil=belum"),
        expect(**PALEMBANG),
    ),
    Row(
        "training:compliance",
        "Puskesmas (in the head's subtree)",
        dashboard(lambda o: f"unit={o.pkm_sorong.pk}&tampil=belum"),
        expect(**SORONG),
    ),
    Row(
        "training:compliance",
        "Dishub Sorong (outside the head's subtree)",
        dashboard(lambda o: f"unit={o.dishub_sorong.pk}"),
        expect(**OUTSIDE_HEAD),
    ),
    Row(
        "training:compliance",
        "POST is refused",
        lambda o: R("training:compliance"),
        expect(anonymous=302, others=405),
        method="post",
        allowed=NOBODY,
    ),
    Row(
        "training:compliance_export",
        "Kota Sorong",
        export(lambda o: f"instansi={o.sorong.pk}"),
        expect(**SORONG),
    ),
    Row(
        "training:compliance_export",
        "Kota Palembang",
        export(lambda o: f"instansi={o.palembang.pk}"),
        expect(**PALEMBANG),
    ),
    Row(
        "training:compliance_export",
        "Dishub Sorong (outside the head's subtree)",
        export(lambda o: f"unit={o.dishub_sorong.pk}"),
        expect(**OUTSIDE_HEAD),
    ),
    Row(
        "training:compliance_export",
        "POST Kota Sorong (small: back to the download)",
        export(lambda o: f"instansi={o.sorong.pk}"),
        expect(**started(SORONG)),
        method="post",
        allowed={"superuser", "hr_sorong", "head_dinkes_sorong"},
        unchanged="below the streaming limit nothing is queued: the POST sends back to the GET download",
        then=lambda o, client, response: back_to_download(response),
    ),
    Row(
        "training:compliance_export",
        "POST Kota Palembang",
        export(lambda o: f"instansi={o.palembang.pk}"),
        expect(**started(PALEMBANG)),
        method="post",
        allowed={"superuser", "hr_palembang"},
        unchanged="below the streaming limit nothing is queued: the POST sends back to the GET download",
        then=lambda o, client, response: back_to_download(response),
    ),
    Row(
        "training:compliance_recompute",
        "Kota Sorong",
        lambda o: R("training:compliance_recompute"),
        expect(
            anonymous=302,
            superuser=302,
            hr_sorong=302,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=403,
            others=404,
        ),
        method="post",
        data=recompute_post(lambda o: o.sorong),
        allowed={"superuser", "hr_sorong"},
    ),
    Row(
        "training:compliance_recompute",
        "Kota Palembang",
        lambda o: R("training:compliance_recompute"),
        expect(anonymous=302, superuser=302, hr_palembang=302, employee_dishub_palembang=403, others=404),
        method="post",
        data=recompute_post(lambda o: o.palembang),
        allowed={"superuser", "hr_palembang"},
    ),
    Row(
        "training:compliance_recompute",
        "GET is refused",
        lambda o: R("training:compliance_recompute"),
        expect(anonymous=302, others=405),
    ),
    Row("training:jp_mine", "this year", lambda o: R("training:jp_mine"), expect(**OWN_RECORD)),
    Row(
        "training:jp_mine",
        "last year",
        lambda o: f"{R('training:jp_mine')}?year={YEAR - 1}",
        expect(**OWN_RECORD),
    ),
    Row(
        "training:jp_mine",
        "POST is refused",
        lambda o: R("training:jp_mine"),
        expect(anonymous=302, others=405),
        method="post",
        allowed=NOBODY,
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_compliance_matrix(org, row, persona):
    check_row(org, row, persona)
