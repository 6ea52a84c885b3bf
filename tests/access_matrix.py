"""The permission-matrix base: every view × every persona × own/other unit -> expected status.

A view module's test declares rows of `Row(name, label, url(org), expected)` where `expected`
maps each persona to 200, 302 (redirect, e.g. to the login page or after a POST), 403, 404 or 405.
`check_row` runs one (row, persona) pair; the test module parametrizes over all of them.
`tests/core/test_permission_matrix.py` fails when a named URL of ours has no row at all, when a view
that accepts POST has no POST row, and when a POST row does not declare who is allowed.

A POST row says explicitly which personas are ALLOWED (`allowed={"superuser", "hr_sorong"}`, or
`allowed=NOBODY` for a row that only shows refusals). For every POST, `check_row` compares a
snapshot of every table of the database (`snapshot()`, built from the app registry) before and
after the request:

- an allowed persona's POST must change data. A row whose allowed POST legitimately changes no
  table (its effect lives in the session or in a file) says why in `unchanged=` and asserts the
  effect it does have in `then=`;
- every other persona's POST is a refusal, whatever the answer (403, 404, 405, the form shown
  again with 200, or a 302 redirect with a message): the snapshot must be identical.

A GET changes no table either (it carries no CSRF token), except the tables a row names in
`get_writes` (the log of who read sensitive data).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from .conftest import PERSONAS, Org, client_for

ANON_REDIRECT = {"anonymous": 302}
NOBODY: frozenset[str] = frozenset()
# Statuses that are a refusal by themselves: an allowed persona never gets one.
REFUSED_STATUSES = {400, 403, 404, 405}

# Tables left out of the snapshot, each because a request that changes no data of ours still
# legitimately writes it:
EXCLUDED_FROM_SNAPSHOT = {
    # The login state of the client: logging out deletes its row, a pending import and every
    # message flashed after a refusal are kept there.
    "sessions.session": "the client's own session (logout, pending imports, flashed messages)",
    # django-axes' bookkeeping: a refused login (wrong password) must record its failure there —
    # that is the lockout working — and every login is logged.
    "axes.accessattempt": "failed logins counted by the lockout (a refused login writes it)",
    "axes.accessattemptexpiration": "expiry of those counts (a refused login writes it)",
    "axes.accessfailurelog": "the log of failed logins (a refused login writes it)",
    "axes.accesslog": "the log of logins and logouts",
}


@dataclass(frozen=True)
class Row:
    name: str  # the URL name, e.g. "employees:detail"
    label: str  # what varies, e.g. "own unit" / "other agency"
    url: Callable[[Org], str]
    expected: dict[str, int]
    method: str = "get"
    data: Callable[[Org], dict] = field(default=lambda org: {})
    # POST rows only: the personas whose POST is carried out (every other one is refused).
    allowed: Iterable[str] | None = None
    # Why an allowed POST of this row changes no table (then `then` must assert what it does do).
    unchanged: str = ""
    # Run after an allowed POST with (org, client, response): asserts the specific effect.
    then: Callable[[Org, Client, Any], None] | None = None
    # Run with (org, client, persona) after signing in, before the snapshot: puts into the
    # client's session what the request needs (e.g. a pending import of that persona).
    prepare: Callable[[Org, Client, str], None] | None = None
    # GET rows only: the tables this GET may write (a log of reads); any other change fails.
    get_writes: Iterable[str] = ()

    def __post_init__(self) -> None:
        missing = set(PERSONAS) - set(self.expected)
        assert not missing, f"{self.name} ({self.label}) lacks expectations for {sorted(missing)}"
        if self.allowed is not None:
            object.__setattr__(self, "allowed", frozenset(self.allowed))
        object.__setattr__(self, "get_writes", frozenset(self.get_writes))


def declaration_problems(row: Row) -> list[str]:
    """What is wrong with how a row declares its allowed personas (empty when nothing is)."""
    where = f"{row.name} ({row.label})"
    if row.method != "post":
        if row.allowed is not None or row.unchanged or row.then is not None:
            return [f"{where}: `allowed`, `unchanged` and `then` are for POST rows only"]
        tables = {model._meta.label_lower for model in snapshot_models()}
        unknown = sorted(set(row.get_writes) - tables)
        return [f"{where}: get_writes names no snapshot table: {unknown}"] if unknown else []
    if row.get_writes:
        return [f"{where}: `get_writes` is for GET rows only"]
    if row.allowed is None:
        return [f"{where}: a POST row must declare its allowed personas (allowed=... or NOBODY)"]
    problems = []
    unknown = set(row.allowed) - set(PERSONAS)
    if unknown:
        problems.append(f"{where}: unknown personas in allowed: {sorted(unknown)}")
    for persona in sorted(set(row.allowed) & set(PERSONAS)):
        if row.expected[persona] in REFUSED_STATUSES:
            problems.append(f"{where}: {persona} is allowed but expects {row.expected[persona]}")
    if row.unchanged and row.then is None:
        problems.append(f"{where}: a row whose allowed POST changes nothing must assert its effect (then=)")
    if row.unchanged and not row.allowed:
        problems.append(f"{where}: `unchanged` explains an allowed POST, but nobody is allowed")
    return problems


def expect(**statuses: int) -> dict[str, int]:
    """Statuses for every persona; `others=` fills the ones not named."""
    others = statuses.pop("others", None)
    result = {p: statuses.get(p, others) for p in PERSONAS}
    assert None not in result.values(), f"unset personas: {[p for p, s in result.items() if s is None]}"
    return result


def snapshot_models() -> list[type]:
    """Every concrete table of the project (ours, their history and m2m tables, the users), less
    EXCLUDED_FROM_SNAPSHOT."""
    from django.apps import apps

    return sorted(
        (
            model
            for model in apps.get_models(include_auto_created=True)
            if not model._meta.proxy and model._meta.label_lower not in EXCLUDED_FROM_SNAPSHOT
        ),
        key=lambda model: model._meta.label_lower,
    )


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table a request might write (see snapshot_models), read with plain SQL:
    the ORM's .values() made the matrix several times slower."""
    from django.db import connection

    quote = connection.ops.quote_name
    tables = {}
    with connection.cursor() as cursor:
        for model in snapshot_models():
            meta = model._meta
            cursor.execute(f"SELECT * FROM {quote(meta.db_table)} ORDER BY {quote(meta.pk.column)}")
            tables[meta.label_lower] = cursor.fetchall()
    return tables


