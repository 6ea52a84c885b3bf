"""Realisations: the employee reports a period's IKI at once, with evidence, all or nothing."""

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.access import actor_for
from employees.models import Document
from performance import rules
from performance.choices import AppraisalState, SkpState
from performance.models import Iki, Realisation, Rhk
from performance.services import realisation as services
from performance.services.realisation import RealisationInput

from .factories import (
    DURING_YEAR,
    annual,
    ikis_of,
    make_appraisal,
    make_realisation,
    make_skp,
    make_year,
    period,
)
from .matrix import nurse_skp

pytestmark = DURING_YEAR  # the employee reports periods of YEAR that have begun
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<html><body><script>alert(1)</script></body></html>"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def stored_files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.fixture
def skp(org):
    return nurse_skp(org)


@pytest.fixture
def january(skp):
    return period(skp.year, 1)


def url(skp, p):
    return reverse("performance:realisation", args=[skp.pk, p.pk])


def row(iki, **fields):
    """POST fields of one IKI's row."""
    return {f"iki-{iki.pk}-{name}": value for name, value in fields.items()}


def nurse(org):
    return actor_for(org.users["employee_dinkes_sorong"])


def test_the_employee_reports_every_iki_and_sees_capaian_and_indeks(org, as_persona, skp, january):
    patients, report_days = ikis_of(skp)  # 100 orang (higher is better), 5 hari (lower is better)
    data = {**row(patients, value="80", note="Dua posyandu ditunda"), **row(report_days, value="4")}
    response = as_persona("employee_dinkes_sorong").post(url(skp, january), data)
    assert response.status_code == 302
    rows = {r.iki_id: r for r in Realisation.objects.filter(period=january)}
    assert rows[patients.pk].value == Decimal(80)
    assert rows[patients.pk].note == "Dua posyandu ditunda"
    assert rows[patients.pk].employee_id == org.employee_dinkes_sorong.pk
    assert rows[patients.pk].reported_by == org.users["employee_dinkes_sorong"]
    assert rows[report_days.pk].value == Decimal(4)
    page = as_persona("employee_dinkes_sorong").get(url(skp, january))
    capaian = [c.strip() for c in page.content.decode().split('data-testid="capaian">')[1:]]
    assert capaian[0].startswith("80,00")
    assert capaian[1].startswith("120,00"), "5 / 4 = 125 % is capped at 120"
    assert page.context["basis"].indeks == Decimal(100)
    assert 'data-testid="indeks">100,00<' in page.content.decode()
    assert "SKP 2026 (versi 1)" in page.content.decode(), "the year is not written as 2.026"
    assert f'name="iki-{patients.pk}-value" value="80"' in page.content.decode(), "not 80,0000"


def test_reporting_again_updates_the_rows_of_the_period(org, skp, january):
    patients, report_days = ikis_of(skp)
    services.realisation_save(
        actor=nurse(org), skp=skp, period=january, rows=[RealisationInput(iki=patients, value=Decimal(10))]
    )
    services.realisation_save(
        actor=nurse(org),
        skp=skp,
        period=january,
        rows=[
            RealisationInput(iki=patients, value=Decimal(90)),
            RealisationInput(iki=report_days),  # left blank, never reported: skipped
        ],
    )
    assert list(Realisation.objects.values_list("iki_id", "value")) == [(patients.pk, Decimal(90))]


def test_a_numeric_indicator_needs_its_number_and_a_qualitative_one_its_text(org, skp, january):
    rhk = Rhk.objects.filter(skp=skp).first()
    quality = Iki.objects.create(rhk=rhk, order=9, indicator="Kepuasan pasien", target_text="Baik")
    patients = ikis_of(skp)[0]
    with pytest.raises(ValidationError) as err:
        services.realisation_save(
            actor=nurse(org),
            skp=skp,
            period=january,
            rows=[
                RealisationInput(iki=patients, note="Lupa angkanya"),
                RealisationInput(iki=quality, note="Tanpa uraian"),
            ],
        )
    assert err.value.message_dict == {
        f"iki-{patients.pk}-value": ["Isi angka realisasi untuk indikator ini."],
        f"iki-{quality.pk}-text": ["Uraikan realisasi untuk indikator kualitatif ini."],
    }
    assert not Realisation.objects.exists()
    services.realisation_save(
        actor=nurse(org),
        skp=skp,
        period=january,
        rows=[RealisationInput(iki=quality, text="Survei: 92% puas")],
    )
    assert Realisation.objects.get(iki=quality).text == "Survei: 92% puas"


