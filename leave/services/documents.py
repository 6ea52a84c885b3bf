"""Writes of the leave documents: the decision letter (surat izin cuti) of a granted request is
recorded when the request is approved (in the decision's transaction; or, for one approved before
that, the first time it is downloaded): numbered per agency and year, with its date, who generated
it, a random verification code (its QR code) and the SHA-256 of what it states. Every later download
prints that same record."""

from __future__ import annotations

import base64
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.access import Actor
from core.models import Instansi

from .. import access, documents
from ..models import LeaveLetter, LeaveRequest

NUMBER_FORMAT = "{sequence}/SIC/{year}"


def new_code() -> str:
    """A random verification code: 80 bits as 16 characters of base32 (A–Z, 2–7), easy to read out."""
    return base64.b32encode(secrets.token_bytes(10)).decode("ascii")


@transaction.atomic
def letter_issue(*, actor: Actor, request: LeaveRequest) -> LeaveLetter:
    """The request's letter: recorded on the first call (the request's row locked, then the agency's,
    so that two first downloads record one letter and two letters of an agency never share a number),
    returned as recorded afterwards."""
    access.require(access.can_download_documents(actor, request))
    locked = LeaveRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    existing = documents.letter_of(locked)
    if existing is not None:
        return existing
    if not access.has_letter(locked):
        raise ValidationError(_("Surat izin cuti hanya dibuat untuk permintaan yang disetujui."))
    return letter_record(actor=actor, request=request, locked=locked)


def letter_record(*, actor: Actor, request: LeaveRequest, locked: LeaveRequest) -> LeaveLetter:
    """Number and record the letter of a granted request whose row the caller has locked: by the
    approval itself (requests.request_decide, in its transaction: the number is known from the
    moment it is granted) or by letter_issue for a request granted before letters were numbered so."""
    instansi_id = request.employee.unit.instansi_id
    Instansi.objects.select_for_update().filter(pk=instansi_id).first()
    today = access.today()
    last = LeaveLetter.objects.filter(instansi_id=instansi_id, year=today.year).aggregate(m=Max("sequence"))[
        "m"
    ]
    sequence = (last or 0) + 1
    number = NUMBER_FORMAT.format(sequence=f"{sequence:04d}", year=today.year)
    code = new_code()
    letter = LeaveLetter(
        request=locked,
        instansi_id=instansi_id,
        year=today.year,
        sequence=sequence,
        number=number,
        letter_date=today,
        subject_name=request.employee.full_name[:250],
        subject_nip=request.employee.nip,
        type_name=request.leave_type.name,
        start=request.start,
        end=request.end,
        code=code,
        digest=documents.content_digest(number, code, documents.letter_content(request)),
        generated_by_id=actor.user_id,
    )
    letter.full_clean()
    letter.save()
    return letter
