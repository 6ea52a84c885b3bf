"""The permission-matrix base: every view × every persona × own/other unit -> expected status.

A view module's test declares rows of `Row(name, method, url(org), expected)` where `expected`
maps each persona to 200, 302 (redirect, e.g. to the login page or after a POST), 403 or 404.
`check_row` runs one (row, persona) pair; the test module parametrizes over all of them, and
`test_every_url_is_in_a_matrix` fails when a named URL of ours has no row at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.test import Client

from .conftest import PERSONAS, Org, client_for

ANON_REDIRECT = {"anonymous": 302}


@dataclass(frozen=True)
class Row:
    name: str  # the URL name, e.g. "employees:detail"
    label: str  # what varies, e.g. "own unit" / "other agency"
    url: Callable[[Org], str]
    expected: dict[str, int]
    method: str = "get"
    data: Callable[[Org], dict] = field(default=lambda org: {})
    writes: bool = False  # an allowed POST must change data

    def __post_init__(self) -> None:
        missing = set(PERSONAS) - set(self.expected)
        assert not missing, f"{self.name} ({self.label}) lacks expectations for {sorted(missing)}"


def expect(**statuses: int) -> dict[str, int]:
    """Statuses for every persona; `others=` fills the ones not named."""
    others = statuses.pop("others", None)
    result = {p: statuses.get(p, others) for p in PERSONAS}
    assert None not in result.values(), f"unset personas: {[p for p, s in result.items() if s is None]}"
    return result


def snapshot() -> tuple:
    """Everything a refused write might have touched."""
    from core.models import UnitKerja
    from employees.models import Document, Employee
    from employees.selectors.histories import KINDS

    return (
        list(Employee.objects.order_by("pk").values()),
        list(UnitKerja.objects.order_by("pk").values()),
        Employee.history.count(),
        UnitKerja.history.count(),
        list(Document.objects.order_by("pk").values("pk", "file")),
        *(list(kind.model.objects.order_by("pk").values()) for kind in KINDS.values()),  # type: ignore[attr-defined]
    )


def check_row(org: Org, row: Row, persona: str) -> None:
    client: Client = client_for(org, persona)
    url = row.url(org)
    before = snapshot() if row.method == "post" else None
    response = getattr(client, row.method)(url, row.data(org))
    expected = row.expected[persona]
    assert response.status_code == expected, (
        f"{persona} {row.method.upper()} {url} ({row.name}, {row.label}): "
        f"expected {expected}, got {response.status_code}"
    )
    if before is not None and response.status_code != 302:  # refused, or the form re-shown
        assert snapshot() == before, f"{persona}: a refused {row.name} changed data"
    if before is not None and expected == 302 and persona not in ("anonymous",) and row.writes:
        assert snapshot() != before, f"{persona}: an allowed {row.name} changed nothing"
    if before is not None and persona == "anonymous":
        assert snapshot() == before, f"anonymous {row.name} changed data"
    if persona == "anonymous" and expected == 302:
        assert "/masuk/" in response["Location"], "anonymous users are sent to the login page"


def matrix_params(rows: list[Row]) -> list[tuple[Row, str]]:
    return [(row, persona) for row in rows for persona in PERSONAS]


def matrix_ids(rows: list[Row]) -> list[str]:
    return [f"{row.name}[{row.label}]-{persona}" for row in rows for persona in PERSONAS]
