"""The SKP workflow through its services: every transition, every refusal, revisions and copy down."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.access import actor_for
from notifications.models import Notification
from performance.choices import SkpState
from performance.models import Iki, Realisation, Rhk, Skp, SkpTransition
from performance.services import planning as services
from tests.factories import make_employee

from .factories import ikis_of, make_realisation, make_skp, make_year, period


@pytest.fixture
def year(org):
    return make_year(org.sorong)


def actors(org):
    return (
        actor_for(org.users["employee_dinkes_sorong"]),
        actor_for(org.users["head_dinkes_sorong"]),
        actor_for(org.users["hr_sorong"]),
    )


def draft_with_plan(org, year):
    """The nurse's draft SKP with one RHK cascading from the head's and one IKI."""
    nurse, _head, _hr = actors(org)
    head_skp = make_skp(org.head_dinkes_sorong, year)
    skp = services.skp_create(actor=nurse, year=year)
    rhk = services.rhk_save(actor=nurse, skp=skp, text="Pasien terlayani", parent=head_skp.rhks.first())
    services.iki_save(
        actor=nurse, rhk=rhk, data={"indicator": "Jumlah pasien", "target": Decimal(50), "unit": "orang"}
    )
    return skp


def test_a_new_skp_is_a_draft_with_the_seven_berakhlak_values_and_the_atasan(org, year):
    nurse, *_ = actors(org)
    skp = services.skp_create(actor=nurse, year=year)
    assert skp.state == SkpState.DRAFT
    assert skp.appraiser_id == org.head_dinkes_sorong.pk
    assert skp.behaviours.count() == 7


def test_a_second_skp_for_the_same_year_is_refused(org, year):
    nurse, *_ = actors(org)
    services.skp_create(actor=nurse, year=year)
    with pytest.raises(ValidationError, match="sudah ada"):
        services.skp_create(actor=nurse, year=year)


def test_submitting_an_empty_skp_says_what_is_missing_and_changes_nothing(org, year):
    nurse, *_ = actors(org)
    skp = services.skp_create(actor=nurse, year=year)
    with pytest.raises(ValidationError) as err:
        services.skp_submit(actor=nurse, skp=skp)
    assert "rencana hasil kerja" in str(err.value)
    skp.refresh_from_db()
    assert skp.state == SkpState.DRAFT and not skp.transitions.exists()


def test_an_rhk_must_cascade_from_a_superior_rhk_when_the_superior_has_one(org, year):
    nurse, *_ = actors(org)
    make_skp(org.head_dinkes_sorong, year)
    skp = services.skp_create(actor=nurse, year=year)
    rhk = services.rhk_save(actor=nurse, skp=skp, text="Tanpa induk")
    services.iki_save(actor=nurse, rhk=rhk, data={"indicator": "X", "target": Decimal(1), "unit": "dok"})
    with pytest.raises(ValidationError, match="belum dikaitkan"):
        services.skp_submit(actor=nurse, skp=skp)


def test_an_rhk_cannot_cascade_from_someone_elses_rhk(org, year):
    nurse, *_ = actors(org)
    stranger = make_skp(org.employee_dishub_sorong, year)
    skp = services.skp_create(actor=nurse, year=year)
    with pytest.raises(ValidationError, match="atasan langsung"):
        services.rhk_save(actor=nurse, skp=skp, text="Salah induk", parent=stranger.rhks.first())


def test_submit_return_resubmit_approve_is_recorded_step_by_step(org, year):
    nurse, head, _hr = actors(org)
    skp = draft_with_plan(org, year)
    services.skp_submit(actor=nurse, skp=skp)
    services.skp_return(actor=head, skp=skp, comment="Target terlalu rendah")
    skp.refresh_from_db()
    assert skp.state == SkpState.RETURNED
    services.iki_save(actor=nurse, rhk=skp.rhks.first(), iki=ikis_of(skp)[0], data={"target": Decimal(80)})
    services.skp_submit(actor=nurse, skp=skp)
    services.skp_approve(actor=head, skp=skp)
    skp.refresh_from_db()
    assert skp.state == SkpState.APPROVED and skp.approved_at is not None
    steps = list(skp.transitions.values_list("from_state", "to_state", "comment"))
    assert steps == [
        ("draft", "submitted", ""),
        ("submitted", "returned", "Target terlalu rendah"),
        ("returned", "submitted", ""),
        ("submitted", "approved", ""),
    ]
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"skp_submitted", "skp_returned", "skp_approved"} <= kinds


def test_returning_without_a_comment_is_refused(org, year):
    nurse, head, _hr = actors(org)
    skp = draft_with_plan(org, year)
    services.skp_submit(actor=nurse, skp=skp)
    with pytest.raises(ValidationError, match="perlu diperbaiki"):
        services.skp_return(actor=head, skp=skp, comment="  ")
    skp.refresh_from_db()
    assert skp.state == SkpState.SUBMITTED


@pytest.mark.parametrize("state", [SkpState.DRAFT, SkpState.RETURNED, SkpState.APPROVED])
def test_approving_or_returning_what_is_not_submitted_is_refused(org, year, state):
    _nurse, head, _hr = actors(org)
    skp = make_skp(org.employee_dinkes_sorong, year, state=state)
    for call in (
        lambda: services.skp_approve(actor=head, skp=skp),
        lambda: services.skp_return(actor=head, skp=skp, comment="x"),
    ):
        with pytest.raises(ValidationError):
            call()
    skp.refresh_from_db()
    assert skp.state == state and not SkpTransition.objects.exists()


def test_an_approved_skp_is_locked_for_the_employee(org, year):
    nurse, *_ = actors(org)
    skp = make_skp(org.employee_dinkes_sorong, year)
    with pytest.raises(PermissionDenied):
        services.rhk_save(actor=nurse, skp=skp, text="Tambahan")
    with pytest.raises(PermissionDenied):
        services.iki_save(actor=nurse, rhk=skp.rhks.first(), iki=ikis_of(skp)[0], data={"target": Decimal(1)})
    assert skp.rhks.count() == 2


def test_nobody_approves_their_own_skp_and_only_the_atasan_approves(org, year):
    nurse, head, hr = actors(org)
    skp = draft_with_plan(org, year)
    services.skp_submit(actor=nurse, skp=skp)
    for actor in (nurse, hr, actor_for(org.users["superuser"])):
        with pytest.raises(PermissionDenied):
            services.skp_approve(actor=actor, skp=skp)
    head_skp = Skp.objects.get(employee=org.head_dinkes_sorong)
    head_skp.state = SkpState.SUBMITTED
    head_skp.appraiser = org.head_dinkes_sorong  # even if it were recorded so
    head_skp.save()
    with pytest.raises(PermissionDenied):
        services.skp_approve(actor=head, skp=head_skp)


def test_a_revision_keeps_the_old_version_until_approved_and_then_supersedes_it(org, year):
    nurse, head, _hr = actors(org)
    skp = make_skp(org.employee_dinkes_sorong, year)
    first_iki = ikis_of(skp)[0]
    january = make_realisation(first_iki, period(year, 1), 90)
    revision = services.skp_revise(actor=nurse, skp=skp, reason="Mutasi tugas")
    assert revision.version == 2 and revision.state == SkpState.DRAFT and revision.previous_id == skp.pk
    assert [i.indicator for i in ikis_of(revision)] == [i.indicator for i in ikis_of(skp)]
    skp.refresh_from_db()
    assert skp.state == SkpState.APPROVED  # still in force
    services.skp_submit(actor=nurse, skp=revision)
    services.skp_approve(actor=head, skp=revision)
    skp.refresh_from_db()
    revision.refresh_from_db()
    assert (skp.state, revision.state) == (SkpState.SUPERSEDED, SkpState.APPROVED)
    january.refresh_from_db()
    assert january.iki.rhk.skp_id == revision.pk  # the open period's report moved to the copy
    assert Iki.objects.filter(rhk__skp=skp).count() == 2  # the old version is kept whole


def test_a_revision_needs_a_reason_and_only_one_at_a_time(org, year):
    nurse, *_ = actors(org)
    skp = make_skp(org.employee_dinkes_sorong, year)
    with pytest.raises(ValidationError, match="alasan"):
        services.skp_revise(actor=nurse, skp=skp, reason="")
    services.skp_revise(actor=nurse, skp=skp, reason="Perubahan target")
    with pytest.raises(ValidationError):
        services.skp_revise(actor=nurse, skp=skp, reason="Lagi")
    assert Skp.objects.filter(employee=org.employee_dinkes_sorong).count() == 2


def test_a_head_copies_an_rhk_down_to_subordinates_in_one_go(org, year):
    _nurse, head, _hr = actors(org)
    second = make_employee(org.pkm_sorong, name="Bidan Kedua")
    head_skp = make_skp(org.head_dinkes_sorong, year)
    source = head_skp.rhks.first()
    result = services.rhk_copy_down(actor=head, rhk=source, employees=[org.employee_dinkes_sorong, second])
    assert result.copied == 2 and result.skipped == []
    copies = Rhk.objects.filter(origin=source)
    assert copies.count() == 2 and all(r.parent_id == source.pk for r in copies)
    assert all(r.skp.state == SkpState.DRAFT for r in copies)
    assert Iki.objects.filter(rhk__in=copies).count() == 2


def test_copying_down_to_someone_not_appraised_by_the_head_is_refused_whole(org, year):
    _nurse, head, _hr = actors(org)
    head_skp = make_skp(org.head_dinkes_sorong, year)
    with pytest.raises(ValidationError, match="bukan bawahan langsung"):
        services.rhk_copy_down(
            actor=head,
            rhk=head_skp.rhks.first(),
            employees=[org.employee_dinkes_sorong, org.employee_dishub_sorong],
        )
    assert not Skp.objects.filter(employee=org.employee_dinkes_sorong).exists()


def test_realisations_are_kept_when_a_revision_drops_their_rhk(org, year):
    nurse, head, _hr = actors(org)
    skp = make_skp(org.employee_dinkes_sorong, year)
    make_realisation(ikis_of(skp)[1], period(year, 1), 4)
    revision = services.skp_revise(actor=nurse, skp=skp, reason="Hapus IKI")
    services.rhk_delete(actor=nurse, rhk=ikis_of(revision)[1].rhk)
    services.skp_submit(actor=nurse, skp=revision)
    services.skp_approve(actor=head, skp=revision)
    assert Realisation.objects.filter(iki__rhk__skp=skp).count() == 1
