"""Reads of the tokens area: a service unit's one-time tokens (how many are used, the unused ones to print)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ..models import AccessToken, ServiceUnit


@dataclass(frozen=True)
class TokenCounts:
    total: int
    used: int

    @property
    def unused(self) -> int:
        return self.total - self.used


def token_counts(service_unit: ServiceUnit) -> TokenCounts:
    """One query."""
    row = AccessToken.objects.filter(service_unit=service_unit).aggregate(
        total=Count("pk"), used=Count("pk", filter=Q(used_at__isnull=False))
    )
    return TokenCounts(total=row["total"], used=row["used"])


def unused_tokens(service_unit: ServiceUnit) -> QuerySet[AccessToken]:
    """The unit's unused tokens, newest batch first (the sheet prints them)."""
    return AccessToken.objects.filter(service_unit=service_unit, used_at__isnull=True).order_by(
        "-created_at", "code"
    )
