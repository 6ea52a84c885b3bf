"""The scoring job's numbers: PeriodScore per employee and UnitScore per subtree, against the pure
rules (rules.capaian, rules.indeks, rules.ANNUAL_POLICY) on hand-made and on random data."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from performance import rules
from performance.choices import AppraisalState, Direction, Predikat, ScoringState, SkpState
from performance.models import Iki, PeriodScore, Realisation, Rhk, ScoringRun, UnitScore
from performance.services import scoring
from tests.factories import make_employee, make_employees_bulk, make_unit

from .factories import annual, ikis_of, make_appraisal, make_realisation, make_skp, make_year, period

D = Decimal
TOLERANCE = D("1e-9")

# The nurse's plan: a numeric IKI of each direction, a qualitative one, and a "lower is better"
# one she reports as 0 (capaian 120).
NURSE_PLAN = [
    (
        "Meningkatnya cakupan pelayanan",
        [
            ("Jumlah pasien terlayani", D(100), "orang", Direction.HIGHER),
            ("Waktu tunggu pasien", D(5), "menit", Direction.LOWER),
        ],
    ),
    (
        "Tertibnya administrasi",
        [
            ("Kualitas laporan", None, "", Direction.HIGHER),
            ("Keluhan pasien", D(10), "keluhan", Direction.LOWER),
        ],
    ),
]


def close(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= TOLERANCE


def scores(period_) -> dict[int, PeriodScore]:
    return {s.employee_id: s for s in PeriodScore.objects.filter(period=period_)}


@pytest.fixture
def year(org):
    return make_year(org.sorong)


@pytest.fixture
def nurse(org, year):
    """The nurse: approved SKP with 4 IKI (weights 2, 1, 1, 1) and reports in January and February."""
    skp = make_skp(org.employee_dinkes_sorong, year, plan=NURSE_PLAN)
    patients, waiting, quality, complaints = ikis_of(skp)
    Iki.objects.filter(pk=patients.pk).update(weight=2)
    jan, feb = period(year, 1), period(year, 2)
    make_realisation(patients, jan, 90)
    make_realisation(waiting, jan, 4)  # T/R = 1.25 -> capped at 120
    make_realisation(quality, jan, None, text="Laporan lengkap dan tepat waktu")
    make_realisation(complaints, jan, 0)  # lower is better, R = 0 -> 120
    make_realisation(patients, feb, 60)
    make_realisation(waiting, feb, D("6.5"))
    return skp


def test_a_monthly_score_follows_the_rules_for_each_kind_of_iki(org, year, nurse):
    run = scoring.score_period_run(period_id=period(year, 1).pk)

    assert run.state == ScoringState.DONE
    row = scores(period(year, 1))[org.employee_dinkes_sorong.pk]
    expected = rules.indeks(
        [
            (rules.capaian(D(100), D(90), Direction.HIGHER), D(2)),
            (rules.capaian(D(5), D(4), Direction.LOWER), D(1)),
            (rules.capaian(D(10), D(0), Direction.LOWER), D(1)),
        ]
    )
    assert expected == D(105)  # (90·2 + 120 + 120) / 4; the qualitative IKI is not in the indeks
    assert close(row.indeks, expected)
    assert row.iki_total == 4
    assert row.iki_reported == 4  # the qualitative report counts as reported
    assert row.unit_id == org.pkm_sorong.pk
    assert row.skp_state == SkpState.APPROVED
    assert (row.appraisal_state, row.predikat) == ("", "")


def test_the_annual_score_counts_every_report_of_the_year_with_its_ikis_weight(org, year, nurse):
    scoring.score_period_run(period_id=annual(year).pk)

    row = scores(annual(year))[org.employee_dinkes_sorong.pk]
    # By hand: January 90·2 + 120 + 120, February 60·2 + (5 / 6.5)·100 = 1000/13, over the weights
    # 2 + 1 + 1 + 2 + 1 = 7: (540 + 1000/13) / 7 = 8020/91 = 88.1318681318…
    expected = D(8020) / D(91)
    assert str(expected).startswith("88.131868131868")
    assert close(row.indeks, expected)
    assert row.iki_reported == 4  # distinct IKI reported over the year
    assert row.iki_total == 4


def test_employees_without_plan_or_reports_get_a_row_without_indeks(org, year, nurse):
    scoring.score_period_run(period_id=period(year, 1).pk)

    row = scores(period(year, 1))[org.employee_dishub_sorong.pk]
    assert (row.iki_total, row.iki_reported, row.indeks, row.skp_state) == (0, 0, None, "")
    assert row.unit_id == org.dishub_sorong.pk


def test_only_active_employees_of_the_periods_agency_are_scored(org, year, nurse):
    leaver = make_employee(org.dishub_sorong, name="Sudah Pensiun", is_active=False)

    scoring.score_period_run(period_id=period(year, 1).pk)

    assert set(scores(period(year, 1))) == {
        org.head_dinkes_sorong.pk,
        org.employee_dinkes_sorong.pk,
        org.employee_dishub_sorong.pk,
    }
    assert leaver.pk not in scores(period(year, 1))
    assert org.employee_dishub_palembang.pk not in scores(period(year, 1))


def test_an_open_revision_is_the_skp_state_while_the_approved_version_counts_its_iki(org, year):
    v1 = make_skp(org.head_dinkes_sorong, year)  # two IKI in the default plan
    make_skp(org.head_dinkes_sorong, year, version=2, state=SkpState.DRAFT, plan=[])
    make_realisation(ikis_of(v1)[0], period(year, 1), 110)

    scoring.score_period_run(period_id=period(year, 1).pk)

    row = scores(period(year, 1))[org.head_dinkes_sorong.pk]
    assert row.skp_state == SkpState.DRAFT
    assert row.iki_total == 2
    assert close(row.indeks, rules.capaian(D(100), D(110), Direction.HIGHER))


def test_a_superseded_version_is_not_the_skp_in_force(org, year):
    make_skp(org.head_dinkes_sorong, year, state=SkpState.SUPERSEDED)
    make_skp(org.head_dinkes_sorong, year, version=2, state=SkpState.SUBMITTED)

    scoring.score_period_run(period_id=period(year, 1).pk)

    row = scores(period(year, 1))[org.head_dinkes_sorong.pk]
    assert (row.skp_state, row.iki_total) == (SkpState.SUBMITTED, 0)


def head_skp_with_appraiser(org, year):
    """The head's SKP; in the fixture the head has no atasan, so another employee appraises him."""
    return make_skp(org.head_dinkes_sorong, year, appraiser=org.employee_dishub_sorong)


