"""The appraisal through its service and its page: the predikat matrix, the suggested rating and its
override, who may rate, finalising, reopening by HR (audited), and the coaching plan."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.access import actor_for
from notifications.models import Notification
from performance.choices import AppraisalState, BehaviourValue, CoachingState
from performance.models import Appraisal, AppraisalReopening, BehaviourRating, CoachingPlan
from performance.services import appraisal as services
from performance.services import planning as skp_services

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
from .matrix import dishub_sorong_skp, nurse_skp

pytestmark = DURING_YEAR  # the appraisals rate periods of YEAR that have ended

ALL_MEET = {v: "meets" for v in BehaviourValue.values}

# domain.md §7, written out here rather than read from the code under test.
MATRIX = [
    ("above", "below", "kurang"),
    ("above", "meets", "baik"),
    ("above", "above", "sangat_baik"),
    ("meets", "below", "kurang"),
    ("meets", "meets", "baik"),
    ("meets", "above", "baik"),
    ("below", "below", "sangat_kurang"),
    ("below", "meets", "butuh_perbaikan"),
    ("below", "above", "butuh_perbaikan"),
]
COACHING = {"butuh_perbaikan", "kurang", "sangat_kurang"}


@pytest.fixture
def skp(org):
    return nurse_skp(org)


@pytest.fixture
def january(skp):
    return period(skp.year, 1)


def head(org):
    return actor_for(org.users["head_dinkes_sorong"])


def finalise(org, skp, p, hasil="meets", perilaku="meets", **extra):
    return services.appraisal_save(
        actor=head(org),
        skp=skp,
        period=p,
        rating_hasil=hasil,
        rating_perilaku=perilaku,
        behaviour_ratings=ALL_MEET,
        finalise=True,
        **extra,
    )


def report(skp, p, patients: int, days: int):
    """Realisations of the default plan: 100 patients (higher is better), 5 days (lower is better)."""
    first, second = ikis_of(skp)
    make_realisation(first, p, patients)
    make_realisation(second, p, days)


def url(skp, p):
    return reverse("performance:appraisal", args=[skp.pk, p.pk])


@pytest.mark.parametrize(("hasil", "perilaku", "expected"), MATRIX)
def test_the_stored_predikat_is_the_matrix_cell_and_a_weak_one_opens_a_coaching_plan(
    org, skp, january, hasil, perilaku, expected
):
    appraisal = finalise(org, skp, january, hasil, perilaku)
    appraisal.refresh_from_db()
    assert appraisal.predikat == expected
    assert appraisal.state == AppraisalState.FINAL
    assert appraisal.finalised_at is not None
    assert appraisal.appraiser == org.head_dinkes_sorong
    assert BehaviourRating.objects.filter(appraisal=appraisal).count() == 7
    employee_note = Notification.objects.get(recipient=org.users["employee_dinkes_sorong"])
    assert employee_note.key == f"appraisal:{appraisal.pk}:final:0"
    plans = CoachingPlan.objects.filter(appraisal=appraisal)
    if expected in COACHING:
        plan = plans.get()
        assert (plan.employee, plan.head, plan.state) == (
            org.employee_dinkes_sorong,
            org.head_dinkes_sorong,
            CoachingState.OPEN,
        )
        head_note = Notification.objects.get(recipient=org.users["head_dinkes_sorong"])
        assert head_note.key == f"coaching:{plan.pk}:open"
        assert head_note.url == reverse("performance:coaching", args=[plan.pk])
    else:
        assert not plans.exists()
        assert not Notification.objects.filter(recipient=org.users["head_dinkes_sorong"]).exists()


def test_a_rating_other_than_the_suggestion_needs_a_reason(org, skp, january):
    report(skp, january, 100, 5)  # capaian 100 and 100: indeks 100, suggested Sesuai Ekspektasi
    with pytest.raises(ValidationError) as err:
        finalise(org, skp, january, hasil="above")
    assert "override_reason" in err.value.message_dict
    assert "Sesuai Ekspektasi" in err.value.message_dict["override_reason"][0]
    assert not Appraisal.objects.exists()
    appraisal = finalise(org, skp, january, hasil="above", override_reason="Menangani KLB campak.")
    assert (appraisal.suggested_hasil, appraisal.rating_hasil) == ("meets", "above")
    assert appraisal.override_reason == "Menangani KLB campak."
    assert appraisal.indeks == Decimal(100)


def test_the_suggestion_follows_the_agencys_own_thresholds(org):
    year = make_year(org.sorong, threshold_above=Decimal(95), threshold_meets=Decimal(90))
    skp = make_skp(org.employee_dinkes_sorong, year)
    report(skp, period(year, 1), 100, 5)  # indeks 100
    appraisal = finalise(org, skp, period(year, 1), hasil="above")  # the suggestion: no reason needed
    assert appraisal.suggested_hasil == "above"
    assert appraisal.override_reason == ""
    other = make_skp(org.employee_dishub_palembang, make_year(org.palembang))  # default 110/80
    report(other, period(other.year, 1), 100, 5)
    from performance.selectors.realisation import period_basis

    assert period_basis(other, period(other.year, 1)).suggested == "meets"


def test_the_form_preselects_the_suggested_rating(org, as_persona, skp, january):
    report(skp, january, 130, 4)  # capaian 120 and 120: Di Atas Ekspektasi
    page = as_persona("head_dinkes_sorong").get(url(skp, january))
    assert page.status_code == 200
    assert page.context["form"]["rating_hasil"].value() == "above"
    assert '<option value="above" selected>' in page.content.decode()


def test_finalising_needs_every_rating(org, skp, january):
    with pytest.raises(ValidationError) as err:
        services.appraisal_save(
            actor=head(org),
            skp=skp,
            period=january,
            rating_hasil="meets",
            behaviour_ratings={"loyal": "meets"},
            finalise=True,
        )
    assert "rating_perilaku" in err.value.message_dict
    assert "Berorientasi Pelayanan" in " ".join(err.value.message_dict["__all__"])
    assert not Appraisal.objects.exists()


def test_a_draft_keeps_what_is_rated_so_far_without_a_predikat(org, skp, january):
    draft = services.appraisal_save(
        actor=head(org), skp=skp, period=january, rating_hasil="meets", behaviour_ratings={"loyal": "above"}
    )
    assert draft.state == AppraisalState.DRAFT
    assert draft.predikat == "" and draft.finalised_at is None
    assert list(draft.behaviour_ratings.values_list("value", "rating")) == [("loyal", "above")]
    assert not Notification.objects.exists()


def test_nobody_rates_themself(org):
    year = make_year(org.sorong)
    own = make_skp(org.head_dinkes_sorong, year, appraiser=org.head_dinkes_sorong)
    with pytest.raises(PermissionDenied):
        finalise(org, own, period(year, 1))
    nurse = actor_for(org.users["employee_dinkes_sorong"])
    with pytest.raises(PermissionDenied):
        services.appraisal_save(
            actor=nurse, skp=nurse_skp(org), period=period(year, 1), rating_hasil="above", finalise=False
        )
    assert not Appraisal.objects.exists()


def test_hr_cannot_rate(org, as_persona, skp, january):
    with pytest.raises(PermissionDenied):
        services.appraisal_save(actor=actor_for(org.users["hr_sorong"]), skp=skp, period=january)
    response = as_persona("hr_sorong").post(url(skp, january), {"rating_hasil": "above", "action": "final"})
    assert response.status_code == 403
    assert as_persona("hr_sorong").get(url(skp, january)).status_code == 200
    assert not Appraisal.objects.exists()


def test_a_head_rates_only_their_own_subordinates(org, as_persona):
    outside = dishub_sorong_skp(org)
    with pytest.raises(PermissionDenied):
        finalise(org, outside, period(outside.year, 1))
    assert as_persona("head_dinkes_sorong").get(url(outside, period(outside.year, 1))).status_code == 404


def test_the_appraiser_finalises_through_the_page_and_the_employee_sees_it_read_only(
    org, as_persona, skp, january
):
    data = {"rating_hasil": "meets", "rating_perilaku": "above", "action": "final", "note": "Pertahankan."}
    data.update({f"perilaku_{v}": "above" for v in BehaviourValue.values})
    response = as_persona("head_dinkes_sorong").post(url(skp, january), data)
    assert response.status_code == 302
    assert Appraisal.objects.get().predikat == "baik"
    page = as_persona("employee_dinkes_sorong").get(url(skp, january))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert 'data-testid="predikat">Baik<' in page.content.decode()
    assert "Pertahankan." in page.content.decode()
    head_page = as_persona("head_dinkes_sorong").get(url(skp, january))
    assert head_page.context["form"] is None, "a final appraisal is read-only for the appraiser too"
    again = as_persona("head_dinkes_sorong").post(url(skp, january), {**data, "rating_perilaku": "below"})
    assert again.status_code == 200
    assert "sudah final" in again.content.decode()
    assert Appraisal.objects.get().predikat == "baik"


def test_the_employee_does_not_see_a_draft_rating(org, as_persona, skp, january):
    services.appraisal_save(
        actor=head(org), skp=skp, period=january, rating_hasil="below", note="Catatan kerja atasan"
    )
    page = as_persona("employee_dinkes_sorong").get(url(skp, january))
    assert page.status_code == 200
    assert "Catatan kerja atasan" not in page.content.decode()
    assert "Atasan belum memfinalkan" in page.content.decode()
    assert as_persona("employee_dinkes_sorong").post(url(skp, january), {}).status_code == 403


def test_the_annual_indeks_counts_every_periodic_report_of_the_year(org):
    last_year = make_skp(
        org.employee_dinkes_sorong, make_year(org.sorong, year=2025)
    )  # a year that has ended
    report(last_year, period(last_year.year, 1), 100, 5)  # 100, 100
    report(last_year, period(last_year.year, 2), 50, 10)  # 50, 50
    appraisal = services.appraisal_save(actor=head(org), skp=last_year, period=annual(last_year.year))
    assert appraisal.indeks == Decimal(75)
    assert appraisal.suggested_hasil == "below"


@pytest.mark.parametrize("which", ["january", "annual"])
def test_a_period_is_not_rated_before_it_has_ended(org, which):
    next_year = make_year(org.sorong, year=timezone.localdate().year + 1)
    future = make_skp(org.employee_dinkes_sorong, next_year)
    target = period(next_year, 1) if which == "january" else annual(next_year)
    with pytest.raises(ValidationError, match="belum berakhir"):
        finalise(org, future, target, "meets", "meets")
    assert not Appraisal.objects.exists()


def test_a_head_who_is_no_longer_the_atasan_cannot_rate_or_approve(org, skp, january):
    from employees.models import Employee

    Employee.objects.filter(pk=org.head_dinkes_sorong.pk).update(is_unit_head=False)
    with pytest.raises(PermissionDenied, match="bukan lagi atasan"):
        finalise(org, skp, january, "meets", "meets")
    submitted = make_skp(
        org.employee_dinkes_sorong, skp.year, state="submitted", version=2, appraiser=org.head_dinkes_sorong
    )
    with pytest.raises(PermissionDenied, match="bukan lagi atasan"):
        skp_services.skp_approve(actor=head(org), skp=submitted)
    assert not Appraisal.objects.exists()
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_reopening_needs_a_reason_is_audited_and_lets_the_appraiser_rate_again(org, as_persona, skp, january):
    appraisal = finalise(org, skp, january, "meets", "meets")
    hr = actor_for(org.users["hr_sorong"])
    with pytest.raises(ValidationError, match="alasan"):
        services.appraisal_reopen(actor=hr, appraisal=appraisal, reason="  ")
    history_before = appraisal.history.count()
    Notification.objects.all().delete()

    response = as_persona("hr_sorong").post(
        reverse("performance:appraisal_reopen", args=[appraisal.pk]),
        {"reason": "Keberatan pegawai diterima."},
    )
    assert response.status_code == 302
    appraisal.refresh_from_db()
    assert appraisal.state == AppraisalState.REOPENED
    assert appraisal.predikat == "" and appraisal.finalised_at is None
    reopening = AppraisalReopening.objects.get()
    assert (reopening.reason, reopening.previous_predikat, reopening.by) == (
        "Keberatan pegawai diterima.",
        "baik",
        org.users["hr_sorong"],
    )
    assert appraisal.history.count() == history_before + 1
    assert appraisal.history.first().history_user == org.users["hr_sorong"]
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "kadinkes.sorong",
        "perawat.sorong",
    }

    again = finalise(org, skp, january, "below", "meets")
    assert again.pk == appraisal.pk
    assert (again.state, again.predikat) == (AppraisalState.FINAL, "butuh_perbaikan")
    assert Notification.objects.filter(key=f"appraisal:{appraisal.pk}:final:1").exists()
    assert CoachingPlan.objects.filter(appraisal=appraisal).exists()


def test_only_a_final_appraisal_is_reopened_and_only_by_hr(org, skp, january):
    draft = services.appraisal_save(actor=head(org), skp=skp, period=january, rating_hasil="meets")
    with pytest.raises(ValidationError, match="sudah final"):
        services.appraisal_reopen(actor=actor_for(org.users["hr_sorong"]), appraisal=draft, reason="x")
    final = finalise(org, skp, period(skp.year, 2))
    for persona in ("head_dinkes_sorong", "employee_dinkes_sorong", "hr_palembang"):
        with pytest.raises(PermissionDenied):
            services.appraisal_reopen(actor=actor_for(org.users[persona]), appraisal=final, reason="x")
    assert not AppraisalReopening.objects.exists()


def test_an_appraisal_waits_for_an_approved_skp(org):
    draft = make_skp(org.employee_dinkes_sorong, make_year(org.sorong), state="submitted")
    with pytest.raises(ValidationError, match="sudah disetujui"):
        finalise(org, draft, period(draft.year, 1))


def test_a_final_appraisal_is_read_only_through_the_service(org, skp, january):
    make_appraisal(skp, january, state=AppraisalState.FINAL, predikat="baik")
    with pytest.raises(ValidationError, match="sudah final"):
        finalise(org, skp, january)


# --- Coaching plan -----------------------------------------------------------------------------------
def coaching_plan(org, skp, p):
    finalise(org, skp, p, "below", "below")
    return CoachingPlan.objects.get()


def test_the_head_fills_the_coaching_plan_and_marks_it_done(org, as_persona, skp, january):
    plan = coaching_plan(org, skp, january)
    coaching_url = reverse("performance:coaching", args=[plan.pk])
    client = as_persona("head_dinkes_sorong")
    incomplete = client.post(coaching_url, {"problem": "", "actions": "", "due_date": ""})
    assert incomplete.status_code == 200
    plan.refresh_from_db()
    assert plan.state == CoachingState.OPEN
    response = client.post(
        coaching_url,
        {
            "problem": "Laporan sering terlambat.",
            "actions": "Pendampingan mingguan oleh kepala seksi.",
            "training_need": "Pelatihan manajemen waktu",
            "due_date": "2026-12-31",
            "action": "save",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == CoachingState.FILLED
    assert plan.training_need == "Pelatihan manajemen waktu"
    assert str(plan.due_date) == "2026-12-31"
    assert Notification.objects.filter(
        recipient=org.users["employee_dinkes_sorong"], key=f"coaching:{plan.pk}:filled"
    ).exists()
    assert client.post(coaching_url, {"action": "done"}).status_code == 302
    plan.refresh_from_db()
    assert plan.state == CoachingState.DONE
    assert plan.history.count() >= 3


def test_the_employee_and_hr_read_the_plan_but_do_not_write_it(org, as_persona, skp, january):
    plan = coaching_plan(org, skp, january)
    coaching_url = reverse("performance:coaching", args=[plan.pk])
    for persona in ("employee_dinkes_sorong", "hr_sorong"):
        page = as_persona(persona).get(coaching_url)
        assert page.status_code == 200
        assert page.context["form"] is None
        assert as_persona(persona).post(coaching_url, {"problem": "x", "actions": "y"}).status_code == 403
    plan.refresh_from_db()
    assert plan.state == CoachingState.OPEN and plan.problem == ""


def test_an_open_plan_cannot_be_marked_done(org, skp, january):
    plan = coaching_plan(org, skp, january)
    with pytest.raises(ValidationError, match="Isi rencana"):
        services.coaching_done(actor=head(org), plan=plan)


def test_re_rating_a_reopened_appraisal_well_drops_the_untouched_coaching_plan(org, skp, january):
    appraisal = finalise(org, skp, january, "below", "below")  # Sangat Kurang: a plan opens
    assert CoachingPlan.objects.filter(appraisal=appraisal, state=CoachingState.OPEN).exists()
    services.appraisal_reopen(
        actor=actor_for(org.users["hr_sorong"]), appraisal=appraisal, reason="Keberatan diterima."
    )
    finalise(org, skp, january, "meets", "meets", override_reason="Data realisasi dikoreksi.")
    assert not CoachingPlan.objects.exists()


def test_weak_again_after_a_reopening_the_head_is_reminded_of_the_plan(org, skp, january):
    appraisal = finalise(org, skp, january, "below", "below")
    services.appraisal_reopen(
        actor=actor_for(org.users["hr_sorong"]), appraisal=appraisal, reason="Periksa ulang."
    )
    Notification.objects.all().delete()
    finalise(org, skp, january, "below", "meets", override_reason="Tetap di bawah target.")
    assert CoachingPlan.objects.count() == 1
    assert Notification.objects.filter(
        kind="coaching_open", recipient=org.users["head_dinkes_sorong"]
    ).exists()
