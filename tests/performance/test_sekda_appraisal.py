"""The Sekda's SKP: their pejabat penilai is the kepala daerah, who has no account. HR officers of the
agency record the kepala daerah's decisions (approval, return, expectations, rating) in the app;
nobody else can, the Sekda never on their own SKP, and the documents name the kepala daerah."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.access import actor_for
from core.models import HrAssignment
from employees.choices import OfficialKind
from employees.services import superiors
from notifications.models import Notification
from performance.choices import AppraisalState, BehaviourValue, Predikat, SkpState
from performance.models import CoachingPlan
from performance.selectors.appraisal import appraisal_document
from performance.selectors.planning import skp_document
from performance.services import appraisal as appraisal_services
from performance.services import planning

from ..factories import make_employee, make_unit, make_user
from .factories import DURING_YEAR, annual, ikis_of, make_realisation, make_year, period
from .test_pdf import pdf_text

pytestmark = DURING_YEAR

ALL_MEET = {v: "meets" for v in BehaviourValue.values}


def hr(org):
    return actor_for(org.users["hr_sorong"])


@pytest.fixture
def sekda(org):
    setda = make_unit(org.sorong, "SETDA", name="Sekretariat Daerah")
    sekda = make_employee(
        setda, user=make_user("sekda.sorong"), name="Sekretaris Daerah", is_unit_head=True, golongan="IV/d"
    )
    superiors.official_save(
        actor=hr(org),
        instansi=org.sorong,
        kind=OfficialKind.SEKDA,
        title="Sekretaris Daerah Kota Sorong",
        employee=sekda,
    )
    return sekda


@pytest.fixture
def kepala_daerah(org, sekda):
    return superiors.official_save(
        actor=hr(org),
        instansi=org.sorong,
        kind=OfficialKind.KEPALA_DAERAH,
        title="Wali Kota Sorong",
        employee=None,
        holder_name="Yohanes Mambrasar",
    )


def _submitted(sekda):
    actor = actor_for(sekda.user)
    skp = planning.skp_create(actor=actor, year=make_year(sekda.unit.instansi))
    rhk = planning.rhk_save(actor=actor, skp=skp, text="Terkoordinasinya perangkat daerah")
    planning.iki_save(
        actor=actor,
        rhk=rhk,
        data={"indicator": "Indeks reformasi birokrasi", "target": Decimal(80), "unit": "poin"},
    )
    return planning.skp_submit(actor=actor, skp=skp)


def test_without_a_recorded_kepala_daerah_the_sekda_cannot_submit(org, sekda):
    with pytest.raises(ValidationError, match="Atasan langsung Anda tidak ditemukan"):
        _submitted(sekda)


def test_the_sekdas_submission_waits_for_hr_to_record_the_kepala_daerahs_decision(org, sekda, kepala_daerah):
    skp = _submitted(sekda)
    assert (skp.state, skp.appraiser, skp.kepala_daerah_appraises) == (SkpState.SUBMITTED, None, True)
    officers = set(HrAssignment.objects.filter(instansi=org.sorong).values_list("user_id", flat=True))
    told = set(Notification.objects.filter(kind="skp_submitted").values_list("recipient_id", flat=True))
    assert officers and told == officers
    note = Notification.objects.filter(kind="skp_submitted").first()
    assert note.url == skp.get_absolute_url()


def test_only_hr_of_the_agency_records_the_approval_never_the_sekda_or_a_head(org, sekda, kepala_daerah):
    skp = _submitted(sekda)
    for outsider in (
        actor_for(sekda.user),
        actor_for(org.users["head_dinkes_sorong"]),
        actor_for(org.users["hr_palembang"]),
    ):
        with pytest.raises(PermissionDenied):
            planning.skp_approve(actor=outsider, skp=skp)
    skp.refresh_from_db()
    assert skp.state == SkpState.SUBMITTED
    skp = planning.skp_approve(actor=hr(org), skp=skp, comment="Disetujui Wali Kota (surat 12 Januari)")
    assert skp.state == SkpState.APPROVED
    assert skp.transitions.filter(actor=org.users["hr_sorong"], comment__contains="Wali Kota").exists()
    assert Notification.objects.filter(recipient=sekda.user, kind="skp_approved").exists()


def test_hr_records_a_return_with_what_to_fix(org, sekda, kepala_daerah):
    skp = planning.skp_return(actor=hr(org), skp=_submitted(sekda), comment="Tambahkan indikator SAKIP")
    assert skp.state == SkpState.RETURNED


def test_hr_records_the_kepala_daerahs_rating_and_the_documents_name_the_kepala_daerah(
    org, sekda, kepala_daerah
):
    skp = planning.skp_approve(actor=hr(org), skp=_submitted(sekda))
    (iki,) = ikis_of(skp)
    january = period(skp.year, 1)
    make_realisation(iki, january, 80)
    with pytest.raises(PermissionDenied):
        appraisal_services.appraisal_save(
            actor=actor_for(sekda.user), skp=skp, period=january, rating_hasil="meets", finalise=False
        )
    appraisal = appraisal_services.appraisal_save(
        actor=hr(org),
        skp=skp,
        period=january,
        rating_hasil="below",
        override_reason="Target indeks belum tercapai menurut Wali Kota",
        rating_perilaku="meets",
        behaviour_ratings=ALL_MEET,
        finalise=True,
    )
    assert (appraisal.state, appraisal.appraiser, appraisal.predikat) == (
        AppraisalState.FINAL,
        None,
        Predikat.BUTUH_PERBAIKAN,
    )
    # Who typed it is on the record's history; no coaching plan names a head the app does not have.
    assert appraisal.history.latest().history_user == org.users["hr_sorong"]
    assert not CoachingPlan.objects.filter(appraisal=appraisal).exists()
    for document in (skp_document(skp=skp), appraisal_document(appraisal=appraisal)):
        assert document["appraiser"]["name"] == "Yohanes Mambrasar"
        assert document["appraiser"]["position"] == "Wali Kota Sorong"


def test_the_evaluation_pdf_and_the_skp_page_name_the_kepala_daerah(org, sekda, kepala_daerah, as_persona):
    skp = planning.skp_approve(actor=hr(org), skp=_submitted(sekda))
    page = as_persona("hr_sorong").get(skp.get_absolute_url()).content.decode()
    assert "Wali Kota Sorong (Yohanes Mambrasar)" in page
    assert "dicatat oleh petugas BKPSDM" in page
    response = as_persona("hr_sorong").get(reverse("performance:skp_pdf", args=[skp.pk]))
    assert response.status_code == 200
    assert "Yohanes Mambrasar" in pdf_text(response.content)


def test_the_annual_rating_of_the_sekda_is_recorded_by_hr(org, sekda, kepala_daerah):
    skp = planning.skp_approve(actor=hr(org), skp=_submitted(sekda))
    year_end = annual(skp.year)
    # The annual evaluation opens when the year's last period has ended: not yet in July.
    with pytest.raises(ValidationError, match="belum berakhir"):
        appraisal_services.appraisal_save(actor=hr(org), skp=skp, period=year_end, rating_hasil="meets")


def test_the_hr_home_page_shows_the_sekdas_skp_waiting_with_a_link(org, sekda, kepala_daerah, as_persona):
    client = as_persona("hr_sorong")
    assert "menunggu keputusan kepala daerah" not in client.get(reverse("core:dashboard")).content.decode()
    skp = _submitted(sekda)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "SKP Sekretaris Daerah menunggu keputusan kepala daerah untuk dicatat" in page
    assert skp.get_absolute_url() in page
    planning.skp_approve(actor=hr(org), skp=skp)
    assert "menunggu keputusan kepala daerah" not in client.get(reverse("core:dashboard")).content.decode()


def test_the_hr_home_page_leads_to_the_sekdas_rating_once_a_month_is_reported(
    org, sekda, kepala_daerah, as_persona
):
    client = as_persona("hr_sorong")
    skp = planning.skp_approve(actor=hr(org), skp=_submitted(sekda))
    assert "menunggu rating kepala daerah" not in client.get(reverse("core:dashboard")).content.decode()
    (iki,) = ikis_of(skp)
    january = period(skp.year, 1)
    make_realisation(iki, january, 80)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Penilaian kinerja Sekretaris Daerah menunggu rating kepala daerah untuk dicatat" in page
    rating_page = reverse("performance:appraisal", args=[skp.pk, january.pk])
    assert rating_page in page
    assert client.get(rating_page).status_code == 200
    appraisal_services.appraisal_save(
        actor=hr(org),
        skp=skp,
        period=january,
        rating_hasil="meets",
        rating_perilaku="meets",
        behaviour_ratings=ALL_MEET,
        finalise=True,
    )
    assert "menunggu rating kepala daerah" not in client.get(reverse("core:dashboard")).content.decode()


def test_the_history_says_on_whose_behalf_hr_decided(org, sekda, kepala_daerah):
    skp = planning.skp_approve(actor=hr(org), skp=_submitted(sekda))
    approval = skp.transitions.get(action="approve")
    assert approval.comment == "Dicatat atas nama Wali Kota Sorong."


def test_the_sekda_sees_the_kepala_daerah_as_atasan_and_is_told_who_decides(
    org, sekda, kepala_daerah, client
):
    client.force_login(sekda.user)
    home = client.get(reverse("core:dashboard")).content.decode()
    assert "Wali Kota Sorong (Yohanes Mambrasar)" in home
    actor = actor_for(sekda.user)
    skp = planning.skp_create(actor=actor, year=make_year(org.sorong))
    rhk = planning.rhk_save(actor=actor, skp=skp, text="Terkoordinasinya perangkat daerah")
    planning.iki_save(
        actor=actor, rhk=rhk, data={"indicator": "Indeks RB", "target": Decimal(80), "unit": "poin"}
    )
    page = client.post(reverse("performance:skp_submit", args=[skp.pk]), follow=True).content.decode()
    assert "SKP diajukan kepada kepala daerah" in page
