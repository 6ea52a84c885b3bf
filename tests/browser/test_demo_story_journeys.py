"""The demo tells the whole story (issue 13, item 5): with nothing but the logins `seed_demo` prints,
the head of an OPD drafts an SKP linked to the Sekda's plan and submits it, the Sekda approves it, the
head reports a month, the Sekda rates the month and finalises it. The head of an OPD had nobody
above them before the Sekda was modelled (item 3)."""

import importlib
import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from employees.models import Employee
from performance.choices import AppraisalState, SkpState
from performance.models import Appraisal, Period, Skp
from tests.performance.factories import DURING_YEAR
from tests.surveys.factories import reference_data as surveys_reference_data

from .conftest import ARTIFACTS, open_dropdown
from .test_employee_journeys import field
from .test_self_service_journeys import log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), DURING_YEAR]


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"demo-story-{name}.png"), full_page=True)


def migrated_reference_data() -> None:
    """The reference data the data migrations load (career tables, distribution rules, the SKM bands,
    sample table and standard questionnaire), as `make demo` finds it after `migrate`: a transactional
    test that ran before this one emptied every table. Each loader is idempotent."""
    from django.apps import apps

    importlib.import_module("employees.migrations.0009_fill_career_reference_data").forwards(apps, None)
    importlib.import_module("performance.migrations.0007_fill_distribution_rules").forwards(apps, None)
    surveys_reference_data()


def printed_logins() -> tuple[str, dict[str, str]]:
    """Run seed_demo as `make demo` does and read the password and the logins from what it prints."""
    migrated_reference_data()
    out = StringIO()
    call_command("seed_demo", employees=150, stdout=out)
    text = out.getvalue()
    password = re.search(r"password for all: (\S+)\)", text).group(1)
    logins = {}
    for line in text.splitlines():
        match = re.match(r"\s+(\w+)\s+([\w.]+)", line)
        if match:
            logins[match.group(2)] = match.group(1)
    return password, logins


def log_in(page, login: str, password: str) -> None:
    page.goto("/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill(login)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("dashboard-title")).to_be_visible()


def open_menu(page, name: str) -> None:
    open_dropdown(page, "menu-kinerja")
    page.get_by_role("link", name=name, exact=True).click()


def test_the_head_of_an_opd_and_the_sekda_play_a_whole_skp_cycle_with_the_printed_logins(page):
    password, logins = printed_logins()
    for login in (
        "kadishub.sorong",
        "sekda.sorong",
        "kabid.llaj.sorong",
        "pegawai.dishub.sorong",
        "hr.sorong",
    ):
        assert login in logins, login
    head, sekda = "kadishub.sorong", "sekda.sorong"
    head_name = Employee.objects.get(user__username=head).name

    # The head of the OPD drafts the SKP 2026, linked to the Sekda's plan, and submits it.
    log_in(page, head, password)
    open_menu(page, "SKP saya")
    page.get_by_test_id("start-skp-2026").click()
    expect(page.get_by_text("Draf SKP 2026 dibuat.")).to_be_visible()
    page.get_by_test_id("add-rhk").click()
    field(page, "Rencana hasil kerja").fill("Meningkatnya keselamatan lalu lintas kota")
    field(page, "RHK atasan yang diintervensi").select_option(index=1)
    page.get_by_role("button", name="Simpan RHK").click()
    expect(page.get_by_text("Rencana hasil kerja disimpan.")).to_be_visible()
    page.get_by_role("link", name="Tambah IKI").first.click()
    field(page, "Indikator kinerja individu").fill("Rambu lalu lintas terpasang")
    field(page, "Target (angka)").fill("20")
    field(page, "Satuan").fill("rambu")
    page.get_by_role("button", name="Simpan IKI").click()
    expect(page.get_by_text("Indikator kinerja disimpan.")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ajukan SKP").click()
    expect(page.get_by_test_id("skp-state")).to_have_text("Diajukan")
    expect(page.get_by_text("Pejabat penilai kinerja:")).to_contain_text(
        Employee.objects.get(user__username=sekda).name
    )
    shot(page, "submitted")
    skp = Skp.objects.get(employee__user__username=head)
    log_out(page)

    # The Sekda finds it in Kinerja bawahan and approves it.
    log_in(page, sekda, password)
    open_menu(page, "Kinerja bawahan")
    page.locator("#skp").get_by_role("link", name=re.compile(re.escape(head_name))).first.click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Setujui SKP").click()
    expect(page.get_by_text("SKP disetujui dan dikunci.")).to_be_visible()
    expect(page.get_by_test_id("skp-state")).to_have_text("Disetujui")
    log_out(page)

    # The head reports June.
    june = Period.objects.get(year=skp.year, kind="periodic", number=6)
    iki = skp.rhks.get().ikis.get()
    log_in(page, head, password)
    page.goto(f"/kinerja/skp/{skp.pk}/realisasi/{june.pk}/")
    page.locator(f"#id_iki-{iki.pk}-value").fill("18")
    page.get_by_role("button", name="Simpan realisasi").click()
    expect(page.get_by_text("Realisasi Juni 2026 disimpan.")).to_be_visible()
    expect(page.get_by_test_id("indeks")).to_have_text("90,00")
    log_out(page)

    # The Sekda rates June from the queue and finalises it.
    log_in(page, sekda, password)
    open_menu(page, "Kinerja bawahan")
    row = page.locator("#nilai tr", has_text=head_name).filter(has_text="Juni 2026")
    row.get_by_role("link", name="Nilai").click()
    expect(page.get_by_test_id("suggestion")).to_contain_text("Sesuai Ekspektasi")
    page.get_by_label("Rating perilaku kerja (keseluruhan)").select_option("meets")
    for select in page.locator("select[name^=perilaku_]").all():
        select.select_option("meets")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Finalkan").click()
    expect(page.get_by_text("Penilaian difinalkan. Predikat: Baik.")).to_be_visible()
    shot(page, "final")
    log_out(page)

    skp.refresh_from_db()
    assert skp.state == SkpState.APPROVED
    appraisal = Appraisal.objects.get(employee=skp.employee, period=june)
    assert appraisal.state == AppraisalState.FINAL
    assert appraisal.appraiser.user.username == sekda

    # The head sees the predikat.
    log_in(page, head, password)
    page.goto(f"/kinerja/skp/{skp.pk}/penilaian/{june.pk}/")
    expect(page.get_by_test_id("predikat")).to_have_text("Baik")