def test_the_predikat_is_copied_only_from_a_final_appraisal(org, year, nurse):
    head_skp = head_skp_with_appraiser(org, year)
    jan = period(year, 1)
    make_appraisal(nurse, jan, state=AppraisalState.DRAFT, predikat=Predikat.BAIK)
    make_appraisal(head_skp, jan, state=AppraisalState.FINAL, predikat=Predikat.SANGAT_BAIK)

    scoring.score_period_run(period_id=jan.pk)

    rows = scores(jan)
    assert (
        rows[org.employee_dinkes_sorong.pk].appraisal_state,
        rows[org.employee_dinkes_sorong.pk].predikat,
    ) == (
        AppraisalState.DRAFT,
        "",
    )
    assert (rows[org.head_dinkes_sorong.pk].appraisal_state, rows[org.head_dinkes_sorong.pk].predikat) == (
        AppraisalState.FINAL,
        Predikat.SANGAT_BAIK,
    )


def test_unit_scores_roll_up_each_units_whole_subtree(org, year, nurse):
    head_skp = head_skp_with_appraiser(org, year)
    jan = period(year, 1)
    make_realisation(ikis_of(head_skp)[0], jan, 80)  # capaian 80
    make_appraisal(head_skp, jan, state=AppraisalState.FINAL, predikat=Predikat.BAIK)
    make_appraisal(nurse, jan, state=AppraisalState.FINAL, predikat=Predikat.SANGAT_BAIK)

    scoring.score_period_run(period_id=jan.pk)

    units = {u.unit_id: u for u in UnitScore.objects.filter(period=jan)}
    assert set(units) == {org.dinkes_sorong.pk, org.pkm_sorong.pk, org.dishub_sorong.pk}
    dinkes, pkm, dishub = units[org.dinkes_sorong.pk], units[org.pkm_sorong.pk], units[org.dishub_sorong.pk]
    # Dinkes: the head and, below it in the Puskesmas, the nurse.
    assert (dinkes.employees, dinkes.skp_approved, dinkes.reported, dinkes.appraised) == (2, 2, 2, 2)
    assert close(dinkes.avg_indeks, (D(105) + D(80)) / 2)
    assert dinkes.predikat_counts == {
        Predikat.SANGAT_BAIK: 1,
        Predikat.BAIK: 1,
        Predikat.BUTUH_PERBAIKAN: 0,
        Predikat.KURANG: 0,
        Predikat.SANGAT_KURANG: 0,
    }
    assert (pkm.employees, pkm.reported, pkm.sangat_baik, pkm.baik) == (1, 1, 1, 0)
    assert close(pkm.avg_indeks, D(105))
    assert (dishub.employees, dishub.skp_approved, dishub.reported, dishub.appraised) == (1, 0, 0, 0)
    assert dishub.avg_indeks is None