def changed_tables(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> list[str]:
    return sorted(label for label in before.keys() | after.keys() if before.get(label) != after.get(label))


def check_row(org: Org, row: Row, persona: str) -> None:
    problems = declaration_problems(row)
    assert not problems, problems
    client: Client = client_for(org, persona)
    url = row.url(org)  # row URLs and data may create their fixtures: before the snapshot
    data = row.data(org)
    if row.prepare is not None:
        row.prepare(org, client, persona)
    posting = row.method == "post"
    before = snapshot()
    response = getattr(client, row.method)(url, data)
    expected = row.expected[persona]
    where = f"{persona} {row.method.upper()} {url} ({row.name}, {row.label})"
    assert response.status_code == expected, f"{where}: expected {expected}, got {response.status_code}"
    allowed = persona in (row.allowed or ())
    if persona == "anonymous" and expected == 302 and not allowed:
        assert "/masuk/" in response["Location"], "anonymous users are sent to the login page"
    changed = changed_tables(before, snapshot())
    if not posting:
        unexpected = sorted(set(changed) - set(row.get_writes))
        assert not unexpected, f"{where}: a {row.method.upper()} changed {unexpected}"
        return
    if not allowed:
        assert not changed, f"{where}: a refused POST changed {changed}"
    elif row.unchanged:
        assert not changed, f"{where}: declared as changing no table ({row.unchanged}), changed {changed}"
    else:
        assert changed, f"{where}: an allowed POST changed nothing"
    if allowed and row.then is not None:
        row.then(org, client, response)


def matrix_params(rows: list[Row]) -> list[tuple[Row, str]]:
    return [(row, persona) for row in rows for persona in PERSONAS]


def matrix_ids(rows: list[Row]) -> list[str]:
    return [f"{row.name}[{row.label}]-{persona}" for row in rows for persona in PERSONAS]


def cached(name):
    """A row's object factory made once per Org (stored on it as `name`), whatever rows use it."""

    def wrap(make):
        def get(o):
            if not hasattr(o, name):
                setattr(o, name, make(o))
            return getattr(o, name)

        return get

    return wrap
