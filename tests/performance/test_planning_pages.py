"""SKP planning pages end to end through the client: "SKP saya", the SKP page and its panels, the
RHK/IKI forms, the workflow buttons, revisions and copying RHK down."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.access import actor_for
from employees.selectors.records import atasan_langsung
from notifications.models import Notification
from performance.choices import AppraisalState, BehaviourValue, Predikat, Rating, SkpState
from performance.models import BehaviourExpectation, Feedback, Iki, Rhk, Skp, SkpTransition
from performance.selectors.planning import direct_subordinates
from performance.services import planning as services
from performance.views import planning as views_planning
from tests.factories import make_employee, make_unit

from .factories import DURING_YEAR, ikis_of, make_appraisal, make_realisation, make_skp, make_year, period
from .matrix import snapshot

MY_SKP = reverse("performance:my_skp")
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(views_planning, "today", lambda: TODAY)


@pytest.fixture
def year(org):
    return make_year(org.sorong)


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def detail(skp) -> str:
    return reverse("performance:skp_detail", args=[skp.pk])


def query_count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def nurse_draft(org, year, **kwargs):
    return make_skp(org.employee_dinkes_sorong, year, state=SkpState.DRAFT, **kwargs)


def big_plan(n: int) -> list:
    return [
        (f"RHK {i}", [(f"IKI {i}.{j}", Decimal(10 + j), "dok", "higher") for j in range(3)]) for i in range(n)
    ]


# --- SKP saya ---------------------------------------------------------------------------------------
def test_my_skp_lists_the_agencys_years_and_offers_to_start_the_skp(org, year, as_persona):
    response = as_persona("employee_dinkes_sorong").get(MY_SKP)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("performance:skp_create", args=[year.pk]) in html
    assert "Mulai SKP 2026" in html


def test_starting_an_skp_creates_a_draft_with_the_seven_values_and_opens_it(org, year, as_persona):
    response = as_persona("employee_dinkes_sorong").post(reverse("performance:skp_create", args=[year.pk]))
    skp = Skp.objects.get(employee=org.employee_dinkes_sorong)
    assert response.status_code == 302 and response["Location"] == detail(skp)
    assert skp.state == SkpState.DRAFT and skp.behaviours.count() == 7
    assert skp.appraiser_id == org.head_dinkes_sorong.pk
    assert "Draf SKP 2026 dibuat" in texts(response)[0]


def test_starting_a_second_skp_of_the_same_year_says_so_and_changes_nothing(org, year, as_persona):
    nurse_draft(org, year)
    before = snapshot()
    response = as_persona("employee_dinkes_sorong").post(reverse("performance:skp_create", args=[year.pk]))
    assert response.status_code == 302 and response["Location"] == MY_SKP
    assert texts(response) == ["SKP tahun 2026 sudah ada."]
    assert snapshot() == before


def test_a_year_of_another_agency_cannot_be_started(org, as_persona):
    palembang = make_year(org.palembang)
    response = as_persona("employee_dinkes_sorong").post(
        reverse("performance:skp_create", args=[palembang.pk])
    )
    assert response.status_code == 404
    assert not Skp.objects.exists()


def test_a_user_without_an_employee_record_gets_an_explanation_with_403(org, year, as_persona):
    response = as_persona("hr_sorong").get(MY_SKP)
    assert response.status_code == 403
    assert 'data-testid="no-employee-record"' in response.content.decode()


def test_my_skp_without_a_performance_year_says_what_happens_next(org, as_persona):
    response = as_persona("employee_dinkes_sorong").get(MY_SKP)
    assert response.status_code == 200
    assert "Petugas kepegawaian (BKPSDM/BKD) membuka tahun kinerja" in response.content.decode()
    assert response.context["summary"] is None


def test_my_skp_shows_the_current_version_and_the_one_in_force(org, year, as_persona):
    skp = make_skp(org.employee_dinkes_sorong, year)
    revision = services.skp_revise(
        actor=actor_for(org.users["employee_dinkes_sorong"]), skp=skp, reason="Mutasi"
    )
    html = as_persona("employee_dinkes_sorong").get(MY_SKP).content.decode()
    assert detail(revision) in html and "Versi 2" in html
    assert "Yang berlaku: versi 1 (disetujui)" in html
    assert reverse("performance:skp_create", args=[year.pk]) not in html


def test_my_skp_summarises_the_current_period_with_a_link_to_report(org, year, as_persona):
    skp = make_skp(org.employee_dinkes_sorong, year)
    november = period(year, 11)
    make_realisation(ikis_of(skp)[0], november, 40)
    make_realisation(ikis_of(skp)[1], period(year, 10), 3)  # another period does not count
    response = as_persona("employee_dinkes_sorong").get(MY_SKP)
    summary = response.context["summary"]
    assert (summary.period, summary.reported, summary.total) == (november, 1, 2)
    html = response.content.decode()
    assert "1 dari 2 indikator kinerja sudah dilaporkan" in html
    expected = reverse("performance:realisation", args=[skp.pk, november.pk])
    assert summary.realisation_url == expected and f'href="{expected}"' in html


def test_my_skp_says_realisation_waits_for_an_approved_skp(org, year, as_persona):
    nurse_draft(org, year)
    html = as_persona("employee_dinkes_sorong").get(MY_SKP).content.decode()
    assert "Realisasi dapat dilaporkan setelah SKP disetujui" in html


def final_appraisal(skp, p, indeks, predikat, hasil=Rating.MEETS):
    return make_appraisal(
        skp,
        p,
        state=AppraisalState.FINAL,
        indeks=Decimal(indeks),
        rating_hasil=hasil,
        rating_perilaku=Rating.MEETS,
        predikat=predikat,
    )


def test_my_skp_shows_the_latest_feedback_and_the_predikat_history_as_a_chart(org, year, as_persona):
    skp = make_skp(org.employee_dinkes_sorong, year)
    final_appraisal(skp, period(year, 1), 95, Predikat.BAIK)
    final_appraisal(skp, period(year, 2), 115, Predikat.SANGAT_BAIK, hasil=Rating.ABOVE)
    make_appraisal(skp, period(year, 3), indeks=Decimal(50))  # a draft is not history yet
    Feedback.objects.create(
        skp=skp,
        author=org.users["head_dinkes_sorong"],
        author_employee=org.head_dinkes_sorong,
        text="Pertahankan",
    )
    Feedback.objects.create(skp=skp, author=org.users["employee_dinkes_sorong"], text="Pesan saya sendiri")
    response = as_persona("employee_dinkes_sorong").get(MY_SKP)
    html = response.content.decode()
    assert "Pertahankan" in html and "Pesan saya sendiri" not in html
    chart = response.context["chart"]
    assert [(b.label, b.indeks, b.predikat) for b in chart.bars] == [
        ("Januari 2026", "95,00", "baik"),
        ("Februari 2026", "115,00", "sangat_baik"),
    ]
    assert chart.bars[1].height > chart.bars[0].height
    assert html.count('<rect class="baik"') == 1 and html.count('<rect class="sangat_baik"') == 1
    assert "Sangat Baik" in html
    assert "cdn" not in html.lower() and "<script" not in html.split("<main")[1].split("</main>")[0]


@DURING_YEAR
def test_the_heads_note_reaches_the_employees_latest_feedback_once_the_appraisal_is_final(
    org, year, as_persona
):
    from performance.services import appraisal as appraisal_services

    skp = make_skp(org.employee_dinkes_sorong, year)
    january = period(year, 1)
    head = actor_for(org.users["head_dinkes_sorong"])
    ratings = dict(
        rating_hasil=Rating.MEETS,
        rating_perilaku=Rating.MEETS,
        behaviour_ratings={v: Rating.MEETS for v in BehaviourValue.values},
        note="Tingkatkan ketepatan waktu laporan",
    )
    appraisal_services.appraisal_save(actor=head, skp=skp, period=january, **ratings)
    panel = "latest-feedback"
    html = as_persona("employee_dinkes_sorong").get(MY_SKP).content.decode()
    assert "Tingkatkan ketepatan waktu laporan" not in html  # a draft's note stays the appraiser's

    appraisal_services.appraisal_save(actor=head, skp=skp, period=january, finalise=True, **ratings)
    html = as_persona("employee_dinkes_sorong").get(MY_SKP).content.decode()
    section = html.split(f'data-testid="{panel}"')[1].split("</section>")[0]
    assert "Tingkatkan ketepatan waktu laporan" in section
    assert org.head_dinkes_sorong.full_name in section
    assert reverse("performance:appraisal", args=[skp.pk, january.pk]) in section


def test_my_skp_keeps_a_constant_query_count_with_many_rows(
    org, year, as_persona, django_assert_max_num_queries
):
    client = as_persona("employee_dinkes_sorong")
    skp = make_skp(org.employee_dinkes_sorong, year, plan=big_plan(1))
    final_appraisal(skp, period(year, 1), 90, Predikat.BAIK)
    Feedback.objects.create(skp=skp, author=org.users["head_dinkes_sorong"], text="Baik")
    client.get(MY_SKP)
    small = query_count(client, MY_SKP)
    for y in range(2018, 2026):
        make_year(org.sorong, year=y)
    many = make_skp(org.employee_dinkes_sorong, year, plan=big_plan(30), version=2, state=SkpState.DRAFT)
    for i in ikis_of(many)[:40]:
        Feedback.objects.create(skp=many, iki=i, author=org.users["head_dinkes_sorong"], text="Lanjut")
    for n in range(2, 13):
        final_appraisal(skp, period(year, n), 80 + n, Predikat.BAIK)
        make_realisation(ikis_of(skp)[0], period(year, n), 5)
    with django_assert_max_num_queries(small):
        response = client.get(MY_SKP)
    assert response.context["history"].paginator.count == 12
    assert response.context["page"].paginator.count == 9


# --- The SKP page: owner ------------------------------------------------------------------------------
def test_the_owner_of_a_draft_sees_the_edit_links_and_what_is_missing_before_submitting(
    org, year, as_persona
):
    skp = nurse_draft(org, year, plan=[("RHK tanpa IKI", [])])
    html = as_persona("employee_dinkes_sorong").get(detail(skp)).content.decode()
    assert reverse("performance:rhk_create", args=[skp.pk]) in html
    rhk = skp.rhks.get()
    assert reverse("performance:rhk_update", args=[rhk.pk]) in html
    assert reverse("performance:iki_create", args=[rhk.pk]) in html
    assert "belum memiliki indikator kinerja" in html
    assert 'data-testid="submission-problems"' in html


def test_the_appraiser_and_hr_see_no_edit_links(org, year, as_persona):
    skp = nurse_draft(org, year)
    for persona in ("head_dinkes_sorong", "hr_sorong"):
        html = as_persona(persona).get(detail(skp)).content.decode()
        assert reverse("performance:rhk_create", args=[skp.pk]) not in html
        assert 'data-testid="submit-panel"' not in html


def test_an_rhk_cascades_from_a_choice_of_the_superiors_rhk(org, year, as_persona):
    head = make_skp(org.head_dinkes_sorong, year)
    skp = nurse_draft(org, year, plan=[])
    client = as_persona("employee_dinkes_sorong")
    url = reverse("performance:rhk_create", args=[skp.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["parent"].queryset) == list(head.rhks.all())
    parent = head.rhks.first()
    response = client.post(url, {"text": "Pasien terlayani", "parent": parent.pk})
    assert response.status_code == 302 and response["Location"] == detail(skp)
    assert texts(response) == ["Rencana hasil kerja disimpan."]
    assert list(skp.rhks.values_list("text", "parent_id")) == [("Pasien terlayani", parent.pk)]


def test_an_rhk_cannot_cascade_from_a_stranger_and_nothing_is_saved(org, year, as_persona):
    stranger = make_skp(org.employee_dishub_sorong, year)
    skp = nurse_draft(org, year, plan=[])
    response = as_persona("employee_dinkes_sorong").post(
        reverse("performance:rhk_create", args=[skp.pk]),
        {"text": "Salah", "parent": stranger.rhks.first().pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    assert not skp.rhks.exists()


def test_the_owner_changes_and_deletes_an_rhk_after_a_confirmation(org, year, as_persona):
    skp = nurse_draft(org, year)
    rhk = skp.rhks.first()
    client = as_persona("employee_dinkes_sorong")
    client.post(reverse("performance:rhk_update", args=[rhk.pk]), {"text": "Teks baru", "parent": ""})
    rhk.refresh_from_db()
    assert rhk.text == "Teks baru"
    url = reverse("performance:rhk_delete", args=[rhk.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Teks baru" in confirm.content.decode()
    assert Rhk.objects.filter(pk=rhk.pk).exists()
    response = client.post(url)
    assert response["Location"] == detail(skp)
    assert not Rhk.objects.filter(pk=rhk.pk).exists() and skp.rhks.count() == 1
    assert texts(response) == ["Rencana hasil kerja dihapus beserta indikatornya."]


IKI_POST = {
    "indicator": "Dokumen selesai",
    "target": "12",
    "unit": "dokumen",
    "direction": "higher",
    "weight": "1",
}


def test_the_owner_adds_a_numeric_and_a_qualitative_iki(org, year, as_persona):
    skp = nurse_draft(org, year)
    rhk = skp.rhks.first()
    client = as_persona("employee_dinkes_sorong")
    url = reverse("performance:iki_create", args=[rhk.pk])
    assert client.post(url, IKI_POST).status_code == 302
    numeric = rhk.ikis.get(indicator="Dokumen selesai")
    assert (numeric.target, numeric.unit) == (Decimal(12), "dokumen")
    response = client.post(
        url, {**IKI_POST, "indicator": "Kualitas", "target": "", "unit": "", "target_text": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["target_text"] == [
        "Isi target angka atau uraian target kualitatif."
    ]
    client.post(
        url, {**IKI_POST, "indicator": "Kualitas", "target": "", "unit": "", "target_text": "Tanpa revisi"}
    )
    qualitative = rhk.ikis.get(indicator="Kualitas")
    assert qualitative.target is None and qualitative.target_text == "Tanpa revisi"
    assert "Tanpa revisi" in client.get(detail(skp)).content.decode()


def test_a_zero_target_is_refused_with_the_services_message(org, year, as_persona):
    skp = nurse_draft(org, year)
    rhk = skp.rhks.first()
    response = as_persona("employee_dinkes_sorong").post(
        reverse("performance:iki_create", args=[rhk.pk]), {**IKI_POST, "target": "0"}
    )
    assert response.status_code == 200
    assert "lebih dari nol" in response.context["form"].errors["target"][0]
    assert rhk.ikis.count() == 1


def test_the_owner_changes_and_deletes_an_iki_after_a_confirmation(org, year, as_persona):
    skp = nurse_draft(org, year)
    iki = ikis_of(skp)[0]
    client = as_persona("employee_dinkes_sorong")
    form = client.get(reverse("performance:iki_update", args=[iki.pk])).context["form"]
    assert form.initial["indicator"] == iki.indicator
    client.post(reverse("performance:iki_update", args=[iki.pk]), {**IKI_POST, "weight": "2"})
    iki.refresh_from_db()
    assert (iki.indicator, iki.weight, iki.target) == ("Dokumen selesai", Decimal(2), Decimal(12))
    url = reverse("performance:iki_delete", args=[iki.pk])
    assert client.get(url).status_code == 200 and Iki.objects.filter(pk=iki.pk).exists()
    client.post(url)
    assert not Iki.objects.filter(pk=iki.pk).exists()


def test_submitting_an_incomplete_skp_lists_the_problems_and_changes_nothing(org, year, as_persona):
    skp = nurse_draft(org, year, plan=[("Tanpa IKI", [])])
    before = snapshot()
    response = as_persona("employee_dinkes_sorong").post(reverse("performance:skp_submit", args=[skp.pk]))
    assert response.status_code == 302
    assert texts(response) == ["RHK \u201cTanpa IKI\u201d belum memiliki indikator kinerja."]
    assert snapshot() == before


def test_submitting_a_complete_skp_notifies_the_appraiser(org, year, as_persona):
    skp = nurse_draft(org, year)
    response = as_persona("employee_dinkes_sorong").post(reverse("performance:skp_submit", args=[skp.pk]))
    skp.refresh_from_db()
    assert skp.state == SkpState.SUBMITTED
    assert texts(response) == ["SKP diajukan kepada atasan langsung untuk disetujui."]
    assert Notification.objects.filter(
        recipient=org.users["head_dinkes_sorong"], kind="skp_submitted"
    ).exists()


def test_a_forbidden_transition_through_a_view_gives_a_message_and_changes_nothing(org, year, as_persona):
    approved = make_skp(org.employee_dinkes_sorong, year)
    before = snapshot()
    response = as_persona("employee_dinkes_sorong").post(
        reverse("performance:skp_submit", args=[approved.pk])
    )
    assert response.status_code == 302
    assert texts(response) == [
        "Tindakan \u201cAjukan\u201d tidak dapat dilakukan pada SKP berstatus \u201cDisetujui\u201d."
    ]
    for name in ("skp_approve", "skp_return"):
        response = as_persona("head_dinkes_sorong").post(
            reverse(f"performance:{name}", args=[approved.pk]), {"comment": "x"}
        )
        assert response.status_code == 302 and "tidak dapat dilakukan" in texts(response)[0]
    assert snapshot() == before


def test_the_owner_cannot_edit_once_submitted_and_neither_can_the_appraiser(org, year, as_persona):
    skp = make_skp(org.employee_dinkes_sorong, year, state=SkpState.SUBMITTED)
    iki = ikis_of(skp)[0]
    before = snapshot()
    for persona in ("employee_dinkes_sorong", "head_dinkes_sorong"):
        client = as_persona(persona)
        assert client.get(reverse("performance:iki_update", args=[iki.pk])).status_code == 403
        assert (
            client.post(
                reverse("performance:iki_update", args=[iki.pk]), {**IKI_POST, "target": "1"}
            ).status_code
            == 403
        )
        assert client.post(reverse("performance:iki_delete", args=[iki.pk])).status_code == 403
        assert (
            client.post(reverse("performance:rhk_create", args=[skp.pk]), {"text": "Sisipan"}).status_code
            == 403
        )
    assert snapshot() == before


def test_the_appraiser_cannot_change_a_draft_rhk_or_iki_through_the_services_either(org, year):
    skp = nurse_draft(org, year)
    head = actor_for(org.users["head_dinkes_sorong"])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.iki_save(actor=head, rhk=skp.rhks.first(), iki=ikis_of(skp)[0], data={"target": Decimal(1)})
    with pytest.raises(PermissionDenied):
        services.rhk_save(actor=head, skp=skp, text="Dari atasan")
    assert ikis_of(skp)[0].target == Decimal(100) and skp.rhks.count() == 2


# --- The SKP page: appraiser ------------------------------------------------------------------------
def test_the_appraiser_sets_the_seven_expectations(org, year, as_persona):
    skp = make_skp(org.employee_dinkes_sorong, year, state=SkpState.SUBMITTED)
    client = as_persona("head_dinkes_sorong")
    url = reverse("performance:skp_expectations", args=[skp.pk])
    form = client.get(url).context["form"]
    assert list(form.fields) == list(BehaviourValue.values)
    response = client.post(url, {v: f"Ekspektasi {v}" for v in BehaviourValue.values})
    assert response["Location"] == detail(skp)
    assert texts(response) == ["Ekspektasi perilaku kerja disimpan."]
    assert dict(skp.behaviours.values_list("value", "expectation")) == {
        v: f"Ekspektasi {v}" for v in BehaviourValue.values
    }


def test_the_appraiser_returns_with_a_comment_that_the_owner_then_sees(org, year, as_persona):
    skp = make_skp(org.employee_dinkes_sorong, year, state=SkpState.SUBMITTED)
    head = as_persona("head_dinkes_sorong")
    assert 'data-testid="review-panel"' in head.get(detail(skp)).content.decode()
    response = head.post(
        reverse("performance:skp_return", args=[skp.pk]), {"comment": "Target terlalu rendah"}
    )
    skp.refresh_from_db()
    assert skp.state == SkpState.RETURNED
    assert texts(response) == ["SKP dikembalikan kepada pegawai dengan catatan perbaikan."]
    html = as_persona("employee_dinkes_sorong").get(detail(skp)).content.decode()
    assert 'data-testid="return-comment"' in html and "Target terlalu rendah" in html
    assert reverse("performance:rhk_create", args=[skp.pk]) in html  # editable again


def test_returning_without_a_comment_says_what_is_needed_and_changes_nothing(org, year, as_persona):
    skp = make_skp(org.employee_dinkes_sorong, year, state=SkpState.SUBMITTED)
    before = snapshot()
    response = as_persona("head_dinkes_sorong").post(
        reverse("performance:skp_return", args=[skp.pk]), {"comment": " "}
    )
    assert texts(response) == ["Tuliskan apa yang perlu diperbaiki."]
    assert snapshot() == before


def test_the_appraiser_approves_and_the_skp_is_locked(org, year, as_persona):
    skp = make_skp(org.employee_dinkes_sorong, year, state=SkpState.SUBMITTED)
    response = as_persona("head_dinkes_sorong").post(reverse("performance:skp_approve", args=[skp.pk]))
    skp.refresh_from_db()
    assert skp.state == SkpState.APPROVED and texts(response) == ["SKP disetujui dan dikunci."]
    html = as_persona("employee_dinkes_sorong").get(detail(skp)).content.decode()
    assert reverse("performance:rhk_create", args=[skp.pk]) not in html
    assert reverse("performance:skp_revise", args=[skp.pk]) in html


def test_a_head_cannot_approve_an_skp_they_do_not_appraise(org, year, as_persona):
    pkm_head = make_employee(org.pkm_sorong, name="Kepala Puskesmas", is_unit_head=True)
    skp = make_skp(org.employee_dinkes_sorong, year, state=SkpState.SUBMITTED)
    assert skp.appraiser_id == pkm_head.pk
    before = snapshot()
    client = as_persona("head_dinkes_sorong")
    assert client.get(detail(skp)).status_code == 200  # in the head's subtree: visible
    for name in ("skp_approve", "skp_return"):
        assert client.post(reverse(f"performance:{name}", args=[skp.pk]), {"comment": "x"}).status_code == 403
    assert client.get(reverse("performance:skp_expectations", args=[skp.pk])).status_code == 403
    assert snapshot() == before


# --- Revisions and versions ---------------------------------------------------------------------------
def test_a_revision_needs_a_reason_then_opens_the_new_draft(org, year, as_persona):
    skp = make_skp(org.employee_dinkes_sorong, year)
    client = as_persona("employee_dinkes_sorong")
    url = reverse("performance:skp_revise", args=[skp.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"] == [
        "Tuliskan alasan revisi SKP."
    ]
    response = client.post(url, {"reason": "Mutasi tugas"})
    revision = Skp.objects.get(employee=org.employee_dinkes_sorong, version=2)
    assert response["Location"] == detail(revision)
    assert "Draf revisi (versi 2) dibuat" in texts(response)[0]
    html = client.get(detail(skp)).content.decode()
    assert detail(revision) in html and reverse("performance:skp_revise", args=[skp.pk]) not in html


def test_a_superseded_version_stays_viewable_read_only_in_the_versions_list(org, year, as_persona):
    old = make_skp(org.employee_dinkes_sorong, year)
    nurse, head = actor_for(org.users["employee_dinkes_sorong"]), actor_for(org.users["head_dinkes_sorong"])
    revision = services.skp_revise(actor=nurse, skp=old, reason="Target baru")
    services.skp_submit(actor=nurse, skp=revision)
    services.skp_approve(actor=head, skp=revision)
    client = as_persona("employee_dinkes_sorong")
    html = client.get(detail(old)).content.decode()
    assert 'data-testid="superseded"' in html and "Digantikan revisi" in html
    assert reverse("performance:rhk_create", args=[old.pk]) not in html
    assert reverse("performance:skp_revise", args=[old.pk]) not in html
    assert detail(revision) in html
    html = client.get(detail(revision)).content.decode()
    assert detail(old) in html and "Alasan revisi:" in html
    steps = [(t.from_state, t.to_state) for t in client.get(detail(revision)).context["transitions"]]
    assert steps == [("draft", "submitted"), ("submitted", "approved")]
    assert client.post(reverse("performance:skp_revise", args=[old.pk]), {"reason": "x"}).status_code == 403


def test_the_skp_page_keeps_a_constant_query_count_with_many_rhk_and_iki(
    org, year, as_persona, django_assert_max_num_queries
):
    make_skp(org.head_dinkes_sorong, year)
    one = nurse_draft(org, year, plan=big_plan(1))
    client = as_persona("employee_dinkes_sorong")
    client.get(detail(one))
    small = query_count(client, detail(one))
    one.delete()
    many = nurse_draft(org, year, plan=big_plan(40))
    SkpTransition.objects.bulk_create(
        [
            SkpTransition(skp=many, action="submit", from_state="draft", to_state="submitted")
            for _ in range(20)
        ]
    )
    with django_assert_max_num_queries(small):
        response = client.get(detail(many))
    assert response.context["iki_count"] == 120
    assert len(response.context["problems"]) == 40  # none cascades from the head's RHK yet


# --- Copy down --------------------------------------------------------------------------------------------
def test_direct_subordinates_match_the_atasan_langsung_rule_with_a_vacant_unit(org):
    vacant = make_unit(org.sorong, "DINKES.BID", parent=org.dinkes_sorong, name="Bidang Tanpa Kepala")
    below_vacant = make_employee(vacant, name="Staf Bidang")
    pkm_head = make_employee(org.pkm_sorong, name="Kepala Puskesmas", is_unit_head=True)
    colleague = make_employee(org.dinkes_sorong, name="Staf Dinas")
    found = set(direct_subordinates(org.head_dinkes_sorong))
    assert found == {below_vacant, pkm_head, colleague}
    from employees.models import Employee

    for employee in Employee.objects.filter(unit__instansi=org.sorong).select_related("unit"):
        boss = atasan_langsung(employee)
        assert (employee in found) == (boss is not None and boss.pk == org.head_dinkes_sorong.pk), (
            employee.name
        )
    assert set(direct_subordinates(pkm_head)) == {org.employee_dinkes_sorong}
    assert not direct_subordinates(org.employee_dinkes_sorong).exists()


def test_the_head_copies_an_rhk_to_ticked_subordinates_and_hears_who_was_skipped(org, year, as_persona):
    head_skp = make_skp(org.head_dinkes_sorong, year)
    second = make_employee(org.pkm_sorong, name="Bidan Kedua")
    busy = make_employee(org.pkm_sorong, name="Sudah Diajukan")
    make_skp(busy, year, state=SkpState.SUBMITTED)
    source = head_skp.rhks.first()
    client = as_persona("head_dinkes_sorong")
    url = reverse("performance:rhk_copy_down", args=[head_skp.pk])
    page = client.get(url)
    assert {c.employee.name for c in page.context["candidates"]} == {
        "Siti Perawat",
        "Bidan Kedua",
        "Sudah Diajukan",
    }
    response = client.post(
        url,
        {
            "rhk": source.pk,
            "employees": [org.employee_dinkes_sorong.pk, second.pk, busy.pk],
            "with_ikis": "on",
        },
    )
    assert response["Location"] == detail(head_skp)
    assert texts(response) == [
        "RHK diturunkan ke 2 SKP bawahan.",
        "Dilewati karena SKP-nya tidak dapat diubah: Sudah Diajukan (SKP sedang diajukan).",
    ]
    copies = Rhk.objects.filter(origin=source)
    assert {c.skp.employee_id for c in copies} == {org.employee_dinkes_sorong.pk, second.pk}
    assert all(c.parent_id == source.pk and c.ikis.count() == 1 for c in copies)


def test_copying_down_to_someone_who_is_not_a_direct_subordinate_is_refused_whole(org, year, as_persona):
    head_skp = make_skp(org.head_dinkes_sorong, year)
    before = snapshot()
    response = as_persona("head_dinkes_sorong").post(
        reverse("performance:rhk_copy_down", args=[head_skp.pk]),
        {
            "rhk": head_skp.rhks.first().pk,
            "employees": [org.employee_dinkes_sorong.pk, org.employee_dishub_sorong.pk],
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["employees"]
    assert snapshot() == before


def test_only_the_head_copies_down_and_only_from_their_own_skp(org, year, as_persona):
    head_skp = make_skp(org.head_dinkes_sorong, year)
    nurse_skp = make_skp(org.employee_dinkes_sorong, year)
    assert (
        as_persona("head_dinkes_sorong")
        .get(reverse("performance:rhk_copy_down", args=[nurse_skp.pk]))
        .status_code
        == 403
    )
    assert (
        as_persona("employee_dinkes_sorong")
        .get(reverse("performance:rhk_copy_down", args=[nurse_skp.pk]))
        .status_code
        == 403
    )
    assert (
        as_persona("employee_dinkes_sorong")
        .get(reverse("performance:rhk_copy_down", args=[head_skp.pk]))
        .status_code
        == 404
    )
    html = as_persona("head_dinkes_sorong").get(detail(head_skp)).content.decode()
    assert reverse("performance:rhk_copy_down", args=[head_skp.pk]) in html


def test_a_copied_rhk_gives_a_subordinate_without_skp_a_draft_with_the_seven_values(org, year, as_persona):
    head_skp = make_skp(org.head_dinkes_sorong, year)
    as_persona("head_dinkes_sorong").post(
        reverse("performance:rhk_copy_down", args=[head_skp.pk]),
        {"rhk": head_skp.rhks.first().pk, "employees": [org.employee_dinkes_sorong.pk]},
    )
    skp = Skp.objects.get(employee=org.employee_dinkes_sorong)
    assert skp.state == SkpState.DRAFT
    assert BehaviourExpectation.objects.filter(skp=skp).count() == 7
    assert not Iki.objects.filter(rhk__skp=skp).exists()  # "with IKI" was not ticked


def test_copying_down_takes_the_same_number_of_queries_for_one_or_twenty_subordinates(org, year):
    from tests.factories import make_employees_bulk

    head = actor_for(org.users["head_dinkes_sorong"])
    source = make_skp(org.head_dinkes_sorong, year).rhks.first()
    with CaptureQueriesContext(connection) as one:
        services.rhk_copy_down(actor=head, rhk=source, employees=[org.employee_dinkes_sorong])
    many = make_employees_bulk(org.pkm_sorong, 20)
    with CaptureQueriesContext(connection) as twenty:
        result = services.rhk_copy_down(actor=head, rhk=source, employees=many)
    assert result.copied == 20 and Rhk.objects.filter(origin=source).count() == 21
    assert len(twenty.captured_queries) == len(one.captured_queries)


def test_the_copy_down_page_says_what_to_do_without_rhk_or_subordinates(org, year, as_persona):
    head_skp = make_skp(org.head_dinkes_sorong, year, plan=[])
    client = as_persona("head_dinkes_sorong")
    url = reverse("performance:rhk_copy_down", args=[head_skp.pk])
    assert 'data-testid="no-rhk"' in client.get(url).content.decode()
    Rhk.objects.create(skp=head_skp, text="Sasaran dinas")
    org.employee_dinkes_sorong.is_active = False
    org.employee_dinkes_sorong.save()
    assert 'data-testid="no-subordinates"' in client.get(url).content.decode()
