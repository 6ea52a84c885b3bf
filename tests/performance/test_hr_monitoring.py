"""HR monitoring per unit: the unit scores as the scoring job wrote them, the distribution warning,
the live lists (belum mengajukan SKP, belum dinilai), the Excel export and constant query counts."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from performance import charts
from performance.choices import AppraisalState, OrganisationPredikat, Predikat, SkpState
from performance.models import Period, UnitPredikat, UnitScore
from performance.selectors import monitoring as selectors_hr

from ..factories import make_employee, make_employees_bulk, make_unit
from .factories import annual, make_appraisal, make_skp, make_year, period

URL = reverse("performance:monitoring")
EXPORT = reverse("performance:monitoring_export")


def score(period_, unit, **values) -> UnitScore:
    fields = dict(
        employees=10,
        skp_approved=9,
        reported=8,
        appraised=5,
        avg_indeks=Decimal("87.495"),
        sangat_baik=1,
        baik=3,
        butuh_perbaikan=1,
    )
    fields.update(values)
    row, _ = UnitScore.objects.update_or_create(period=period_, unit=unit, defaults=fields)
    return row


def monitoring_url(org, p: Period, **extra) -> str:
    query = {"instansi": org.sorong.pk, "year": p.year.year, "period": p.pk, **extra}
    return URL + "?" + "&".join(f"{k}={v}" for k, v in query.items())


@pytest.fixture
def year(org):
    return make_year(org.sorong)


@pytest.fixture
def march(year):
    return period(year, 3)


# --- The unit scores -----------------------------------------------------------------------------------


def test_the_unit_table_shows_the_numbers_of_the_unit_score_rows(org, as_persona, march):
    score(march, org.dinkes_sorong, employees=12, skp_approved=11, reported=10, appraised=6)
    score(march, org.pkm_sorong, employees=4, skp_approved=4, reported=3, appraised=2, avg_indeks=None)
    score(march, org.dishub_sorong, employees=8, appraised=0, sangat_baik=0, baik=0, butuh_perbaikan=0)
    response = as_persona("hr_sorong").get(monitoring_url(org, march))
    assert response.status_code == 200
    rows = {r.unit.pk: r for r in response.context["rows"]}
    assert set(rows) == {org.dinkes_sorong.pk, org.pkm_sorong.pk, org.dishub_sorong.pk}
    html = response.content.decode()
    dinkes = html[html.index(f'data-unit="{org.dinkes_sorong.pk}"') :]
    dinkes = dinkes[: dinkes.index("</tr>")]
    # employees, SKP approved, reported, appraised, completion 6/12, average indeks rounded half-up
    for cell in (">12<", ">11<", ">10<", ">6<", "50,00%", "87,50"):
        assert cell in dinkes, cell
    assert 'data-predikat="sangat_baik"' in dinkes and 'data-predikat="baik"' in dinkes
    pkm = html[html.index(f'data-unit="{org.pkm_sorong.pk}"') :]
    pkm = pkm[: pkm.index("</tr>")]
    assert "50,00%" in pkm and "–" in pkm  # no average indeks yet
    dishub = html[html.index(f'data-unit="{org.dishub_sorong.pk}"') :]
    dishub = dishub[: dishub.index("</tr>")]
    assert "Belum ada penilaian final" in dishub and "0,00%" in dishub


def test_the_agency_summary_adds_up_the_top_units_only(org, as_persona, march):
    # Dinkes covers its Puskesmas already: the Puskesmas row must not be counted twice.
    score(march, org.dinkes_sorong, employees=12, skp_approved=11, reported=10, appraised=6)
    score(march, org.pkm_sorong, employees=4, skp_approved=4, reported=3, appraised=2)
    score(march, org.dishub_sorong, employees=8, skp_approved=7, reported=6, appraised=4)
    response = as_persona("hr_sorong").get(monitoring_url(org, march))
    summary = response.context["summary"]
    assert (summary.employees, summary.skp_approved, summary.reported, summary.appraised) == (20, 18, 16, 10)
    assert summary.counts[Predikat.BAIK] == 6
    html = response.content.decode()
    assert 'data-testid="sum-employees">20<' in html
    assert 'data-testid="sum-completion">50,00%<' in html


def test_an_istimewa_unit_with_80_percent_sangat_baik_gets_a_warning(org, as_persona, year, march):
    UnitPredikat.objects.create(year=year, unit=org.dinkes_sorong, predikat=OrganisationPredikat.ISTIMEWA)
    score(march, org.dinkes_sorong, sangat_baik=8, baik=2, butuh_perbaikan=0, appraised=10)
    score(march, org.dishub_sorong, sangat_baik=8, baik=2, butuh_perbaikan=0, appraised=10)  # no predikat
    response = as_persona("hr_sorong").get(monitoring_url(org, march))
    rows = {r.unit.pk: r for r in response.context["rows"]}
    expected = "Sangat Baik 80% melebihi batas 70% untuk predikat organisasi Istimewa."
    assert rows[org.dinkes_sorong.pk].warnings == [expected]
    assert rows[org.dishub_sorong.pk].warnings == []
    html = response.content.decode()
    assert expected in html
    assert html.count('data-testid="unit-warnings"') == 1
    # The head sees the same warning on their own unit's summary.
    head = as_persona("head_dinkes_sorong").get(monitoring_url(org, march))
    assert head.context["summary"].warnings == [expected]
    assert 'data-testid="summary-warnings"' in head.content.decode()


def test_a_unit_within_the_limits_of_its_predikat_gets_no_warning(org, as_persona, year, march):
    UnitPredikat.objects.create(year=year, unit=org.dinkes_sorong, predikat=OrganisationPredikat.ISTIMEWA)
    score(march, org.dinkes_sorong, sangat_baik=7, baik=3, butuh_perbaikan=0)
    response = as_persona("hr_sorong").get(monitoring_url(org, march))
    rows = response.context["rows"]
    assert rows, "the scored unit is listed"
    assert all(not r.warnings for r in rows)
    assert "melebihi batas" not in response.content.decode()


def test_without_unit_scores_the_page_says_the_scoring_has_not_run(org, as_persona, march):
    response = as_persona("hr_sorong").get(monitoring_url(org, march))
    html = response.content.decode()
    assert response.context["summary"] is None
    assert "Skor unit untuk periode ini belum dihitung." in html
    assert "Belum ada skor unit untuk periode ini." in html


def test_a_head_sees_only_the_scores_of_their_subtree(org, as_persona, march):
    for unit in (org.dinkes_sorong, org.pkm_sorong, org.dishub_sorong):
        score(march, unit)
    response = as_persona("head_dinkes_sorong").get(monitoring_url(org, march))
    assert {r.unit.pk for r in response.context["rows"]} == {org.dinkes_sorong.pk, org.pkm_sorong.pk}
    assert response.context["m"].unit == org.dinkes_sorong
    assert [u.pk for u in response.context["m"].unit_choices] == [org.dinkes_sorong.pk, org.pkm_sorong.pk]


def test_hr_narrows_the_scores_to_a_unit_subtree(org, as_persona, march):
    for unit in (org.dinkes_sorong, org.pkm_sorong, org.dishub_sorong):
        score(march, unit)
    response = as_persona("hr_sorong").get(monitoring_url(org, march, unit=org.pkm_sorong.pk))
    assert [r.unit.pk for r in response.context["rows"]] == [org.pkm_sorong.pk]


def test_the_scores_of_another_period_are_not_shown(org, as_persona, year, march):
    score(period(year, 2), org.dinkes_sorong, employees=99)
    response = as_persona("hr_sorong").get(monitoring_url(org, march))
    assert response.context["rows"] == []


def test_the_default_period_is_the_latest_that_has_ended():
    periods = [
        Period(kind="periodic", number=n, start=date(2026, n, 1), end=date(2026, n, 28)) for n in (1, 2, 3)
    ]
    periods.append(Period(kind="annual", number=0, start=date(2026, 1, 1), end=date(2026, 12, 31)))
    assert selectors_hr.default_period(periods, date(2026, 3, 15)).number == 2
    assert selectors_hr.default_period(periods, date(2026, 1, 10)).number == 1
    assert selectors_hr.default_period(periods, date(2027, 2, 1)).number == 3
    assert selectors_hr.default_period([], date(2026, 1, 1)) is None


def test_an_agency_without_a_year_shows_how_to_open_one(org, as_persona):
    response = as_persona("hr_sorong").get(URL + f"?instansi={org.sorong.pk}")
    html = response.content.decode()
    assert 'data-testid="no-year"' in html
    assert reverse("performance:year_create") in html


def test_the_stacked_bar_segments_cover_the_whole_width_in_order():
    segments = charts.stacked_bar({"sangat_baik": 1, "baik": 2, "kurang": 1})
    assert [s.predikat for s in segments] == ["sangat_baik", "baik", "kurang"]
    assert [s.x_attr for s in segments] == ["0.000", "25.000", "75.000"]
    assert [s.width_attr for s in segments] == ["25.000", "50.000", "25.000"]
    assert charts.stacked_bar({}) == []


# --- The live lists ------------------------------------------------------------------------------------


@pytest.fixture
def people(org, year):
    """The nurse: draft SKP; a Puskesmas colleague: returned; the head: approved; Dishub: nothing."""
    colleague = make_employee(org.pkm_sorong, name="Budi Bidan", gender="L")
    make_skp(org.employee_dinkes_sorong, year, state=SkpState.DRAFT)
    make_skp(colleague, year, state=SkpState.RETURNED)
    make_skp(org.head_dinkes_sorong, year, state=SkpState.APPROVED)
    return colleague


def _names(response) -> list[str]:
    return [e.name for e in response.context["page"]]


def test_belum_mengajukan_lists_who_has_no_submitted_or_approved_skp(org, as_persona, march, people):
    response = as_persona("hr_sorong").get(monitoring_url(org, march, tampil="belum_skp"))
    assert _names(response) == ["Budi Bidan", "Siti Perawat", "Staf Dishub Sorong"]
    html = response.content.decode()
    assert "Draf" in html and "Dikembalikan" in html and "Belum dibuat" in html
    assert response.context["count_no_skp"] == 3
    assert 'data-testid="count-no-skp">3<' in html


def test_a_submitted_skp_takes_the_employee_off_the_list(org, as_persona, year, march, people):
    from performance.models import Skp

    Skp.objects.filter(employee=org.employee_dinkes_sorong).update(state=SkpState.SUBMITTED)
    response = as_persona("hr_sorong").get(monitoring_url(org, march, tampil="belum_skp"))
    assert "Siti Perawat" not in _names(response)


def test_the_head_sees_belum_mengajukan_of_their_subtree_only(org, as_persona, march, people):
    response = as_persona("head_dinkes_sorong").get(monitoring_url(org, march, tampil="belum_skp"))
    assert _names(response) == ["Budi Bidan", "Siti Perawat"]


def test_belum_dinilai_lists_who_has_no_final_appraisal_of_the_period(org, as_persona, year, march, people):
    nurse_skp = make_skp(org.employee_dinkes_sorong, year)
    colleague_skp = make_skp(people, year)
    make_appraisal(nurse_skp, march, state=AppraisalState.FINAL, predikat=Predikat.BAIK)
    make_appraisal(colleague_skp, march, state=AppraisalState.DRAFT)
    make_appraisal(nurse_skp, period(year, 2), state=AppraisalState.DRAFT)  # another period
    response = as_persona("hr_sorong").get(monitoring_url(org, march, tampil="belum_dinilai"))
    assert _names(response) == ["Budi Bidan", "Kepala Dinkes", "Staf Dishub Sorong"]
    rows = {e.name: e for e in response.context["page"]}
    assert rows["Budi Bidan"].appraisal_state == AppraisalState.DRAFT
    assert rows["Budi Bidan"].appraiser_name == "Kepala Dinkes"
    assert rows["Kepala Dinkes"].appraisal_state is None
    assert rows["Kepala Dinkes"].has_approved_skp is True
    assert rows["Staf Dishub Sorong"].has_approved_skp is False
    html = response.content.decode()
    assert "Draf penilaian" in html and "Belum ada penilaian" in html and "SKP belum disetujui" in html
    assert response.context["count_no_appraisal"] == 3
    # HR reaches each SKP from the list (e.g. to name another appraiser).
    assert rows["Budi Bidan"].skp_id == colleague_skp.pk
    assert reverse("performance:skp_detail", args=[colleague_skp.pk]) in html


def test_the_live_lists_search_by_name_and_nip_and_sort(org, as_persona, march, people):
    client = as_persona("hr_sorong")
    by_name = client.get(monitoring_url(org, march, tampil="belum_skp", q="perawat"))
    assert _names(by_name) == ["Siti Perawat"]
    nip = org.employee_dishub_sorong.nip
    by_nip = client.get(monitoring_url(org, march, tampil="belum_skp", q=nip[:12]))
    assert "Staf Dishub Sorong" in _names(by_nip)
    descending = client.get(monitoring_url(org, march, tampil="belum_skp", sort="-nama"))
    assert _names(descending) == ["Staf Dishub Sorong", "Siti Perawat", "Budi Bidan"]
    by_unit = client.get(monitoring_url(org, march, tampil="belum_skp", unit=org.pkm_sorong.pk))
    assert _names(by_unit) == ["Budi Bidan", "Siti Perawat"]


def test_inactive_employees_are_not_chased(org, as_persona, march, people):
    people.is_active = False
    people.save(update_fields=["is_active"])
    response = as_persona("hr_sorong").get(monitoring_url(org, march, tampil="belum_skp"))
    assert "Budi Bidan" not in _names(response)


# --- The Excel export ----------------------------------------------------------------------------------


def _sheet_rows(ws) -> list[tuple]:
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] in ("Unit kerja", "No."))
    return rows[header:]


def test_the_export_has_the_three_sheets_with_the_right_rows(org, as_persona, year, march, people):
    UnitPredikat.objects.create(year=year, unit=org.dinkes_sorong, predikat=OrganisationPredikat.ISTIMEWA)
    score(march, org.dinkes_sorong, employees=12, appraised=10, sangat_baik=8, baik=2, butuh_perbaikan=0)
    score(march, org.dishub_sorong, employees=8, appraised=4)
    response = as_persona("hr_sorong").get(EXPORT + f"?instansi={org.sorong.pk}&year=2026&period={march.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Per unit", "Belum mengajukan SKP", "Belum dinilai"]
    units = _sheet_rows(book["Per unit"])
    assert units[0][:5] == ("Unit kerja", "Pegawai", "SKP disetujui", "Melapor realisasi", "Dinilai (final)")
    dinkes = next(r for r in units[1:] if r[0].strip() == "Dinas Kesehatan")
    assert dinkes[1:7] == (12, 9, 8, 10, 83.33, 87.5)
    assert dinkes[7:9] == (8, 2)
    assert dinkes[12] == "Istimewa"
    assert "melebihi batas 70%" in dinkes[13]
    assert len(units) == 3  # header, Dinkes, Dishub
    no_skp = _sheet_rows(book["Belum mengajukan SKP"])
    assert [r[1] for r in no_skp[1:]] == ["Budi Bidan", "Siti Perawat", "Staf Dishub Sorong"]
    assert [r[5] for r in no_skp[1:]] == ["Dikembalikan", "Draf", "Belum dibuat"]
    no_appraisal = _sheet_rows(book["Belum dinilai"])
    assert len(no_appraisal) == 1 + 4  # every active Sorong employee, none is final


def test_the_heads_export_covers_their_subtree_only(org, as_persona, march, people):
    score(march, org.dinkes_sorong)
    score(march, org.dishub_sorong)
    response = as_persona("head_dinkes_sorong").get(EXPORT + f"?period={march.pk}&year=2026")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert [r[0].strip() for r in _sheet_rows(book["Per unit"])[1:]] == ["Dinas Kesehatan"]
    names = [r[1] for r in _sheet_rows(book["Belum mengajukan SKP"])[1:]]
    assert names == ["Budi Bidan", "Siti Perawat"]


# --- Query counts --------------------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(org, year, march, n: int) -> None:
    """n more units under Dinkes with scores and predikat, n employees with SKPs and appraisals."""
    for i in range(n):
        unit = make_unit(org.sorong, f"DINKES.X{i}", parent=org.dinkes_sorong, name=f"Seksi {i}")
        score(march, unit)
        UnitPredikat.objects.create(year=year, unit=unit, predikat=OrganisationPredikat.BAIK)
    for i, e in enumerate(make_employees_bulk(org.pkm_sorong, n)):
        skp = make_skp(e, year, state=[SkpState.DRAFT, SkpState.APPROVED][i % 2])
        if i % 3 == 0:
            make_appraisal(skp, march, state=AppraisalState.DRAFT)


# 17, plus the distribution rules in force on the period's date (one query for the unit rows, one for
# a unit's summary: performance.selectors.monitoring.distribution_rules_on), plus the IKM of the
# service units in scope (surveys.selectors.results.monitoring_ikm: one query, two with results).
MONITORING_QUERY_LIMIT = 21


@pytest.mark.parametrize("persona", ["hr_sorong", "head_dinkes_sorong"])
@pytest.mark.parametrize("tab", ["unit", "belum_skp", "belum_dinilai"])
def test_the_monitoring_keeps_a_constant_query_count(
    org, as_persona, year, march, persona, tab, django_assert_max_num_queries
):
    client = as_persona(persona)
    url = monitoring_url(org, march, tampil=tab)
    score(march, org.dinkes_sorong)
    make_skp(org.employee_dinkes_sorong, year, state=SkpState.DRAFT)
    client.get(url)  # the first request of a session caches the agency time zone
    small = _count(client, url)
    _grow(org, year, march, 60)
    with django_assert_max_num_queries(MONITORING_QUERY_LIMIT):
        response = client.get(url)
    assert response.context["page"].paginator.count >= 30
    assert _count(client, url) == small


@pytest.mark.parametrize("persona", ["hr_sorong", "head_dinkes_sorong"])
def test_the_export_keeps_a_constant_query_count(org, as_persona, year, march, persona):
    client = as_persona(persona)
    url = EXPORT + f"?instansi={org.sorong.pk}&year=2026&period={march.pk}"
    score(march, org.dinkes_sorong)
    client.get(url)
    small = _count(client, url)
    _grow(org, year, march, 60)
    assert _count(client, url) == small


def test_the_annual_period_can_be_monitored(org, as_persona, year):
    score(annual(year), org.dinkes_sorong, employees=3)
    response = as_persona("hr_sorong").get(monitoring_url(org, annual(year)))
    assert [r.score.employees for r in response.context["rows"]] == [3]
    assert "Tahunan 2026" in response.content.decode()


def test_the_default_period_is_the_latest_scored_one_before_the_latest_ended_one():
    periods = [
        Period(pk=n, kind="periodic", number=n, start=date(2026, n, 1), end=date(2026, n, 28))
        for n in (1, 2, 3)
    ]
    assert selectors_hr.default_period(periods, date(2026, 6, 1), scored={1}).number == 1
    assert selectors_hr.default_period(periods, date(2026, 6, 1), scored={1, 2}).number == 2
    assert selectors_hr.default_period(periods, date(2026, 6, 1), scored=set()).number == 3


def test_the_monitoring_page_opens_on_the_latest_scored_period_of_the_latest_scored_year(org, as_persona):
    past = make_year(org.sorong, year=2020)  # every period has ended, only March is scored
    make_year(org.sorong, year=2021)  # a newer year without scores
    score(period(past, 3), org.dinkes_sorong)
    response = as_persona("hr_sorong").get(f"{URL}?instansi={org.sorong.pk}")
    assert response.status_code == 200
    assert response.context["m"].period == period(past, 3)
    assert response.context["rows"] != []


def test_a_provisionally_scored_running_period_does_not_hide_the_last_final_one():
    periods = [
        Period(pk=n, kind="periodic", number=n, start=date(2026, n, 1), end=date(2026, n, 28))
        for n in (10, 11, 12)
    ]
    # December is running (today 5 Dec) and was scored provisionally; November ended and is scored.
    assert selectors_hr.default_period(periods, date(2026, 12, 5), scored={11, 12}).number == 11
    # Only the running month is scored: show it (the page says "Sementara").
    assert selectors_hr.default_period(periods, date(2026, 12, 5), scored={12}).number == 12


def test_the_page_opens_on_the_last_final_period_and_says_sementara_only_for_a_running_one(org, as_persona):
    from django.utils import timezone

    current = make_year(org.sorong, year=timezone.localdate().year)
    today = timezone.localdate()
    running = next(p for p in current.periods.all() if not p.is_annual and p.start <= today <= p.end)
    score(running, org.dinkes_sorong)
    hr = as_persona("hr_sorong")
    ended = [p for p in current.periods.all() if not p.is_annual and p.end < today]
    if ended:  # after January: the latest ended month, scored, is what the page opens on
        last = max(ended, key=lambda p: p.end)
        score(last, org.dinkes_sorong)
        response = hr.get(f"{URL}?instansi={org.sorong.pk}")
        assert response.context["m"].period == last
        assert 'data-testid="provisional"' not in response.content.decode()
    response = hr.get(monitoring_url(org, running))
    assert response.context["m"].provisional
    assert 'data-testid="provisional"' in response.content.decode()