def test_a_reported_value_cannot_be_emptied(org, skp, january):
    patients = ikis_of(skp)[0]
    make_realisation(patients, january, 50)
    with pytest.raises(ValidationError, match="Isi angka realisasi"):
        services.realisation_save(
            actor=nurse(org), skp=skp, period=january, rows=[RealisationInput(iki=patients)]
        )
    assert Realisation.objects.get().value == Decimal(50)


def test_an_empty_form_says_what_to_do(org, as_persona, skp, january):
    response = as_persona("employee_dinkes_sorong").post(url(skp, january), {})
    assert response.status_code == 200
    assert "Isi realisasi sedikitnya satu indikator." in response.context["page_errors"]


def test_evidence_is_stored_as_a_performance_document_and_the_appraiser_can_open_it(
    org, as_persona, skp, january, settings
):
    patients, report_days = ikis_of(skp)
    data = {
        **row(patients, value="100", evidence=SimpleUploadedFile("daftar hadir.pdf", PDF, "application/pdf")),
        **row(report_days, value="5", evidence_link="https://drive.example.go.id/laporan-januari"),
    }
    response = as_persona("employee_dinkes_sorong").post(url(skp, january), data)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.kind == "bukti_kinerja"
    assert document.employee == org.employee_dinkes_sorong
    assert document.original_name == "daftar hadir.pdf"
    with_file = Realisation.objects.get(iki=patients)
    assert with_file.evidence == document
    assert (
        Realisation.objects.get(iki=report_days).evidence_link
        == "https://drive.example.go.id/laporan-januari"
    )
    evidence = as_persona("head_dinkes_sorong").get(reverse("performance:evidence", args=[with_file.pk]))
    assert evidence.status_code == 200
    assert b"".join(evidence.streaming_content) == PDF
    assert evidence["X-Content-Type-Options"] == "nosniff"


