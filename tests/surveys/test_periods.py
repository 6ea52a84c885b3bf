"""Survey periods: the dates of a year, semester or quarter; no overlap; opening (one open period per
unit, the band table in force on the start date fixed) and closing (the IKM recompute queued)."""

from __future__ import annotations

import sys
import types
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.access import actor_for
from surveys.choices import PeriodKind, PeriodState, Weighting
from surveys.forms.periods import PeriodForm
from surveys.models import BandTable, MutuBand, SurveyPeriod
from surveys.rules import overlaps, period_dates
from surveys.services import periods as services
from surveys.services import questionnaires as questionnaire_services

from .factories import (
    make_period,
    make_questionnaire,
    make_response,
    make_service_unit,
    standard_questionnaire,
)


# --- Rules ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "number", "start", "end"),
    [
        ("year", 1, date(2026, 1, 1), date(2026, 12, 31)),
        ("semester", 1, date(2026, 1, 1), date(2026, 6, 30)),
        ("semester", 2, date(2026, 7, 1), date(2026, 12, 31)),
        ("quarter", 1, date(2024, 1, 1), date(2024, 3, 31)),
        ("quarter", 2, date(2026, 4, 1), date(2026, 6, 30)),
        ("quarter", 3, date(2026, 7, 1), date(2026, 9, 30)),
        ("quarter", 4, date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_the_dates_of_a_year_semester_or_quarter(kind, number, start, end):
    year = start.year
    assert period_dates(kind, year, number) == (start, end)


@pytest.mark.parametrize(("kind", "number"), [("semester", 3), ("quarter", 0), ("quarter", 5), ("range", 1)])
def test_no_dates_for_a_number_out_of_range_or_a_range(kind, number):
    with pytest.raises(ValueError):
        period_dates(kind, 2026, number)


def test_overlap_of_closed_ranges():
    jan, feb, mar = date(2026, 1, 31), date(2026, 2, 1), date(2026, 3, 1)
    assert overlaps(jan, feb, feb, mar), "sharing one day is an overlap"
    assert not overlaps(jan, jan, feb, mar)
    assert overlaps(jan, mar, feb, feb)


# --- The form -----------------------------------------------------------------------------------------------------
def form(org, **data):
    fields = {"questionnaire": standard_questionnaire().pk, "weighting": "exact"}
    fields.update(data)
    bound = PeriodForm(fields, instansi=org.sorong)
    bound.is_valid()
    return bound


def test_the_form_computes_the_dates_of_a_quarter(org):
    bound = form(org, kind="quarter", year="2026", number="3")
    assert bound.is_valid(), bound.errors
    assert (bound.cleaned_data["start"], bound.cleaned_data["end"]) == (date(2026, 7, 1), date(2026, 9, 30))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "semester", "year": "2026", "number": "3"}, "number", "Semester diisi 1 atau 2."),
        ({"kind": "quarter", "year": "2026"}, "number", "Triwulan diisi 1 sampai 4."),
        ({"kind": "year"}, "year", "Isi tahun periode."),
        ({"kind": "range", "start": "2026-03-01"}, "end", "Isi tanggal selesai periode."),
        ({"kind": "range", "start": "2026-03-01", "end": "2026-02-01"}, "end", "tidak boleh sebelum"),
    ],
)
def test_the_form_says_what_is_missing(org, data, field, message):
    bound = form(org, **data)
    assert not bound.is_valid()
    assert message in " ".join(bound.errors[field])


def test_the_form_offers_the_standard_and_the_agencys_latest_versions(org):
    own = make_questionnaire(org.sorong, "Kuesioner Sorong")
    other = make_questionnaire(org.palembang, "Kuesioner Palembang")
    unit = make_service_unit(org.pkm_sorong, "pkm")
    make_response(make_period(unit, state=PeriodState.OPEN, questionnaire=own))
    v2 = questionnaire_services.questionnaire_rename(
        actor=actor_for(org.users["hr_sorong"]), questionnaire=own, name="Kuesioner Sorong v2"
    ).questionnaire
    offered = list(PeriodForm(instansi=org.sorong).fields["questionnaire"].queryset)
    assert offered == [standard_questionnaire(), v2]
    assert other not in offered


# --- Services ---------------------------------------------------------------------------------------------------
@pytest.fixture
def unit(org):
    return make_service_unit(org.pkm_sorong, "pkm-sorong-kota", population=1000)


def create(org, unit, persona="hr_sorong", **overrides):
    fields = dict(
        kind=PeriodKind.SEMESTER,
        start=date(2026, 1, 1),
        end=date(2026, 6, 30),
        questionnaire=standard_questionnaire(),
        weighting=Weighting.EXACT,
    )
    fields.update(overrides)
    return services.period_create(actor=actor_for(org.users[persona]), service_unit=unit, **fields)


