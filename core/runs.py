"""Runs of long jobs: the claim (the lock), the progress with its cursor, the resume, the takeover of a
run whose worker died, the finish and the failure. Generic over a concrete core.models.JobRun with a
foreign key to its subject (ScoringRun → period); the job itself brings what it computes.

- `Runs.claim` claims a subject: a new RUNNING run (the model's partial unique constraint,
  core.models.one_running, allows one per subject, so the INSERT is the lock), the resumption of the
  subject's last run when it FAILED, or the takeover of a RUNNING run whose heartbeat is older than
  `stale_after` (its worker died). Otherwise another run is active and nothing starts.
- The job works in batches after the run's cursor (an id); each batch commits with `Runs.advance`,
  which moves the cursor, adds to `processed` and beats the heart. The cursor only moves if it is
  where this worker left it: a worker whose run was taken over gets RunLost and stops, so two workers
  never both write the same run. An interruption loses at most the batch in flight; the next claim
  resumes from the cursor.
- A RUNNING run whose heartbeat is older than the limit (settings.RUN_STALE_AFTER_SECONDS, two
  minutes by default; a job's own `stale_after` wins) is *stalled*: its worker died, its database
  connection went away, or its task never reached the broker (`Runs.stall` marks it so at once, with
  the reason). Pages say so; `sweep` (the beat task core.tasks.sweep_stalled_runs, every minute)
  hands every stalled run of every registered job back to its job, whose next claim takes it over.
- `enqueue_on_commit` queues a task after the transaction commits; when the broker cannot be reached
  the commit stands, the error is logged, and `on_failure` records it (for a run: `Runs.stall`).
- `Runs.finish` marks the run DONE (conditional like `advance`); `Runs.fail` marks it FAILED with the
  error's message. `Runs.guard` around the work does both ends: RunLost stops quietly, any other error
  (a time limit too) marks the run FAILED and is re-raised.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Field, QuerySet
from django.utils import timezone

from .choices import RunState
from .models import JobRun

logger = logging.getLogger(__name__)

ERROR_MAX_LENGTH = 2000


def stale_limit() -> timedelta:
    """A RUNNING run whose heartbeat is older than this has lost its worker and may be taken over.
    Every job beats its heart after each batch, and a batch takes seconds (docs/benchmarks.md)."""
    return timedelta(seconds=settings.RUN_STALE_AFTER_SECONDS)


R = TypeVar("R", bound=JobRun)

# How much work is left after a cursor (an id): `remaining(0)` is a new run's total.
Remaining = Callable[[int], int]


class RunLost(Exception):
    """Another worker moved the run's cursor (it took the run over): stop without writing."""


