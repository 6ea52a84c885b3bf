"""The monthly recap (attendance.selectors.recap) on constructed months: the counts and minutes per
band, the statuses, the TPP cut per the version in force each day, the cap, the unit and scope
totals, the leave columns against the leave app, punctuality per unit, and the one query."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from attendance.choices import DayStatus
from attendance.selectors import recap

from .recap_factories import band_table, bands_with_cuts, day, month_of, weekdays

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    """The chart keeps closed months in the cache: each test starts without them."""
    cache.clear()
    yield
    cache.clear()


D = Decimal
JULY = recap.month_bounds(2026, 7)


def _rows(org, unit=None, q="", year=2026, month=7):
    columns = recap.recap_columns(org.sorong.pk, *recap.month_bounds(year, month))
    raw = recap.recap_rows(instansi_id=org.sorong.pk, columns=columns, unit=unit, q=q)
    return columns, {r.employee_id: r for r in recap.shaped(raw, columns)}


def test_a_constructed_month_is_counted_per_status_and_band(org, django_assert_num_queries):
    band_table(org.sorong, date(2026, 1, 1))
    nurse = org.employee_dinkes_sorong
    month_of(
        nurse, 2026, 7,
        d1={"status": DayStatus.TERLAMBAT, "late": 30, "tl": "TL1"},
        d2={"status": DayStatus.TERLAMBAT, "late": 31, "tl": "TL2"},
        d3={"status": DayStatus.TERLAMBAT, "late": 31, "early": 61, "tl": "TL2", "psw": "PSW3"},
        d6={"status": DayStatus.PULANG_CEPAT, "early": 5, "psw": "PSW1"},
        d7={"status": DayStatus.TERLAMBAT, "tl": "TL4"},  # no check-in: beyond the last band, 0 minutes
        d8={"status": DayStatus.TANPA_KETERANGAN},
        d9={"status": DayStatus.TANPA_KETERANGAN},
        d10={"status": DayStatus.CUTI},
        d13={"status": DayStatus.SAKIT},
        d14={"status": DayStatus.DINAS_LUAR},
        d15={"status": DayStatus.PELATIHAN},
        d17={"status": DayStatus.LIBUR},
    )  # fmt: skip
    columns = recap.recap_columns(org.sorong.pk, *JULY)
    with django_assert_num_queries(1):
        raw = list(recap.recap_rows(instansi_id=org.sorong.pk, columns=columns))
    assert len(raw) == 1
    row = recap.shape(raw[0], columns)
    assert columns.tl_codes == ("TL1", "TL2", "TL3", "TL4")
    assert columns.psw_codes == ("PSW1", "PSW2", "PSW3", "PSW4")
    assert (row.working_days, row.worked, row.hadir, row.terlambat, row.pulang_cepat) == (22, 16, 11, 4, 1)
    assert (row.tk, row.cuti, row.sakit, row.dinas_luar, row.pelatihan) == (2, 1, 1, 1, 1)
    assert row.tl == [(1, 30), (2, 62), (0, 0), (1, 0)]
    assert row.psw == [(1, 5), (0, 0), (1, 61), (0, 0)]
    # 0.5 + 2 × 1 + 1.5 (TL) + 0.5 + 1.25 (PSW) + 2 × 3 (TK) = 11.75% of the attendance part; 40% share.
    assert row.cut_percent == D("11.75")
    assert row.tpp_cut_percent == D("4.70")
    assert (row.nip, row.unit_name, row.golongan, row.jabatan) == (
        nurse.nip,
        "Puskesmas Sorong Kota",
        "III/a",
        "Pengadministrasi Perkantoran",
    )


def test_a_new_band_table_version_mid_month_cuts_each_day_by_its_own(org):
    band_table(org.sorong, date(2025, 1, 1), date(2026, 7, 15), absence="3")
    band_table(org.sorong, date(2026, 7, 16), bands=bands_with_cuts(["1", "2", "3", "4"], ["1", "2", "3", "4"]),
               absence="5", share="30", name="Perwali 3/2026")  # fmt: skip
    nurse = org.employee_dinkes_sorong
    month_of(
        nurse, 2026, 7,
        d15={"status": DayStatus.TERLAMBAT, "late": 10, "tl": "TL1"},  # old table: 0.5
        d16={"status": DayStatus.TERLAMBAT, "late": 10, "tl": "TL1"},  # new table: 1
        d14={"status": DayStatus.TANPA_KETERANGAN},  # old: 3
        d20={"status": DayStatus.TANPA_KETERANGAN},  # new: 5
        d21={"status": DayStatus.PULANG_CEPAT, "early": 95, "psw": "PSW4"},  # new: 4
    )  # fmt: skip
    columns, rows = _rows(org)
    assert [s.start.day for s in columns.spans] == [1, 16]
    row = rows[nurse.pk]
    assert row.tl[0] == (2, 20)
    assert row.cut_percent == D("13.50")
    # The share of the table in force at the month's end: 30%.
    assert columns.attendance_share == D("30")
    assert row.tpp_cut_percent == D("4.05")


def test_the_cut_is_capped_at_the_whole_attendance_part(org):
    band_table(org.sorong, date(2026, 1, 1), absence="4")
    month_of(org.employee_dinkes_sorong, 2026, 7, status=DayStatus.TANPA_KETERANGAN)  # 23 × 4 = 92
    month_of(org.head_dinkes_sorong, 2026, 7, status=DayStatus.TANPA_KETERANGAN,
             d31={"status": DayStatus.TERLAMBAT, "tl": "TL4"})  # fmt: skip
    _columns, rows = _rows(org)
    assert rows[org.employee_dinkes_sorong.pk].cut_percent == D("92.00")
    assert rows[org.employee_dinkes_sorong.pk].tpp_cut_percent == D("36.80")
    # 22 × 4 + 1.5 = 89.5 for the head; one more day each way shows the cap:
    assert rows[org.head_dinkes_sorong.pk].cut_percent == D("89.50")
    band_table(org.sorong, date(2026, 7, 31), absence="20")  # the 31st: 20 more
    _columns, rows = _rows(org)
    assert rows[org.employee_dinkes_sorong.pk].cut_percent == D("100.00")  # 22 × 4 + 20 = 108
    assert rows[org.employee_dinkes_sorong.pk].tpp_cut_percent == D("40.00")


def test_without_a_band_table_the_days_are_counted_and_nothing_is_cut(org):
    month_of(org.employee_dinkes_sorong, 2026, 7, d1={"status": DayStatus.TERLAMBAT, "late": 50, "tl": "TL2"},
             d2={"status": DayStatus.TANPA_KETERANGAN})  # fmt: skip
    columns, rows = _rows(org)
    assert columns.tl_codes == ("TL1", "TL2", "TL3", "TL4")
    row = rows[org.employee_dinkes_sorong.pk]
    assert (row.tl[1], row.tk, row.cut_percent) == ((1, 50), 1, D("0.00"))


def test_the_scope_is_the_agency_the_unit_subtree_and_the_month(org):
    for employee in (org.employee_dinkes_sorong, org.head_dinkes_sorong, org.employee_dishub_sorong,
                     org.employee_dishub_palembang):  # fmt: skip
        month_of(employee, 2026, 7)
    day(org.employee_dinkes_sorong, date(2026, 6, 30), DayStatus.TANPA_KETERANGAN)  # not July
    day(org.employee_dinkes_sorong, date(2026, 8, 3), DayStatus.TANPA_KETERANGAN)
    _c, rows = _rows(org)
    assert set(rows) == {
        org.employee_dinkes_sorong.pk,
        org.head_dinkes_sorong.pk,
        org.employee_dishub_sorong.pk,
    }
    assert rows[org.employee_dinkes_sorong.pk].tk == 0 and rows[org.employee_dinkes_sorong.pk].worked == 23
    _c, rows = _rows(org, unit=org.dinkes_sorong)
    assert set(rows) == {org.employee_dinkes_sorong.pk, org.head_dinkes_sorong.pk}
    _c, rows = _rows(org, unit=org.pkm_sorong)
    assert set(rows) == {org.employee_dinkes_sorong.pk}
    _c, rows = _rows(org, q="siti")
    assert set(rows) == {org.employee_dinkes_sorong.pk}
    _c, rows = _rows(org, q=org.head_dinkes_sorong.nip)
    assert set(rows) == {org.head_dinkes_sorong.pk}


def test_unit_and_scope_totals_add_up_the_employees(org, django_assert_num_queries):
    band_table(org.sorong, date(2026, 1, 1))
    month_of(org.employee_dinkes_sorong, 2026, 7, d1={"status": DayStatus.TANPA_KETERANGAN},
             d2={"status": DayStatus.TERLAMBAT, "late": 45, "tl": "TL2"})  # fmt: skip
    month_of(org.head_dinkes_sorong, 2026, 7, d2={"status": DayStatus.TERLAMBAT, "late": 5, "tl": "TL1"})
    month_of(org.employee_dishub_sorong, 2026, 7, d3={"status": DayStatus.CUTI})
    columns = recap.recap_columns(org.sorong.pk, *JULY)
    with django_assert_num_queries(1):
        units = recap.unit_totals(instansi_id=org.sorong.pk, columns=columns)
    assert [(u["employee__unit__name"], u["employees"], u["worked"], u["tk"], u["cuti"]) for u in units] == [
        ("Dinas Kesehatan", 1, 23, 0, 0),
        ("Puskesmas Sorong Kota", 1, 22, 1, 0),
        ("Dinas Perhubungan", 1, 22, 0, 1),
    ]
    with django_assert_num_queries(1):
        totals = recap.scope_totals(instansi_id=org.sorong.pk, columns=columns, unit=org.dinkes_sorong)
    assert (totals["employees"], totals["worked"], totals["tk"], totals["terlambat"]) == (2, 45, 1, 2)
    assert totals["tl"][:2] == [(1, 5), (1, 45)]


def test_the_leave_columns_agree_with_the_leave_app(org):
    from tests.leave.factories import grant
    from tests.leave.test_leave_links import send, to_pyb

    nurse = org.employee_dinkes_sorong
    grant(nurse, 2026, 12)
    to_pyb(org, send(org, start=date(2026, 8, 14), end=date(2026, 8, 19)))  # 17 Aug: a holiday
    month_of(
        nurse, 2026, 8,
        d14={"status": DayStatus.CUTI}, d17={"status": DayStatus.LIBUR},
        d18={"status": DayStatus.CUTI}, d19={"status": DayStatus.CUTI},
    )  # fmt: skip
    month_of(org.head_dinkes_sorong, 2026, 8, d3={"status": DayStatus.CUTI})  # no leave approved
    start, end = recap.month_bounds(2026, 8)
    _c, rows = _rows(org, month=8)
    shown = [rows[nurse.pk], rows[org.head_dinkes_sorong.pk]]
    assert rows[nurse.pk].cuti == 3
    assert recap.leave_mismatches(org.sorong.pk, shown, start, end) == {org.head_dinkes_sorong.pk}
    assert shown[1].leave_mismatch and not shown[0].leave_mismatch


def test_punctuality_per_unit_and_month(org, django_assert_num_queries):
    for month in (5, 6, 7):
        late = {f"d{d.day}": {"status": DayStatus.TERLAMBAT, "late": 5, "tl": "TL1"}
                for d in weekdays(2026, month)[: month - 4]}  # fmt: skip
        month_of(org.employee_dinkes_sorong, 2026, month, **late)
    month_of(org.employee_dishub_sorong, 2026, 7, status=DayStatus.TERLAMBAT)
    month_of(org.employee_dishub_palembang, 2026, 7, status=DayStatus.TERLAMBAT)
    with django_assert_num_queries(2):
        trends = recap.punctuality(instansi_id=org.sorong.pk, year=2026, month=7)
    by_name = {t.name: t for t in trends}
    assert set(by_name) == {"Dinas Kesehatan", "Dinas Perhubungan"}
    points = by_name["Dinas Kesehatan"].points
    assert [p[0] for p in points] == [date(2026, m, 1) for m in (2, 3, 4, 5, 6, 7)]
    # May: 21 weekdays, 1 late; June: 22, 2 late; July: 23, 3 late.
    assert [p[1] for p in points] == [None, None, None, D("95.2"), D("90.9"), D("87.0")]
    assert by_name["Dinas Perhubungan"].points[-1][1:] == (D("0.0"), 23)
    # Inside Dinas Kesehatan: its Puskesmas (the nurse) apart.
    trends = recap.punctuality(instansi_id=org.sorong.pk, year=2026, month=7, unit=org.dinkes_sorong)
    assert [t.name for t in trends] == ["Puskesmas Sorong Kota"]
