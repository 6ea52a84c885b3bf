"""Reads of the public certificate check: a certificate by its code, and only what it proves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..models import Enrolment
from ..rules import normalise_code


@dataclass(frozen=True)
class VerifiedCertificate:
    """What the public page shows: the holder's name, the programme, its dates and JP. No NIP, no
    unit, no score."""

    code: str
    name: str
    programme: str
    start_date: date
    end_date: date
    jp: int


def certificate_by_code(typed: str) -> VerifiedCertificate | None:
    """The certificate with this code (typed in any case, with or without dashes), or None: a code
    that was never issued, or one altered by a single symbol, finds nothing."""
    code = normalise_code(typed)
    if code is None:
        return None
    row = (
        Enrolment.objects.filter(certificate_code=code)
        .values_list(
            "certificate_code",
            "employee__name",
            "programme__title",
            "programme__start_date",
            "programme__end_date",
            "programme__jp",
        )
        .first()
    )
    if row is None:
        return None
    code, name, programme, start_date, end_date, jp = row
    return VerifiedCertificate(code or "", name, programme, start_date, end_date, jp)
