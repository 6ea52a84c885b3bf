"""The home page's work lists on a phone in real Chromium (issue 13 item 4): nothing wider than the
screen, each line opens its filtered page."""

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from performance.choices import SkpState
from performance.models import Skp
from tests.factories import make_employee
from tests.performance.factories import DURING_YEAR, ikis_of, make_realisation, make_skp, make_year, period

from .conftest import ARTIFACTS
from .test_foundation_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), DURING_YEAR]


def fits(phone, name: str) -> None:
    """Nothing wider than the phone; the home page is kept as a screenshot before leaving it."""
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / f"home-{name}-phone.png"), full_page=True)


def test_hr_opens_the_kgb_notices_from_the_home_page_on_a_phone(org, phone):
    make_year(org.sorong)
    make_employee(org.dishub_sorong, name="Pegawai KGB Agustus", tmt_golongan=date(2014, 9, 1))
    log_in(phone, "hr.sorong")
    expect(phone.get_by_test_id("work-hr")).to_be_visible()
    expect(phone.get_by_test_id("chart-unit")).to_contain_text("Dinas Kesehatan")
    fits(phone, "hr")
    phone.get_by_test_id("work-kgb").click()
    expect(phone.get_by_role("heading", name="Kenaikan Gaji Berkala (KGB) Mendatang")).to_be_visible()
    expect(phone.get_by_text("Pegawai KGB Agustus")).to_be_visible()


def test_a_head_sees_the_overdue_work_on_a_phone_and_opens_it(org, phone):
    year = make_year(org.sorong)
    skp = make_skp(org.employee_dinkes_sorong, year, state=SkpState.SUBMITTED)
    Skp.objects.filter(pk=skp.pk).update(submitted_at=timezone.make_aware(datetime(2026, 5, 4, 9)))
    staff = make_employee(org.dinkes_sorong, name="Staf Dinkes")
    make_realisation(ikis_of(make_skp(staff, year))[0], period(year, 5), Decimal(90))
    log_in(phone, "kadinkes.sorong")
    overdue = phone.get_by_test_id("head-overdue")
    expect(overdue).to_contain_text("Siti Perawat")
    expect(phone.get_by_test_id("work-to_rate")).to_contain_text("terlambat")
    fits(phone, "head")
    overdue.get_by_role("link", name="SKP Siti Perawat menunggu persetujuan").click()
    expect(phone).to_have_url(re.compile(rf"/kinerja/skp/{skp.pk}/$"))


def test_the_employee_sees_the_skp_deadline_on_a_phone(org, phone):
    make_year(org.sorong)
    log_in(phone, "perawat.sorong")
    own = phone.get_by_test_id("work-own_skp")
    expect(own).to_contain_text("Belum disusun")
    fits(phone, "employee")
    own.click()
    expect(phone.get_by_role("heading", name="SKP saya")).to_be_visible()