def test_a_bad_upload_saves_nothing_and_leaves_no_file(org, as_persona, skp, january, settings):
    patients, report_days = ikis_of(skp)
    data = {
        **row(patients, value="100", evidence=SimpleUploadedFile("ok.pdf", PDF, "application/pdf")),
        **row(report_days, value="5", evidence=SimpleUploadedFile("laporan.pdf", HTML, "application/pdf")),
    }
    response = as_persona("employee_dinkes_sorong").post(url(skp, january), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Isi berkas bukan PDF, JPEG, atau PNG (nama berkas tidak menentukan jenisnya)." in content
    assert "belum ada yang disimpan" in content
    assert not Realisation.objects.exists()
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_files_of_earlier_rows_are_removed_when_a_later_row_fails_while_saving(
    org, skp, january, settings, monkeypatch
):
    """Uploads are checked before anything is written; should a later upload still fail (here the
    check is bypassed, so the document service refuses it), the files already stored go too."""
    monkeypatch.setattr(services, "check_upload", lambda upload: ("application/pdf", "pdf"))
    patients, report_days = ikis_of(skp)
    with pytest.raises(ValidationError) as err:
        services.realisation_save(
            actor=nurse(org),
            skp=skp,
            period=january,
            rows=[
                RealisationInput(iki=patients, value=Decimal(1), upload=SimpleUploadedFile("a.pdf", PDF)),
                RealisationInput(iki=report_days, value=Decimal(1), upload=SimpleUploadedFile("b.pdf", HTML)),
            ],
        )
    assert f"iki-{report_days.pk}-evidence" in err.value.message_dict
    assert not Realisation.objects.exists()
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_a_final_appraisal_of_the_period_refuses_changes(org, as_persona, skp, january):
    make_appraisal(skp, january, state=AppraisalState.FINAL, predikat="baik")
    patients = ikis_of(skp)[0]
    response = as_persona("employee_dinkes_sorong").post(url(skp, january), row(patients, value="70"))
    assert response.status_code == 200
    assert "Penilaian periode ini sudah final" in response.content.decode()
    assert "membuka kembali" in response.content.decode()
    assert not Realisation.objects.exists()


def test_a_final_annual_appraisal_refuses_changes_to_any_period(org, skp, january):
    make_appraisal(skp, annual(skp.year), state=AppraisalState.FINAL, predikat="baik")
    with pytest.raises(ValidationError, match="sudah final"):
        services.realisation_save(
            actor=nurse(org),
            skp=skp,
            period=january,
            rows=[RealisationInput(iki=ikis_of(skp)[0], value=Decimal(1))],
        )


def test_the_head_and_hr_read_the_page_but_cannot_report(org, as_persona, skp, january):
    patients = ikis_of(skp)[0]
    make_realisation(patients, january, 60)
    for persona in ("head_dinkes_sorong", "hr_sorong"):
        page = as_persona(persona).get(url(skp, january))
        assert page.status_code == 200
        assert not page.context["editable"]
        assert b'type="file"' not in page.content
        assert "60" in page.content.decode()
        assert as_persona(persona).post(url(skp, january), row(patients, value="99")).status_code == 403
    assert Realisation.objects.get().value == Decimal(60)


def test_realisations_go_only_on_an_approved_skp(org):
    draft = make_skp(org.employee_dinkes_sorong, make_year(org.sorong), state=SkpState.DRAFT)
    with pytest.raises(PermissionDenied):
        services.realisation_save(
            actor=nurse(org),
            skp=draft,
            period=period(draft.year, 1),
            rows=[RealisationInput(iki=ikis_of(draft)[0], value=Decimal(1))],
        )


def test_a_period_that_has_not_begun_is_refused(org):
    future = make_skp(org.employee_dinkes_sorong, make_year(org.sorong, year=2099))
    with pytest.raises(ValidationError, match="belum dimulai"):
        services.realisation_save(
            actor=nurse(org),
            skp=future,
            period=period(future.year, 1),
            rows=[RealisationInput(iki=ikis_of(future)[0], value=Decimal(1))],
        )


def test_an_indicator_of_another_skp_is_refused(org, skp, january):
    other = make_skp(org.employee_dishub_sorong, skp.year)
    with pytest.raises(ValidationError, match="bukan bagian"):
        services.realisation_save(
            actor=nurse(org),
            skp=skp,
            period=january,
            rows=[RealisationInput(iki=ikis_of(other)[0], value=Decimal(1))],
        )


def test_late_reports_are_accepted_and_marked_by_the_agencys_calendar(org, as_persona, skp, january):
    """January's deadline is 5 February. 5 February 16:00 UTC is already 6 February in Sorong (WIT)
    but still 5 February in Jakarta (WIB)."""
    patients = ikis_of(skp)[0]
    realisation = make_realisation(patients, january, 70)
    Realisation.objects.filter(pk=realisation.pk).update(reported_at=datetime(2026, 2, 5, 16, 0, tzinfo=UTC))
    realisation.refresh_from_db()
    assert january.realisation_deadline.isoformat() == "2026-02-05"
    assert rules.is_late(realisation.reported_at, january.realisation_deadline, "Asia/Jayapura")
    assert not rules.is_late(realisation.reported_at, january.realisation_deadline, "Asia/Jakarta")
    Realisation.objects.filter(pk=realisation.pk).update(reported_at=datetime(2026, 2, 5, 14, 0, tzinfo=UTC))
    page = as_persona("employee_dinkes_sorong").get(url(skp, january))
    assert 'data-testid="late"' not in page.content.decode()
    assert "dilaporkan 5 Februari 2026 23.00 WIT" in " ".join(page.content.decode().split())
    Realisation.objects.filter(pk=realisation.pk).update(reported_at=datetime(2026, 2, 5, 16, 0, tzinfo=UTC))
    page = as_persona("employee_dinkes_sorong").get(url(skp, january))
    assert 'data-testid="late"' in page.content.decode()


def test_a_period_of_another_year_is_not_found(org, as_persona, skp):
    other_year = make_year(org.sorong, year=2025)
    response = as_persona("employee_dinkes_sorong").get(url(skp, period(other_year, 1)))
    assert response.status_code == 404
