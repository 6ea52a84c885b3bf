"""Tokens and poster: HR makes one-time tokens and prints them as cards with their QR code; the QR poster
of the form's address comes as SVG, PNG and a printable PDF."""

from __future__ import annotations

import re

import pytest
import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.access import actor_for
from surveys import poster
from surveys.models import AccessToken
from surveys.services.tokens import TOKENS_MAX, tokens_generate

from .public_factories import make_token

pytestmark = pytest.mark.django_db


def test_hr_makes_tokens_with_unique_unambiguous_codes(org, counter):
    made = tokens_generate(actor=actor_for(org.users["hr_sorong"]), service_unit=counter, count=200)
    codes = [t.code for t in made]
    assert len(codes) == len(set(codes)) == 200 == AccessToken.objects.filter(service_unit=counter).count()
    assert all(re.fullmatch(r"[A-HJ-NP-Z2-9]{8}", code) for code in codes)
    assert not AccessToken.objects.filter(used_at__isnull=False).exists()


@pytest.mark.parametrize("count", [0, -1, TOKENS_MAX + 1])
def test_a_count_out_of_bounds_is_refused(org, counter, count):
    with pytest.raises(ValidationError, match="Jumlah token antara 1 dan 500"):
        tokens_generate(actor=actor_for(org.users["hr_sorong"]), service_unit=counter, count=count)
    assert not AccessToken.objects.exists()


def test_the_head_of_the_unit_may_not_make_tokens(org, counter):
    with pytest.raises(PermissionDenied):
        tokens_generate(actor=actor_for(org.users["head_dinkes_sorong"]), service_unit=counter, count=5)


def test_the_token_page_makes_tokens_and_the_sheet_prints_the_unused_ones(org, counter, as_persona):
    hr = as_persona("hr_sorong")
    make_token(counter, "USED2345").__class__.objects.filter(code="USED2345").update(
        used_at="2026-07-01T00:00Z"
    )
    page = hr.get(reverse("surveys:tokens", args=[counter.pk])).content.decode()
    assert "Token kunjungan" in page and 'name="count"' in page
    response = hr.post(reverse("surveys:tokens", args=[counter.pk]), {"count": "3"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "surveys:token_sheet", args=[counter.pk]
    )
    sheet = hr.get(response["Location"]).content.decode()
    unused = list(
        AccessToken.objects.filter(service_unit=counter, used_at__isnull=True).values_list("code", flat=True)
    )
    assert len(unused) == 3
    for code in unused:
        assert f'<div class="code">{code}</div>' in sheet
    assert "USED2345" not in sheet, "a used token is not printed"
    assert sheet.count('src="data:image/svg+xml') == 3
    refused = hr.post(reverse("surveys:tokens", args=[counter.pk]), {"count": "abc"})
    assert refused.status_code == 200 and "Tulis jumlah dengan angka." in refused.content.decode()


def test_each_card_encodes_the_form_with_its_token(org, counter, as_persona):
    make_token(counter, "ABCD2345")
    sheet = as_persona("hr_sorong").get(reverse("surveys:token_sheet", args=[counter.pk])).content.decode()
    expected = poster.qr_data_uri(f"http://testserver/s/{counter.code}/?t=ABCD2345")
    assert expected.replace("&", "&amp;") in sheet or expected in sheet


def test_the_poster_comes_as_svg_png_and_pdf(org, counter, as_persona, settings):
    head = as_persona("head_dinkes_sorong")
    url = f"http://testserver/s/{counter.code}/"
    page = head.get(reverse("surveys:poster", args=[counter.pk])).content.decode()
    assert url in page
    svg = head.get(reverse("surveys:poster_svg", args=[counter.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<?xml")
    assert svg.content == poster.qr_svg(url), "the QR code of the form's absolute address"
    png = head.get(reverse("surveys:poster_png", args=[counter.pk]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG\r\n\x1a\n")
    pdf = head.get(reverse("surveys:poster_pdf", args=[counter.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="poster-survei-pkm-sorong-kota.pdf"' in pdf["Content-Disposition"]
    # The public name of the portal, when set, is the address on the poster.
    settings.PORTAL_BASE_URL = "https://asn.sorongkota.go.id/"
    page = head.get(reverse("surveys:poster", args=[counter.pk])).content.decode()
    assert f"https://asn.sorongkota.go.id/s/{counter.code}/" in page


def test_the_qr_code_holds_the_address_exactly():
    url = "https://asn.sorongkota.go.id/s/pkm-sorong-kota/"
    code = poster.qr_code(url)
    assert code.error == "M" and not code.is_micro
    assert code == segno.make(url, error="m", micro=False)
    pdf = poster.poster_pdf(url=url, unit_name="Loket Puskesmas", instansi_name="Pemerintah Kota Sorong")
    assert pdf.startswith(b"%PDF") and len(pdf) < 50_000
