"""Targets, realisations and weights are bounded to what the column and the arithmetic hold on
SQLite and PostgreSQL alike (issue 10 item 3): the forms refuse more, with an Indonesian message, and
any value they accept renders every appraisal page of the employee."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from performance.forms.planning import IkiForm
from performance.forms.realisation import RealisationForm
from performance.models import Iki, Realisation

from .factories import annual, ikis_of, make_appraisal, make_realisation, period
from .matrix import nurse_skp

D = Decimal
TOO_LARGE = "Angka terlalu besar: paling banyak 99.999.999.999,9999."


def realisation_form(iki: Iki, text: str) -> RealisationForm:
    form = RealisationForm(iki=iki)
    return RealisationForm({form.add_prefix("value"): text}, iki=iki)


def iki_form(target: str, weight: str = "1") -> IkiForm:
    return IkiForm(
        {"indicator": "Jumlah", "target": target, "unit": "orang", "direction": "higher", "weight": weight}
    )


@pytest.mark.parametrize("text", ["99999999999999,9999", "100000000000", "1e20"])
def test_a_realisation_too_large_for_the_column_is_refused_with_an_indonesian_message(org, text):
    iki = ikis_of(nurse_skp(org))[0]
    with translation.override("id"):
        form = realisation_form(iki, text)
        assert not form.is_valid()
        assert form.errors["value"] == [TOO_LARGE]


def test_the_largest_realisation_and_target_are_accepted(org):
    iki = ikis_of(nurse_skp(org))[0]
    with translation.override("id"):
        assert realisation_form(iki, "99999999999,9999").is_valid()
    assert iki_form("99999999999.9999").is_valid()


@pytest.mark.parametrize(
    ("target", "weight", "field", "message"),
    [
        ("99999999999999.9999", "1", "target", TOO_LARGE),
        ("0", "1", "target", "Target angka harus lebih dari nol; kosongkan untuk target kualitatif."),
        ("10", "10000", "weight", "Bobot paling besar 9.999,99."),
        ("10", "0", "weight", "Bobot harus lebih dari nol."),
    ],
)
def test_a_target_or_weight_out_of_bounds_is_refused_with_an_indonesian_message(
    db, target, weight, field, message
):
    with translation.override("id"):
        form = iki_form(target, weight)
        assert not form.is_valid()
        assert form.errors[field] == [message]


def _text(value: Decimal) -> str:
    return f"{value:f}"


numbers = st.one_of(
    st.decimals(min_value=0, max_value=D("1e16"), places=4),
    st.decimals(min_value=0, max_value=D("1e12"), allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=10**16).map(D),
)
weights = st.decimals(min_value=0, max_value=D("10001"), places=2)


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(realisation=numbers, target=numbers, weight=weights)
@example(realisation=D("99999999999999.9999"), target=D(100), weight=D(1))
@example(realisation=D("99999999999.9999"), target=D("0.0001"), weight=D("9999.99"))
@example(realisation=D("0.0001"), target=D("99999999999.9999"), weight=D("0.01"))
def test_any_number_the_forms_accept_renders_every_appraisal_page_of_the_employee(
    org, realisation, target, weight
):
    skp = nurse_skp(org)
    first, second = ikis_of(skp)
    jan = period(skp.year, 1)
    make_appraisal(skp, jan)
    make_realisation(first, jan, 90)
    make_realisation(second, jan, 4)
    with translation.override("id"):
        realisation_ok = realisation_form(first, _text(realisation).replace(".", ",")).is_valid()
    iki_ok = iki_form(_text(target), _text(weight)).is_valid()
    if iki_ok:
        Iki.objects.filter(pk=first.pk).update(target=target, weight=weight)
    if realisation_ok:
        make_realisation(first, jan, realisation)
    # Read back what the column holds (a float on SQLite) before rendering.
    assert Realisation.objects.get(iki=first, period=jan).value is not None

    client = Client()
    client.force_login(org.users["head_dinkes_sorong"])
    appraisal = make_appraisal(skp, jan)
    pages = [
        reverse("performance:skp_detail", args=[skp.pk]),
        reverse("performance:realisation", args=[skp.pk, jan.pk]),
        reverse("performance:appraisal", args=[skp.pk, jan.pk]),
        reverse("performance:appraisal", args=[skp.pk, annual(skp.year).pk]),
        reverse("performance:appraisal_pdf", args=[appraisal.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