def test_an_approved_skp_under_revision_still_counts_as_approved_in_the_unit(org, year):
    make_skp(org.head_dinkes_sorong, year)
    make_skp(org.head_dinkes_sorong, year, version=2, state=SkpState.DRAFT, plan=[])

    scoring.score_period_run(period_id=period(year, 1).pk)

    dinkes = UnitScore.objects.get(period=period(year, 1), unit=org.dinkes_sorong)
    assert (dinkes.employees, dinkes.skp_approved) == (2, 1)  # the head and the nurse (no SKP)


def test_scores_of_employees_who_left_the_scope_are_deleted_on_the_next_run(org, year, nurse):
    jan = period(year, 1)
    scoring.score_period_run(period_id=jan.pk)
    org.employee_dishub_sorong.is_active = False
    org.employee_dishub_sorong.save(update_fields=["is_active"])

    scoring.score_period_run(period_id=jan.pk)

    assert org.employee_dishub_sorong.pk not in scores(jan)
    dishub = UnitScore.objects.get(period=jan, unit=org.dishub_sorong)
    assert dishub.employees == 0


def test_the_job_writes_the_scores_that_were_wrong_before(org, year, nurse):
    jan = period(year, 1)
    scoring.score_period_run(period_id=jan.pk)
    PeriodScore.objects.filter(period=jan).update(indeks=D(1), iki_total=99, skp_state="")

    scoring.score_period_run(period_id=jan.pk)

    row = scores(jan)[org.employee_dinkes_sorong.pk]
    assert close(row.indeks, D(105))
    assert (row.iki_total, row.skp_state) == (4, SkpState.APPROVED)


# --- Random data against the pure rules ------------------------------------------------------------------


def _random_decimal(rng: random.Random, low: int, high: int, places: int) -> Decimal:
    scale = 10**places
    return D(rng.randint(low * scale, high * scale)) / scale


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_sql_indeks_equals_rules_indeks_on_random_data(org, year, seed):
    """Random targets, directions, weights and realisations (zeros, qualitative IKI, reports in
    several months): the stored indeks equals rules.indeks / rules.annual_indeks within 1e-9."""
    rng = random.Random(seed)
    people = make_employees_bulk(org.pkm_sorong, 6)
    months = [period(year, n) for n in (1, 2, 3)]
    expected_month: dict[int, list] = {}
    expected_year: dict[int, list] = {}
    for person in people:
        skp = make_skp(person, year, plan=[])
        rhk = Rhk.objects.create(skp=skp, order=1, text="Hasil kerja")
        for order in range(rng.randint(1, 6)):
            qualitative = rng.random() < 0.15
            iki = Iki.objects.create(
                rhk=rhk,
                order=order,
                indicator=f"IKI {order}",
                target=None if qualitative else _random_decimal(rng, 0, 500, 4) + D("0.0001"),
                target_text="Kualitatif" if qualitative else "",
                direction=rng.choice([Direction.HIGHER, Direction.LOWER]),
                weight=_random_decimal(rng, 0, 20, 2) + D("0.01"),
            )
            for month in months:
                if rng.random() < 0.25:
                    continue  # not reported this month
                value = None if qualitative else rng.choice([D(0), _random_decimal(rng, 0, 800, 4)])
                Realisation.objects.create(iki=iki, period=month, employee=person, value=value, text="x")
                if value is not None:
                    pair = (rules.capaian(iki.target, value, iki.direction), iki.weight)
                    expected_year.setdefault(person.pk, []).append(pair)
                    if month == months[0]:
                        expected_month.setdefault(person.pk, []).append(pair)

    scoring.score_period_run(period_id=months[0].pk, batch_size=4)
    scoring.score_period_run(period_id=annual(year).pk, batch_size=4)

    by_month, by_year = scores(months[0]), scores(annual(year))
    for person in people:
        want_month = rules.indeks(expected_month.get(person.pk, []))
        want_year = rules.annual_indeks(expected_year.get(person.pk, []))
        assert close(by_month[person.pk].indeks, want_month), (seed, person.pk)
        assert close(by_year[person.pk].indeks, want_year), (seed, person.pk)


