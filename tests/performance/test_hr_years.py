"""Performance years (HR): opening a year with its periods, changing deadlines and thresholds, the
year's page with its periods and the organisation predikat of units (a service, audited)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import access
from performance.choices import Frequency, OrganisationPredikat, PeriodKind
from performance.models import PerformanceYear, UnitPredikat
from performance.services.years import unit_predikat_set

from ..factories import make_unit
from .factories import ikis_of, make_realisation, make_skp, make_year, period

CREATE = reverse("performance:year_create")


def year_post(**overrides) -> dict:
    data = {
        "year": "2027",
        "frequency": Frequency.QUARTERLY,
        "skp_deadline": "2027-01-31",
        "realisation_days": "5",
        "appraisal_days": "10",
        "threshold_above": "110",
        "threshold_meets": "80",
    }
    data.update(overrides)
    return data


def actor(org, persona: str):
    return access.actor_for(org.users[persona])


# --- Opening a year ------------------------------------------------------------------------------------


def test_hr_opens_a_quarterly_year_and_its_periods_are_made(org, as_persona):
    response = as_persona("hr_sorong").post(f"{CREATE}?instansi={org.sorong.pk}", year_post())
    record = PerformanceYear.objects.get(instansi=org.sorong, year=2027)
    assert response.status_code == 302
    assert response["Location"] == reverse("performance:year_detail", args=[record.pk])
    assert record.frequency == Frequency.QUARTERLY
    assert record.history.first().history_user == org.users["hr_sorong"]
    periods = list(record.periods.order_by("end", "-kind"))
    assert [(p.kind, p.number) for p in periods] == [
        (PeriodKind.PERIODIC, 1),
        (PeriodKind.PERIODIC, 2),
        (PeriodKind.PERIODIC, 3),
        (PeriodKind.PERIODIC, 4),
        (PeriodKind.ANNUAL, 0),
    ]
    assert periods[0].end == date(2027, 3, 31)
    assert periods[0].realisation_deadline == date(2027, 4, 5)
    assert periods[0].appraisal_deadline == date(2027, 4, 10)


def test_the_year_page_lists_the_periods_with_indonesian_dates(org, as_persona):
    as_persona("hr_sorong").post(f"{CREATE}?instansi={org.sorong.pk}", year_post())
    record = PerformanceYear.objects.get(instansi=org.sorong, year=2027)
    html = as_persona("hr_sorong").get(reverse("performance:year_detail", args=[record.pk])).content.decode()
    table = html[html.index('data-testid="period-table"') :]
    for text in ("Triwulan I 2027", "Triwulan IV 2027", "Tahunan 2027", "1 Januari 2027", "31 Maret 2027"):
        assert text in table, text
    assert "5 April 2027" in table and "10 April 2027" in table  # the deadlines of the first quarter
    assert "31 Januari 2027" in html  # the SKP deadline


def test_a_threshold_above_not_higher_than_meets_is_refused_on_the_form(org, as_persona):
    response = as_persona("hr_sorong").post(
        f"{CREATE}?instansi={org.sorong.pk}", year_post(threshold_above="80", threshold_meets="80")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["threshold_above"] == [
        "Ambang Di Atas Ekspektasi harus lebih tinggi dari ambang Sesuai Ekspektasi."
    ]
    assert "harus lebih tinggi dari ambang Sesuai" in response.content.decode()
    assert not PerformanceYear.objects.exists()


def test_a_year_already_open_is_refused(org, as_persona):
    make_year(org.sorong, year=2026)
    response = as_persona("hr_sorong").post(f"{CREATE}?instansi={org.sorong.pk}", year_post(year="2026"))
    assert response.status_code == 200
    assert response.context["form"].errors["year"] == ["Tahun kinerja 2026 sudah dibuka."]
    assert PerformanceYear.objects.filter(instansi=org.sorong).count() == 1


def test_the_same_year_may_be_opened_by_another_agency(org, as_persona):
    make_year(org.sorong, year=2027)
    response = as_persona("hr_palembang").post(f"{CREATE}?instansi={org.palembang.pk}", year_post())
    assert response.status_code == 302
    assert PerformanceYear.objects.filter(year=2027).count() == 2


# --- Changing a year -----------------------------------------------------------------------------------


def test_changing_the_deadlines_moves_every_periods_deadlines(org, as_persona):
    record = make_year(org.sorong)
    url = reverse("performance:year_update", args=[record.pk])
    response = as_persona("hr_sorong").post(
        url,
        year_post(
            frequency=Frequency.MONTHLY, realisation_days="7", appraisal_days="14", threshold_above="120"
        ),
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.realisation_days, record.appraisal_days, record.threshold_above) == (7, 14, Decimal(120))
    assert record.year == 2026  # the year itself is not on the form
    january = period(record, 1)
    assert (january.realisation_deadline, january.appraisal_deadline) == (date(2026, 2, 7), date(2026, 2, 14))
    assert record.history.first().history_user == org.users["hr_sorong"]


def test_the_frequency_cannot_change_once_realisations_exist(org, as_persona):
    record = make_year(org.sorong)
    skp = make_skp(org.employee_dinkes_sorong, record)
    make_realisation(ikis_of(skp)[0], period(record, 1), 50)
    response = as_persona("hr_sorong").post(
        reverse("performance:year_update", args=[record.pk]), year_post(frequency=Frequency.SEMESTER)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["frequency"] == [
        "Frekuensi tidak dapat diubah karena realisasi, dialog kinerja, atau penilaian sudah ada pada tahun ini."
    ]
    record.refresh_from_db()
    assert record.frequency == Frequency.MONTHLY
    assert record.periods.count() == 13


def test_the_frequency_cannot_change_once_the_dialog_has_begun(org):
    """The dialog hangs on the periods: rebuilding them would delete it."""
    from core.access import actor_for
    from performance.models import Feedback
    from performance.services.years import year_update

    record = make_year(org.sorong)
    skp = make_skp(org.employee_dinkes_sorong, record)
    Feedback.objects.create(skp=skp, period=period(record, 1), text="Bagaimana kemajuannya?")
    with pytest.raises(ValidationError, match="dialog kinerja"):
        year_update(actor=actor_for(org.users["hr_sorong"]), record=record, frequency=Frequency.QUARTERLY)
    assert Feedback.objects.count() == 1 and record.periods.count() == 13


def test_the_update_form_starts_from_the_stored_values(org, as_persona):
    record = make_year(org.sorong, threshold_above=Decimal(115))
    response = as_persona("hr_sorong").get(reverse("performance:year_update", args=[record.pk]))
    form = response.context["form"]
    assert "year" not in form.fields
    assert form.initial["threshold_above"] == Decimal(115)
    assert form.initial["skp_deadline"] == date(2026, 1, 31)


# --- The list of years ---------------------------------------------------------------------------------


def test_the_years_list_shows_frequency_deadlines_thresholds_and_period_counts(org, as_persona):
    make_year(org.sorong, year=2026)
    make_year(org.sorong, year=2027, frequency=Frequency.SEMESTER)
    make_year(org.palembang, year=2025)
    response = as_persona("hr_sorong").get(reverse("performance:years"))
    rows = {y.year: y for y in response.context["page"]}
    assert set(rows) == {2026, 2027}
    assert (rows[2026].period_count, rows[2027].period_count) == (12, 2)
    html = response.content.decode()
    row_2027 = html[html.index('data-year="2027"') :]
    row_2027 = row_2027[: row_2027.index("</tr>")]
    assert "Semesteran" in row_2027 and "31 Januari 2027" in row_2027 and "110" in row_2027


def test_an_agency_without_years_is_told_what_to_do(org, as_persona):
    html = as_persona("hr_sorong").get(reverse("performance:years")).content.decode()
    assert "Belum ada tahun kinerja. Buka tahun kinerja" in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_year_pages_keep_a_constant_query_count(org, as_persona, django_assert_max_num_queries):
    client = as_persona("hr_sorong")
    record = make_year(org.sorong, year=2026)
    urls = [
        reverse("performance:years"),
        reverse("performance:year_detail", args=[record.pk]),
        reverse("performance:unit_predikat", args=[record.pk]),
    ]
    UnitPredikat.objects.create(year=record, unit=org.dinkes_sorong, predikat=OrganisationPredikat.BAIK)
    client.get(urls[0])
    small = [_queries(client, url) for url in urls]
    for y in range(2010, 2025):
        make_year(org.sorong, year=y)
    for i in range(40):
        unit = make_unit(org.sorong, f"X{i}", name=f"Unit {i}")
        UnitPredikat.objects.create(year=record, unit=unit, predikat=OrganisationPredikat.BAIK)
    with django_assert_max_num_queries(12):
        client.get(urls[2])
    assert [_queries(client, url) for url in urls] == small


# --- Organisation predikat -----------------------------------------------------------------------------


def test_hr_sets_the_organisation_predikat_of_units_on_one_form(org, as_persona):
    record = make_year(org.sorong)
    url = reverse("performance:unit_predikat", args=[record.pk])
    response = as_persona("hr_sorong").post(
        url,
        {
            f"unit_{org.dinkes_sorong.pk}": OrganisationPredikat.ISTIMEWA,
            f"unit_{org.dishub_sorong.pk}": OrganisationPredikat.BAIK,
            f"unit_{org.pkm_sorong.pk}": "",
        },
    )
    assert response.status_code == 302
    stored = dict(UnitPredikat.objects.filter(year=record).values_list("unit__code", "predikat"))
    assert stored == {"DINKES": "istimewa", "DISHUB": "baik"}
    row = UnitPredikat.objects.get(unit=org.dinkes_sorong)
    assert row.set_by == org.users["hr_sorong"]
    assert row.history.first().history_user == org.users["hr_sorong"]
    detail = as_persona("hr_sorong").get(reverse("performance:year_detail", args=[record.pk]))
    html = detail.content.decode()
    table = html[html.index('data-testid="unit-predikat-table"') :]
    assert "Dinas Kesehatan" in table and "Istimewa" in table


def test_the_form_shows_the_current_predikat_of_each_unit(org, as_persona):
    record = make_year(org.sorong)
    UnitPredikat.objects.create(year=record, unit=org.dinkes_sorong, predikat=OrganisationPredikat.KURANG)
    response = as_persona("hr_sorong").get(reverse("performance:unit_predikat", args=[record.pk]))
    form = response.context["form"]
    assert form[f"unit_{org.dinkes_sorong.pk}"].value() == "kurang"
    assert [u.pk for u in form.units] == [org.dinkes_sorong.pk, org.pkm_sorong.pk, org.dishub_sorong.pk]
    assert '<option value="kurang" selected>Kurang</option>' in response.content.decode()


def test_clearing_a_predikat_removes_it_and_the_history_keeps_it(org):
    record = make_year(org.sorong)
    hr = actor(org, "hr_sorong")
    unit_predikat_set(actor=hr, year=record, unit=org.dinkes_sorong, predikat="istimewa")
    unit_predikat_set(actor=hr, year=record, unit=org.dinkes_sorong, predikat="baik")
    assert unit_predikat_set(actor=hr, year=record, unit=org.dinkes_sorong, predikat="") is None
    assert not UnitPredikat.objects.exists()
    kinds = list(UnitPredikat.history.order_by("history_date").values_list("history_type", "predikat"))
    assert kinds == [("+", "istimewa"), ("~", "baik"), ("-", "baik")]


def test_setting_the_same_predikat_again_writes_no_history(org):
    record = make_year(org.sorong)
    hr = actor(org, "hr_sorong")
    unit_predikat_set(actor=hr, year=record, unit=org.dinkes_sorong, predikat="istimewa")
    unit_predikat_set(actor=hr, year=record, unit=org.dinkes_sorong, predikat="istimewa")
    assert UnitPredikat.history.count() == 1


def test_a_unit_of_another_agency_is_refused(org):
    record = make_year(org.sorong)
    with pytest.raises(ValidationError) as exc:
        unit_predikat_set(
            actor=actor(org, "superuser"), year=record, unit=org.dishub_palembang, predikat="baik"
        )
    assert "bukan bagian dari instansi ini" in str(exc.value)
    assert not UnitPredikat.objects.exists()


def test_an_unknown_predikat_is_refused(org):
    record = make_year(org.sorong)
    with pytest.raises(ValidationError):
        unit_predikat_set(
            actor=actor(org, "hr_sorong"), year=record, unit=org.dinkes_sorong, predikat="juara"
        )


@pytest.mark.parametrize("persona", ["head_dinkes_sorong", "employee_dinkes_sorong", "hr_palembang"])
def test_only_the_agencys_hr_sets_a_unit_predikat(org, persona):
    record = make_year(org.sorong)
    with pytest.raises(PermissionDenied):
        unit_predikat_set(actor=actor(org, persona), year=record, unit=org.dinkes_sorong, predikat="baik")
    assert not UnitPredikat.objects.exists()


def test_an_invalid_choice_on_the_form_saves_nothing(org, as_persona):
    record = make_year(org.sorong)
    response = as_persona("hr_sorong").post(
        reverse("performance:unit_predikat", args=[record.pk]),
        {f"unit_{org.dinkes_sorong.pk}": "istimewa", f"unit_{org.dishub_sorong.pk}": "juara"},
    )
    assert response.status_code == 200
    assert not UnitPredikat.objects.exists()
