"""The scoring run: idempotent, resumable from its cursor, one at a time per period (the lock), a stale
run taken over, and a constant number of queries whatever the number of employees."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.runs import stale_limit
from performance.choices import AppraisalState, Predikat, ScoringState
from performance.models import PeriodScore, ScoringRun, UnitScore
from performance.services import scoring
from tests.factories import make_employees_bulk

from .factories import ikis_of, make_appraisal, make_realisation, make_skp, make_year, period


@pytest.fixture
def year(org):
    return make_year(org.sorong)


@pytest.fixture
def january(org, year):
    """Eight Sorong employees: the fixture's three and five more in Dishub; reports and a rating."""
    make_employees_bulk(org.dishub_sorong, 5)
    jan = period(year, 1)
    skp = make_skp(org.employee_dinkes_sorong, year)
    patients, days = ikis_of(skp)
    make_realisation(patients, jan, 90)
    make_realisation(days, jan, 4)
    make_appraisal(skp, jan, state=AppraisalState.FINAL, predikat=Predikat.BAIK)
    return jan


def in_scope_ids(org) -> list[int]:
    from employees.models import Employee

    return list(
        Employee.objects.filter(unit__instansi=org.sorong, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def table(model, period_, *, with_ids: bool = True) -> list[dict]:
    rows = list(model.objects.filter(period=period_).order_by("pk").values())
    if not with_ids:
        for row in rows:
            row.pop("id")
        key = "employee_id" if model is PeriodScore else "unit_id"
        rows.sort(key=lambda r: r[key])
    return rows


def batch_spy(monkeypatch, *, fail_on: int | None = None) -> list[tuple[int, int]]:
    """Record the (lo, hi) of every batch; raise on the `fail_on`-th one (1-based)."""
    calls: list[tuple[int, int]] = []
    real = scoring.score_batch

    def spy(scope, *, lo, hi):
        calls.append((lo, hi))
        if len(calls) == fail_on:
            raise RuntimeError("Koneksi basis data terputus")
        real(scope, lo=lo, hi=hi)

    monkeypatch.setattr(scoring, "score_batch", spy)
    return calls


def test_a_second_run_leaves_every_row_exactly_as_it_was(january):
    scoring.score_period_run(period_id=january.pk)
    scores, units = table(PeriodScore, january), table(UnitScore, january)

    second = scoring.score_period_run(period_id=january.pk)

    assert second.state == ScoringState.DONE
    assert table(PeriodScore, january) == scores
    assert table(UnitScore, january) == units
    assert len(scores) == 8
    assert ScoringRun.objects.filter(period=january, state=ScoringState.DONE).count() == 2


def test_a_finished_run_has_counted_every_employee_and_its_cursor_is_the_last_one(org, january):
    run = scoring.score_period_run(period_id=january.pk, batch_size=3)

    ids = in_scope_ids(org)
    assert (run.state, run.total, run.processed, run.cursor) == (ScoringState.DONE, 8, 8, ids[-1])
    assert run.finished_at is not None
    assert run.percent == 100


def test_an_interrupted_run_resumes_from_its_cursor_and_ends_as_an_uninterrupted_run(
    org, january, monkeypatch
):
    ids = in_scope_ids(org)
    calls = batch_spy(monkeypatch, fail_on=2)

    with pytest.raises(RuntimeError):
        scoring.score_period_run(period_id=january.pk, batch_size=3)

    failed = ScoringRun.objects.get(period=january)
    assert (failed.state, failed.error) == (ScoringState.FAILED, "Koneksi basis data terputus")
    assert (failed.cursor, failed.processed, failed.total) == (ids[2], 3, 8)
    assert sorted(PeriodScore.objects.filter(period=january).values_list("employee_id", flat=True)) == ids[:3]
    assert not UnitScore.objects.filter(period=january).exists()

    monkeypatch.undo()
    calls = batch_spy(monkeypatch)  # this time nothing fails
    resumed = scoring.score_period_run(period_id=january.pk, batch_size=3)

    assert resumed.pk == failed.pk
    assert (resumed.state, resumed.processed, resumed.total, resumed.error) == (ScoringState.DONE, 8, 8, "")
    assert calls == [(ids[2], ids[5]), (ids[5], ids[7])]  # the first batch is not scored again
    after_resume = (table(PeriodScore, january, with_ids=False), table(UnitScore, january, with_ids=False))

    PeriodScore.objects.all().delete()
    UnitScore.objects.all().delete()
    ScoringRun.objects.all().delete()
    scoring.score_period_run(period_id=january.pk, batch_size=3)

    uninterrupted = (table(PeriodScore, january, with_ids=False), table(UnitScore, january, with_ids=False))
    assert after_resume == uninterrupted
    assert len(after_resume[0]) == 8


def test_a_second_start_while_a_run_is_active_does_not_start_another(january, monkeypatch):
    calls = batch_spy(monkeypatch)
    active = ScoringRun.objects.create(
        period=january, state=ScoringState.RUNNING, total=8, processed=3, cursor=5
    )

    returned = scoring.score_period_run(period_id=january.pk)

    assert returned == active
    assert calls == []
    assert list(ScoringRun.objects.all()) == [active]
    assert scoring.start_run(period_id=january.pk) == (active, False)
    assert not PeriodScore.objects.exists()


def test_the_database_refuses_a_second_running_run_of_a_period(january):
    ScoringRun.objects.create(period=january, state=ScoringState.RUNNING)

    with pytest.raises(IntegrityError), transaction.atomic():
        ScoringRun.objects.create(period=january, state=ScoringState.RUNNING)


def test_a_run_claimed_by_another_worker_in_between_is_returned_not_duplicated(january, monkeypatch):
    real = scoring.count_in_scope
    other: list[ScoringRun] = []

    def race(scope, *, after=0):
        other.append(ScoringRun.objects.create(period=january, state=ScoringState.RUNNING))
        return real(scope, after=after)

    monkeypatch.setattr(scoring, "count_in_scope", race)

    run, started = scoring.start_run(period_id=january.pk)

    assert (run, started) == (other[0], False)
    assert ScoringRun.objects.count() == 1


def test_a_stale_run_is_taken_over_and_resumed_from_its_cursor(org, january, monkeypatch):
    ids = in_scope_ids(org)
    calls = batch_spy(monkeypatch)
    stale = ScoringRun.objects.create(
        period=january,
        state=ScoringState.RUNNING,
        total=8,
        processed=3,
        cursor=ids[2],
        requested_by=org.users["hr_sorong"],
        heartbeat_at=timezone.now() - stale_limit() - timedelta(minutes=1),
    )

    run = scoring.score_period_run(period_id=january.pk, batch_size=100)

    assert run.pk == stale.pk
    assert (run.state, run.processed, run.total, run.cursor) == (ScoringState.DONE, 8, 8, ids[-1])
    assert run.requested_by == org.users["hr_sorong"]  # the scheduled takeover keeps the name
    assert calls == [(ids[2], ids[-1])]
    assert sorted(PeriodScore.objects.filter(period=january).values_list("employee_id", flat=True)) == ids[3:]


def test_a_run_with_a_recent_heartbeat_is_not_taken_over(january):
    recent = ScoringRun.objects.create(
        period=january,
        state=ScoringState.RUNNING,
        heartbeat_at=timezone.now() - stale_limit() + timedelta(minutes=1),
    )

    assert scoring.start_run(period_id=january.pk) == (recent, False)


def test_a_worker_whose_run_was_taken_over_stops_without_writing(january):
    run, started = scoring.start_run(period_id=january.pk)
    assert started
    # Another worker took the run over and moved its cursor while this one was starting.
    ScoringRun.objects.filter(pk=run.pk).update(cursor=10**9)

    result = scoring.process(run)

    assert (result.state, result.cursor) == (ScoringState.RUNNING, 10**9)
    assert not PeriodScore.objects.exists()


def test_a_failed_run_keeps_the_scores_of_the_batches_before_the_error(org, january, monkeypatch):
    batch_spy(monkeypatch, fail_on=1)

    with pytest.raises(RuntimeError):
        scoring.score_period_run(period_id=january.pk, batch_size=3)

    run = ScoringRun.objects.get(period=january)
    assert (run.state, run.cursor, run.processed) == (ScoringState.FAILED, 0, 0)
    assert run.finished_at is not None
    assert not PeriodScore.objects.exists()


def _queries_for(period_id: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        run = scoring.score_period_run(period_id=period_id, batch_size=1000)
    assert run.state == ScoringState.DONE
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_employees(
    org, year, django_assert_max_num_queries
):
    """Five or fifty employees (one batch each): the same statements."""
    jan = period(year, 1)
    make_employees_bulk(org.dishub_sorong, 2)
    with django_assert_max_num_queries(25):
        few = _queries_for(jan.pk)
    assert PeriodScore.objects.filter(period=jan).count() == 5

    people = make_employees_bulk(org.pkm_sorong, 45)
    for person in people[:10]:
        skp = make_skp(person, year)
        make_realisation(ikis_of(skp)[0], jan, Decimal(50))
    PeriodScore.objects.all().delete()
    UnitScore.objects.all().delete()
    ScoringRun.objects.all().delete()
    with django_assert_max_num_queries(few):
        many = _queries_for(jan.pk)

    assert PeriodScore.objects.filter(period=jan).count() == 50
    assert many == few


def test_scoring_is_one_batch_at_a_time_inside_a_transaction_or_on_sqlite(db, settings):
    settings.SCORING_WORKERS = 2
    assert connection.in_atomic_block  # pytest-django's transaction around this test
    assert scoring.parallel_workers() == 1


@pytest.mark.django_db(transaction=True)
def test_batches_scored_side_by_side_write_the_same_rows_as_one_by_one(org, settings):
    """On PostgreSQL, outside a transaction, SCORING_WORKERS batches run at once on their own
    connections; on SQLite the same call runs them one by one. Either way: the same rows, and an
    interruption mid-way resumes to them."""
    year = make_year(org.sorong)
    make_employees_bulk(org.dishub_sorong, 7)
    jan = period(year, 1)
    skp = make_skp(org.employee_dinkes_sorong, year)
    patients, days = ikis_of(skp)
    make_realisation(patients, jan, 90)
    make_realisation(days, jan, 4)
    settings.SCORING_WORKERS = 1
    scoring.score_period_run(period_id=jan.pk, batch_size=2)
    one_by_one = table(PeriodScore, jan, with_ids=False), table(UnitScore, jan, with_ids=False)
    PeriodScore.objects.all().delete()
    UnitScore.objects.all().delete()

    settings.SCORING_WORKERS = 2
    assert scoring.parallel_workers() == (2 if connection.vendor == "postgresql" else 1)
    run = scoring.score_period_run(period_id=jan.pk, batch_size=2)
    assert run.state == ScoringState.DONE and run.processed == run.total == len(in_scope_ids(org))
    assert (table(PeriodScore, jan, with_ids=False), table(UnitScore, jan, with_ids=False)) == one_by_one
    score = PeriodScore.objects.get(period=jan, employee=org.employee_dinkes_sorong)
    assert score.iki_reported == 2 and score.indeks == Decimal(105)  # (90 + 120) / 2
