"""After an agency's yearly opening every active employee has the year's summary row (leave.models.
Balance): whoever joins the active staff later (created, imported, moved in, reactivated) gets it in
the same transaction, and the daily job writes any row missing behind the services' back. HR's balances
page relies on it to sort by N or the total along the summary's index: every employee is listed, the
same as before the opening, when the page sorted them all with zeros for a missing row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees.models import Employee
from employees.services import records
from leave import access, selectors
from leave.models import Balance
from leave.services import balances
from leave.tasks import open_due_years

from ..employees.test_employee_imports import nip, preview, send, token_of
from ..employees.test_employee_pages import form_data
from ..employees.xlsx import employee_file, employee_row
from ..factories import make_employee
from .factories import actor, grant

pytestmark = pytest.mark.django_db
YEAR = access.today().year


def has_row(employee: Employee) -> bool:
    return Balance.objects.filter(employee=employee, year=YEAR).exists()


def opened(org) -> None:
    balances.year_opening_run(instansi_id=org.sorong.pk, year=YEAR)
    assert selectors.year_opened(org.sorong.pk, YEAR)
    active = Employee.objects.filter(unit__instansi=org.sorong, is_active=True)
    assert all(has_row(e) for e in active)


def listed(client, sort: str) -> list[str]:
    response = client.get(reverse("leave:balances"), {"sort": sort})
    assert response.status_code == 200
    return [row.name for row in response.context["page"]]


def test_an_employee_created_after_the_opening_has_the_row_and_is_listed_sorted_by_n(org, as_persona):
    opened(org)
    client = as_persona("hr_sorong")
    assert client.post(reverse("employees:create"), form_data(org, name="Pegawai Baru")).status_code == 302
    new = Employee.objects.get(name="Pegawai Baru")
    assert Balance.objects.filter(employee=new, year=YEAR).values_list("n_days", "total_days").get() == (0, 0)
    everyone = Employee.objects.filter(unit__instansi=org.sorong, is_active=True).count()
    for sort in ("n", "-n", "sisa", "-sisa"):
        names = listed(client, sort)
        assert "Pegawai Baru" in names and len(names) == everyone, sort


def test_employees_imported_after_the_opening_have_the_row(org, as_persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    opened(org)
    client = as_persona("hr_sorong")
    token = token_of(send(client, employee_file(employee_row(nip(41), "Impor Satu")), instansi=org.sorong.pk))
    assert preview(client, token).context["report"].ok
    assert client.post(reverse("employees:import_apply", args=[token])).status_code == 302
    assert has_row(Employee.objects.get(name="Impor Satu"))
    assert "Impor Satu" in listed(client, "-n")


def test_a_reactivated_or_moved_employee_gets_the_row_back(org, as_persona):
    nurse = org.employee_dinkes_sorong
    grant(nurse, YEAR, 7)
    opened(org)
    hr = actor(org.users["hr_sorong"])
    Balance.objects.filter(employee=nurse).delete()  # as if they had none (left before the opening)
    records.employee_set_active(actor=hr, employee=nurse, active=False)
    assert not has_row(nurse)  # leaving writes nothing
    records.employee_set_active(actor=hr, employee=nurse, active=True)
    assert Balance.objects.filter(employee=nurse, year=YEAR).values_list("n_days", flat=True).get() == 7
    Balance.objects.filter(employee=nurse).delete()
    records.employee_update(actor=hr, employee=nurse, data={"unit": org.dishub_sorong})
    assert Balance.objects.filter(employee=nurse, year=YEAR).values_list("n_days", flat=True).get() == 7


def test_the_daily_job_writes_a_row_missing_behind_the_services_back(org):
    nurse = org.employee_dinkes_sorong
    grant(nurse, YEAR, 5)
    opened(org)
    late = make_employee(org.pkm_sorong, name="Lewat Belakang")  # a factory: no service, no listener
    Balance.objects.filter(employee__in=[nurse, late]).delete()
    first = open_due_years()
    assert first["rows_filled"] >= 2 and has_row(nurse) and has_row(late)
    assert Balance.objects.get(employee=nurse, year=YEAR).n_days == 5
    assert open_due_years()["rows_filled"] == 0  # idempotent


def test_the_page_sorted_by_n_is_the_same_before_and_after_the_opening(org, as_persona):
    """Before: every employee sorted with zeros for a missing row. After: along the summary."""
    five = make_employee(org.pkm_sorong, name="Urut Lima")
    grant(five, YEAR, 5)
    make_employee(org.pkm_sorong, name="Urut Nol")
    client = as_persona("hr_sorong")
    assert not selectors.year_opened(org.sorong.pk, YEAR)
    before = {sort: listed(client, sort) for sort in ("n", "-n", "sisa")}
    opened(org)  # grants 12 to whoever is entitled: the order by N may change, the set may not
    after = {sort: listed(client, sort) for sort in ("n", "-n", "sisa")}
    for sort in before:
        assert sorted(before[sort]) == sorted(after[sort]), sort
    shown = [
        (row.pk, row.n_days) for row in client.get(reverse("leave:balances"), {"sort": "-n"}).context["page"]
    ]
    assert [days for _pk, days in shown] == sorted((days for _pk, days in shown), reverse=True)
    summary = dict(Balance.objects.filter(year=YEAR).values_list("employee_id", "n_days"))
    assert all(summary[pk] == days for pk, days in shown)
    assert {"Urut Lima", "Urut Nol"} <= set(after["-n"])


def test_the_sorted_page_joins_the_summary_once(org, as_persona):
    """Filtering on the row after naming its figures made Django join leave_balance twice (a LEFT
    JOIN and an INNER JOIN): the plan then hashed every row of the summary instead of walking its
    index (docs/benchmarks.md, sixth run)."""
    opened(org)
    client = as_persona("hr_sorong")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("leave:balances"), {"sort": "-n"}).status_code == 200
    keys = [q["sql"] for q in captured.captured_queries if "ORDER BY" in q["sql"] and "n_days" in q["sql"]]
    assert keys, "the page's keys are sorted on the summary's N"
    for sql in keys:
        assert sql.count('JOIN "leave_balance"') == 1, sql
