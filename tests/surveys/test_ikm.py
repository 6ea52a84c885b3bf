"""The IKM job (surveys.services.ikm): one aggregate per period into IkmResult, against the worked
example of domain.md §9, idempotent, one run at a time, graded with the period's weighting and band
table; the pooled results equal the IKM of all responses; which periods the nightly job computes."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.access import actor_for
from core.choices import RunState
from surveys import rules
from surveys.choices import PeriodState, Weighting
from surveys.models import BandTable, IkmResult, IkmRun, MutuBand, Response
from surveys.selectors import results as selectors
from surveys.services import ikm

from .factories import (
    make_responses,
    make_service,
    make_service_unit,
    response_row,
    semester_period,
    worked_example,
)

pytestmark = pytest.mark.django_db


def rows_of(period) -> list[tuple]:
    return sorted(
        IkmResult.objects.filter(period=period).values_list(
            "pk", "service_id", "respondents", *ikm.SUM_COLUMNS, "konversi", "mutu"
        ),
        key=lambda row: (row[1] is not None, row[1] or 0),
    )


@pytest.fixture
def unit(org):
    return make_service_unit(org.pkm_sorong, "pkm-sorong", name="Puskesmas Sorong Kota")


def test_the_worked_example_gives_konversi_80_56_and_mutu_b(unit):
    period = semester_period(unit)
    worked_example(period)

    run = ikm.compute_period(period.pk)

    assert (run.state, run.processed, run.total) == (RunState.DONE, 4, 4)
    whole = IkmResult.objects.get(period=period, service__isnull=True)
    assert whole.respondents == 4
    assert [getattr(whole, c) for c in ikm.SUM_COLUMNS] == [13, 11, 11, 16, 13, 14, 15, 11, 12]
    assert (whole.konversi, whole.mutu) == (Decimal("80.56"), "B")
    report = selectors.period_report(period)
    assert report.ikm is not None and rules.display(report.ikm.ikm, 4) == Decimal("3.2222")
    assert [row.code for row in report.priorities] == ["U2", "U3", "U8"]


def test_the_results_are_per_service_and_for_the_whole_period(unit):
    period = semester_period(unit)
    loket, online = make_service(unit, "KTP"), make_service(unit, "Akta kelahiran")
    worked_example(period, service=loket)
    make_responses(period, 30, services=[online, None])

    ikm.compute_period(period.pk)

    by_service = {r.service_id: r for r in IkmResult.objects.filter(period=period)}
    assert set(by_service) == {None, loket.pk, online.pk}
    assert by_service[loket.pk].konversi == Decimal("80.56")
    assert by_service[online.pk].respondents == 15
    # The responses without a service count in the whole period only.
    assert by_service[None].respondents == 34
    for column in ikm.SUM_COLUMNS:
        assert getattr(by_service[None], column) == sum(
            Response.objects.filter(period=period).values_list(column.replace("sum_", ""), flat=True)
        )


def test_running_the_job_twice_leaves_the_same_rows(unit):
    period = semester_period(unit)
    make_responses(period, 50, services=[make_service(unit, "KTP"), make_service(unit, "KK")])
    ikm.compute_period(period.pk)
    first = rows_of(period)

    second_run = ikm.compute_period(period.pk)

    assert second_run.state == RunState.DONE
    assert rows_of(period) == first  # same ids, same values
    assert IkmRun.objects.filter(period=period).count() == 2


def test_a_recomputation_follows_new_and_removed_responses(unit):
    period = semester_period(unit)
    ktp, kk = make_service(unit, "KTP"), make_service(unit, "KK")
    make_responses(period, 10, services=[ktp])
    ikm.compute_period(period.pk)
    Response.objects.filter(period=period).delete()
    make_responses(period, 6, services=[kk])

    ikm.compute_period(period.pk)

    assert {r.service_id: r.respondents for r in IkmResult.objects.filter(period=period)} == {
        None: 6,
        kk.pk: 6,
    }


def test_a_period_without_responses_has_a_whole_row_without_a_grade(unit):
    period = semester_period(unit)

    ikm.compute_period(period.pk)

    whole = IkmResult.objects.get(period=period)
    assert (whole.service_id, whole.respondents, whole.konversi, whole.mutu) == (None, 0, None, "")


def test_the_job_is_one_aggregate_over_the_responses(unit):
    period = semester_period(unit)
    make_responses(period, 40, services=[make_service(unit, "A"), make_service(unit, "B")])
    ikm.compute_period(period.pk)
    table = Response._meta.db_table

    with CaptureQueriesContext(connection) as queries:
        ikm.compute_period(period.pk)

    reads = [q["sql"] for q in queries.captured_queries if table in q["sql"]]
    assert len(reads) == 1 and "GROUP BY" in reads[0]
    assert len(queries) <= 16


def test_a_legacy_weight_reproduces_the_rounded_weight_report(unit):
    """0.111 × Σ NRR (29.00) × 25 = 80.475 → 80.48, not the exact 80.56."""
    period = semester_period(unit, weighting=Weighting.W0111)
    worked_example(period)

    ikm.compute_period(period.pk)

    whole = IkmResult.objects.get(period=period)
    assert whole.konversi == Decimal("80.48")
    assert whole.mutu == "B"
    period.weighting = Weighting.W011
    period.save()
    ikm.compute_period(period.pk)
    assert IkmResult.objects.get(period=period).konversi == Decimal("79.75")  # 0.11 × 29 × 25


def test_without_a_fixed_table_the_bands_in_force_on_the_first_day_grade_it(unit):
    old = BandTable.objects.create(
        name="Kepmenpan 25/2004", valid_from=date(2004, 1, 1), valid_to=date(2016, 12, 31)
    )
    for grade, minimum in (("A", "81.26"), ("B", "62.51"), ("C", "43.76"), ("D", "25.00")):
        MutuBand.objects.create(table=old, grade=grade, label=grade, minimum=Decimal(minimum))
    before = semester_period(unit, start=date(2016, 1, 1), end=date(2016, 6, 30), fixed_bands=False)
    after = semester_period(unit, start=date(2026, 1, 1), end=date(2026, 6, 30), fixed_bands=False)
    for period in (before, after):
        worked_example(period)
        ikm.compute_period(period.pk)

    assert IkmResult.objects.get(period=before).mutu == "B"  # 80.56 < 81.26 under the old table
    assert IkmResult.objects.get(period=after).mutu == "B"
    for period in (before, after):
        Response.objects.filter(period=period).update(u1=4, u2=4, u3=4, u8=4, u9=4)
        ikm.compute_period(period.pk)
    # 3.9167 × 25 = 97.92 → A under both tables; 88.31 ≤ … is the 2017 band.
    assert IkmResult.objects.get(period=before).mutu == "A"
    assert IkmResult.objects.get(period=after).mutu == "A"
    Response.objects.filter(period__in=[before, after]).update(u4=2, u5=2, u6=2, u7=2)
    for period in (before, after):
        ikm.compute_period(period.pk)
    # Σ NRR = 4·5 + 2·4 = 28 → 77.78: B under 2017 (≥ 76.61), still B under the old table (≥ 62.51).
    assert IkmResult.objects.get(period=after).konversi == Decimal("77.78")
    Response.objects.filter(period__in=[before, after]).update(u1=2, u2=2, u3=2)
    for period in (before, after):
        ikm.compute_period(period.pk)
    # Σ NRR = 2·7 + 4·2 = 22 → 61.11: D under 2017 (< 65.00), C under the old table (≥ 43.76).
    assert IkmResult.objects.get(period=after).mutu == "D"
    assert IkmResult.objects.get(period=before).mutu == "C"


def test_one_run_at_a_time_per_period(unit, org):
    period = semester_period(unit)
    worked_example(period)
    active, started = ikm.start_run(period_id=period.pk)
    assert started

    other = ikm.compute_period(period.pk)

    assert other.pk == active.pk and other.state == RunState.RUNNING
    assert not IkmResult.objects.filter(period=period).exists()
    # The page's request does not start a second run either.
    run, started = ikm.recompute_request(actor=actor_for(org.users["hr_sorong"]), period=period)
    assert (run.pk, started) == (active.pk, False)


def test_a_run_whose_worker_died_is_taken_over(unit):
    period = semester_period(unit)
    worked_example(period)
    stale, _ = ikm.start_run(period_id=period.pk)
    IkmRun.objects.filter(pk=stale.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))

    run = ikm.compute_period(period.pk)

    assert (run.pk, run.state) == (stale.pk, RunState.DONE)
    assert IkmResult.objects.get(period=period).konversi == Decimal("80.56")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pooled_results_equal_the_ikm_of_all_their_responses(org, seed):
    """Service units of different sizes and services in a subtree: the pooled IKM (rules.pool over
    the stored totals) equals the IKM computed from every response at once."""
    rng = random.Random(seed)
    units = [
        make_service_unit(org.dinkes_sorong, "dinkes-loket"),
        make_service_unit(org.pkm_sorong, "pkm-sorong"),
        make_service_unit(org.pkm_sorong, "pkm-sorong-2"),
    ]
    everything = []
    for n, service_unit in enumerate(units):
        period = semester_period(service_unit)
        services = [make_service(service_unit, f"L{k}") for k in range(rng.randint(1, 3))]
        rows = [
            response_row(
                period, [rng.choice((1, 2, 3, 3, 4)) for _ in range(9)], service=rng.choice(services)
            )
            for _ in range(rng.randint(5, 60) * (n + 1))
        ]
        Response.objects.bulk_create(rows)
        everything += rows
        ikm.compute_period(period.pk)
    actor = actor_for(org.users["hr_sorong"])

    pooled = selectors.pooled(actor, unit=org.dinkes_sorong)

    answers = [
        {code: getattr(r, f"u{i}") for i, code in enumerate(rules.UNSUR_CODES, start=1)} for r in everything
    ]
    direct = rules.compute_ikm(rules.totals_of(answers), "exact", selectors.bands_of(pooled.rows[0].period))
    assert pooled.ikm is not None and direct is not None
    assert pooled.ikm.ikm == direct.ikm  # exact fractions
    assert pooled.ikm.mutu == direct.mutu
    assert pooled.respondents == len(everything)
    per_instansi = selectors.pooled(actor, instansi=org.sorong)
    assert per_instansi.ikm is not None and per_instansi.ikm.ikm == direct.ikm
    # The head of Dinkes pools the same subtree; the Puskesmas subtree alone is smaller.
    head = actor_for(org.users["head_dinkes_sorong"])
    assert selectors.pooled(head, unit=org.dinkes_sorong).ikm.ikm == direct.ikm
    assert selectors.pooled(head, unit=org.pkm_sorong).respondents < len(everything)


def test_the_nightly_job_computes_open_periods_and_those_closed_since_their_last_run(unit, time_machine):
    open_period = semester_period(
        unit, start=date(2026, 7, 1), end=date(2026, 12, 31), state=PeriodState.OPEN
    )
    closed = semester_period(unit)
    older = semester_period(unit, start=date(2025, 7, 1), end=date(2025, 12, 31))
    draft = semester_period(unit, start=date(2027, 1, 1), end=date(2027, 6, 30), state=PeriodState.DRAFT)

    assert ikm.due_periods() == [older.pk, closed.pk, open_period.pk]

    for period in (open_period, closed, older):
        ikm.compute_period(period.pk)
    assert ikm.due_periods() == [open_period.pk]  # the closed ones are up to date
    time_machine.shift(timedelta(hours=1))
    closed.closed_at = timezone.now()  # reopened and closed again since
    closed.save()
    assert ikm.due_periods() == [closed.pk, open_period.pk]
    assert draft.pk not in ikm.due_periods()
