"""Writes of the tokens area: one-time tokens a counter prints, each good for one response."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import access
from ..models import AccessToken, ServiceUnit
from ..selectors.public import TICKET_ALPHABET

TOKEN_LENGTH = 8  # of AccessToken.code's 12; about 10^12 codes from the alphabet without 0/O, 1/I
TOKENS_MAX = 500  # per request: one printed batch


def new_token_code() -> str:
    return "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TOKEN_LENGTH))


@transaction.atomic
def tokens_generate(*, actor: access.Actor, service_unit: ServiceUnit, count: int) -> list[AccessToken]:
    """`count` new unused tokens for the unit (one INSERT; a code that exists already is drawn again)."""
    access.check(actor, access.can_manage_tokens(actor, service_unit), service_unit)
    if not 1 <= count <= TOKENS_MAX:
        raise ValidationError({"count": _("Jumlah token antara 1 dan %(max)s.") % {"max": TOKENS_MAX}})
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_token_code() for _ in range(count - len(codes))}
        taken = set(AccessToken.objects.filter(code__in=wanted).values_list("code", flat=True))
        codes |= wanted - taken
    now = timezone.now()
    return AccessToken.objects.bulk_create(
        [AccessToken(service_unit=service_unit, code=code, created_at=now) for code in sorted(codes)]
    )
