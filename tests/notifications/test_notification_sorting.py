"""The notification list's orders (unread first, newest, oldest), page size and kept state."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify_many

from .test_notifications import LIST_QUERY_LIMIT, item

URL = reverse("notifications:list")


@pytest.fixture
def three(org):
    """Oldest "a" unread, "b" read, newest "c" unread."""
    user = org.users["employee_dinkes_sorong"]
    notify_many([item(user, key) for key in ("a", "b", "c")])
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for days, key in enumerate(("a", "b", "c")):
        Notification.objects.filter(key=key).update(created_at=start + timedelta(days=days))
    Notification.objects.filter(key="b").update(read_at=start + timedelta(days=5))


def keys(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [n.key for n in response.context["page"]]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("dibaca", ["c", "a", "b"]),  # the default: unread first, newest first
        ("-dibaca", ["b", "a", "c"]),
        ("-waktu", ["c", "b", "a"]),
        ("waktu", ["a", "b", "c"]),
        ("", ["c", "a", "b"]),
        ("created_at", ["c", "a", "b"]),  # not whitelisted: the default
        ("-", ["c", "a", "b"]),
    ],
)
def test_each_order_and_a_bad_one_falls_back(three, as_persona, sort, order):
    assert keys(as_persona("employee_dinkes_sorong"), sort=sort) == order


def test_the_tabs_and_sort_links_keep_the_state(three, as_persona):
    client = as_persona("employee_dinkes_sorong")
    html = client.get(URL, {"sort": "waktu", "size": "25"}).content.decode()
    assert 'href="?sort=waktu&amp;size=25&amp;tampil=belum"' in html
    assert 'href="?sort=dibaca&amp;size=25"' in html and 'href="?sort=-waktu&amp;size=25"' in html
    assert keys(client, sort="-waktu", tampil="belum") == ["c", "a"]
    html = client.get(URL, {"sort": "-waktu", "tampil": "belum"}).content.decode()
    assert 'href="?sort=-waktu"' in html  # "show all" drops only the tab


def test_page_size_and_constant_queries_when_sorted(org, as_persona, django_assert_max_num_queries):
    user = org.users["employee_dinkes_sorong"]
    notify_many([item(user, f"n{i}") for i in range(120)])
    client = as_persona("employee_dinkes_sorong")
    client.get(URL)
    for size, shown in (("25", 25), ("100", 100), ("500", 50)):
        for sort in ("dibaca", "-waktu", "waktu"):
            with django_assert_max_num_queries(LIST_QUERY_LIMIT):
                page = client.get(URL, {"size": size, "sort": sort}).context["page"]
            assert len(page) == shown, (size, sort)