def test_hr_or_the_head_creates_a_draft_period(org, unit):
    period = create(org, unit)
    assert (period.state, period.band_table, period.opened_at) == (PeriodState.DRAFT, None, None)
    create(org, unit, "head_dinkes_sorong", start=date(2026, 7, 1), end=date(2026, 12, 31))
    assert unit.periods.count() == 2


@pytest.mark.parametrize("persona", ["hr_palembang", "employee_dinkes_sorong"])
def test_nobody_else_creates_a_period(org, unit, persona):
    with pytest.raises(PermissionDenied):
        create(org, unit, persona)


def test_the_head_of_another_unit_runs_no_period_there(org):
    other = make_service_unit(org.dishub_sorong, "dishub-sorong")
    with pytest.raises(PermissionDenied):
        create(org, other, "head_dinkes_sorong")


def test_overlapping_periods_of_one_unit_are_refused_in_indonesian(org, unit):
    create(org, unit)
    with pytest.raises(ValidationError) as caught:
        create(org, unit, kind=PeriodKind.RANGE, start=date(2026, 6, 30), end=date(2026, 8, 31))
    assert "bertumpang tindih dengan periode lain unit layanan ini (1 Januari 2026 – 30 Juni 2026)" in str(
        caught.value
    )
    # Another unit may survey the same dates.
    create(org, make_service_unit(org.dishub_sorong, "dishub-sorong"))
    assert SurveyPeriod.objects.count() == 2


def test_an_old_questionnaire_version_is_not_used_for_a_new_period(org, unit):
    own = make_questionnaire(org.sorong, "Kuesioner Sorong")
    make_response(make_period(unit, state=PeriodState.OPEN, questionnaire=own))
    questionnaire_services.questionnaire_rename(
        actor=actor_for(org.users["hr_sorong"]), questionnaire=own, name="v2"
    )
    with pytest.raises(ValidationError, match="versi lama tidak dipakai"):
        create(org, unit, start=date(2027, 1, 1), end=date(2027, 6, 30), questionnaire=own)
    with pytest.raises(ValidationError, match="versi lama"):
        create(org, unit, start=date(2027, 1, 1), end=date(2027, 6, 30),
               questionnaire=make_questionnaire(org.palembang, "Palembang"))  # fmt: skip


def test_an_inactive_unit_gets_no_new_period(org, unit):
    unit.is_active = False
    unit.save()
    with pytest.raises(ValidationError, match="nonaktif"):
        create(org, unit)


def test_a_draft_changes_and_an_opened_period_does_not(org, unit):
    period = create(org, unit)
    hr = actor_for(org.users["hr_sorong"])
    changes = dict(
        kind=PeriodKind.YEAR, start=date(2026, 1, 1), end=date(2026, 12, 31),
        questionnaire=standard_questionnaire(), weighting=Weighting.W0111,
    )  # fmt: skip
    period = services.period_update(actor=hr, period=period, **changes)
    assert (period.kind, period.end, period.weighting) == (PeriodKind.YEAR, date(2026, 12, 31), "0.111")
    services.period_open(actor=hr, period=period)
    with pytest.raises(ValidationError, match="sudah dibuka tidak dapat diubah"):
        services.period_update(actor=hr, period=period, **changes)


def test_opening_fixes_the_band_table_in_force_on_the_start_date(org, unit):
    old = BandTable.objects.create(
        name="Kepmenpan 25/2004", valid_from=date(2004, 1, 1), valid_to=date(2016, 12, 31)
    )
    MutuBand.objects.create(table=old, grade="A", label="Sangat Baik", minimum="81.26")
    current = BandTable.objects.get(name="PermenPANRB 14/2017")
    hr = actor_for(org.users["hr_sorong"])

    period = services.period_open(actor=hr, period=create(org, unit))
    assert (period.state, period.band_table, period.opened_at is not None) == (
        PeriodState.OPEN,
        current,
        True,
    )
    period = services.period_close(actor=hr, period=period)

    archive = create(org, unit, kind=PeriodKind.YEAR, start=date(2015, 1, 1), end=date(2015, 12, 31))
    assert services.period_open(actor=hr, period=archive).band_table == old


def test_no_band_table_in_force_is_said_and_nothing_opens(org, unit):
    period = create(org, unit, kind=PeriodKind.YEAR, start=date(2001, 1, 1), end=date(2001, 12, 31))
    with pytest.raises(
        ValidationError, match="Tidak ada tabel mutu pelayanan yang berlaku pada 1 Januari 2001"
    ):
        services.period_open(actor=actor_for(org.users["hr_sorong"]), period=period)
    period.refresh_from_db()
    assert (period.state, period.band_table, period.opened_at) == (PeriodState.DRAFT, None, None)


