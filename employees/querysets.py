from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

from core.functions import idiv, imod, month_index_of

from .choices import PNS_RANKS

if TYPE_CHECKING:
    from .models import Employee


class EmployeeQuerySet(models.QuerySet["Employee"]):
    def active(self) -> Self:
        return self.filter(is_active=True)

    def in_instansi(self, instansi_id: int) -> Self:
        return self.filter(unit__instansi_id=instansi_id)

    def in_subtree(self, path: str) -> Self:
        return self.filter(unit__path__startswith=path)

    def with_unit(self) -> Self:
        return self.select_related("unit", "unit__instansi", "current_rank", "current_position")

    def search(self, term: str) -> Self:
        """Name (any part) or NIP (digits typed with or without spaces)."""
        term = term.strip()
        if not term:
            return self
        digits = term.replace(" ", "").replace(".", "")
        if digits.isascii() and digits.isdigit():
            return self.filter(nip__startswith=digits)
        # Every word, in any order ("gafur dewi" finds Dewi Gafur); each is served by the trigram
        # index on PostgreSQL (employees migration 0015).
        queryset = self
        for word in term.split()[:5]:
            queryset = queryset.filter(name__icontains=word)
        return queryset


def golongan_seniority(field: str = "golongan") -> models.Case:
    """PNS golongan/ruang as an ascending sort key, IV/e = 1 … I/a = 17 (anything else 99).

    Ascending so that one plain index on RankHistory (this key, tmt) serves the DUK order
    "highest golongan first, earliest TMT first" (see RankHistory.Meta.indexes).
    """
    last = len(PNS_RANKS)
    whens = [
        models.When(**{field: code}, then=models.Value(last + 1 - i))
        for i, (code, _n) in enumerate(PNS_RANKS, 1)
    ]
    return models.Case(*whens, default=models.Value(99), output_field=models.IntegerField())


def kgb_first_month(parity: int, tmt: str = "tmt", mk_years: str = "mk_years", mk_months: str = "mk_months"):
    """The month index (core.functions) of the first KGB after a rank row, in SQL: the first whole
    year of masa kerja golongan after the rank's TMT (its stored MKG plus the time since) whose
    parity is `parity` (0: even years; 1: odd, for a first appointment in II/a), as
    rules.career.kgb_dates has it. Stored on each rank row (RankHistory.kgb_first_even/odd)."""
    counted = models.F(mk_years) * models.Value(12) + models.F(mk_months)
    first_year = idiv(counted, 12) + models.Value(1)
    year = first_year + imod(first_year + models.Value(parity), 2)
    return models.ExpressionWrapper(
        month_index_of(tmt) - counted + models.Value(12) * year, output_field=models.IntegerField()
    )
