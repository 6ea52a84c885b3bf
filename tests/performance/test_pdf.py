"""The printable SKP and evaluation documents: real PDFs (reportlab) whose text carries the
identities, the plan, the ratings, the predikat and the signatures."""

import base64
import re
import zlib
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from performance import pdf
from performance.choices import AppraisalState, Predikat, Rating, SkpState
from performance.models import BehaviourRating, Feedback
from performance.selectors.appraisal import appraisal_document
from performance.selectors.planning import skp_document

from .factories import annual, ikis_of, make_appraisal, make_realisation, make_skp, make_year, period

STREAM = re.compile(rb"<<([^<>]*)>>\s*stream\r?\n(.*?)\s*endstream", re.S)


TJ = re.compile(r"\(((?:[^()\\]|\\.)*)\)\s*Tj")


def pdf_text(content: bytes) -> str:
    """The text drawn on the pages, in drawing order, one space between the strings: every
    content stream decoded (ASCII85 + Flate when compressed), the PDF string escapes undone."""
    strings = []
    for header, body in STREAM.findall(content):
        if b"/ASCII85Decode" in header:
            body = base64.a85decode(body.strip().removesuffix(b"~>"))
        if b"/FlateDecode" in header:
            body = zlib.decompress(body)
        strings += TJ.findall(body.decode("latin-1"))
    text = " ".join(re.sub(r"\\([()\\])", r"\1", s) for s in strings)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def year(org):
    return make_year(org.sorong)


@pytest.fixture
def plan(org, year):
    """The nurse's approved SKP cascading from the head's, with the January appraisal final."""
    head = make_skp(org.head_dinkes_sorong, year)
    skp = make_skp(org.employee_dinkes_sorong, year)
    for rhk, parent in zip(skp.rhks.order_by("order"), head.rhks.order_by("order"), strict=True):
        rhk.parent = parent
        rhk.save()
    return skp


def sorong_today(moment) -> date:
    return moment.astimezone(ZoneInfo("Asia/Jayapura")).date()


def test_dates_are_written_the_indonesian_way():
    assert pdf.tanggal(date(2026, 11, 23)) == "23 November 2026"
    assert pdf.tanggal(date(2026, 1, 1)) == "1 Januari 2026"


