"""The one writer of every download (core.excel): formulas typed into data stay text."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from core import excel

PLANTED = '=HYPERLINK("http://example.invalid","klik")'


def test_a_planted_formula_is_text_in_the_workbook_and_numbers_and_dates_keep_their_type():
    sheet = excel.Sheet(
        title="Uji", headers=["Nama", "Umur", "Lahir"], rows=[[PLANTED, 41, date(1985, 2, 1)]]
    )
    data = excel.workbook_bytes(heading=["Pemerintah Kota Sorong"], sheets=[sheet])
    ws = load_workbook(io.BytesIO(data)).active
    name, age, born = (c.value for c in ws[4])
    assert name == "'" + PLANTED and ws["A4"].data_type == "s"
    assert age == 41
    assert born.date() == date(1985, 2, 1)


def test_a_frozen_header_without_heading_lines_freezes_below_the_first_row():
    sheet = excel.Sheet(title="Pegawai", headers=["NIP"], rows=[["1990"]], freeze_header=True)
    with excel.workbook_file(sheets=[sheet]) as handle:
        ws = load_workbook(handle).active
        assert ws.freeze_panes == "A2"
        assert ws["A1"].value == "NIP" and ws["A1"].font.bold


def test_csv_neutralises_every_formula_start_and_writes_iso_dates():
    lines = list(
        excel.csv_lines(["a", "b"], [["+1+1", date(2026, 1, 2)], ["@SUM(A1)", "-x"], ["biasa", "="]])
    )
    assert lines[0] == excel.UTF8_BOM + "a,b\r\n"
    assert lines[1] == "'+1+1,2026-01-02\r\n"
    assert lines[2] == "'@SUM(A1),'-x\r\n"
    assert lines[3] == "biasa,=\r\n"  # a lone sign is not a formula


def test_a_workbook_neutralises_every_formula_start_and_keeps_decimals_numbers():
    row = ["+1+1", "-2+3", "@SUM(A1)", "-", Decimal("-1.25")]
    sheet = excel.Sheet(title="Uji", headers=["a", "b", "c", "d", "e"], rows=[row])
    ws = load_workbook(io.BytesIO(excel.workbook_bytes(heading=[], sheets=[sheet]))).active
    assert [c.value for c in ws[2]] == ["'+1+1", "'-2+3", "'@SUM(A1)", "-", -1.25]
    assert ws["E2"].data_type == "n"
