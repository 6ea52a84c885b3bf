"""The recap's faster read (issue 16 item 8) against the previous computation, on constructed months:
the rows of RecapRows (on PostgreSQL the LATERAL form; one table in the month: no per-run counts)
shaped by Shaper (the band tables resolved once, the cut as integer weights) must equal the rows of
RecapRows(reference=True) (the first form, every run counted) shaped row by row by
shape_reference (rules.month_cut_percent) — with every band, cuts capped at 100 %, two band table
versions in the month, a month only partly covered by a table, and none at all."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.paginator import Paginator

from attendance import rules
from attendance.choices import DayStatus
from attendance.selectors import recap

from ..factories import make_employee
from .recap_factories import band_table, bands_with_cuts, month_of, weekdays

pytestmark = pytest.mark.django_db
JULY = recap.month_bounds(2026, 7)

# The day kinds the staff cycle through: every TL and PSW band of the example table (minutes inside
# each), both at once, no record (the last band, 0 minutes), the other statuses.
KINDS = [
    {"status": DayStatus.HADIR},
    {"status": DayStatus.TERLAMBAT, "late": 12, "tl": "TL1"},
    {"status": DayStatus.TERLAMBAT, "late": 45, "tl": "TL2"},
    {"status": DayStatus.TERLAMBAT, "late": 75, "tl": "TL3"},
    {"status": DayStatus.TERLAMBAT, "late": 130, "tl": "TL4"},
    {"status": DayStatus.PULANG_CEPAT, "early": 20, "psw": "PSW1"},
    {"status": DayStatus.PULANG_CEPAT, "early": 50, "psw": "PSW2"},
    {"status": DayStatus.PULANG_CEPAT, "early": 80, "psw": "PSW3"},
    {"status": DayStatus.PULANG_CEPAT, "psw": "PSW4"},
    {"status": DayStatus.TERLAMBAT, "late": 35, "early": 95, "tl": "TL2", "psw": "PSW4"},
    {"status": DayStatus.TANPA_KETERANGAN},
    {"status": DayStatus.CUTI},
    {"status": DayStatus.SAKIT},
    {"status": DayStatus.DINAS_LUAR},
    {"status": DayStatus.PELATIHAN},
    {"status": DayStatus.LIBUR},
]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _staff(org, count=9):
    """`count` employees with a mix of every kind of day (shifted per employee), one absent every
    weekday (a cut far above 100 %), and one without a day in July (no row)."""
    days = weekdays(2026, 7)
    staff = []
    for i in range(count):
        employee = make_employee(org.dishub_sorong, name=f"Pegawai {i:02d}")
        month_of(
            employee, 2026, 7, **{f"d{d.day}": KINDS[(i * 5 + j) % len(KINDS)] for j, d in enumerate(days)}
        )
        staff.append(employee)
    absent = make_employee(org.dinkes_sorong, name="Pegawai Mangkir")
    month_of(absent, 2026, 7, status=DayStatus.TANPA_KETERANGAN)
    make_employee(org.dishub_sorong, name="Pegawai Tanpa Status")
    return [*staff, absent]


def _tables(org, case):
    if case == "one table":
        band_table(org.sorong, date(2025, 1, 1), absence="4.50", share="40")  # 23 × 4.5 = 103.5
    elif case == "two versions":
        band_table(org.sorong, date(2025, 1, 1), date(2026, 7, 15), absence="3", share="40")
        band_table(
            org.sorong,
            date(2026, 7, 16),
            bands=bands_with_cuts(["0.75", "0", "2.25", "3"], ["1", "1.5", "0", "4"]),
            absence="6",  # 11 × 3 + 12 × 6 = 105: the one absent every day is capped
            share="30",
            name="Perwali 3/2026",
        )
    elif case == "from the 16th":
        band_table(org.sorong, date(2026, 7, 16), absence="9", share="35")  # 12 × 9 = 108
    # "no table": the example columns, no cut


@pytest.mark.parametrize("case", ["one table", "two versions", "from the 16th", "no table"])
def test_the_fast_path_equals_the_previous_computation(org, case, django_assert_num_queries):
    _tables(org, case)
    staff = _staff(org)
    columns = recap.recap_columns(org.sorong.pk, *JULY)
    spans = {"one table": 1, "two versions": 2, "from the 16th": 2, "no table": 1}[case]
    assert len(columns.spans) == spans
    assert recap.single_table(columns) == (case == "one table")

    reference = recap.RecapRows(instansi_id=org.sorong.pk, columns=columns, reference=True)
    expected = [recap.shape_reference(raw, columns) for raw in reference]
    assert len(expected) == len(staff)  # the employee without a July day is no row
    # The data covers what the cut adds: every band of each kind counted, a cut capped at 100 %.
    assert all(any(row.tl[i][0] for row in expected) for i in range(len(columns.tl_codes)))
    assert all(any(row.psw[i][0] for row in expected) for i in range(len(columns.psw_codes)))
    cuts = {row.cut_percent for row in expected}
    if case == "no table":
        assert cuts == {Decimal("0.00")}
    else:
        assert Decimal("100.00") in cuts and len(cuts) > 3

    fast = recap.recap_rows(instansi_id=org.sorong.pk, columns=columns)
    with django_assert_num_queries(1):
        listed = list(recap.shaped(fast, columns))
    assert listed == expected
    with django_assert_num_queries(1):
        streamed = list(fast.shaped(chunk_size=4))
    assert streamed == expected
    # Pages (the employees first, by name) and a recap column's order read the same rows.
    paged = []
    for number in Paginator(fast, 4).page_range:
        with django_assert_num_queries(1):
            paged += list(recap.shaped(Paginator(fast, 4).page(number).object_list, columns))
    assert paged == expected
    by_tk = recap.recap_rows(instansi_id=org.sorong.pk, columns=columns, sort="-tk")
    by_tk_reference = recap.RecapRows(instansi_id=org.sorong.pk, columns=columns, sort="-tk", reference=True)
    assert list(recap.shaped(by_tk[0:5], columns)) == [
        recap.shape_reference(r, columns) for r in by_tk_reference[0:5]
    ]
    # A unit subtree and a search read the same rows as the reference.
    for scope in ({"unit": org.dinkes_sorong}, {"q": "Pegawai 0"}):
        rows = recap.recap_rows(instansi_id=org.sorong.pk, columns=columns, **scope)
        old = recap.RecapRows(instansi_id=org.sorong.pk, columns=columns, reference=True, **scope)
        assert list(rows.shaped()) == [recap.shape_reference(r, columns) for r in old] != []


def test_a_table_without_a_cut_per_band_and_weights_finer_than_hundredths(org):
    """Rows built outside the database (rules.TableVersion) may carry any exponent: the integer
    weights keep it, and the cap and the rounding are those of rules.month_cut_percent."""
    table = rules.TableVersion(
        1,
        date(2026, 1, 1),
        None,
        bands_with_cuts(["0.125", "0", "1", "2"], ["0", "0", "0", "33.5"]),
        Decimal("3.333"),
        Decimal("40"),
    )
    columns = recap.Columns(
        start=JULY[0],
        end=JULY[1],
        spans=(rules.TableSpan(table, *JULY),),
        tl_codes=("TL1", "TL2", "TL3", "TL4"),
        psw_codes=("PSW1", "PSW2", "PSW3", "PSW4"),
    )
    base = {name: 0 for name in recap._aggregates(columns, every_span=True)} | {
        "employee_id": 1,
        "employee__nip": "1",
        "employee__name": "A",
        "employee__front_title": "",
        "employee__back_title": "",
        "employee__unit_id": 1,
        "employee__unit__name": "U",
        "employee__current_rank__golongan": None,
        "employee__current_position__name": None,
    }
    shaper = recap.Shaper(columns)
    for tl1, tk, psw4 in [(0, 0, 0), (1, 0, 0), (3, 1, 0), (5, 7, 1), (0, 30, 0), (2, 0, 3)]:
        raw = base | {"tl0": tl1, "s0b0": tl1, "tk": tk, "s0tk": tk, "psw3": psw4, "s0b7": psw4}
        assert shaper(raw) == recap.shape_reference(raw, columns), (tl1, tk, psw4)
    assert shaper(base | {"tk": 30, "s0tk": 30}).cut_percent == Decimal("99.99")  # 99.990
    assert shaper(base | {"tk": 31, "s0tk": 31}).cut_percent == Decimal("100.00")
    assert shaper(base | {"tl0": 1, "s0b0": 1}).cut_percent == Decimal("0.12")  # 0.125, half even
