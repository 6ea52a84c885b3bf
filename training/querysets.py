"""Chainable queries of the training app."""

from __future__ import annotations

from typing import Self

from django.db import models

from employees.choices import PNS_RANKS

from .choices import ProgrammeState


def golongan_rank(field: str) -> models.Case:
    """A PNS golongan/ruang as its place on the ladder, I/a = 1 … IV/e = 17 (rules.golongan_order),
    in SQL; an empty value is NULL."""
    whens = [models.When(**{field: code}, then=models.Value(i)) for i, (code, _n) in enumerate(PNS_RANKS, 1)]
    return models.Case(*whens, default=None, output_field=models.IntegerField())


class ProgrammeQuerySet(models.QuerySet):
    def published(self) -> Self:
        """Programmes employees see: every state but the draft."""
        return self.exclude(state=ProgrammeState.DRAFT)

    def open(self) -> Self:
        return self.filter(state=ProgrammeState.OPEN)

    def in_instansi(self, instansi_id: int) -> Self:
        return self.filter(instansi_id=instansi_id)
