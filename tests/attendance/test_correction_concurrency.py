"""Two decisions on one correction at the same moment, on two connections (PostgreSQL): the row lock
makes one win; the other is told the correction was already decided, and the corrected times are
written once."""

from __future__ import annotations

import threading
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from attendance.choices import CorrectionKind, CorrectionState, PresenceSource
from attendance.models import Correction, Presence
from attendance.services import corrections as services

from .factories import actor

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(calls) -> list:
    """Run the calls at once, each on its own connection: [(result, exception)] in order."""
    start = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index: int) -> None:
        try:
            start.wait()
            outcomes[index] = (calls[index](), None)
        except Exception as exc:  # the loser's refusal, checked below
            outcomes[index] = (None, exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.mark.parametrize("second_approves", [True, False])
def test_two_decisions_at_once_one_wins_the_other_is_told(org, second_approves):
    assert connection.vendor == "postgresql"
    correction = services.correction_submit(
        actor=actor(org.users["employee_dinkes_sorong"]),
        on=date(2026, 7, 13),
        kind=CorrectionKind.MESIN_RUSAK,
        check_in=time(7, 20),
        check_out=time(16, 10),
        reason="Mesin presensi mati seharian.",
    )
    head = actor(org.users["head_dinkes_sorong"])
    calls = [
        lambda: services.correction_decide(actor=head, correction=correction, approve=True),
        lambda: services.correction_decide(
            actor=head, correction=correction, approve=second_approves, note="Tidak sesuai."
        ),
    ]
    outcomes = _race(calls)
    won = [result for result, exc in outcomes if exc is None]
    lost = [exc for result, exc in outcomes if exc is not None]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert isinstance(lost[0], ValidationError)
    assert "sudah" in lost[0].messages[0] and "tidak disimpan" in lost[0].messages[0]
    final = Correction.objects.get(pk=correction.pk)
    assert final.state == won[0].state
    written = Presence.objects.filter(source=PresenceSource.KOREKSI).count()
    assert written == (2 if final.state == CorrectionState.DISETUJUI else 0)


def test_two_sends_of_the_same_day_at_once_give_one_open_correction(org):
    nurse = actor(org.users["employee_dinkes_sorong"])

    def send():
        return services.correction_submit(
            actor=nurse,
            on=date(2026, 7, 13),
            kind=CorrectionKind.LUPA_MASUK,
            check_in=time(7, 20),
            reason="Lupa.",
        )

    outcomes = _race([send, send, send])
    assert sum(exc is None for _r, exc in outcomes) == 1, outcomes
    assert all(isinstance(exc, ValidationError) for _r, exc in outcomes if exc is not None)
    assert Correction.objects.filter(state=CorrectionState.DIAJUKAN).count() == 1
