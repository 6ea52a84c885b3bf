"""The unit's IKM on the performance monitoring page, beside its SKP scores (issue 12 item 8): the
latest computed IKM of each service unit in scope, read through the surveys selector with the
surveys access rules, in a constant number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.access import actor_for
from surveys.choices import PeriodState
from surveys.selectors import results as selectors
from surveys.services import ikm
from tests.performance.factories import make_year, period

from .factories import make_responses, make_service_unit, semester_period, worked_example

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveyed(org):
    """The Puskesmas: an older period (worked example, 80.56 B) and the latest, open one; Dishub Sorong."""
    pkm = make_service_unit(org.pkm_sorong, "pkm-sorong", name="Puskesmas Sorong Kota")
    older = semester_period(pkm)
    worked_example(older)
    latest = semester_period(pkm, start=date(2026, 7, 1), end=date(2026, 12, 31), state=PeriodState.OPEN)
    make_responses(latest, 20)
    dishub = make_service_unit(org.dishub_sorong, "dishub-sorong", name="Terminal Sorong")
    dishub_period = semester_period(dishub)
    worked_example(dishub_period)
    for p in (older, latest, dishub_period):
        ikm.compute_period(p.pk)
    return pkm, latest


def url(org, month=12, **params) -> str:
    chosen = period(make_year(org.sorong), month)
    query = "&".join(
        f"{k}={v}" for k, v in {"instansi": org.sorong.pk, "period": chosen.pk, **params}.items()
    )
    return f"{reverse('performance:monitoring')}?{query}"


def test_the_head_sees_the_latest_ikm_of_the_service_units_of_their_subtree(org, as_persona, surveyed):
    _pkm, latest = surveyed

    response = as_persona("head_dinkes_sorong").get(url(org, month=12))

    rows = response.context["ikm"]
    assert [(r.service_unit.name, r.result.period_id, r.result.respondents) for r in rows] == [
        ("Puskesmas Sorong Kota", latest.pk, 20)
    ]
    html = response.content.decode()
    assert 'data-testid="monitoring-ikm"' in html
    assert reverse("surveys:result_period", args=[latest.pk]) in html


def test_an_earlier_performance_period_shows_the_ikm_of_its_own_time_not_a_later_one(
    org, as_persona, surveyed
):
    _pkm, latest = surveyed
    march = as_persona("head_dinkes_sorong").get(url(org, month=3)).context["ikm"]
    assert [(r.service_unit.name, r.result.period.start) for r in march] == [
        ("Puskesmas Sorong Kota", date(2026, 1, 1))
    ]
    assert march[0].result.period_id != latest.pk


def test_hr_sees_every_service_unit_of_the_agency_or_of_the_chosen_unit(org, as_persona, surveyed):
    client = as_persona("hr_sorong")
    whole = client.get(url(org)).context["ikm"]
    assert [r.service_unit.name for r in whole] == ["Puskesmas Sorong Kota", "Terminal Sorong"]
    dishub = client.get(url(org, unit=org.dishub_sorong.pk)).context["ikm"]
    assert [(r.service_unit.name, r.result.konversi) for r in dishub] == [
        ("Terminal Sorong", Decimal("80.56"))
    ]


def test_no_block_without_survey_results(org, as_persona):
    response = as_persona("hr_sorong").get(url(org))
    assert response.context["ikm"] == []
    assert 'data-testid="monitoring-ikm"' not in response.content.decode()


def test_the_selector_keeps_to_the_surveys_access_rules(org, surveyed):
    head = actor_for(org.users["head_dinkes_sorong"])
    assert [
        r.service_unit.code for r in selectors.monitoring_ikm(actor=head, instansi=org.sorong, unit=None)
    ] == ["pkm-sorong"]
    palembang = actor_for(org.users["hr_palembang"])
    assert selectors.monitoring_ikm(actor=palembang, instansi=org.sorong, unit=None) == []


def test_the_block_keeps_a_constant_query_count(org, surveyed):
    actor = actor_for(org.users["hr_sorong"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors.monitoring_ikm(actor=actor, instansi=org.sorong, unit=None)
        return len(queries)

    small = count()
    for n in range(20):
        p = semester_period(make_service_unit(org.pkm_sorong, f"pkm-{n}"))
        make_responses(p, 2)
        ikm.compute_period(p.pk)
    assert len(selectors.monitoring_ikm(actor=actor, instansi=org.sorong, unit=None)) == 22
    assert count() == small == 2
