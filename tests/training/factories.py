"""Factories of the training tests: a programme of Sorong open for enrolment, with one session."""

from __future__ import annotations

from datetime import date, time

from core import access as core_access
from training.choices import OrganiserKind, ProgrammeForm, ProgrammeKind, ProgrammeState
from training.models import Programme, Session

# The test clock is 2026-07-15 (tests/conftest.py): this programme starts a month later.
START, END = date(2026, 8, 17), date(2026, 8, 19)


def actor(org, persona: str):
    return core_access.actor_for(org.users[persona])


def make_programme(instansi, **overrides) -> Programme:
    fields = dict(
        title="Pelatihan Pelayanan Prima",
        kind=ProgrammeKind.TEKNIS,
        form=ProgrammeForm.PELATIHAN,
        organiser_kind=OrganiserKind.BPSDM,
        organiser_name="BPSDM Provinsi Papua Barat Daya",
        jp=24,
        quota=2,
        start_date=START,
        end_date=END,
        cancel_days_before=3,
        cost=1_500_000,
        budget_line="5.2.1.02",
        state=ProgrammeState.OPEN,
    )
    fields.update(overrides)
    programme = Programme.objects.create(instansi=instansi, **fields)
    Session.objects.create(
        programme=programme,
        date=programme.start_date,
        start_time=time(8, 0),
        end_time=time(16, 0),
        place="Aula BKPSDM",
    )
    return programme
