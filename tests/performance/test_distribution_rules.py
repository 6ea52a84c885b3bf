"""The predikat distribution rules of domain.md §7 as versioned reference data: the version in force on
a period's date decides the warnings, a newer version changes them, and without one the monitoring
says that nothing was checked (no built-in fallback)."""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from performance.choices import OrganisationPredikat
from performance.models import DistributionLimit, DistributionRuleSet, UnitPredikat
from performance.selectors import monitoring

from .factories import make_year, period
from .test_hr_monitoring import monitoring_url, score
from .test_rules import DOMAIN_RULES

pytestmark = pytest.mark.django_db
FILL = importlib.import_module("performance.migrations.0007_fill_distribution_rules")
ISTIMEWA_70 = "Sangat Baik 80% melebihi batas 70% untuk predikat organisasi Istimewa."
MISSING_MARCH = (
    "Tidak ada versi aturan distribusi predikat yang berlaku pada 31 Maret 2026; distribusi predikat tidak "
    "diperiksa. Minta admin mengisi data acuan aturan distribusi."
)


@pytest.fixture(autouse=True)
def migrated():
    """The version the data migration loads (again, if a transactional test flushed it)."""
    FILL.forwards(apps, None)
    return DistributionRuleSet.objects.get(version=FILL.VERSION)


@pytest.fixture
def year(org):
    return make_year(org.sorong, year=2026)


@pytest.fixture
def istimewa_unit(org, year):
    """Dinkes, rated Istimewa for 2026, with 8 of 10 employees Sangat Baik in March and September."""
    UnitPredikat.objects.create(year=year, unit=org.dinkes_sorong, predikat=OrganisationPredikat.ISTIMEWA)
    for number in (3, 9):
        score(period(year, number), org.dinkes_sorong, sangat_baik=8, baik=2, butuh_perbaikan=0, appraised=10)
    return org.dinkes_sorong


def newer_version(old: DistributionRuleSet, valid_from: date, *limits: tuple[str, str, str, int]):
    old.valid_to = date.fromordinal(valid_from.toordinal() - 1)
    old.save()
    rule_set = DistributionRuleSet.objects.create(
        version=f"Uji {valid_from}", source="uji", valid_from=valid_from
    )
    for i, (org, kind, predikat, limit) in enumerate(limits):
        DistributionLimit.objects.create(
            rule_set=rule_set,
            org_predikat=org,
            kind=kind,
            predikat=predikat,
            limit=Decimal(limit),
            position=i,
        )
    return rule_set


def warnings_on(as_persona, org, year, number):
    response = as_persona("hr_sorong").get(monitoring_url(org, period(year, number)))
    assert response.status_code == 200
    rows = {r.unit.pk: r for r in response.context["rows"]}
    return rows[org.dinkes_sorong.pk].warnings, response.content.decode()


def test_the_migration_loads_the_limits_of_domain_md_as_one_version(migrated):
    rules = monitoring.distribution_rules_on(date(2026, 3, 31))
    assert rules is not None and rules.version == "MenPANRB 2022"
    assert rules.by_org == DOMAIN_RULES
    assert set(rules.by_org) == set(OrganisationPredikat)
    assert migrated.valid_from == date(2022, 1, 1) and migrated.valid_to is None
    assert monitoring.distribution_rules_on(date(2021, 12, 31)) is None


def test_the_rule_reads_the_version_in_force_on_the_periods_date(
    org, as_persona, year, istimewa_unit, migrated
):
    newer_version(migrated, date(2026, 7, 1), ("istimewa", "at_most_percent", "sangat_baik", 80))
    # March 2026 ends under the 2022 version (at most 70% Sangat Baik): 80% is too many.
    march, html = warnings_on(as_persona, org, year, 3)
    assert march == [ISTIMEWA_70]
    assert ISTIMEWA_70 in html
    # September 2026 ends under the newer version (at most 80%): the same counts are within it.
    september, html = warnings_on(as_persona, org, year, 9)
    assert september == []
    assert "melebihi batas" not in html


