from typing import Self

from django.db import models


class UnitKerjaQuerySet(models.QuerySet):
    def active(self) -> Self:
        return self.filter(is_active=True)

    def subtree_of(self, path: str) -> Self:
        """The unit with this path and every unit below it: one indexed prefix match."""
        return self.filter(path__startswith=path)

    def in_instansi(self, instansi_id: int) -> Self:
        return self.filter(instansi_id=instansi_id)
