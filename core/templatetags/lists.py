"""Template tags of list pages: sortable column headers, the page-size choice, links that keep the
list's state (filters, sort, size) in the URL. The order itself is decided in core.sorting."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils import translation
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

from core.paging import PAGE_SIZES, SIZE_PARAM
from core.sorting import SORT_PARAM, Sorting

register = template.Library()


class LabelNode(template.Node):
    """A constant text, translated and escaped once per language (see `label`)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.by_language: dict[str | None, str] = {}

    def render(self, context: template.Context) -> str:
        language = translation.get_language()
        try:
            return self.by_language[language]
        except KeyError:
            rendered = self.by_language[language] = conditional_escape(translation.gettext(self.text))
            return rendered


@register.tag
def label(parser: template.base.Parser, token: template.base.Token) -> LabelNode:
    """`{% label "Nama" %}`: the translation of a constant text, for what repeats on every row of a
    table (a cell's data-label, which the stacked phone layout shows). `{% translate %}` costs about
    7 µs a time; a list of 50 rows with 4 labels spent 1.5 ms of each page on them
    (docs/benchmarks.md, "Mixed HR workload"). The texts are in the catalogues like any other:
    tests/core/test_i18n.py checks that every label is."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][:1] not in "'\"" or bits[1][-1:] != bits[1][:1]:
        raise template.TemplateSyntaxError("{% label %} takes one quoted constant text")
    return LabelNode(bits[1][1:-1])


def _params(context: template.Context) -> QueryDict:
    request = getattr(context, "request", None)
    return request.GET.copy() if request is not None else QueryDict(mutable=True)


def _href(params: QueryDict, anchor: str = "") -> str:
    encoded = params.urlencode()
    return f"?{encoded}{'#' + anchor if anchor else ''}" if encoded else f"?{'#' + anchor if anchor else ''}"


@register.simple_tag(takes_context=True)
def sort_th(
    context: template.Context,
    sorting: Sorting | str | None,
    key: str,
    label: str,
    css: str = "",
    page_param: str = "page",
) -> SafeString:
    """A column header: a link that sorts by `key` (ascending, then descending on a second click),
    keeping every other query parameter except the page number. The sorted column carries
    aria-sort and an arrow. Without a `sorting` (print mode, a list that is not sortable) a plain header."""
    class_attr = format_html(' class="{}"', css) if css else ""
    if not isinstance(sorting, Sorting) or key not in sorting.spec.columns:
        return format_html("<th{}>{}</th>", class_attr, label)
    params = _params(context)
    params.pop(page_param, None)
    params[SORT_PARAM] = sorting.toggled(key)
    aria = sorting.aria(key)
    arrow = {"ascending": "▲", "descending": "▼"}.get(aria or "", "")
    return format_html(
        '<th{}{} data-sort-key="{}"><a class="sort-link link-body-emphasis" href="{}">{}{}</a></th>',
        class_attr,
        format_html(' aria-sort="{}"', aria) if aria else "",
        key,
        _href(params),
        label,
        format_html(' <span class="sort-arrow" aria-hidden="true">{}</span>', arrow) if arrow else "",
    )


@register.simple_tag(takes_context=True)
def page_href(context: template.Context, param: str, number: int, anchor: str = "") -> str:
    """The link to page `number`: the view's `querystring` (when it gives one) or the request's
    parameters, with `param` set. Filters, sort and size stay."""
    given = context.get("querystring")
    params = QueryDict(given, mutable=True) if given is not None else _params(context)
    params[param] = str(number)
    return _href(params, anchor)


@register.inclusion_tag("includes/_page_sizes.html", takes_context=True)
def page_sizes(context: template.Context, page: Any, param: str = "page", anchor: str = "") -> dict[str, Any]:
    """The page-size choice (PAGE_SIZES) as links that keep every other parameter and go to page 1."""
    given = context.get("querystring")
    base = QueryDict(given, mutable=True) if given is not None else _params(context)
    base.pop(param, None)
    current = page.paginator.per_page
    choices = []
    for size in PAGE_SIZES:
        params = base.copy()
        params[SIZE_PARAM] = str(size)
        choices.append({"size": size, "href": _href(params, anchor), "current": size == current})
    return {"choices": choices}


@register.simple_tag(takes_context=True)
def keep_params(context: template.Context, *names: str) -> SafeString:
    """Hidden inputs for a GET filter form: the request's `names` (default: sort and size), so
    that applying a filter keeps the list's order and page size (and goes back to page 1)."""
    params = _params(context)
    wanted = names or (SORT_PARAM, SIZE_PARAM)
    pairs = [(name, value) for name in wanted for value in params.getlist(name)]
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', pairs)