@dataclass(frozen=True)
class Runs(Generic[R]):
    """The runs of one job: `model` is its JobRun, `subject` the name of the foreign key to what a run
    works on (at most one RUNNING run per subject, by the model's one_running constraint)."""

    model: type[R]
    subject: str
    stale_after: timedelta | None = None  # None: stale_limit(), read when asked

    def limit(self) -> timedelta:
        return self.stale_after if self.stale_after is not None else stale_limit()

    def is_stalled(self, run: R, *, now: datetime | None = None) -> bool:
        """RUNNING with a heartbeat older than the job's limit: nobody is working on it."""
        return run.is_stalled(now=now, limit=self.limit())

    def stalled(self, *, now: datetime | None = None) -> QuerySet[R]:
        """Every stalled run of the job."""
        now = now or timezone.now()
        return self.model._default_manager.filter(state=RunState.RUNNING, heartbeat_at__lt=now - self.limit())

    def stall(self, run: R, reason: str, *, now: datetime | None = None) -> None:
        """Mark a RUNNING run stalled at once (its task never reached a worker), with the reason;
        the sweep or the next claim takes it over."""
        now = now or timezone.now()
        beat = now - self.limit() - timedelta(seconds=1)
        self._owned(run).update(heartbeat_at=beat, error=reason[:ERROR_MAX_LENGTH])
        run.heartbeat_at = beat
        run.error = reason[:ERROR_MAX_LENGTH]

    def of(self, subject_id: int) -> QuerySet[R]:
        """Every run of the subject."""
        return self.model._default_manager.filter(**{self._subject_attname(): subject_id})

    def _subject_attname(self) -> str:
        field = self.model._meta.get_field(self.subject)
        if not isinstance(field, Field):
            raise TypeError(f"{self.model.__name__}.{self.subject} is not a field of the run")
        return field.attname

    def claim(
        self,
        subject_id: int,
        *,
        remaining: Remaining,
        requested_by_id: int | None = None,
        now: datetime | None = None,
    ) -> tuple[R, bool]:
        """Claim the subject: (the run, True) when this caller now owns it.

        (the active run, False) when another run of the subject is RUNNING with a fresh heartbeat.
        A FAILED last run is resumed from its cursor; a RUNNING one whose heartbeat is older than
        `stale_after` is taken over (resumed too); either way its total is counted again with
        `remaining`. Otherwise a new RUNNING run starts with the total `remaining(0)`.
        `requested_by_id` None (a scheduled job) keeps the name of whoever started a resumed run.
        """
        now = now or timezone.now()
        runs = self.of(subject_id)
        requester: dict[str, Any] = (
            {"requested_by_id": requested_by_id} if requested_by_id is not None else {}
        )
        active = runs.filter(state=RunState.RUNNING).first()
        if active is not None:
            if active.heartbeat_at >= now - self.limit():
                return active, False
            # Conditional on the heartbeat we read: of two workers taking it over, one wins.
            taken = runs.filter(
                pk=active.pk, state=RunState.RUNNING, heartbeat_at=active.heartbeat_at
            ).update(heartbeat_at=now, error="", **requester)
            active.refresh_from_db()
            return (self.recount(active, remaining), True) if taken else (active, False)
        last = runs.order_by("-started_at", "-pk").first()
        if last is not None and last.state == RunState.FAILED:
            try:
                with transaction.atomic():
                    resumed = runs.filter(pk=last.pk, state=RunState.FAILED).update(
                        state=RunState.RUNNING,
                        heartbeat_at=now,
                        finished_at=None,
                        error="",
                        **requester,
                    )
            except IntegrityError:  # another worker started a run in between
                resumed = 0
            if resumed:
                last.refresh_from_db()
                return self.recount(last, remaining), True
            return self.active_or_last(subject_id), False
        total = remaining(0)
        try:
            with transaction.atomic():
                run = self.model._default_manager.create(
                    **{self._subject_attname(): subject_id},
                    state=RunState.RUNNING,
                    total=total,
                    requested_by_id=requested_by_id,
                    started_at=now,
                    heartbeat_at=now,
                )
        except IntegrityError:  # another run claimed the subject in between
            return self.active_or_last(subject_id), False
        return run, True

    def claimed(self, subject_id: int, run_id: int) -> tuple[R, bool]:
        """The run `run_id` of the subject, claimed earlier (a task continuing what a page claimed):
        (the run, True) while it is RUNNING; finished, or failed since, it is not to be worked on."""
        run = self.of(subject_id).get(pk=run_id)
        return run, run.state == RunState.RUNNING

    def active_or_last(self, subject_id: int) -> R:
        """The subject's RUNNING run, else its last one."""
        runs = self.of(subject_id)
        return runs.filter(state=RunState.RUNNING).first() or runs.order_by("-started_at", "-pk").first()  # type: ignore[return-value]

    def recount(self, run: R, remaining: Remaining) -> R:
        """A resumed run's total: what it processed plus what is left after its cursor."""
        total = run.processed + remaining(run.cursor)
        self.model._default_manager.filter(pk=run.pk).update(total=total)
        run.total = total
        return run

    def _owned(self, run: R) -> QuerySet[R]:
        """The run, as long as it is RUNNING with its cursor where this worker left it."""
        return self.model._default_manager.filter(pk=run.pk, state=RunState.RUNNING, cursor=run.cursor)

    def advance(self, run: R, *, cursor: int, count: int, now: datetime | None = None) -> None:
        """A batch is written: move the cursor to `cursor`, add `count` to processed, beat the heart.
        Call it inside the batch's transaction. RunLost when another worker owns the run now."""
        now = now or timezone.now()
        moved = self._owned(run).update(cursor=cursor, processed=F("processed") + count, heartbeat_at=now)
        if not moved:
            raise RunLost(run.pk)
        run.cursor = cursor
        run.processed += count
        run.heartbeat_at = now

    def finish(self, run: R, *, now: datetime | None = None) -> None:
        """Mark the run DONE (inside the transaction of its last writes). RunLost as for advance."""
        now = now or timezone.now()
        done = self._owned(run).update(state=RunState.DONE, finished_at=now, heartbeat_at=now, error="")
        if not done:
            raise RunLost(run.pk)

    def fail(self, run: R, exc: BaseException, *, now: datetime | None = None) -> None:
        """Mark the run FAILED with the error's message (unless another worker owns it now)."""
        message = (str(exc) or type(exc).__name__)[:ERROR_MAX_LENGTH]
        now = now or timezone.now()
        self._owned(run).update(state=RunState.FAILED, error=message, finished_at=now, heartbeat_at=now)

    @contextmanager
    def guard(self, run: R) -> Iterator[None]:
        """Around a run's work: RunLost ends it quietly (the worker that took the run over writes the
        rest); any other error (the soft time limit too) marks the run FAILED and is re-raised."""
        try:
            yield
        except RunLost:
            pass
        except BaseException as exc:
            # With the database gone the run stays RUNNING; its stale heartbeat lets the next claim take it.
            with suppress(DatabaseError):
                self.fail(run, exc)
            raise


# --- Enqueueing and the sweep -------------------------------------------------------------------------


def enqueue_on_commit(send: Callable[[], object], *, on_failure: Callable[[Exception], object]) -> None:
    """Queue a task once the current transaction commits (at once outside one). When the broker
    cannot be reached, what was committed stays committed: the error is logged and `on_failure`
    gets it, so the caller can tell the user the truth instead of a 500 after the commit."""

    def _send() -> None:
        try:
            send()
        except Exception as exc:  # any broker failure: kombu, redis, socket timeouts
            logger.warning("enqueue failed: %s: %s", type(exc).__name__, exc)
            on_failure(exc)

    transaction.on_commit(_send)


@dataclass(frozen=True)
class Job:
    """A job whose stalled runs the sweep hands back: `requeue(subject_id)` queues its task, whose
    claim takes the stalled run over."""

    name: str
    runs: Runs[Any]
    requeue: Callable[[int], object]


JOBS: dict[str, Job] = {}


def register(job: Job) -> None:
    """Called by an app's AppConfig.ready (core imports no app)."""
    JOBS[job.name] = job


def sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Queue the task again for every stalled run of every registered job: {job name: runs requeued}.
    A requeue that fails (the broker is still down) is logged; the run stays stalled for the next sweep."""
    requeued: dict[str, int] = {}
    for job in JOBS.values():
        count = 0
        subject = job.runs._subject_attname()
        for subject_id in job.runs.stalled(now=now).values_list(subject, flat=True).order_by(subject):
            try:
                job.requeue(subject_id)
            except Exception as exc:
                logger.warning(
                    "requeue of %s %s failed: %s: %s", job.name, subject_id, type(exc).__name__, exc
                )
                continue
            count += 1
        requeued[job.name] = count
    return requeued
