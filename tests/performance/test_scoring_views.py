"""HR runs the scoring on demand: the list of periods with their last run, the start (never a second
run beside an active one), the progress as JSON and as a bar that also works without JavaScript."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from performance.choices import ScoringState
from performance.models import PeriodScore, ScoringRun, UnitScore
from performance.selectors.scoring import scoring_periods

from .factories import make_year, period


@pytest.fixture
def hr(as_persona):
    return as_persona("hr_sorong")


@pytest.fixture
def january(org):
    return period(make_year(org.sorong), 1)


def page_url(org) -> str:
    return f"{reverse('performance:scoring')}?instansi={org.sorong.pk}"


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_page_lists_the_periods_of_the_agencys_years_with_their_last_run(org, hr, january):
    ScoringRun.objects.create(
        period=january,
        state=ScoringState.DONE,
        total=3,
        processed=3,
        requested_by=org.users["hr_sorong"],
        started_at=timezone.now() - timedelta(days=1),
    )
    latest = ScoringRun.objects.create(period=january, state=ScoringState.FAILED, total=3, error="disk penuh")

    response = hr.get(page_url(org))

    assert response.status_code == 200
    rows = {p.pk: p for p in response.context["page"]}
    assert len(rows) == 13  # 12 months and the annual evaluation
    assert rows[january.pk].last_run == latest
    html = response.content.decode()
    assert "disk penuh" in html
    assert "Belum pernah dihitung" in html
    assert "Hitung ulang" in html


def test_without_javascript_the_page_shows_the_stored_progress(org, hr, january):
    ScoringRun.objects.create(period=january, state=ScoringState.RUNNING, total=10, processed=4)

    html = hr.get(page_url(org)).content.decode()

    # The percentage is written out; the bar's width comes from data-percent (portal.js), as the
    # Content-Security-Policy allows no style attribute.
    assert 'data-percent="40">40%</div>' in html
    assert "<span data-processed>4</span> dari <span data-total>10</span> pegawai" in html
    assert "js/scoring.js" in html


def test_the_list_of_periods_keeps_its_query_count_with_many_years_and_runs(
    org, hr, django_assert_max_num_queries
):
    ScoringRun.objects.create(period=period(make_year(org.sorong, year=2024), 1), state=ScoringState.DONE)
    with django_assert_max_num_queries(14) as one:
        hr.get(page_url(org))
    for year in (2023, 2024, 2025, 2026):
        for p in make_year(org.sorong, year=year).periods.all():
            ScoringRun.objects.create(period=p, state=ScoringState.DONE, requested_by=org.users["hr_sorong"])
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = hr.get(page_url(org))
    assert response.context["page"].paginator.count == 4 * 13
    assert len(response.context["page"]) > 0
    assert all(p.last_run is not None for p in response.context["page"])


def test_the_periods_come_newest_year_first_in_calendar_order(org):
    make_year(org.sorong, year=2025)
    make_year(org.sorong, year=2026)

    labels = [(p.year.year, p.kind, p.number) for p in scoring_periods(instansi_id=org.sorong.pk)]

    assert labels[0] == (2026, "periodic", 1)
    assert labels[12] == (2026, "annual", 0)
    assert labels[13] == (2025, "periodic", 1)


def test_an_agency_without_years_says_what_to_do(org, hr):
    html = hr.get(page_url(org)).content.decode()

    assert "belum memiliki tahun kinerja" in html


def test_hr_starts_the_scoring_and_the_task_runs_after_commit(
    org, hr, january, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = hr.post(reverse("performance:scoring_start", args=[january.pk]))

    assert response.status_code == 302
    assert response["Location"] == page_url(org)
    assert len(callbacks) == 1
    run = ScoringRun.objects.get(period=january)
    assert (run.state, run.processed, run.total) == (ScoringState.DONE, 3, 3)
    assert run.requested_by == org.users["hr_sorong"]
    assert PeriodScore.objects.filter(period=january).count() == 3
    assert UnitScore.objects.filter(period=january).count() == 3
    assert any("dimulai" in t for t in texts(response))


def test_a_second_start_while_a_run_is_active_starts_nothing(
    org, hr, january, django_capture_on_commit_callbacks
):
    active = ScoringRun.objects.create(period=january, state=ScoringState.RUNNING, total=10, processed=4)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = hr.post(reverse("performance:scoring_start", args=[january.pk]))

    assert response.status_code == 302
    assert callbacks == []
    assert list(ScoringRun.objects.all()) == [active]
    assert not PeriodScore.objects.exists()
    assert texts(response) == [
        "Penghitungan skor Januari 2026 sedang berjalan (40%). Tunggu sampai selesai sebelum menghitung ulang."
    ]


def test_the_progress_is_json_for_the_polling_script(org, hr, january):
    run = ScoringRun.objects.create(period=january, state=ScoringState.RUNNING, total=8, processed=2)

    response = hr.get(reverse("performance:scoring_progress", args=[run.pk]))

    assert response.status_code == 200
    assert response.json() == {
        "state": "running",
        "state_label": "Sedang berjalan",
        "processed": 2,
        "total": 8,
        "percent": 25,
        "stalled": False,
    }


def test_the_polling_script_is_a_project_file():
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "static" / "js" / "scoring.js"
    source = script.read_text()
    assert "data-scoring-progress" in source
    assert "http" not in source  # no CDN, no absolute URL


def test_a_run_that_finished_before_the_redirect_is_reported_as_finished_not_started(org, hr, monkeypatch):
    # Without a broker the task runs eagerly on commit, before the page answers.
    monkeypatch.setattr("performance.services.scoring.transaction.on_commit", lambda callback: callback())
    ended = period(make_year(org.sorong, year=2020), 1)
    response = hr.post(reverse("performance:scoring_start", args=[ended.pk]))
    assert ScoringRun.objects.get(period=ended).state == ScoringState.DONE
    assert texts(response) == ["Penghitungan skor Januari 2020 selesai."]


def test_recalculating_a_period_that_has_not_ended_says_the_scores_are_provisional(
    org, hr, django_capture_on_commit_callbacks
):
    future = make_year(org.sorong, year=timezone.localdate(timezone=ZoneInfo(org.sorong.time_zone)).year + 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(reverse("performance:scoring_start", args=[period(future, 1).pk]))
    [message] = texts(response)
    assert "dimulai" in message and "sementara" in message
    html = hr.get(f"{reverse('performance:scoring')}?instansi={org.sorong.pk}").content.decode()
    assert 'data-testid="provisional"' in html