def test_one_open_period_per_unit(org, unit):
    hr = actor_for(org.users["hr_sorong"])
    first = services.period_open(actor=hr, period=create(org, unit))
    second = create(org, unit, start=date(2026, 7, 1), end=date(2026, 12, 31))
    with pytest.raises(
        ValidationError, match="sudah memiliki periode yang dibuka \\(1 Januari 2026 – 30 Juni 2026\\)"
    ):
        services.period_open(actor=hr, period=second)
    second.refresh_from_db()
    assert second.state == PeriodState.DRAFT
    services.period_close(actor=hr, period=first)
    assert services.period_open(actor=hr, period=second).state == PeriodState.OPEN


def test_open_and_close_only_from_the_right_state(org, unit):
    hr = actor_for(org.users["head_dinkes_sorong"])
    period = create(org, unit)
    with pytest.raises(ValidationError, match="sedang dibuka yang dapat ditutup"):
        services.period_close(actor=hr, period=period)
    services.period_open(actor=hr, period=period)
    with pytest.raises(ValidationError, match="belum dibuka yang dapat dibuka"):
        services.period_open(actor=hr, period=period)
    closed = services.period_close(actor=hr, period=period)
    assert (closed.state, closed.closed_at is not None) == (PeriodState.CLOSED, True)
    with pytest.raises(ValidationError, match="belum dibuka"):
        services.period_open(actor=hr, period=closed)


def test_closing_queues_the_ikm_recompute_once_committed(
    org, unit, monkeypatch, django_capture_on_commit_callbacks
):
    """The task lives in surveys/tasks.py (the results part of issue 12); the hook finds it by name.
    Here a stand-in module records what would be queued."""
    queued = []
    task = types.SimpleNamespace(delay=lambda **kwargs: queued.append(kwargs))
    monkeypatch.setitem(sys.modules, "surveys.tasks", types.SimpleNamespace(compute_period_ikm=task))
    hr = actor_for(org.users["hr_sorong"])
    period = services.period_open(actor=hr, period=create(org, unit))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.period_close(actor=hr, period=period)
    assert queued == [], "nothing is queued before the commit"
    for callback in callbacks:
        callback()
    assert queued == [{"period_id": period.pk}]


def test_closing_without_the_task_queues_nothing(org, unit, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setitem(sys.modules, "surveys.tasks", types.SimpleNamespace())
    hr = actor_for(org.users["hr_sorong"])
    period = services.period_open(actor=hr, period=create(org, unit))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.period_close(actor=hr, period=period)
    assert callbacks == []


# --- Pages ------------------------------------------------------------------------------------------------------
def test_creating_a_quarter_on_the_page_then_opening_and_closing_it(org, as_persona, unit):
    client = as_persona("head_dinkes_sorong")
    response = client.post(
        reverse("surveys:period_create", args=[unit.pk]),
        {"kind": "quarter", "year": "2026", "number": "3", "questionnaire": standard_questionnaire().pk,
         "weighting": "exact"},
    )  # fmt: skip
    period = SurveyPeriod.objects.get()
    assert response["Location"] == reverse("surveys:period", args=[period.pk])
    assert (period.start, period.end) == (date(2026, 7, 1), date(2026, 9, 30))
    client.post(reverse("surveys:period_open", args=[period.pk]))
    page = client.get(reverse("surveys:period", args=[period.pk]))
    assert page.context["short_of_sample"], "no respondent yet, below 278"
    html = page.content.decode()
    assert "di bawah sampel minimum 278 responden" in html
    assert 'data-confirm="Tutup periode ini?' in html
    client.post(reverse("surveys:period_close", args=[period.pk]))
    period.refresh_from_db()
    assert period.state == PeriodState.CLOSED


def test_an_overlap_is_shown_on_the_form(org, as_persona, unit):
    make_period(unit, start=date(2026, 1, 1), end=date(2026, 12, 31))
    response = as_persona("hr_sorong").post(
        reverse("surveys:period_create", args=[unit.pk]),
        {"kind": "semester", "year": "2026", "number": "2", "questionnaire": standard_questionnaire().pk,
         "weighting": "exact"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "bertumpang tindih" in response.content.decode()
    assert SurveyPeriod.objects.count() == 1


def test_a_second_open_period_is_a_message_not_an_error_page(org, as_persona, unit):
    make_period(unit, start=date(2026, 1, 1), end=date(2026, 6, 30), state=PeriodState.OPEN)
    draft = make_period(unit, start=date(2026, 7, 1), end=date(2026, 12, 31))
    response = as_persona("hr_sorong").post(reverse("surveys:period_open", args=[draft.pk]), follow=True)
    assert "Satu unit layanan hanya dapat membuka satu periode" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == PeriodState.DRAFT


def test_an_opened_period_has_no_edit_form(org, as_persona, unit):
    period = make_period(unit, state=PeriodState.OPEN)
    response = as_persona("hr_sorong").get(reverse("surveys:period_update", args=[period.pk]), follow=True)
    assert "sudah dibuka tidak dapat diubah" in response.content.decode()
