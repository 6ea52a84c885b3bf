"""The results pages end to end through the client: a period's IKM with its chart, priorities,
services, sample warning, trend, profile and suggestions; the pooled pages; the recomputation; the
downloads (raw responses, the official report in Excel and PDF); constant query counts."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.choices import RunState
from core.models import ExportFile
from surveys.choices import PeriodState
from surveys.models import FollowUp, IkmResult, IkmRun, Response
from surveys.services import ikm

from .factories import make_responses, make_service, make_service_unit, semester_period, worked_example

pytestmark = pytest.mark.django_db


@pytest.fixture
def puskesmas(org):
    return make_service_unit(org.pkm_sorong, "pkm-sorong", name="Puskesmas Sorong Kota", population=100)


@pytest.fixture
def period(puskesmas):
    period = semester_period(puskesmas)
    worked_example(period, service=make_service(puskesmas, "Rawat jalan"))
    ikm.compute_period(period.pk)
    return period


def page(client, period, **params):
    return client.get(reverse("surveys:result_period", args=[period.pk]), params)


def test_the_period_page_shows_the_worked_example(as_persona, period):
    response = page(as_persona("hr_sorong"), period)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="konversi">80,56<' in html
    assert 'data-testid="mutu">B<' in html
    assert "Baik" in html
    report = response.context["report"]
    assert [row.code for row in report.priorities] == ["U2", "U3", "U8"]
    assert html.count('class="skm-priority"') == 3
    # 4 respondents against a minimum of 80 for 100 service users a year.
    assert 'data-testid="sample-warning"' in html
    assert report.minimum == 80
    assert "3,2222" in html  # the IKM to four decimals
    assert '<svg class="bar"' in html
    assert "Rawat jalan" in html
    assert "IKM terakhir dihitung" in html


def test_the_head_sees_it_and_may_recompute(as_persona, period):
    response = page(as_persona("head_dinkes_sorong"), period)
    assert response.status_code == 200
    assert response.context["can_recompute"]
    assert 'data-testid="recompute"' in response.content.decode()


def test_a_period_never_computed_says_so(as_persona, puskesmas):
    fresh = semester_period(puskesmas, start=date(2026, 7, 1), end=date(2026, 12, 31), state=PeriodState.OPEN)
    response = page(as_persona("hr_sorong"), fresh)
    assert "belum pernah dihitung" in response.content.decode()
    assert 'data-testid="no-result"' in response.content.decode()


def test_hitung_ulang_computes_the_new_responses(as_persona, org, period, django_capture_on_commit_callbacks):
    worked_example(period)  # four more respondents, the same answers
    client = as_persona("hr_sorong")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("surveys:result_recompute", args=[period.pk]))
    assert len(callbacks) == 1  # the task is queued after the commit
    response = client.get(response["Location"])

    assert 'data-testid="respondents">8<' in response.content.decode()
    assert IkmResult.objects.get(period=period, service__isnull=True).respondents == 8
    run = IkmRun.objects.filter(period=period).latest("started_at")
    assert run.requested_by == org.users["hr_sorong"]


def test_hitung_ulang_while_a_run_is_active_starts_nothing(as_persona, period):
    active, _ = ikm.start_run(period_id=period.pk)
    response = as_persona("hr_sorong").post(
        reverse("surveys:result_recompute", args=[period.pk]), follow=True
    )
    assert "sedang berjalan" in response.content.decode()
    assert IkmRun.objects.filter(period=period, state=RunState.RUNNING).get() == active
    assert 'data-scoring-progress="' in response.content.decode()


def test_the_progress_is_json(as_persona, period):
    run = IkmRun.objects.filter(period=period).get()
    data = as_persona("hr_sorong").get(reverse("surveys:result_progress", args=[run.pk])).json()
    assert data["state"] == RunState.DONE and data["percent"] == 100


def test_the_trend_links_every_computed_period(as_persona, puskesmas, period):
    older = semester_period(puskesmas, start=date(2025, 7, 1), end=date(2025, 12, 31))
    make_responses(older, 12)
    ikm.compute_period(older.pk)

    response = page(as_persona("hr_sorong"), period)

    bars = response.context["trend_bars"]
    assert [b.url for b in bars] == [
        reverse("surveys:result_period", args=[older.pk]),
        reverse("surveys:result_period", args=[period.pk]),
    ]
    assert bars[1].value == Decimal("80.56")


def test_the_profile_and_the_suggestions(as_persona, puskesmas, period):
    Response.objects.filter(period=period).update(suggestion="Antrean terlalu lama", education="d4-s1")
    responses = list(Response.objects.filter(period=period).order_by("pk"))
    # Labels in the list's order; a code the list no longer offers is shown as stored, after them.
    Response.objects.filter(pk=responses[0].pk).update(education="paket-c")
    Response.objects.filter(pk=responses[1].pk).update(education="sma", occupation="asn")
    FollowUp.objects.create(response=responses[0], service_unit=puskesmas, ticket="AB12-CD34")

    response = page(as_persona("hr_sorong"), period)

    html = response.content.decode()
    assert response.context["profile"].education == [
        ("SMA/SMK atau sederajat", 1),
        ("D4 atau S1", 2),
        ("paket-c", 1),
    ]
    assert ("PNS/ASN", 1) in response.context["profile"].occupation
    assert response.context["page"].paginator.count == 4
    assert "Antrean terlalu lama" in html and "AB12-CD34" in html


def test_the_pooled_pages(as_persona, org, period):
    client = as_persona("hr_sorong")
    unit_page = client.get(reverse("surveys:result_unit", args=[org.dinkes_sorong.pk]))
    assert unit_page.status_code == 200
    assert unit_page.context["pooled"].ikm.konversi_display == Decimal("80.56")
    instansi_page = client.get(reverse("surveys:result_instansi", args=[org.sorong.pk]))
    assert instansi_page.status_code == 200
    assert instansi_page.context["pooled"].respondents == 4


def test_the_index_lists_the_service_units_with_their_latest_ikm(as_persona, puskesmas, period):
    make_service_unit(puskesmas.unit, "pkm-baru", name="Puskesmas Baru")
    response = as_persona("hr_sorong").get(reverse("surveys:results"))
    rows = list(response.context["page"])
    assert [r.name for r in rows] == ["Puskesmas Baru", "Puskesmas Sorong Kota"]
    assert rows[1].latest_konversi == Decimal("80.56")
    assert rows[0].latest_period_id is None
    by_value = as_persona("hr_sorong").get(reverse("surveys:results"), {"sort": "-nilai"})
    assert [r.name for r in by_value.context["page"]] == ["Puskesmas Sorong Kota", "Puskesmas Baru"]
    searched = as_persona("hr_sorong").get(reverse("surveys:results"), {"q": "baru"})
    assert [r.name for r in searched.context["page"]] == ["Puskesmas Baru"]


# --- Downloads -------------------------------------------------------------------------------------------
def workbook(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content))


def test_the_raw_responses_download(as_persona, period):
    response = as_persona("hr_sorong").get(reverse("surveys:result_responses", args=[period.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = workbook(response).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][7:16] == ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
    assert len(rows) == 5
    assert sorted(r[7] for r in rows[1:]) == [3, 3, 3, 4]


def test_a_large_raw_export_is_built_by_a_job(
    as_persona, period, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_STREAM_MAX_ROWS = 3
    client = as_persona("hr_sorong")
    url = reverse("surveys:result_responses", args=[period.pk])
    asking = client.get(url)
    assert asking.status_code == 200 and 'data-testid="export-large"' in asking.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(url)

    assert started.status_code == 302 and started["Location"] == reverse("core:exports")
    export = ExportFile.objects.get()
    assert (export.kind, export.state, export.rows) == ("survei-jawaban", RunState.DONE, 4)


def test_the_official_report_in_excel(as_persona, period):
    response = as_persona("hr_sorong").get(reverse("surveys:result_report_xlsx", args=[period.pk]))
    assert response.status_code == 200
    book = workbook(response)
    assert book.sheetnames == [
        "IKM per unsur",
        "Per jenis layanan",
        "Profil responden",
        "Prioritas perbaikan",
    ]
    values = [v for row in book["IKM per unsur"].iter_rows(values_only=True) for v in row if v is not None]
    assert 80.56 in values and 3.2222 in values and "B (Baik)" in values


def test_the_official_report_in_pdf(as_persona, period):
    response = as_persona("head_dinkes_sorong").get(reverse("surveys:result_report_pdf", args=[period.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_pdf_holds_the_tables_of_the_report_layout(period):
    from surveys import pdf
    from surveys.selectors import results as selectors
    from tests.performance.test_pdf import pdf_text

    text = pdf_text(pdf.report_pdf(selectors.period_report(period), selectors.profile(period)))
    for heading in (
        "NILAI PER UNSUR",
        "NRR TERTIMBANG",
        "INTERVAL KONVERSI",
        "PROFIL RESPONDEN",
        "PRIORITAS",
    ):
        assert heading in text
    assert "Jumlah NRR tertimbang (IKM) 3,2222" in text
    assert "80,56" in text and "Baik" in text
    assert "U2. Sistem, Mekanisme, dan Prosedur 2,75" in text


# --- Query counts ----------------------------------------------------------------------------------------
def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_period_page_keeps_a_constant_query_count(as_persona, puskesmas, period):
    client = as_persona("hr_sorong")
    url = reverse("surveys:result_period", args=[period.pk])
    Response.objects.filter(pk=Response.objects.filter(period=period).first().pk).update(suggestion="Ramah")
    client.get(url)
    small = _count(client, url)  # one service, one suggestion, one period
    services = [make_service(puskesmas, f"Layanan {n}") for n in range(8)]
    make_responses(period, 200, services=services, suggestion="Perlu perbaikan", education="SMA")
    for n in range(5):
        other = semester_period(puskesmas, start=date(2020 + n, 1, 1), end=date(2020 + n, 6, 30))
        make_responses(other, 3)
        ikm.compute_period(other.pk)
    ikm.compute_period(period.pk)
    assert _count(client, url) == small


def test_the_index_and_pooled_pages_keep_a_constant_query_count(as_persona, org, puskesmas, period):
    client = as_persona("hr_sorong")
    urls = [
        reverse("surveys:results"),
        reverse("surveys:result_unit", args=[org.dinkes_sorong.pk]),
        reverse("surveys:result_instansi", args=[org.sorong.pk]),
    ]
    for url in urls:
        client.get(url)
    small = [_count(client, url) for url in urls]
    for n in range(30):
        unit = make_service_unit(org.pkm_sorong, f"pkm-{n}")
        p = semester_period(unit)
        make_responses(p, 2)
        ikm.compute_period(p.pk)
    assert [_count(client, url) for url in urls] == small


def test_the_report_downloads_keep_a_constant_query_count(as_persona, puskesmas, period):
    client = as_persona("hr_sorong")
    urls = [
        reverse(name, args=[period.pk])
        for name in ("surveys:result_report_xlsx", "surveys:result_report_pdf", "surveys:result_responses")
    ]
    for url in urls:
        client.get(url)
    small = [_count(client, url) for url in urls]
    services = [make_service(puskesmas, f"Layanan {n}") for n in range(8)]
    make_responses(period, 200, services=services)
    ikm.compute_period(period.pk)
    assert [_count(client, url) for url in urls] == small
