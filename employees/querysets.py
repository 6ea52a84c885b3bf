from typing import Self

from django.db import models


class EmployeeQuerySet(models.QuerySet):
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
        return self.filter(name__icontains=term)
