"""A large employee export in Chromium (issue 11, item 8): the list is above the streaming limit, so
the export link asks first; the job builds the file; 'Unduhan saya' offers it with its row count."""

import csv
import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core import excel
from core.models import ExportFile

from ..factories import make_employees_bulk
from .conftest import open_dropdown
from .test_foundation_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_exports_a_large_list_and_downloads_it_from_unduhan_saya(org, page, settings):
    settings.EXPORT_STREAM_MAX_ROWS = 10
    make_employees_bulk(org.dishub_sorong, 20)
    log_in(page, "hr.sorong")
    page.goto(reverse("employees:list") + "?golongan=II/c")

    page.get_by_role("link", name="Ekspor CSV").click()
    expect(page.get_by_test_id("export-large")).to_contain_text("lebih dari 10 baris")
    assert not ExportFile.objects.exists()  # opening the link only asks
    page.get_by_role("button", name="Buat berkas ekspor").click()

    expect(page).to_have_url(reverse("core:exports"))
    export = ExportFile.objects.get()
    row = page.get_by_test_id(f"export-{export.pk}")
    expect(row).to_contain_text("Selesai")
    expect(row.locator("[data-rows]")).to_have_text(str(export.rows))
    with page.expect_download() as info:
        row.get_by_role("link", name="Unduh").click()
    text = open(info.value.path(), encoding="utf-8").read()  # noqa: SIM115
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert excel.complete_rows(text) == export.rows == len(lines) - 2
    assert {line[6] for line in lines[1:-1]} == {"II/c"}  # the list's filter came along

    # The menu leads back to it.
    open_dropdown(page, "user-menu")
    page.get_by_role("link", name="Unduhan saya").click()
    expect(page.get_by_test_id(f"export-{export.pk}")).to_be_visible()
