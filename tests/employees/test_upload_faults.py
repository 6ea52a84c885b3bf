"""Uploads when the disk fails: a read-only storage folder and a full disk. The user gets a clear message
in Indonesian, no row is saved, and no file (not even a truncated one) is left behind.

The employee's document folder is made read-only with a read-only bind mount (as root, which ignores
file modes; otherwise with chmod) and full with a tiny tmpfs mounted on it (as root only).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from employees.models import Document
from performance.models import Realisation
from tests.performance.factories import ikis_of, period
from tests.performance.matrix import nurse_skp

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ROOT = os.geteuid() == 0


def folder_of(employee) -> Path:
    """Where the employee's documents are written (employees.models.document_path)."""
    storage = Document._meta.get_field("file").storage
    return Path(storage.location) / "documents" / str(employee.pk)


def files_in(path: Path) -> list[Path]:
    return [p for p in path.rglob("*") if p.is_file()]


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@pytest.fixture
def read_only(org) -> Iterator[Path]:
    path = folder_of(org.employee_dinkes_sorong)
    path.mkdir(parents=True, exist_ok=True)
    before = files_in(path)
    if ROOT:
        _mount("--bind", str(path), str(path))
        _mount("-o", "remount,ro,bind", str(path))
    else:
        path.chmod(0o555)
    try:
        yield path
    finally:
        if ROOT:
            subprocess.run(["umount", str(path)], check=True)
        else:
            path.chmod(0o755)
    assert files_in(path) == before


@pytest.fixture
def full_disk(org) -> Iterator[Path]:
    if not ROOT:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    path = folder_of(org.employee_dinkes_sorong)
    path.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", "size=32k", "tmpfs", str(path))
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


def upload(client, employee, content: bytes):
    return client.post(
        reverse("employees:document_upload", args=[employee.pk]),
        {
            "kind": "ijazah",
            "title": "Ijazah S1",
            "file": SimpleUploadedFile("ijazah.pdf", content, "application/pdf"),
        },
    )


def test_a_read_only_storage_folder_gives_a_clear_message_and_saves_nothing(org, as_persona, read_only):
    read_only_before = files_in(read_only)
    if ROOT:  # the mount really refuses writes, even to root
        with pytest.raises(OSError):
            (read_only / "probe").write_bytes(b"x")

    response = upload(as_persona("hr_sorong"), org.employee_dinkes_sorong, PDF)

    assert response.status_code == 200
    assert "folder penyimpanan server tidak dapat ditulisi" in response.content.decode()
    assert not Document.objects.exists()
    assert files_in(read_only) == read_only_before


def test_a_full_disk_leaves_no_truncated_file_and_says_the_storage_is_full(org, as_persona, full_disk):
    big = PDF + b"0" * (200 * 1024)  # larger than the 32 KB the disk holds: the write fails part-way

    response = upload(as_persona("hr_sorong"), org.employee_dinkes_sorong, big)

    assert response.status_code == 200
    assert "ruang penyimpanan server penuh" in response.content.decode()
    assert not Document.objects.exists()
    assert files_in(full_disk) == []  # Django's storage would have left a truncated file here
    # The disk is usable again for a file that fits.
    assert upload(as_persona("hr_sorong"), org.employee_dinkes_sorong, PDF).status_code == 302
    assert Document.objects.count() == 1 and len(files_in(full_disk)) == 1


def test_evidence_on_a_full_disk_fails_its_row_and_no_realisation_is_saved(org, as_persona, full_disk):
    skp = nurse_skp(org)
    january = period(skp.year, 1)
    patients, report_days = ikis_of(skp)

    response = as_persona("employee_dinkes_sorong").post(
        reverse("performance:realisation", args=[skp.pk, january.pk]),
        {
            f"iki-{patients.pk}-value": "90",
            f"iki-{patients.pk}-evidence": SimpleUploadedFile("bukti.pdf", PDF + b"0" * (200 * 1024)),
            f"iki-{report_days.pk}-value": "5",
        },
    )

    assert response.status_code == 200
    assert "ruang penyimpanan server penuh" in response.content.decode()
    assert not Realisation.objects.exists()
    assert not Document.objects.exists()
    assert files_in(full_disk) == []
