"""Issue 10 item 18 in Chromium: the employee list sorts by a header click, changes its page size
and applies a filter, and a reload keeps all of it (the state is in the URL)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ..factories import make_employees_bulk
from .test_foundation_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def first_names(table, n: int) -> list[str]:
    return [text.strip() for text in table.locator("tbody tr td:first-child a").all_inner_texts()[:n]]


def test_hr_sorts_the_employee_list_changes_the_page_size_filters_and_reloads(org, page):
    make_employees_bulk(org.dishub_sorong, 60)  # Pegawai 000 … 059, golongan II/c
    log_in(page, "hr.sorong")
    page.goto(reverse("employees:list"))  # the menu entry's name depends on the navbar's grouping
    table = page.get_by_test_id("employee-table")
    name_header = table.locator("th[data-sort-key=nama]")
    expect(name_header).to_have_attribute("aria-sort", "ascending")  # the default order
    assert first_names(table, 2) == ["Kepala Dinkes", "Pegawai 000"]

    # A second click on the sorted column reverses it; the URL says so.
    name_header.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"[?&]sort=-nama(&|$)"))
    expect(name_header).to_have_attribute("aria-sort", "descending")
    expect(name_header).to_contain_text("▼")
    assert first_names(table, 2) == ["Staf Dishub Sorong", "Siti Perawat"]

    # Another column: ascending first, the previous column no longer marked.
    table.get_by_role("link", name="Golongan").click()
    expect(page).to_have_url(re.compile(r"[?&]sort=golongan(&|$)"))
    golongan_header = table.locator("th[data-sort-key=golongan]")
    expect(golongan_header).to_have_attribute("aria-sort", "ascending")
    expect(name_header).not_to_have_attribute("aria-sort", re.compile(".*"))
    expect(table.locator("tbody tr").first).to_contain_text("II/c")
    expect(table.locator("tbody tr")).to_have_count(50)

    # The page size: 100 shows everyone of the agency on one page, still sorted by golongan.
    page.get_by_test_id("page-sizes").get_by_role("link", name="100").click()
    expect(page).to_have_url(re.compile(r"size=100"))
    expect(page).to_have_url(re.compile(r"sort=golongan"))
    expect(table.locator("tbody tr")).to_have_count(63)
    expect(table.locator("tbody tr").last).to_contain_text("IV/c")

    # A filter keeps the sort and the page size.
    search = page.get_by_label("Cari nama atau NIP")
    search.fill("Pegawai 05")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"q=Pegawai\+05"))
    for part in ("sort=golongan", "size=100"):
        expect(page).to_have_url(re.compile(part))
    # Each word anywhere in the name: Pegawai 050 … 059 and Pegawai 005.
    expect(table.locator("tbody tr")).to_have_count(11)

    # A reload (or a bookmark) shows the same list.
    page.reload()
    expect(page.get_by_label("Cari nama atau NIP")).to_have_value("Pegawai 05")
    expect(table.locator("th[data-sort-key=golongan]")).to_have_attribute("aria-sort", "ascending")
    expect(table.locator("tbody tr")).to_have_count(11)
    assert first_names(table, 11) == [f"Pegawai {n:03d}" for n in (5, *range(50, 60))]
    expect(page).to_have_url(re.compile(r"size=100"))
    # Eleven rows need no page-size choice; without the filter it shows 100 as the current size.
    expect(page.get_by_test_id("page-sizes")).to_have_count(0)
    search = page.get_by_label("Cari nama atau NIP")
    search.fill("")
    search.press("Enter")
    expect(page.get_by_test_id("page-sizes").locator("[aria-current=true]")).to_have_text("100")
    expect(table.locator("tbody tr")).to_have_count(63)
