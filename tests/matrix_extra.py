"""Kept for the matrix modules written before tests.access_matrix.check_row compared every table.

check_row now snapshots the whole database (tests.access_matrix.snapshot) and takes who is allowed
from the row itself (`Row.allowed`), so `extra` adds nothing and `writes` only has to agree with `allowed`: an allowed POST must
change data and a refused one must not, for every row. New matrix modules call check_row.
"""

from __future__ import annotations

from collections.abc import Callable

from .access_matrix import Row, check_row
from .conftest import Org


def check_row_with(
    org: Org, row: Row, persona: str, *, extra: Callable[[], object] | None = None, writes: bool = False
) -> None:
    """check_row: the row's `allowed` decides, on every table (`extra` is a subset of them)."""
    assert not writes or row.allowed, f"{row.name} ({row.label}) writes but declares nobody allowed"
    check_row(org, row, persona)
