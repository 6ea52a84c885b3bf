"""Permission matrix of the citizens' pages (open to everyone, signed in or not: a citizen may be an
employee too) and of the tokens and poster pages (HR of the instansi for tokens; HR or the head of the
unit for the poster)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from surveys.models import AccessToken, Response, ServiceUnit

from ..access_matrix import NOBODY, PERSONAS, Row, check_row, expect, matrix_ids, matrix_params
from .public_factories import (
    make_follow_up,
    make_ikm_result,
    make_period,
    make_response,
    make_service,
    make_service_unit,
)

R = reverse
EVERYONE = set(PERSONAS)
CODE = "pkm-sorong-kota"


def counter(o) -> ServiceUnit:
    """The Puskesmas counter (under Dinkes Sorong) with a service and an open period."""
    unit = ServiceUnit.objects.filter(code=CODE).first()
    if unit is None:
        unit = make_service_unit(o.pkm_sorong, CODE, name="Loket Puskesmas Sorong Kota")
        make_service(unit, "Pemeriksaan umum")
        make_ikm_result(make_period(unit))
    return unit


def submission(o) -> dict[str, str]:
    unit = counter(o)
    return {
        "submission_key": str(uuid.UUID(int=7)),
        "age": "40",
        "sex": "L",
        "education": "sma",
        "occupation": "asn",
        "service": str(unit.services.get().pk),
        "suggestion": "Antrean terlalu lama.",
        **{f"u{i}": "3" for i in range(1, 10)},
    }


def saved_once(o, client, response) -> None:
    assert Response.objects.count() == 1
    assert response["Location"] == R("surveys:public_thanks", args=[CODE, uuid.UUID(int=7)])


def a_receipt(o) -> str:
    response = make_response(counter(o).periods.get(), submission_key=uuid.UUID(int=9))
    make_follow_up(response, "K7M3-Q9X2")
    return R("surveys:public_thanks", args=[CODE, response.submission_key])


def a_ticket(o) -> str:
    a_receipt(o)
    return R("surveys:ticket_status", args=["K7M3-Q9X2"])


def tokens_made(o, client, response) -> None:
    assert AccessToken.objects.filter(service_unit=counter(o)).count() == 5
    assert response["Location"] == R("surveys:token_sheet", args=[counter(o).pk])


def unit_url(name: str):
    return lambda o: R(name, args=[counter(o).pk])


def palembang_unit_url(name: str):
    def url(o):
        unit = make_service_unit(o.dishub_palembang, "dishub-plg", name="Loket Dishub Palembang")
        return R(name, args=[unit.pk])

    return url


PUBLIC = expect(others=200)
# Employees without a role may open no staff survey page (403, as on every other one).
NO_ROLE = {"employee_dinkes_sorong": 403, "employee_dishub_palembang": 403}
# Tokens: HR of Sorong; the head of Dinkes sees the unit but may not (403); anyone else does not see it.
HR_ONLY = expect(anonymous=302, superuser=200, hr_sorong=200, head_dinkes_sorong=403, **NO_ROLE, others=404)
HR_ONLY_POST = expect(
    anonymous=302, superuser=302, hr_sorong=302, head_dinkes_sorong=403, **NO_ROLE, others=404
)
# The poster: HR of Sorong or the head of Dinkes (the Puskesmas is in their subtree).
HR_OR_HEAD = expect(
    anonymous=302, superuser=200, hr_sorong=200, head_dinkes_sorong=200, **NO_ROLE, others=404
)
PALEMBANG_HR = expect(anonymous=302, superuser=200, hr_palembang=200, **NO_ROLE, others=404)

ROWS = [
    # Citizens' pages: no login, the same for everyone.
    Row(
        "surveys:public_form",
        "open period",
        lambda o: R("surveys:public_form", args=[counter(o).code]),
        PUBLIC,
    ),
    Row(
        "surveys:public_form",
        "unknown code",
        lambda o: R("surveys:public_form", args=["tidak-ada"]),
        expect(others=404),
    ),
    Row(
        "surveys:public_form",
        "POST a valid submission",
        lambda o: R("surveys:public_form", args=[counter(o).code]),
        expect(others=302),
        method="post",
        data=submission,
        allowed=EVERYONE,
        then=saved_once,
    ),
    Row(
        "surveys:public_form",
        "POST with an answer of 5",
        lambda o: R("surveys:public_form", args=[counter(o).code]),
        PUBLIC,
        method="post",
        data=lambda o: {**submission(o), "u1": "5"},
        allowed=NOBODY,
    ),
    Row("surveys:public_thanks", "own submission", a_receipt, PUBLIC),
    Row(
        "surveys:public_thanks",
        "unknown key",
        lambda o: R("surveys:public_thanks", args=[counter(o).code, uuid.uuid4()]),
        expect(others=404),
    ),
    Row("surveys:ticket_lookup", "form", lambda o: R("surveys:ticket_lookup"), PUBLIC),
    Row("surveys:ticket_status", "known ticket", a_ticket, PUBLIC),
    Row(
        "surveys:ticket_status",
        "unknown ticket",
        lambda o: R("surveys:ticket_status", args=["AAAA-BBBB"]),
        expect(others=404),
    ),
    Row(
        "surveys:transparency",
        "Sorong",
        lambda o: (counter(o), R("surveys:transparency", args=[o.sorong.code]))[1],
        PUBLIC,
    ),
    # Tokens and poster.
    Row("surveys:tokens", "Sorong counter", unit_url("surveys:tokens"), HR_ONLY),
    Row("surveys:tokens", "Palembang counter", palembang_unit_url("surveys:tokens"), PALEMBANG_HR),
    Row(
        "surveys:tokens",
        "POST 5 tokens",
        unit_url("surveys:tokens"),
        HR_ONLY_POST,
        method="post",
        data=lambda o: {"count": "5"},
        allowed={"superuser", "hr_sorong"},
        then=tokens_made,
    ),
    Row(
        "surveys:tokens",
        "POST 5000 tokens",
        unit_url("surveys:tokens"),
        HR_ONLY,
        method="post",
        data=lambda o: {"count": "5000"},
        allowed=NOBODY,
    ),
    Row("surveys:token_sheet", "Sorong counter", unit_url("surveys:token_sheet"), HR_ONLY),
    Row("surveys:poster", "Sorong counter", unit_url("surveys:poster"), HR_OR_HEAD),
    Row("surveys:poster", "Palembang counter", palembang_unit_url("surveys:poster"), PALEMBANG_HR),
    Row("surveys:poster_svg", "Sorong counter", unit_url("surveys:poster_svg"), HR_OR_HEAD),
    Row("surveys:poster_png", "Sorong counter", unit_url("surveys:poster_png"), HR_OR_HEAD),
    Row("surveys:poster_pdf", "Sorong counter", unit_url("surveys:poster_pdf"), HR_OR_HEAD),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_permission_matrix(org, row, persona):
    check_row(org, row, persona)
