"""The audit trail: django-simple-history records every create, update and delete of HR data.

Services call `stamp()` so that a change made outside a request (a task, a command) still names
who made it; inside a request the history middleware does the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from .access import Actor


@dataclass(frozen=True)
class Audited:
    """A kind of record whose history HR may read: how to fetch it in scope, and its agency."""

    label: str
    fetch: Callable[[Actor, int], models.Model]
    instansi_id: Callable[[Any], int]


# The kinds of record with a history page (/riwayat/<kind>/<pk>/). Core registers its own; an app
# registers its records in AppConfig.ready() (employees: "pegawai"), since core imports no app.
AUDITED: dict[str, Audited] = {}


def register_audited(audited: Audited) -> None:
    AUDITED[audited.label] = audited


def stamp(instance: models.Model, actor: Actor) -> None:
    """Name the actor as the author of the next history row of `instance`."""
    if actor.user_id is not None:
        instance._history_user = get_user_model()(pk=actor.user_id)  # type: ignore[attr-defined]


def changes(history_rows: list[Any]) -> list[dict[str, Any]]:
    """Each history row with the fields it changed against the row before it (oldest last)."""
    result = []
    for i, row in enumerate(history_rows):
        previous = history_rows[i + 1] if i + 1 < len(history_rows) else None
        diffs = []
        if previous is not None and row.history_type == "~":
            delta = row.diff_against(previous)
            for change in delta.changes:
                field = row.instance_type._meta.get_field(change.field)
                diffs.append(
                    {
                        "field": field.verbose_name,
                        "old": _display(field, change.old),
                        "new": _display(field, change.new),
                    }
                )
        result.append({"row": row, "changes": diffs})
    return result


def _display(field: models.Field, value: Any) -> Any:
    if field.choices and value is not None:
        return dict(field.flatchoices).get(value, value)
    return value
