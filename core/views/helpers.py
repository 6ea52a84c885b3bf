"""Small pieces every list view shares."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class DeferredJoinPaginator(Paginator):
    """Sorts and slices only the primary keys, then loads that page's rows with their joins.

    On a deep page of a large list the database then sorts narrow (key, sort columns) tuples in
    memory instead of whole joined rows, which spill to disk (bench/employee_list.py); the page
    costs one more small query. Rows removed between the two queries are left out.
    """

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def paginate_deferred(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    """paginate() for large lists sorted in the database: see DeferredJoinPaginator."""
    return DeferredJoinPaginator(queryset, per_page).get_page(request.GET.get("page"))
