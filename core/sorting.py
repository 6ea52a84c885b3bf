"""Sorting a list by a column header: `?sort=key` (ascending) or `?sort=-key` (descending).

Each list declares a `SortSpec`: a whitelist mapping a URL key to an ORM ordering (field names, or
expressions) or, for a list shaped in Python, to a function of a row. Anything else in `?sort=`
falls back silently to the list's default: a stale bookmark or a hand-edited URL still gives the
page, never a 500. The ORM ordering always ends with the primary key, so that equal values keep
one order and pages neither repeat nor skip a row.

The template side is in core/templatetags/lists.py (`{% sort_th %}`: the header link with its
arrow and aria-sort, keeping every other query parameter).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import F, QuerySet
from django.db.models.expressions import Combinable, OrderBy
from django.http import HttpRequest

SORT_PARAM = "sort"
Term = str | Combinable  # a field name ("-name") or an expression (F("x").asc(nulls_last=True))
T = TypeVar("T")


def _descending(term: Term) -> Term:
    """The term in the opposite direction: "name" ⇄ "-name", an expression asc ⇄ desc."""
    if isinstance(term, str):
        return term[1:] if term.startswith("-") else f"-{term}"
    if isinstance(term, OrderBy):
        # Empty values stay where the term puts them (nulls_last stays last in both directions).
        return OrderBy(
            term.expression,
            descending=not term.descending,
            nulls_first=term.nulls_first or None,
            nulls_last=term.nulls_last or None,
        )
    return term.desc()  # type: ignore[attr-defined]  # F() and other expressions have desc()


@dataclass(frozen=True)
class Sorting:
    """The order a request asked for, after validation against its SortSpec."""

    spec: SortSpec
    key: str
    descending: bool

    @property
    def value(self) -> str:
        """The `?sort=` value of this order."""
        return f"-{self.key}" if self.descending else self.key

    @property
    def is_default(self) -> bool:
        return self.value == self.spec.default

    def ordering(self) -> list[Term]:
        """order_by() arguments: the column's terms (flipped when descending), then the tie-breaker."""
        terms = self.spec.columns[self.key]
        if callable(terms) and not isinstance(terms, Combinable):
            raise TypeError(f"column {self.key!r} sorts rows in Python: use sort_rows()")
        assert isinstance(terms, tuple)
        ordered = [_descending(t) if self.descending else t for t in terms]
        return [*ordered, *self.spec.tiebreak]

    def apply(self, queryset: QuerySet) -> QuerySet:
        """The queryset in this order (annotations a column needs come from spec.annotate)."""
        needed = self.spec.annotations.get(self.key)
        if needed:
            queryset = queryset.annotate(**{name: make() for name, make in needed.items()})
        return queryset.order_by(*self.ordering())

    def sort_rows(self, rows: Iterable[T]) -> list[T]:
        """Rows shaped in Python, in this order. Python's sort is stable: equal rows keep the
        order they came in (the selector's own order), the tie-breaker of an in-memory list."""
        key = self.spec.columns[self.key]
        if not callable(key) or isinstance(key, Combinable):
            raise TypeError(f"column {self.key!r} is an ORM ordering: use apply()")
        return sorted(rows, key=_none_last(key, self.descending), reverse=self.descending)

    def toggled(self, key: str) -> str:
        """The `?sort=` value a click on column `key` asks for: ascending first, then the reverse."""
        if key == self.key and not self.descending:
            return f"-{key}"
        return key

    def aria(self, key: str) -> str | None:
        """aria-sort of column `key`: "ascending"/"descending" when the list is sorted by it."""
        if key != self.key:
            return None
        return "descending" if self.descending else "ascending"


def _none_last(key: Callable[[Any], Any], descending: bool) -> Callable[[Any], Any]:
    """A sort key where a missing value (None) comes last in either direction."""

    def wrapped(row: Any) -> tuple[bool, Any]:
        value = key(row)
        missing = value is None
        return (not missing if descending else missing, value if not missing else 0)

    return wrapped


class SortSpec:
    """A list's sortable columns: URL key → ORM ordering terms (a tuple) or a row function.

    `default` is the `?sort=` value used when the request asks for none or for one not in the
    whitelist ("name" or "-name"). `tiebreak` ends every ORM ordering (the primary key by default).
    `annotations`: column key → {name: factory} of annotations its ordering needs, added only when
    the list is sorted by that column.
    """

    def __init__(
        self,
        columns: Mapping[str, Sequence[Term] | Callable[[Any], Any]],
        *,
        default: str,
        tiebreak: Sequence[Term] = ("pk",),
        annotations: Mapping[str, Mapping[str, Callable[[], Any]]] | None = None,
    ) -> None:
        self.columns: dict[str, tuple[Term, ...] | Callable[[Any], Any]] = {
            key: (tuple(terms) if isinstance(terms, list | tuple) else terms)  # type: ignore[misc]
            for key, terms in columns.items()
        }
        if default.lstrip("-") not in self.columns:
            raise ValueError(f"default sort {default!r} is not a column")
        for key in self.columns:
            if not key or key.startswith("-"):
                raise ValueError(f"bad column key {key!r}")
        self.default = default
        self.tiebreak = tuple(tiebreak)
        self.annotations = dict(annotations or {})

    def parse(self, raw: str | None) -> Sorting:
        """The Sorting of a `?sort=` value; the default when it is missing or not whitelisted."""
        for value in (raw or "", self.default):
            value = value.strip()
            key = value[1:] if value.startswith("-") else value
            if key in self.columns:
                return Sorting(self, key, value.startswith("-"))
        raise AssertionError("unreachable: the default is checked in __init__")

    def from_request(self, request: HttpRequest) -> Sorting:
        return self.parse(request.GET.get(SORT_PARAM))


def nulls_last(field: str) -> OrderBy:
    """An ascending ordering term that puts empty values last, in either direction."""
    return F(field).asc(nulls_last=True)