def test_the_skp_pdf_carries_identities_plan_behaviour_and_signatures(org, plan, as_persona):
    response = as_persona("employee_dinkes_sorong").get(reverse("performance:skp_pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    nurse, head = org.employee_dinkes_sorong, org.head_dinkes_sorong
    assert f'filename="SKP-2026-v1-{nurse.nip}.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for expected in (
        "SASARAN KINERJA PEGAWAI",
        "PERIODE PENILAIAN: 1 JANUARI 2026 SD 31 DESEMBER 2026",
        "PEGAWAI YANG DINILAI",
        "PEJABAT PENILAI KINERJA",
        "Siti Perawat",
        f"NIP. {nurse.nip}",
        "Kepala Dinkes",
        f"NIP. {head.nip}",
        "III/a",
        "Kepala Dinas Kesehatan",
        "Puskesmas Sorong Kota",
        "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI",
        "Jumlah pasien terlayani",
        "100 orang",
        "5 hari",
        "PERILAKU KERJA",
        "Berorientasi Pelayanan",
        "Harapan kolaboratif",
        f"Kota Uji, {pdf.tanggal(sorong_today(plan.approved_at))}",
    ):
        assert expected in text, expected
    assert "DRAF" not in text


def test_a_draft_skp_is_marked_as_such_and_shows_qualitative_targets(org, year, as_persona):
    skp = make_skp(
        org.employee_dinkes_sorong,
        year,
        state=SkpState.DRAFT,
        plan=[("Layanan ramah & cepat <prioritas>", [("Kepuasan pasien", None, "", "higher")])],
    )
    response = as_persona("employee_dinkes_sorong").get(reverse("performance:skp_pdf", args=[skp.pk]))
    text = pdf_text(response.content)
    assert "DRAF" in text and "Kualitatif" in text
    assert "Layanan ramah & cepat < prioritas >" in text and "&amp;" not in text


def final_january(skp, year):
    ikis = ikis_of(skp)
    make_realisation(ikis[0], period(year, 1), 90)
    make_realisation(ikis[1], period(year, 1), 6)
    appraisal = make_appraisal(
        skp,
        period(year, 1),
        state=AppraisalState.FINAL,
        indeks=(Decimal(90) + Decimal(500) / Decimal(6)) / 2,
        suggested_hasil=Rating.MEETS,
        rating_hasil=Rating.MEETS,
        rating_perilaku=Rating.ABOVE,
        predikat=Predikat.BAIK,
        note="Pertahankan kinerja.",
    )
    BehaviourRating.objects.create(appraisal=appraisal, value="akuntabel", rating=Rating.ABOVE, note="")
    return appraisal


def test_the_evaluation_pdf_carries_realisation_capaian_ratings_and_the_predikat(org, year, plan, as_persona):
    appraisal = final_january(plan, year)
    Feedback.objects.create(
        skp=plan,
        period=appraisal.period,
        iki=ikis_of(plan)[0],
        author=org.users["head_dinkes_sorong"],
        author_employee=org.head_dinkes_sorong,
        text="Bagus, lanjutkan",
    )
    response = as_persona("head_dinkes_sorong").get(reverse("performance:appraisal_pdf", args=[appraisal.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    nurse, head = org.employee_dinkes_sorong, org.head_dinkes_sorong
    assert f'filename="Evaluasi-Kinerja-2026-01-{nurse.nip}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in (
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        "EVALUASI PERIODIK",
        "JANUARI 2026",
        "Siti Perawat",
        f"NIP. {nurse.nip}",
        "Kepala Dinkes",
        f"NIP. {head.nip}",
        "90,00",  # capaian of the first IKI (90 of 100)
        "83,33",  # lower is better: 5 days planned, 6 taken
        "86,67",  # the indeks
        "Bagus, lanjutkan",
        "RATING HASIL KERJA",
        "Sesuai Ekspektasi",
        "Di Atas Ekspektasi",
        "PREDIKAT KINERJA PEGAWAI",
        "Baik",
        "Pertahankan kinerja.",
        "Kota Uji, 31 Januari 2026",  # not finalised through the service: the period's end
    ):
        assert expected in text, expected


def test_the_annual_document_aggregates_every_report_per_iki_as_the_policy_says(org, year, plan):
    first, second = ikis_of(plan)
    make_realisation(first, period(year, 1), 90)
    make_realisation(first, period(year, 2), 110)
    make_realisation(second, period(year, 1), 6)
    appraisal = make_appraisal(plan, annual(year))  # a draft: the indeks is computed for the document
    data = appraisal_document(appraisal=appraisal)
    rows = [iki for rhk in data["rhks"] for iki in rhk["ikis"]]
    assert [(r["realisation"], r["reports"], r["capaian"]) for r in rows] == [
        ("100", 2, "100,00"),  # mean of 90 and 110; mean capaian of 90 and 110
        ("6", 1, "83,33"),
    ]
    assert data["indeks"] == "94,44"  # (90 + 110 + 83.33) / 3: every report counts with its weight
    assert data["is_annual"] and not data["final"]
    text = pdf_text(pdf.appraisal_pdf(data))
    assert "EVALUASI TAHUNAN 2026" in text and "DRAF" in text and "100 (2 periode)" in text


def test_a_report_kept_on_the_previous_version_counts_for_the_revision(org, year, plan):
    from core.access import actor_for
    from performance.services import planning as services

    nurse, head = actor_for(org.users["employee_dinkes_sorong"]), actor_for(org.users["head_dinkes_sorong"])
    appraisal = final_january(plan, year)  # January is final: its reports stay on version 1
    revision = services.skp_revise(actor=nurse, skp=plan, reason="Mutasi")
    services.skp_submit(actor=nurse, skp=revision)
    services.skp_approve(actor=head, skp=revision)
    annual_appraisal = make_appraisal(revision, annual(year))
    rows = [iki for rhk in appraisal_document(appraisal=annual_appraisal)["rhks"] for iki in rhk["ikis"]]
    assert [r["realisation"] for r in rows] == ["90", "6"]
    assert appraisal.skp_id == plan.pk


def test_the_builder_is_deterministic_and_writes_plain_text_when_uncompressed(org, plan):
    data = skp_document(skp=plan)
    assert pdf.skp_pdf(data) == pdf.skp_pdf(data)
    raw = pdf.skp_pdf(data, compress=False)
    assert raw.startswith(b"%PDF")
    assert b"(Siti Perawat)" in raw and org.employee_dinkes_sorong.nip.encode() in raw
    assert b"/FlateDecode" not in raw


def test_only_those_who_see_the_appraisal_get_its_document(org, year, plan, as_persona):
    appraisal = final_january(plan, year)
    url = reverse("performance:appraisal_pdf", args=[appraisal.pk])
    assert as_persona("employee_dishub_palembang").get(url).status_code == 404
    assert as_persona("hr_sorong").get(url).status_code == 200


def test_the_documents_stay_indonesian_when_the_interface_is_english(org, year, plan, as_persona):
    appraisal = final_january(plan, year)
    client = as_persona("employee_dinkes_sorong")
    client.cookies["django_language"] = "en"
    assert "January" in client.get(reverse("performance:my_skp")).content.decode()  # the interface is English
    text = pdf_text(client.get(reverse("performance:appraisal_pdf", args=[appraisal.pk])).content)
    assert "JANUARI 2026" in text and "JANUARY" not in text
    assert "Berorientasi Pelayanan" in text and "Sesuai Ekspektasi" in text


def test_the_employee_gets_no_evaluation_pdf_while_the_rating_is_a_draft(org, year, plan, as_persona):
    skp = plan
    draft = make_appraisal(
        skp,
        period(year, 1),
        rating_hasil=Rating.BELOW,
        rating_perilaku=Rating.BELOW,
        state=AppraisalState.DRAFT,
    )
    url = reverse("performance:appraisal_pdf", args=[draft.pk])
    assert as_persona("employee_dinkes_sorong").get(url).status_code == 403
    assert as_persona("head_dinkes_sorong").get(url).status_code == 200  # the appraiser's working copy
    page = as_persona("employee_dinkes_sorong").get(reverse("performance:skp_detail", args=[skp.pk]))
    assert url not in page.content.decode()
    draft.state = AppraisalState.FINAL
    draft.predikat = Predikat.SANGAT_KURANG
    draft.save()
    assert as_persona("employee_dinkes_sorong").get(url).status_code == 200


def test_a_draft_document_shows_todays_indeks_like_its_rows(org, year, plan):
    first, second = ikis_of(plan)
    january = period(year, 1)
    make_realisation(first, january, 50)  # 50
    make_realisation(second, january, 5)  # 100
    stale = make_appraisal(plan, january, indeks=Decimal(100), state=AppraisalState.DRAFT)
    assert appraisal_document(appraisal=stale)["indeks"] == "75,00"
