"""Writes of the reports app: recording the letters HR generates (reports.models.Letter).

A letter is recorded in the same transaction that renders it: when the document cannot be built, no
record is left behind; when a record cannot be written, no document goes out.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import Actor, deny
from core.bounds import date_in_bounds
from core.models import Instansi
from employees.models import Employee

from . import access
from .choices import LetterKind
from .models import Letter

logger = logging.getLogger(__name__)


@dataclass
class LetterDraft:
    """One letter to record: what it prints (for the digest), whom it concerns, its number."""

    content: dict[str, Any]
    employees: Sequence[Employee]
    reference_date: date
    number: str = ""
    subject_name: str = ""
    subject_nip: str = ""


def new_code() -> str:
    """A random verification code: 80 bits as 16 characters of base32 (A–Z, 2–7), easy to read out."""
    return base64.b32encode(secrets.token_bytes(10)).decode("ascii")


def content_digest(
    kind: str, instansi: Instansi, number: str, letter_date: date, content: dict[str, Any]
) -> str:
    """SHA-256 of what the letter prints, in a canonical form (sorted keys, dates as ISO text)."""
    payload = {"jenis": kind, "instansi": instansi.name, "nomor": number, "tanggal": letter_date, **content}
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def letters_issue(
    *,
    actor: Actor,
    kind: LetterKind,
    instansi: Instansi,
    letter_date: date,
    drafts: Sequence[LetterDraft],
    render: Callable[[list[Letter]], bytes],
) -> bytes:
    """Record one Letter per draft (with its code and digest, who and when) and render them; the
    document is returned. HR officers of the agency and superusers only. A constant number of queries
    whatever the number of letters: one insert of the letters, one of their employees."""
    if not access.can_issue_letter_for(actor, instansi.pk):
        deny(actor, instansi.pk)
    if not drafts:
        raise ValidationError(_("Tidak ada pegawai dalam daftar ini: tidak ada surat yang dibuat."))
    if not date_in_bounds(letter_date):
        raise ValidationError(_("Tanggal surat harus antara tahun 1900 dan 2100."))
    now = timezone.now()
    letters = []
    for draft in drafts:
        letter = Letter(
            kind=kind,
            instansi=instansi,
            number=draft.number,
            letter_date=letter_date,
            reference_date=draft.reference_date,
            subject_name=draft.subject_name,
            subject_nip=draft.subject_nip,
            employee_count=len(draft.employees),
            code=new_code(),
            digest=content_digest(kind, instansi, draft.number, letter_date, draft.content),
            generated_by_id=actor.user_id,
            generated_at=now,
        )
        # Field checks without a query per letter: the agency and the user are the loaded ones (their
        # existence check would query), the code's uniqueness is the database's (80 random bits).
        letter.full_clean(
            exclude=["instansi", "generated_by"], validate_unique=False, validate_constraints=False
        )
        letters.append(letter)
    Letter.objects.bulk_create(letters)
    through = Letter.employees.through
    through.objects.bulk_create(
        [through(letter_id=letter.pk, employee_id=e.pk) for letter, draft in zip(letters, drafts, strict=True)
         for e in draft.employees]
    )  # fmt: skip
    logger.info(
        "letters issued: %s × %d for instansi %s by user %s", kind, len(letters), instansi.pk, actor.user_id
    )
    return render(letters)
