"""Small pieces every list view shares."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from .bounds import parse_int

PAGE_SIZE = 50
# The page sizes a reader may choose with `?size=`; anything else (a typo, 10000) is the list's default.
PAGE_SIZES = (25, 50, 100)
SIZE_PARAM = "size"


def page_size(request: HttpRequest, default: int = PAGE_SIZE) -> int:
    """The page size the request asks for (`?size=`, one of PAGE_SIZES), else the list's default."""
    size = parse_int(request.GET.get(SIZE_PARAM, ""))
    return size if size in PAGE_SIZES else default


def paginate(request: HttpRequest, queryset: QuerySet | Any, per_page: int = PAGE_SIZE) -> Page:
    """A page of the list; `per_page` is the default the reader may change with `?size=`."""
    return Paginator(queryset, page_size(request, per_page)).get_page(request.GET.get("page"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class KeyPagedRows:
    """A long list sorted in the database that pages by key: what a Paginator needs.

    A page is two queries: the ids of the slice, sorted with only the columns the ordering
    needs (the database sorts narrow rows in memory instead of whole joined rows, which spill to
    disk on deep pages), then the full rows of those ids with their joins (`rows`). The count runs
    on `counted` (default: the sorted queryset), which may drop joins only the ordering needs, or is
    `total` when the caller has counted already (from an aggregate it shows anyway).
    A page nearer the end than the start is read from the end, in the reversed order: skipping
    rows (OFFSET) costs the database every row it skips, so the last page of a long list costs
    what the first does. This needs a total order (`sorted_qs` ends with a unique key, as every
    caller's does), so that the reversed order is the exact mirror; only when the rows were counted
    here (a caller's `total` is shown, not relied on).
    With `keys_up_to=N` (a list that is usually short, such as a name search), count() first reads
    the keys of at most N+1 rows in the sorted order: when they are N or fewer, that one query is
    both the count and every page's keys, and a page is one more query (its rows). When there are
    more, the count runs as usual.
    Measured in bench/employee_list.py, bench/duk.py, bench/career_reports.py and
    bench/load_mixed.py. A row deleted (or added) between the count and the page shifts that page by
    a row.
    """

    ordered = True  # what Paginator checks; the order is that of `sorted_qs`

    def __init__(
        self,
        sorted_qs: QuerySet,
        rows: QuerySet | None = None,
        counted: QuerySet | None = None,
        total: int | None = None,
        keys_up_to: int | None = None,
    ):
        self.sorted_qs = sorted_qs
        self.rows = sorted_qs.order_by() if rows is None else rows
        self.counted = sorted_qs if counted is None else counted
        self.total = total
        self.counted_total: int | None = None  # once count() ran (a Paginator counts before slicing)
        self.keys_up_to = keys_up_to
        self.all_keys: list | None = None  # every key, when count() found at most keys_up_to rows

    def count(self) -> int:
        if self.total is None and self.keys_up_to is not None:
            keys = list(self.sorted_qs.values_list("pk", flat=True)[: self.keys_up_to + 1])
            if len(keys) <= self.keys_up_to:
                self.all_keys = keys
                self.counted_total = self.total = len(keys)
        if self.total is None:
            self.counted_total = self.total = self.counted.count()
        return self.total

    def __len__(self) -> int:  # pragma: no cover - Paginator uses count()
        return self.count()

    def __getitem__(self, index: slice) -> list:
        ids = self.keys(index.start or 0, index.stop)
        found = self.rows.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def keys(self, start: int, stop: int | None) -> list:
        """The ids of rows start..stop-1 in the sorted order, read from whichever end is nearer."""
        if self.all_keys is not None:
            return self.all_keys[start:stop]
        keys = self.sorted_qs.values_list("pk", flat=True)
        total = self.counted_total  # a count of the rows themselves, not a caller's sum
        if total is None or stop is None or total - min(stop, total) >= start:
            return list(keys[start:stop])
        if start >= total:
            return []
        stop = min(stop, total)
        mirrored = list(keys.reverse()[total - stop : total - start])
        mirrored.reverse()
        return mirrored


# A name search matches a few hundred to a few thousand of 100,000 employees: reading up to this
# many keys at once is one query instead of a count and a page of keys (bench/load_mixed.py).
SEARCH_KEYS_UP_TO = 2000


def paginate_deferred(
    request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE, keys_up_to: int | None = None
) -> Page:
    """paginate() for large lists sorted in the database: see KeyPagedRows."""
    rows: Any = KeyPagedRows(queryset, keys_up_to=keys_up_to)  # a Sequence to Paginator
    return paginate(request, rows, per_page)
