"""Notifications: idempotent by key, one e-mail per new row, own rows only, a cheap bell."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.services import NotificationItem, notify_many

from ..factories import make_user

# session, user, actor (2), count, unread count (bell), page, session save (3)
LIST_QUERY_LIMIT = 10


@pytest.fixture
def notify(django_capture_on_commit_callbacks):
    """notify_many as after a real commit (tests run inside a transaction; e-mails go on commit)."""

    def run(items):
        with django_capture_on_commit_callbacks(execute=True):
            return notify_many(items)

    return run


def item(user, key="ev:1", **overrides):
    fields = dict(recipient_id=user.pk, kind="uji", title=f"Judul {key}", key=key, url="/pegawai/")
    fields.update(overrides)
    return NotificationItem(**fields)


def test_notify_many_twice_with_the_same_keys_creates_one_row_and_one_email_each(db, notify):
    ani = make_user("ani", email="ani@example.go.id")
    budi = make_user("budi", email="budi@example.go.id")
    items = [item(ani, "ev:1"), item(ani, "ev:2"), item(budi, "ev:1")]
    first = notify(items)
    second = notify(items)
    assert len(first) == 3
    assert second == []
    assert Notification.objects.count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ani@example.go.id",
        "ani@example.go.id",
        "budi@example.go.id",
    ]
    assert {m.subject for m in mail.outbox} == {"Judul ev:1", "Judul ev:2"}


def test_a_partly_new_batch_creates_and_mails_only_the_new_rows(db, notify):
    ani = make_user("ani", email="ani@example.go.id")
    notify([item(ani, "ev:1")])
    mail.outbox.clear()
    created = notify([item(ani, "ev:1"), item(ani, "ev:2"), item(ani, "ev:2")])
    assert [n.key for n in created] == ["ev:2"]
    assert [m.subject for m in mail.outbox] == ["Judul ev:2"]
    assert Notification.objects.filter(recipient=ani).count() == 2


def test_the_same_key_for_another_recipient_is_a_different_notification(db):
    ani, budi = make_user("ani"), make_user("budi")
    notify_many([item(ani, "ev:1")])
    assert len(notify_many([item(budi, "ev:1")])) == 1


def test_no_email_without_an_address_and_the_record_address_is_the_fallback(org, notify):
    nurse = org.employee_dinkes_sorong
    nurse.email = "siti@dinkes.example.go.id"
    nurse.save()
    no_address = make_user("tanpa.surel")
    notify([item(no_address, "ev:1"), item(org.users["employee_dinkes_sorong"], "ev:1")])
    assert [m.to for m in mail.outbox] == [["siti@dinkes.example.go.id"]]
    assert Notification.objects.count() == 2


def test_notify_many_is_set_based(db, notify, django_assert_max_num_queries):
    users = [make_user(f"u{i}", email=f"u{i}@example.go.id") for i in range(120)]
    with django_assert_max_num_queries(8):  # lookup, insert, read back, addresses (+ savepoints)
        created = notify([item(u, "massal") for u in users])
    assert len(created) == 120
    assert len(mail.outbox) == 120


def test_an_email_failure_is_logged_and_keeps_the_notification(db, settings, notify, caplog):
    settings.EMAIL_BACKEND = "tests.notifications.test_notifications.BrokenBackend"
    ani = make_user("ani", email="ani@example.go.id")
    assert len(notify([item(ani)])) == 1
    assert Notification.objects.filter(recipient=ani).exists()
    assert "notification e-mails failed" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP down")


def test_the_bell_shows_the_unread_count(org, as_persona):
    user = org.users["employee_dinkes_sorong"]
    notify_many([item(user, f"ev:{i}") for i in range(3)])
    Notification.objects.filter(key="ev:0").update(read_at=timezone.now())
    notify_many([item(org.users["hr_sorong"], "ev:9")])  # someone else's does not count
    response = as_persona("employee_dinkes_sorong").get(reverse("core:dashboard"))
    assert str(response.context["unread_notifications"]) == "2"
    bell = response.content.decode().split('data-testid="notification-bell"')[1].split("</a>")[0]
    assert ">2</span>" in bell


def test_the_bell_costs_one_query(org, as_persona):
    client = as_persona("employee_dinkes_sorong")
    url = reverse("core:dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert sum("notifications_notification" in q["sql"] for q in ctx.captured_queries) == 1


def test_anonymous_pages_run_no_bell_query(org, client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("core:login")).status_code == 200
    assert not any("notifications_notification" in q["sql"] for q in ctx.captured_queries)


def test_the_list_shows_unread_first_and_only_ones_own(org, as_persona):
    user = org.users["employee_dinkes_sorong"]
    notify_many([item(user, "lama"), item(user, "baru"), item(org.users["hr_sorong"], "milik-hr")])
    Notification.objects.filter(key="baru").update(read_at=timezone.now())
    page = as_persona("employee_dinkes_sorong").get(reverse("notifications:list")).context["page"]
    assert [n.key for n in page] == ["lama", "baru"]


def test_mark_read_and_mark_all_read_touch_only_own_rows(org, as_persona):
    nurse, hr = org.users["employee_dinkes_sorong"], org.users["hr_sorong"]
    mine = notify_many([item(nurse, "a"), item(nurse, "b")])
    theirs = notify_many([item(hr, "c")])[0]
    client = as_persona("employee_dinkes_sorong")
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[mine[0].pk])).status_code == 302
    assert Notification.objects.get(pk=mine[0].pk).read_at is not None
    assert Notification.objects.get(pk=mine[1].pk).read_at is None
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=nurse, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_open_marks_read_and_follows_only_a_local_link(org, as_persona):
    nurse = org.users["employee_dinkes_sorong"]
    local, foreign = notify_many([item(nurse, "a"), item(nurse, "b", url="https://evil.example.com/")])
    client = as_persona("employee_dinkes_sorong")
    assert (
        client.post(reverse("notifications:read", args=[local.pk]), {"buka": "1"})["Location"] == "/pegawai/"
    )
    response = client.post(reverse("notifications:read", args=[foreign.pk]), {"buka": "1"})
    assert response["Location"] == reverse("notifications:list")


def test_the_list_keeps_a_constant_query_count(org, as_persona, django_assert_max_num_queries):
    user = org.users["employee_dinkes_sorong"]
    client = as_persona("employee_dinkes_sorong")
    url = reverse("notifications:list")
    notify_many([item(user, "ev:0")])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    notify_many([item(user, f"ev:{i}") for i in range(1, 200)])
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        response = client.get(url)
    assert len(response.context["page"]) == 50
    assert response.context["page"].paginator.count == 200
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_marking_one_read_returns_to_the_list_as_it_was(org, as_persona):
    from django.urls import reverse

    from notifications.models import Notification

    user = org.users["employee_dinkes_sorong"]
    notification = Notification.objects.create(recipient=user, kind="test", title="Uji", body="", key="uji-1")
    client = as_persona("employee_dinkes_sorong")
    listing = client.get(reverse("notifications:list"), {"tampil": "belum", "sort": "waktu"}).content.decode()
    assert f"{reverse('notifications:read', args=[notification.pk])}?tampil=belum&amp;sort=waktu" in listing

    response = client.post(f"{reverse('notifications:read', args=[notification.pk])}?tampil=belum&sort=waktu")

    assert response["Location"] == f"{reverse('notifications:list')}?tampil=belum&sort=waktu"
    notification.refresh_from_db()
    assert notification.is_read
