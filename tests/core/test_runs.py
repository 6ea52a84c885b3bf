"""core.runs on its own, with ScoringRun as the concrete run and a period as its subject: the claim is
the lock, a stale run is taken over, a failed one resumed, and a worker whose run was taken over
stops without writing. What the job computes is no concern here: `remaining` is a stub."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.choices import RunState
from core.models import one_running
from core.runs import ERROR_MAX_LENGTH, RunLost, Runs, stale_limit
from performance.models import ScoringRun
from tests.performance.factories import make_year, period

RUNS = Runs(ScoringRun, subject="period")
NOW = timezone.now()


def left(counts: dict[int, int]):
    """A `remaining` that answers from a table (cursor → work left) and records what it was asked."""
    asked: list[int] = []

    def remaining(after: int) -> int:
        asked.append(after)
        return counts[after]

    remaining.asked = asked  # type: ignore[attr-defined]
    return remaining


@pytest.fixture
def subject(org):
    return period(make_year(org.sorong), 1)


@pytest.fixture
def other_subject(org):
    return period(make_year(org.sorong), 2)


def running(subject, **fields) -> ScoringRun:
    return ScoringRun.objects.create(period=subject, state=RunState.RUNNING, **fields)


# --- The claim ------------------------------------------------------------------------------------------


def test_a_claim_starts_a_running_run_counted_from_the_start(org, subject):
    remaining = left({0: 8})

    run, owned = RUNS.claim(
        subject.pk, remaining=remaining, requested_by_id=org.users["hr_sorong"].pk, now=NOW
    )

    assert owned
    assert (run.period, run.state, run.total, run.processed, run.cursor) == (
        subject,
        RunState.RUNNING,
        8,
        0,
        0,
    )
    assert (run.started_at, run.heartbeat_at, run.requested_by) == (NOW, NOW, org.users["hr_sorong"])
    assert remaining.asked == [0]


def test_a_second_claim_of_the_same_subject_is_refused_and_returns_the_first_run(subject):
    first, owned = RUNS.claim(subject.pk, remaining=left({0: 8}), now=NOW)

    second, again = RUNS.claim(subject.pk, remaining=left({0: 8}), now=NOW + timedelta(minutes=1))

    assert (owned, again) == (True, False)
    assert second == first
    assert ScoringRun.objects.count() == 1


def test_claims_of_two_subjects_do_not_lock_each_other(subject, other_subject):
    RUNS.claim(subject.pk, remaining=left({0: 1}), now=NOW)

    run, owned = RUNS.claim(other_subject.pk, remaining=left({0: 2}), now=NOW)

    assert owned and run.period == other_subject
    assert [r.period for r in RUNS.of(other_subject.pk)] == [other_subject]


def test_a_run_claimed_by_another_worker_in_between_wins_and_no_second_run_is_made(subject):
    other: list[ScoringRun] = []

    def racing(after: int) -> int:  # another worker inserts its run while this one counts
        other.append(running(subject))
        return 8

    run, owned = RUNS.claim(subject.pk, remaining=racing, now=NOW)

    assert (run, owned) == (other[0], False)
    assert ScoringRun.objects.count() == 1


def test_the_database_refuses_a_second_running_run_of_a_subject(subject):
    running(subject)

    with pytest.raises(IntegrityError), transaction.atomic():
        running(subject)


def test_the_lock_of_the_concrete_run_is_one_running(subject):
    assert ScoringRun._meta.constraints == [one_running("period", name="scoring_one_running")]


# --- Stale takeover and resume --------------------------------------------------------------------------


def test_a_running_run_whose_heartbeat_is_older_than_the_limit_is_taken_over(org, subject):
    stale = running(
        subject,
        total=10,
        processed=3,
        cursor=42,
        error="",
        requested_by=org.users["hr_sorong"],
        heartbeat_at=NOW - stale_limit() - timedelta(seconds=1),
    )
    remaining = left({42: 6})

    run, owned = RUNS.claim(subject.pk, remaining=remaining, now=NOW)

    assert owned and run.pk == stale.pk
    assert (run.state, run.cursor, run.processed, run.total, run.heartbeat_at) == (
        RunState.RUNNING,
        42,
        3,
        9,
        NOW,
    )
    assert run.requested_by == org.users["hr_sorong"]  # a scheduled takeover keeps the name
    assert remaining.asked == [42]  # what is left after the cursor, not from the start
    assert ScoringRun.objects.get(pk=stale.pk).total == 9


def test_a_takeover_asked_by_someone_records_who_asked(org, subject):
    running(subject, heartbeat_at=NOW - stale_limit() - timedelta(minutes=1))

    run, owned = RUNS.claim(
        subject.pk, remaining=left({0: 1}), requested_by_id=org.users["hr_sorong"].pk, now=NOW
    )

    assert owned and run.requested_by == org.users["hr_sorong"]


def test_a_run_whose_heartbeat_is_exactly_at_the_limit_is_not_taken_over(subject):
    fresh = running(subject, heartbeat_at=NOW - stale_limit())

    assert RUNS.claim(subject.pk, remaining=left({}), now=NOW) == (fresh, False)
    assert ScoringRun.objects.get(pk=fresh.pk).heartbeat_at == NOW - stale_limit()


def test_the_limit_of_a_stale_run_is_the_jobs_own(subject):
    quick = Runs(ScoringRun, subject="period", stale_after=timedelta(seconds=30))
    run = running(subject, heartbeat_at=NOW - timedelta(minutes=1))

    assert RUNS.claim(subject.pk, remaining=left({}), now=NOW) == (run, False)
    assert quick.claim(subject.pk, remaining=left({0: 1}), now=NOW)[1]


def test_a_failed_last_run_is_resumed_from_its_cursor(subject):
    failed = ScoringRun.objects.create(
        period=subject,
        state=RunState.FAILED,
        total=10,
        processed=4,
        cursor=7,
        error="Koneksi basis data terputus",
        finished_at=NOW - timedelta(hours=1),
    )

    run, owned = RUNS.claim(subject.pk, remaining=left({7: 5}), now=NOW)

    assert owned and run.pk == failed.pk
    assert (run.state, run.cursor, run.processed, run.total) == (RunState.RUNNING, 7, 4, 9)
    assert (run.error, run.finished_at, run.heartbeat_at) == ("", None, NOW)


def test_after_a_finished_run_a_claim_starts_a_new_one(subject):
    done = ScoringRun.objects.create(period=subject, state=RunState.DONE, total=3, processed=3, cursor=9)

    run, owned = RUNS.claim(subject.pk, remaining=left({0: 3}), now=NOW)

    assert owned and run.pk != done.pk
    assert (run.cursor, run.processed, run.total) == (0, 0, 3)


def test_a_run_claimed_earlier_is_worked_on_only_while_it_is_running(subject):
    run, _ = RUNS.claim(subject.pk, remaining=left({0: 1}), now=NOW)

    assert RUNS.claimed(subject.pk, run.pk) == (run, True)
    RUNS.finish(run)
    again, owned = RUNS.claimed(subject.pk, run.pk)
    assert (again.state, owned) == (RunState.DONE, False)


def test_a_run_claimed_earlier_belongs_to_its_subject(subject, other_subject):
    run, _ = RUNS.claim(subject.pk, remaining=left({0: 1}), now=NOW)

    with pytest.raises(ScoringRun.DoesNotExist):
        RUNS.claimed(other_subject.pk, run.pk)


# --- Progress, finish, failure ---------------------------------------------------------------------------


def test_progress_moves_the_cursor_adds_to_processed_and_beats_the_heart(subject):
    run, _ = RUNS.claim(subject.pk, remaining=left({0: 10}), now=NOW)

    RUNS.advance(run, cursor=30, count=4, now=NOW + timedelta(minutes=1))
    RUNS.advance(run, cursor=55, count=6, now=NOW + timedelta(minutes=2))

    stored = ScoringRun.objects.get(pk=run.pk)
    assert (stored.cursor, stored.processed, stored.heartbeat_at) == (55, 10, NOW + timedelta(minutes=2))
    assert (run.cursor, run.processed, run.heartbeat_at) == (55, 10, NOW + timedelta(minutes=2))
    assert stored.percent == 100


def test_percent_is_processed_over_total_capped_at_a_hundred():
    assert ScoringRun(total=8, processed=3).percent == 37
    assert ScoringRun(total=8, processed=9).percent == 100
    assert ScoringRun(total=0, processed=0).percent == 100


def test_a_finished_run_is_done(subject):
    run, _ = RUNS.claim(subject.pk, remaining=left({0: 1}), now=NOW)
    RUNS.advance(run, cursor=5, count=1)

    RUNS.finish(run, now=NOW + timedelta(minutes=3))

    stored = ScoringRun.objects.get(pk=run.pk)
    assert (stored.state, stored.finished_at, stored.heartbeat_at, stored.error) == (
        RunState.DONE,
        NOW + timedelta(minutes=3),
        NOW + timedelta(minutes=3),
        "",
    )


def test_a_failed_run_keeps_its_progress_and_the_message(subject):
    run, _ = RUNS.claim(subject.pk, remaining=left({0: 10}), now=NOW)
    RUNS.advance(run, cursor=5, count=3)

    RUNS.fail(run, RuntimeError("Koneksi basis data terputus"), now=NOW + timedelta(minutes=1))

    stored = ScoringRun.objects.get(pk=run.pk)
    assert (stored.state, stored.error, stored.finished_at) == (
        RunState.FAILED,
        "Koneksi basis data terputus",
        NOW + timedelta(minutes=1),
    )
    assert (stored.cursor, stored.processed) == (5, 3)


def test_a_failure_without_a_message_is_named_by_its_type_and_a_long_one_is_cut(subject, other_subject):
    silent, _ = RUNS.claim(subject.pk, remaining=left({0: 1}), now=NOW)
    loud, _ = RUNS.claim(other_subject.pk, remaining=left({0: 1}), now=NOW)

    RUNS.fail(silent, TimeoutError())
    RUNS.fail(loud, ValueError("x" * (ERROR_MAX_LENGTH + 10)))

    assert ScoringRun.objects.get(pk=silent.pk).error == "TimeoutError"
    assert ScoringRun.objects.get(pk=loud.pk).error == "x" * ERROR_MAX_LENGTH


# --- A lost run -------------------------------------------------------------------------------------------


@pytest.fixture
def lost(subject):
    """A run this worker claimed, then another worker took over and moved on."""
    run, _ = RUNS.claim(subject.pk, remaining=left({0: 10}), now=NOW)
    ScoringRun.objects.filter(pk=run.pk).update(cursor=99, processed=7)
    return run


def test_a_worker_whose_run_was_taken_over_cannot_move_its_cursor(lost):
    with pytest.raises(RunLost):
        RUNS.advance(lost, cursor=5, count=1)

    stored = ScoringRun.objects.get(pk=lost.pk)
    assert (stored.cursor, stored.processed) == (99, 7)


def test_a_worker_whose_run_was_taken_over_can_neither_finish_nor_fail_it(lost):
    with pytest.raises(RunLost):
        RUNS.finish(lost)
    RUNS.fail(lost, RuntimeError("late"))

    stored = ScoringRun.objects.get(pk=lost.pk)
    assert (stored.state, stored.error, stored.finished_at) == (RunState.RUNNING, "", None)


def test_the_guard_stops_a_lost_run_quietly(lost):
    with RUNS.guard(lost):
        RUNS.advance(lost, cursor=5, count=1)
        pytest.fail("advance should have raised RunLost")

    assert ScoringRun.objects.get(pk=lost.pk).state == RunState.RUNNING


def test_the_guard_marks_the_run_failed_and_re_raises_the_error(subject):
    run, _ = RUNS.claim(subject.pk, remaining=left({0: 10}), now=NOW)

    with pytest.raises(RuntimeError, match="terputus"), RUNS.guard(run):
        RUNS.advance(run, cursor=5, count=2)
        raise RuntimeError("Koneksi basis data terputus")

    stored = ScoringRun.objects.get(pk=run.pk)
    assert (stored.state, stored.error, stored.cursor, stored.processed) == (
        RunState.FAILED,
        "Koneksi basis data terputus",
        5,
        2,
    )
