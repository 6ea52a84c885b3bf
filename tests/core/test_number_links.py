"""Numbers that go into links and form values are never written with a thousands separator:
the UI shows "22.790 PNS" (USE_THOUSAND_SEPARATOR), but page 1.001 or unit 1.234 would break."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation


def test_pagination_links_past_page_999_carry_plain_numbers(db):
    page = Paginator(range(100_000), 50).page(1000)
    with translation.override("id"):
        html = render_to_string("includes/_pagination.html", {"page": page, "querystring": "q=x"})
    assert "page=999" in html and "page=1001" in html
    assert "page=1.0" not in html


def test_no_template_prints_an_id_without_unlocalize():
    """Ids go into links, form values and element ids: `{{ x.pk }}` would print 1.234 there."""
    import re
    from pathlib import Path

    bare = re.compile(r"\{\{ *[\w.]+(?:\.pk|\.id|_id) *\}\}")
    found = [
        f"{path.name}: {match.group(0)}"
        for path in Path(__file__).resolve().parents[2].joinpath("templates").rglob("*.html")
        for match in bare.finditer(path.read_text())
    ]
    assert found == []