def test_a_newer_version_changes_the_outcome_for_the_same_period(
    org, as_persona, year, istimewa_unit, migrated
):
    assert warnings_on(as_persona, org, year, 3)[0] == [ISTIMEWA_70]
    newer_version(migrated, date(2026, 1, 1), ("istimewa", "at_most_percent", "sangat_baik", 50))
    assert warnings_on(as_persona, org, year, 3)[0] == [
        "Sangat Baik 80% melebihi batas 50% untuk predikat organisasi Istimewa."
    ]


def test_the_latest_start_wins_when_an_older_version_was_left_open(migrated):
    DistributionRuleSet.objects.create(version="Uji terbuka", source="uji", valid_from=date(2026, 1, 1))
    DistributionLimit.objects.create(
        rule_set=DistributionRuleSet.objects.get(version="Uji terbuka"),
        org_predikat="istimewa",
        kind="at_most_percent",
        predikat="sangat_baik",
        limit=Decimal(90),
    )
    assert monitoring.distribution_rules_on(date(2025, 12, 31)).version == "MenPANRB 2022"
    assert monitoring.distribution_rules_on(date(2026, 1, 1)).version == "Uji terbuka"


def test_without_a_version_in_force_the_monitoring_says_nothing_was_checked(
    org, as_persona, year, istimewa_unit
):
    DistributionRuleSet.objects.all().delete()
    score(period(year, 3), org.dishub_sorong, sangat_baik=8, baik=2, butuh_perbaikan=0)  # no org predikat
    response = as_persona("hr_sorong").get(monitoring_url(org, period(year, 3)))
    rows = {r.unit.pk: r for r in response.context["rows"]}
    assert rows[org.dinkes_sorong.pk].warnings == [MISSING_MARCH]  # and no built-in 70% limit
    assert rows[org.dishub_sorong.pk].warnings == []
    html = response.content.decode()
    assert "Tidak ada versi aturan distribusi predikat yang berlaku pada 31 Maret 2026" in html
    assert "melebihi batas" not in html
    head = as_persona("head_dinkes_sorong").get(monitoring_url(org, period(year, 3)))
    assert head.context["summary"].warnings == [MISSING_MARCH]


def test_a_version_without_limits_for_the_units_predikat_says_so(org, as_persona, year, migrated):
    newer_version(migrated, date(2026, 1, 1), ("istimewa", "at_most_percent", "sangat_baik", 70))
    UnitPredikat.objects.create(year=year, unit=org.dinkes_sorong, predikat=OrganisationPredikat.BAIK)
    score(period(year, 3), org.dinkes_sorong, sangat_baik=0, baik=10, butuh_perbaikan=0)
    assert warnings_on(as_persona, org, year, 3)[0] == [
        "Aturan distribusi predikat versi Uji 2026-01-01 tidak memuat batas untuk predikat organisasi Baik; "
        "distribusi predikat tidak diperiksa."
    ]


def test_a_limit_names_known_predikat_and_a_percentage_within_100(migrated):
    limit = DistributionLimit(
        rule_set=migrated,
        org_predikat="baik",
        kind="at_most_percent",
        predikat="baik,cukup",
        limit=Decimal(70),
    )
    with pytest.raises(ValidationError) as caught:
        limit.full_clean()
    assert "Isi nilai predikat pegawai yang dikenal" in caught.value.message_dict["predikat"][0]
    limit.predikat, limit.limit = "baik", Decimal(120)
    with pytest.raises(ValidationError, match="antara 0 dan 100"):
        limit.full_clean()
    limit.limit = Decimal(70)
    limit.full_clean()  # a good limit passes


def test_the_versions_are_listed_in_the_django_admin(org, as_persona, migrated):
    response = as_persona("superuser").get(reverse("admin:performance_distributionruleset_changelist"))
    assert response.status_code == 200
    assert "MenPANRB 2022" in response.content.decode()
    change = as_persona("superuser").get(
        reverse("admin:performance_distributionruleset_change", args=[migrated.pk])
    )
    assert change.status_code == 200
    assert "butuh_perbaikan,kurang" in change.content.decode()