def test_an_agency_without_employees_finishes_with_nothing_to_do(org):
    other = make_unit(org.palembang, "BARU", name="Unit Baru")
    assert other.employees.count() == 0
    year = make_year(org.palembang)
    org.employee_dishub_palembang.is_active = False
    org.employee_dishub_palembang.save(update_fields=["is_active"])

    run = scoring.score_period_run(period_id=period(year, 1).pk)

    assert (run.state, run.total, run.processed) == (ScoringState.DONE, 0, 0)
    assert not PeriodScore.objects.exists()
    assert UnitScore.objects.filter(period=period(year, 1)).count() == 2  # both Palembang units
    assert ScoringRun.objects.count() == 1


def test_reports_on_a_superseded_version_still_count_and_iki_total_is_the_approved_versions(org, year):
    v1 = make_skp(org.head_dinkes_sorong, year, state=SkpState.SUPERSEDED)
    v2 = make_skp(
        org.head_dinkes_sorong,
        year,
        version=2,
        plan=[("Hasil baru", [("Indikator baru", D(50), "dokumen", Direction.HIGHER)])],
    )
    jan, feb = period(year, 1), period(year, 2)
    make_realisation(ikis_of(v1)[0], jan, 100)  # capaian 100 on the old version
    make_realisation(ikis_of(v2)[0], feb, 25)  # capaian 50 on the new one

    scoring.score_period_run(period_id=jan.pk)
    scoring.score_period_run(period_id=annual(year).pk)

    in_january = scores(jan)[org.head_dinkes_sorong.pk]
    assert (in_january.iki_total, in_january.iki_reported) == (1, 1)
    assert close(in_january.indeks, D(100))
    over_the_year = scores(annual(year))[org.head_dinkes_sorong.pk]
    assert (over_the_year.iki_total, over_the_year.iki_reported) == (1, 2)
    assert close(over_the_year.indeks, D(75))


# Two IKI of equal weight whose exact mean is the threshold itself, and a ten-thousandth either
# side (realisations keep 4 decimals): (capaian, capaian) -> the rating both must suggest.
EDGE_CASES = [
    # 31/30 and 17/30: 103⅓ and 56⅔, exactly 80.
    ((D(30), D(31), Direction.HIGHER), (D(30), D(17), Direction.HIGHER), "meets"),
    ((D(30), D(31), Direction.HIGHER), (D(30), D("16.9999"), Direction.HIGHER), "below"),
    ((D(30), D(31), Direction.HIGHER), (D(30), D("17.0001"), Direction.HIGHER), "meets"),
    # Lower is better: 31/30 and 17/30 again, exactly 80.
    ((D(31), D(30), Direction.LOWER), (D(17), D(30), Direction.LOWER), "meets"),
    ((D(31), D(30), Direction.LOWER), (D("16.9999"), D(30), Direction.LOWER), "below"),
    # 35/30 and 31/30: 116⅔ and 103⅓, exactly 110.
    ((D(30), D(35), Direction.HIGHER), (D(30), D(31), Direction.HIGHER), "above"),
    ((D(30), D(35), Direction.HIGHER), (D(30), D("30.9999"), Direction.HIGHER), "meets"),
    ((D(30), D(35), Direction.HIGHER), (D(30), D("31.0001"), Direction.HIGHER), "above"),
]


@pytest.mark.parametrize(("first", "second", "rating"), EDGE_CASES)
def test_the_job_and_the_page_suggest_the_same_rating_at_80_and_110_and_just_around_them(
    org, year, first, second, rating
):
    from performance.selectors.realisation import period_basis

    plan = [("Hasil", [("IKI A", first[0], "unit", first[2]), ("IKI B", second[0], "unit", second[2])])]
    skp = make_skp(org.employee_dinkes_sorong, year, plan=plan)
    a, b = ikis_of(skp)
    jan = period(year, 1)
    make_realisation(a, jan, first[1])
    make_realisation(b, jan, second[1])

    scoring.score_period_run(period_id=jan.pk)
    job = scores(jan)[org.employee_dinkes_sorong.pk].indeks
    page = period_basis(skp, jan)

    thresholds = {"above": year.threshold_above, "meets": year.threshold_meets}
    assert page.suggested == rating
    assert rules.suggested_rating(job, **thresholds) == rating
    assert job == page.indeks.quantize(D("1e-12"))
