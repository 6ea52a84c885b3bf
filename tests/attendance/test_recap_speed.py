"""The recap's reads at scale (issue 16 item 8): the rows aggregated by the employee alone, paged by
the employees first when sorted by name (the count never aggregates), sorted by a recap column over
the whole scope, the export's streaming read, the scope totals as the sum of the unit totals, and the
punctuality of closed months kept in the cache."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.paginator import Paginator

from attendance.choices import DayStatus
from attendance.models import DailyStatus
from attendance.selectors import recap

from ..factories import make_employee
from .recap_factories import band_table, month_of, weekdays

pytestmark = pytest.mark.django_db
JULY = recap.month_bounds(2026, 7)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _staff(org, count=7):
    """`count` employees of Dinas Perhubungan with 0..count-1 days tanpa keterangan in July, and one
    without any daily status in July (never a row)."""
    staff = []
    for i in range(count):
        employee = make_employee(org.dishub_sorong, name=f"Pegawai {chr(ord('A') + (i * 3) % count)}")
        tk = {f"d{d.day}": {"status": DayStatus.TANPA_KETERANGAN} for d in weekdays(2026, 7)[:i]}
        month_of(employee, 2026, 7, **tk)
        staff.append(employee)
    make_employee(org.dishub_sorong, name="Pegawai Tanpa Status")
    return staff


def test_pages_by_name_hold_every_employee_once_in_order(org, django_assert_num_queries):
    staff = _staff(org)
    columns = recap.recap_columns(org.sorong.pk, *JULY)
    rows = recap.recap_rows(instansi_id=org.sorong.pk, columns=columns, unit=org.dishub_sorong)
    with django_assert_num_queries(1):
        assert rows.count() == 7  # the employee without a July status is not a row
    paginator = Paginator(rows, 3)
    seen = []
    for number in paginator.page_range:
        with django_assert_num_queries(1):
            page = list(recap.shaped(paginator.page(number).object_list, columns))
        seen += [(r.name, r.tk) for r in page]
    assert [name for name, _tk in seen] == sorted(e.name for e in staff)
    by_name = {e.name: i for i, e in enumerate(staff)}
    assert all(tk == by_name[name] for name, tk in seen)
    # Descending and by NIP page the same way.
    names = [r["employee__name"] for r in recap.recap_rows(
        instansi_id=org.sorong.pk, columns=columns, unit=org.dishub_sorong, sort="-nama")[0:4]]  # fmt: skip
    assert names == sorted((e.name for e in staff), reverse=True)[:4]
    nips = [r["employee__nip"] for r in recap.recap_rows(
        instansi_id=org.sorong.pk, columns=columns, unit=org.dishub_sorong, sort="nip")[2:5]]  # fmt: skip
    assert nips == sorted(e.nip for e in staff)[2:5]


def test_sorted_by_a_recap_column_the_whole_scope_is_ranked(org, django_assert_num_queries):
    staff = _staff(org)
    columns = recap.recap_columns(org.sorong.pk, *JULY)
    rows = recap.recap_rows(instansi_id=org.sorong.pk, columns=columns, unit=org.dishub_sorong, sort="-tk")
    with django_assert_num_queries(1):
        first = rows[0:3]
    assert [r["tk"] for r in first] == [6, 5, 4]
    assert [r["employee_id"] for r in first] == [e.pk for e in reversed(staff)][:3]
    assert [r["tk"] for r in rows[3:7]] == [3, 2, 1, 0]
    assert rows[7:9] == []
    worked = [r["worked"] for r in recap.recap_rows(
        instansi_id=org.sorong.pk, columns=columns, unit=org.dishub_sorong, sort="hadir")[0:7]]  # fmt: skip
    assert worked == sorted(worked) and worked[0] == 23 - 6


def test_the_export_stream_reads_the_same_rows_as_the_list(org, django_assert_num_queries):
    band_table(org.sorong, date(2026, 1, 1))
    _staff(org)
    month_of(org.employee_dinkes_sorong, 2026, 7)
    columns = recap.recap_columns(org.sorong.pk, *JULY)
    rows = recap.recap_rows(instansi_id=org.sorong.pk, columns=columns, sort="unit")
    with django_assert_num_queries(1):
        streamed = list(recap.shaped(rows.iterator(chunk_size=2), columns))
    listed = list(recap.shaped(rows, columns))
    assert [r.employee_id for r in streamed] == [r.employee_id for r in listed]
    assert len(streamed) == 8 and streamed[0].unit_name == "Puskesmas Sorong Kota"  # path order
    assert {r.employee_id: r.cut_percent for r in streamed} == {r.employee_id: r.cut_percent for r in listed}
    tk6 = next(r for r in streamed if r.tk == 6)
    assert tk6.cut_percent == Decimal("18.00")  # 6 × 3%


def test_the_scope_totals_are_the_sum_of_the_unit_totals(org):
    _staff(org)
    month_of(org.employee_dinkes_sorong, 2026, 7, d1={"status": DayStatus.TERLAMBAT, "late": 45, "tl": "TL2"})
    month_of(org.employee_dishub_palembang, 2026, 7)  # another agency
    columns = recap.recap_columns(org.sorong.pk, *JULY)
    for unit in (None, org.dinkes_sorong):
        units = recap.unit_totals(instansi_id=org.sorong.pk, columns=columns, unit=unit)
        assert recap.totals_of(units, columns) == recap.scope_totals(
            instansi_id=org.sorong.pk, columns=columns, unit=unit
        )
    assert recap.totals_of([], columns)["employees"] == 0


def test_closed_months_of_the_chart_come_from_the_cache(org, django_assert_num_queries):
    nurse = org.employee_dinkes_sorong
    month_of(nurse, 2026, 5, d1={"status": DayStatus.TERLAMBAT, "late": 5, "tl": "TL1"})
    month_of(nurse, 2026, 6)
    month_of(nurse, 2026, 7)
    today = date(2026, 7, 20)  # May and before are closed; June (a month of grace) and July are not

    def chart():
        trends = recap.punctuality(instansi_id=org.sorong.pk, year=2026, month=7, today=today)
        return [(p[1], p[2]) for p in trends[0].points]

    assert recap.month_is_closed(date(2026, 5, 1), today) and not recap.month_is_closed(
        date(2026, 6, 1), today
    )
    with django_assert_num_queries(2):
        first = chart()
    assert first[-3:] == [(Decimal("95.2"), 21), (Decimal("100.0"), 22), (Decimal("100.0"), 23)]
    # A day of May rebuilt later is not seen until the entry expires; June and July are recounted.
    DailyStatus.objects.filter(employee=nurse, date__month=5).update(status=DayStatus.TERLAMBAT)
    DailyStatus.objects.filter(employee=nurse, date=date(2026, 6, 1)).update(status=DayStatus.TERLAMBAT)
    with django_assert_num_queries(2):
        second = chart()
    assert second[-3] == first[-3] and second[-2] == (Decimal("95.5"), 22)
    cache.clear()
    assert chart()[-3] == (Decimal("0.0"), 21)
    # Another scope is another entry.
    trends = recap.punctuality(
        instansi_id=org.sorong.pk, year=2026, month=7, unit=org.dinkes_sorong, today=today
    )
    assert [t.name for t in trends] == ["Puskesmas Sorong Kota"]
