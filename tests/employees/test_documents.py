"""Employee documents: type by content, size limit, private storage, served through access checks."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from employees.models import Document
from employees.rules.documents import sniff_document_type

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def private_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "private"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def upload(client, employee, name, content, kind="ijazah"):
    return client.post(
        reverse("employees:document_upload", args=[employee.pk]),
        {"kind": kind, "title": "Ijazah S1", "file": SimpleUploadedFile(name, content, "application/pdf")},
    )


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (PDF, ("application/pdf", "pdf")),
        (PNG, ("image/png", "png")),
        (JPEG, ("image/jpeg", "jpg")),
        (b"MZ\x90\x00", None),
        (b"<html><script>", None),
        (b"", None),
        (b"GIF89a", None),
    ],
)
def test_the_type_is_read_from_the_first_bytes(head, expected):
    assert sniff_document_type(head) == expected


def test_hr_uploads_a_pdf_and_it_is_stored_privately(org, as_persona):
    before = private_files()
    response = upload(as_persona("hr_sorong"), org.employee_dinkes_sorong, "ijazah.pdf", PDF)
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.content_type, document.extension, document.size) == ("application/pdf", "pdf", len(PDF))
    assert document.original_name == "ijazah.pdf"
    assert document.uploaded_by == org.users["hr_sorong"]
    new_files = private_files() - before
    assert len(new_files) == 1
    stored = new_files.pop()
    assert stored.read_bytes() == PDF
    assert "ijazah" not in stored.name, "the uploader's file name is not used on disk"
    assert not str(stored).startswith(str(Path(settings.STATIC_ROOT)))
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018 - no public URL exists
    for guess in (f"/{document.file.name}", f"/media/{document.file.name}", f"/private/{document.file.name}"):
        assert as_persona("hr_sorong").get(guess).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("sk.pdf", b"MZ\x90\x00\x03 this is a Windows program"),  # an executable named .pdf
        ("foto.png", b"<html><script>alert(1)</script></html>"),  # HTML named .png
        ("scan.jpg", b"GIF89a" + b"\x00" * 20),  # another image type
    ],
)
def test_a_disguised_file_is_rejected_in_indonesian_and_nothing_is_stored(org, as_persona, name, content):
    before = private_files()
    response = upload(as_persona("hr_sorong"), org.employee_dinkes_sorong, name, content)
    assert response.status_code == 200
    assert "bukan PDF, JPEG, atau PNG" in response.content.decode()
    assert not Document.objects.exists()
    assert private_files() == before


def test_a_file_over_the_limit_is_rejected(org, as_persona, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    response = upload(as_persona("hr_sorong"), org.employee_dinkes_sorong, "besar.pdf", PDF + b"0" * 2000)
    assert response.status_code == 200
    assert "terlalu besar" in response.content.decode()
    assert not Document.objects.exists()


def test_a_failed_save_leaves_no_file_behind(org, monkeypatch):
    from core import access
    from employees.services.histories import document_upload

    before = private_files()
    monkeypatch.setattr(Document, "full_clean", lambda self: (_ for _ in ()).throw(RuntimeError("db down")))
    with pytest.raises(RuntimeError):
        document_upload(
            actor=access.actor_for(org.users["hr_sorong"]),
            employee=org.employee_dinkes_sorong,
            kind="ktp",
            upload=SimpleUploadedFile("ktp.png", PNG),
        )
    assert private_files() == before
    assert not Document.objects.exists()


def test_the_employee_uploads_their_own_and_reads_it_back(org, as_persona):
    client = as_persona("employee_dinkes_sorong")
    assert upload(client, org.employee_dinkes_sorong, "ktp.png", PNG, kind="ktp").status_code == 302
    document = Document.objects.get()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG
    detail = client.get(reverse("employees:detail", args=[org.employee_dinkes_sorong.pk])).content.decode()
    assert "ktp.png" in detail


def test_deleting_removes_the_row_and_the_file(org, as_persona, django_capture_on_commit_callbacks):
    client = as_persona("hr_sorong")
    upload(client, org.employee_dinkes_sorong, "sk.pdf", PDF)
    document = Document.objects.get()
    path = Path(document.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("employees:document_delete", args=[document.pk]))
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not path.exists()
    assert Document.history.filter(history_type="-").count() == 1
