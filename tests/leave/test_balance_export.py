"""HR's Excel export of the balances: the figures per employee (N-2, N-1, N, used this year, cuti besar),
a constant number of queries, and its permission matrix rows."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse as R
from openpyxl import load_workbook

from leave.choices import EntryKind, LeaveKind
from leave.services import requests as services

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params
from ..factories import make_employee
from .factories import actor, grant, leave_type, ledger_entry, request_data

HR_ONLY = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403)


def rows_of(response) -> dict[str, list]:
    sheet = load_workbook(BytesIO(response.content), read_only=True).worksheets[0]
    return {str(r[1]): list(r) for r in sheet.iter_rows(values_only=True) if len(r) > 1 and r[1]}


@pytest.mark.django_db
def test_the_export_has_each_employees_buckets_use_and_cuti_besar(org, as_persona):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2024, 1)
    grant(nurse, 2025, 6)
    grant(nurse, 2026, 12)
    ledger_entry(nurse, kind=EntryKind.PAKAI, bucket=2024, year=2025, days=-1,
                               reason="tahun lalu")  # fmt: skip
    request = services.request_submit(
        actor=actor(org.users["employee_dinkes_sorong"]),
        leave_type=leave_type(),
        **request_data(start=date(2026, 8, 18), end=date(2026, 8, 20)),
    )
    response = as_persona("hr_sorong").get(R("leave:balances_export") + f"?instansi={org.sorong.pk}")
    assert response.status_code == 200
    row = rows_of(response)[nurse.nip]
    # N-2 was used up last year; this request holds 3 days of N-1 but, still waiting, used none
    # (found by the probe: the column counted requests still waiting).
    assert row[3:8] == [0, 3, 12, 15, 0]
    head = actor(org.users["head_dinkes_sorong"])
    services.request_recommend(actor=head, request=request, option="disetujui")
    services.request_decide(actor=head, request=request, option="disetujui")
    response = as_persona("hr_sorong").get(R("leave:balances_export") + f"?instansi={org.sorong.pk}")
    row = rows_of(response)[nurse.nip]
    assert row[3:8] == [0, 3, 12, 15, 3]
    assert row[8] in ("Memenuhi syarat", "Belum memenuhi syarat")
    besar = rows_of(response)[org.head_dinkes_sorong.nip]
    assert besar[7] == 0


@pytest.mark.django_db
def test_a_cuti_besar_request_shows_in_the_export(org, as_persona):
    head = org.head_dinkes_sorong
    head.tmt_cpns = date(2010, 1, 1)
    head.save()
    services.request_submit(
        actor=actor(org.users["head_dinkes_sorong"]),
        leave_type=leave_type(LeaveKind.BESAR),
        **request_data(start=date(2026, 9, 1), end=date(2026, 9, 30)),
    )
    response = as_persona("hr_sorong").get(R("leave:balances_export") + f"?instansi={org.sorong.pk}")
    assert rows_of(response)[head.nip][8] == "Sedang diajukan"


@pytest.mark.parametrize("unit", ["abc", "palembang"])
def test_a_bad_unit_filter_exports_nothing_and_says_so(org, as_persona, unit):
    """Found by the probe: an unknown unit (or another agency's) exported the whole agency."""
    value = str(org.dishub_palembang.pk) if unit == "palembang" else unit
    client = as_persona("hr_sorong")
    response = client.get(R("leave:balances_export"), {"instansi": org.sorong.pk, "unit": value})
    assert response.status_code == 302 and "unduh" not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Filter tidak valid" in page


@pytest.mark.django_db
def test_the_export_keeps_its_query_count(org, as_persona, django_assert_max_num_queries):
    client = as_persona("hr_sorong")
    url = R("leave:balances_export") + f"?instansi={org.sorong.pk}"
    with django_assert_max_num_queries(12) as one:
        assert client.get(url).status_code == 200
    for n in range(25):
        employee = make_employee(org.dishub_sorong, name=f"Pegawai {n}")
        grant(employee, 2026, 12)
    with django_assert_max_num_queries(len(one)):
        response = client.get(url)
    assert len(rows_of(response)) >= 25


ROWS = [
    Row("leave:balances_export", "xlsx", lambda o: R("leave:balances_export"), expect(**HR_ONLY)),
    Row("leave:balances_export", "Sorong asked (each HR gets their own)",
        lambda o: R("leave:balances_export") + f"?instansi={o.sorong.pk}", expect(**HR_ONLY)),
]  # fmt: skip


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_balance_export_permission_matrix(org, row, persona):
    check_row(org, row, persona)
