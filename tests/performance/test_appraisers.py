"""Every head has an appraiser: the Sekda above the heads of the OPD, acting appraisers of a unit, HR
naming the appraiser of one SKP; each change reaches the SKP at once (the new appraiser's queue; the
old one can no longer act)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.access import actor_for
from core.models import HrAssignment
from employees.choices import OfficialKind
from employees.models import ActingAppraiser, InstansiOfficial
from employees.selectors.superiors import atasan_langsung, atasan_map
from employees.services import records as employee_records
from employees.services import superiors
from performance.choices import SkpAction, SkpState
from performance.selectors.appraisal import queue_submitted
from performance.services import appraisers, planning

from ..factories import make_employee, make_unit, make_user
from .factories import make_skp, make_year


def _sekda(org):
    setda = make_unit(org.sorong, "SETDA", name="Sekretariat Daerah")
    sekda = make_employee(
        setda, user=make_user("sekda.sorong"), name="Sekretaris Daerah", is_unit_head=True, golongan="IV/d"
    )
    superiors.official_save(
        actor=actor_for(org.users["hr_sorong"]),
        instansi=org.sorong,
        kind=OfficialKind.SEKDA,
        title="Sekretaris Daerah Kota Sorong",
        employee=sekda,
    )
    return sekda


def _draft(actor, year):
    skp = planning.skp_create(actor=actor, year=year)
    rhk = planning.rhk_save(actor=actor, skp=skp, text="Meningkatnya pelayanan kesehatan")
    planning.iki_save(
        actor=actor, rhk=rhk, data={"indicator": "Cakupan layanan", "target": Decimal(90), "unit": "persen"}
    )
    return skp


def test_the_head_of_an_opd_without_a_sekda_cannot_submit(org):
    head = actor_for(org.users["head_dinkes_sorong"])
    skp = _draft(head, make_year(org.sorong))
    with pytest.raises(ValidationError, match="Atasan langsung"):
        planning.skp_submit(actor=head, skp=skp)


def test_the_head_of_an_opd_submits_to_the_sekda_who_approves(org):
    sekda = _sekda(org)
    assert atasan_langsung(org.head_dinkes_sorong) == sekda
    assert atasan_langsung(sekda) is None  # the kepala daerah, who has no employee record
    head = actor_for(org.users["head_dinkes_sorong"])
    skp = planning.skp_submit(actor=head, skp=_draft(head, make_year(org.sorong)))
    assert (skp.state, skp.appraiser) == (SkpState.SUBMITTED, sekda)
    sekda_actor = actor_for(sekda.user)
    assert list(queue_submitted(sekda_actor)) == [skp]
    skp = planning.skp_approve(actor=sekda_actor, skp=skp)
    assert skp.state == SkpState.APPROVED


def test_naming_a_sekda_re_points_the_open_skps_of_the_heads_at_once(org):
    skp = make_skp(org.head_dinkes_sorong, make_year(org.sorong), state=SkpState.DRAFT)
    assert skp.appraiser is None
    sekda = _sekda(org)
    skp.refresh_from_db()
    assert skp.appraiser == sekda
    assert skp.transitions.filter(action=SkpAction.REASSIGN).exists()


def test_hr_naming_an_appraiser_reaches_the_skp_at_once(org):
    skp = make_skp(org.employee_dinkes_sorong, make_year(org.sorong), state=SkpState.SUBMITTED)
    old = actor_for(org.users["head_dinkes_sorong"])
    assert list(queue_submitted(old)) == [skp]
    plt = org.employee_dishub_sorong
    plt.user = make_user("plt.sorong")
    plt.save(update_fields=["user"])
    appraisers.skp_appraiser_name(
        actor=actor_for(org.users["hr_sorong"]), skp=skp, appraiser=plt, reason="Plt Kepala Puskesmas"
    )
    new = actor_for(plt.user)
    assert list(queue_submitted(new)) == [skp]
    assert list(queue_submitted(old)) == []
    skp.refresh_from_db()
    with pytest.raises(PermissionDenied):
        planning.skp_approve(actor=old, skp=skp)
    # The named appraiser is not the tree's atasan langsung, and still decides.
    assert planning.skp_approve(actor=new, skp=skp).state == SkpState.APPROVED
    step = skp.transitions.get(action=SkpAction.REASSIGN)
    assert "Plt Kepala Puskesmas" in step.comment and step.actor == org.users["hr_sorong"]
    assert plt.user.notifications.filter(kind="skp_appraiser").exists()


def test_hr_cannot_name_the_employee_as_their_own_appraiser(org):
    skp = make_skp(org.employee_dinkes_sorong, make_year(org.sorong), state=SkpState.SUBMITTED)
    with pytest.raises(ValidationError):
        appraisers.skp_appraiser_name(
            actor=actor_for(org.users["hr_sorong"]), skp=skp, appraiser=org.employee_dinkes_sorong, reason="x"
        )
    with pytest.raises(PermissionDenied):
        appraisers.skp_appraiser_name(
            actor=actor_for(org.users["hr_palembang"]),
            skp=skp,
            appraiser=org.employee_dishub_sorong,
            reason="x",
        )


def test_an_acting_appraiser_takes_a_units_staff_at_once_and_gives_them_back(org):
    skp = make_skp(org.employee_dinkes_sorong, make_year(org.sorong), state=SkpState.APPROVED)
    hr = actor_for(org.users["hr_sorong"])
    acting = appraisers.acting_appraiser_save(
        actor=hr, unit=org.pkm_sorong, employee=org.employee_dishub_sorong, reason="Plt Kepala Puskesmas"
    )
    skp.refresh_from_db()
    assert skp.appraiser == org.employee_dishub_sorong
    assert atasan_langsung(org.employee_dinkes_sorong) == org.employee_dishub_sorong
    assert acting.history.first().history_user == org.users["hr_sorong"]
    appraisers.acting_appraiser_delete(actor=hr, acting=acting)
    skp.refresh_from_db()
    assert skp.appraiser == org.head_dinkes_sorong
    assert not ActingAppraiser.objects.exists()


def test_a_new_head_of_the_unit_takes_the_open_skps_at_once(org):
    skp = make_skp(org.employee_dinkes_sorong, make_year(org.sorong), state=SkpState.SUBMITTED)
    kapus = make_employee(org.pkm_sorong, name="Calon Kepala Puskesmas")
    employee_records.employee_update(
        actor=actor_for(org.users["hr_sorong"]), employee=kapus, data={"is_unit_head": True}
    )
    skp.refresh_from_db()
    assert skp.appraiser == kapus
    # The head leaves the post: back to the head above.
    employee_records.employee_set_active(
        actor=actor_for(org.users["hr_sorong"]), employee=kapus, active=False
    )
    skp.refresh_from_db()
    assert skp.appraiser == org.head_dinkes_sorong


def test_the_batch_rule_agrees_with_the_one_by_one_rule(org):
    sekda = _sekda(org)
    ActingAppraiser.objects.create(unit=org.dishub_sorong, employee=org.employee_dinkes_sorong, reason="Plt")
    people = [org.head_dinkes_sorong, org.employee_dinkes_sorong, org.employee_dishub_sorong, sekda]
    batch = atasan_map(people)
    assert batch == {e.pk: atasan_langsung(e) for e in people}
    assert batch[org.employee_dishub_sorong.pk] == org.employee_dinkes_sorong
    assert InstansiOfficial.objects.get(kind=OfficialKind.SEKDA).employee == sekda


def test_the_sekdas_skp_names_the_kepala_daerah_who_has_no_employee_record(org, client):
    sekda = _sekda(org)
    superiors.official_save(
        actor=actor_for(org.users["hr_sorong"]),
        instansi=org.sorong,
        kind=OfficialKind.KEPALA_DAERAH,
        title="Wali Kota Sorong",
        employee=None,
        holder_name="Yohanes Mambrasar",
    )
    skp = make_skp(sekda, make_year(org.sorong), state=SkpState.DRAFT)
    assert skp.appraiser is None
    client.force_login(sekda.user)
    page = client.get(skp.get_absolute_url()).content.decode()
    assert "Wali Kota Sorong (Yohanes Mambrasar)" in page


def test_an_hr_officer_cannot_name_themself_appraiser_and_a_refusal_is_a_message_on_the_page(org, as_persona):
    # An HR officer who is also an employee of the agency (the usual case: BKPSDM staff).
    officer = make_employee(org.dishub_sorong, user=make_user("kasubbag.sorong"), name="Kasubbag Umum")
    HrAssignment.objects.create(user=officer.user, instansi=org.sorong)
    skp = make_skp(org.head_dinkes_sorong, make_year(org.sorong), state=SkpState.SUBMITTED)
    with pytest.raises(ValidationError, match="diri sendiri"):
        appraisers.skp_appraiser_name(actor=actor_for(officer.user), skp=skp, appraiser=officer, reason="x")
    skp.refresh_from_db()
    assert not skp.appraiser_named
    # Naming the SKP's own employee is refused with the message on the form (not a server error).
    response = as_persona("hr_sorong").post(
        reverse("performance:skp_appraiser", args=[skp.pk]),
        {"nip": org.head_dinkes_sorong.nip, "reason": "x"},
    )
    assert response.status_code == 200
    assert "tidak dapat menilai SKP-nya sendiri" in response.content.decode()


def test_giving_the_sekdas_skp_back_to_the_tree_makes_the_kepala_daerah_its_appraiser_again(org):
    sekda = _sekda(org)
    hr = actor_for(org.users["hr_sorong"])
    superiors.official_save(
        actor=hr, instansi=org.sorong, kind=OfficialKind.KEPALA_DAERAH, title="Wali Kota Sorong",
        employee=None, holder_name="Yohanes Mambrasar",
    )  # fmt: skip
    skp = make_skp(sekda, make_year(org.sorong), state=SkpState.SUBMITTED)
    skp = appraisers.skp_appraiser_name(actor=hr, skp=skp, appraiser=org.head_dinkes_sorong, reason="Pj")
    assert (skp.appraiser, skp.kepala_daerah_appraises) == (org.head_dinkes_sorong, False)
    skp = appraisers.skp_appraiser_name(actor=hr, skp=skp, appraiser=None, reason="Kembali")
    skp.refresh_from_db()
    assert (skp.appraiser, skp.appraiser_named, skp.kepala_daerah_appraises) == (None, False, True)
    assert planning.skp_approve(actor=hr, skp=skp).state == SkpState.APPROVED
