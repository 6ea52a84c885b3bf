"""check_row plus a snapshot of more tables, for areas whose writes the base snapshot does not see.

tests.access_matrix.snapshot() covers employees, units and documents. A matrix of an area that
writes elsewhere (proposals, notifications) passes `extra`, a function returning everything such
a write might touch: refused POSTs must leave it unchanged, allowed ones (writes=True here) must
change it. Row URLs may create their fixtures, so they must be idempotent (get-or-create).
"""

from __future__ import annotations

from collections.abc import Callable

from .access_matrix import Row, check_row
from .conftest import Org


def check_row_with(org: Org, row: Row, persona: str, *, extra: Callable[[], object], writes: bool) -> None:
    row.url(org)  # create the row's objects before the snapshot
    before = extra()
    check_row(org, row, persona)
    if row.method != "post":
        return
    after = extra()
    if persona == "anonymous" or row.expected[persona] != 302:
        assert after == before, f"{persona}: a refused {row.name} ({row.label}) changed data"
    elif writes:
        assert after != before, f"{persona}: an allowed {row.name} ({row.label}) changed nothing"
