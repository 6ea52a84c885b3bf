"""Small .xlsx files for the import tests, built with openpyxl."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

EMPLOYEE_HEADERS = [
    "NIP",
    "Nama",
    "Gelar belakang",
    "Tanggal lahir",
    "Jenis kelamin",
    "Kode unit",
    "TMT CPNS",
    "Golongan",
    "Nama jabatan",
    "Jenis jabatan",
    "Pendidikan",
]


def xlsx_bytes(headers: list[str], rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "impor.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def employee_row(
    nip: str = "199203042019032007",
    name: str = "Rina Wulandari",
    *,
    birth: Any = date(1992, 3, 4),
    gender: str = "P",
    unit: str = "DISHUB",
    tmt_cpns: Any = date(2019, 3, 1),
    golongan: str = "III/a",
    position: str = "Penata Layanan Operasional",
    position_kind: str = "Pelaksana",
    education: str = "S-1",
) -> list[Any]:
    return [nip, name, "S.E.", birth, gender, unit, tmt_cpns, golongan, position, position_kind, education]


def employee_file(*rows: list[Any], unit: str = "DISHUB") -> SimpleUploadedFile:
    return upload(xlsx_bytes(EMPLOYEE_HEADERS, list(rows) or [employee_row(unit=unit)]))


def read_xlsx(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))
