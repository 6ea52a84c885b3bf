"""Whole numbers in query strings (ids, pages, windows, years) are read by one function,
core.bounds.parse_int: a digit Python's int() refuses ("²", "١") or a number of thousands of digits
gives the page's default or a 404, never a 500 (review of issue 11)."""

import pytest

from core.bounds import INT_DIGITS_MAX, parse_int

pytestmark = pytest.mark.django_db

ODD_NUMBERS = ["²", "١٢", "1" * 5000, "1" * (INT_DIGITS_MAX + 1), " 7 ", "-1", "1e3", "0x10", "\x00"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("7", 7), (" 42 ", 42), ("0", 0), ("9" * INT_DIGITS_MAX, int("9" * INT_DIGITS_MAX)),
     ("9" * (INT_DIGITS_MAX + 1), None), ("²", None), ("١٢", None), ("-1", None), ("", None), ("1.0", None)],
)  # fmt: skip
def test_parse_int_takes_ascii_digits_only_and_not_too_many(raw, expected):
    assert parse_int(raw) == expected


PAGES = [
    ("hr_sorong", "/laporan/kgb/", ["bulan", "unit", "instansi", "size", "page"]),
    ("hr_sorong", "/laporan/pensiun/", ["tahun", "unit", "instansi", "size"]),
    ("hr_sorong", "/laporan/satyalancana/", ["tahun", "unit", "instansi"]),
    ("hr_sorong", "/laporan/kenaikan-pangkat/", ["unit", "instansi"]),
    ("hr_sorong", "/laporan/duk/", ["unit", "instansi", "size"]),
    ("hr_sorong", "/laporan/rekap/", ["unit", "instansi"]),
    ("hr_sorong", "/pegawai/", ["size", "unit"]),
    ("hr_sorong", "/organisasi/", ["size"]),
    ("hr_sorong", "/unduhan/", ["size"]),
    ("hr_sorong", "/pegawai/usulan-perubahan/", ["unit", "size"]),
    ("head_dinkes_sorong", "/pegawai/bawahan/", ["unit", "size"]),
    ("hr_sorong", "/kinerja/monitoring/", ["unit", "instansi", "year", "period"]),
    ("hr_sorong", "/kinerja/monitoring/unduh/", ["unit", "instansi", "year", "period"]),
    ("hr_sorong", "/kinerja/penghargaan/", ["unit", "instansi", "year"]),
    ("hr_sorong", "/kinerja/pembinaan/", ["unit", "instansi", "year"]),
    ("hr_sorong", "/kinerja/tahun/", ["instansi"]),
    ("hr_sorong", "/kinerja/skor/", ["instansi"]),
    ("hr_sorong", "/survei/hasil/", ["instansi", "size", "page"]),
    ("hr_sorong", "/survei/hasil/instansi/{sorong}/", ["tahun"]),
]


@pytest.mark.parametrize(("persona", "path", "params"), PAGES, ids=[p[1] for p in PAGES])
def test_odd_numbers_in_the_query_string_never_break_a_page(org, as_persona, persona, path, params):
    client = as_persona(persona)
    path = path.format(sorong=org.sorong.pk)
    for name in params:
        for raw in ODD_NUMBERS:
            for extra in ("", "&unduh=xlsx", "&cetak=1"):
                response = client.get(f"{path}?{name}={raw}{extra}")
                assert response.status_code in (200, 302, 403, 404), (path, name, raw[:20], extra)
