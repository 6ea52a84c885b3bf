"""Issue 10 item 19: a notification is shown in the reader's language, whatever the language it was
written in: texts are stored as message ids with parameters and translated when shown."""

from datetime import date

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from employees.models import CorrectionProposal
from notifications.models import Notification
from notifications.services import NotificationItem, notify_many
from notifications.texts import DateParam, Message, render

from ..employees.test_corrections import reject, submit


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_a_message_is_rendered_in_the_active_language_with_its_parameters():
    encoded = Message(
        gettext_lazy("Pesan baru dalam dialog kinerja %(period)s: %(about)s"),
        {
            "period": Message(gettext_lazy("Triwulan %(n)s %(year)s"), {"n": "I", "year": 2026}),
            "about": gettext_lazy("umum"),
        },
    ).encode()
    assert encoded["msgid"] == "Pesan baru dalam dialog kinerja %(period)s: %(about)s"
    with translation.override("en"):
        assert render(encoded) == "New message in the Quarter I 2026 performance dialogue: general"
    with translation.override("id"):
        assert render(encoded) == "Pesan baru dalam dialog kinerja Triwulan I 2026: umum"


def test_dates_and_lists_follow_the_reader_language():
    encoded = Message(
        gettext_lazy("Kenaikan gaji berkala Anda jatuh pada %(date)s."), {"date": date(2027, 1, 1)}
    ).encode()
    with translation.override("en"):
        assert render(encoded) == "Your periodic salary increase (KGB) falls on 1 January 2027."
    with translation.override("id"):
        assert render(encoded) == "Kenaikan gaji berkala Anda jatuh pada 1 Januari 2027."
    month = Message(
        gettext_lazy("Alasan: %(reason)s"), {"reason": DateParam(date(2026, 2, 1), "F Y")}
    ).encode()
    with translation.override("en"):
        assert render(month) == "Reason: February 2026"


def test_the_stored_title_is_the_default_language_and_free_text_stays_as_typed(org):
    user = org.users["employee_dinkes_sorong"]
    with translation.override("en"):  # the writer's language does not matter
        notify_many(
            [
                NotificationItem(
                    recipient_id=user.pk,
                    kind="uji",
                    title=Message(gettext_lazy("Alasan: %(reason)s"), {"reason": "Lampirkan KTP."}),
                    body="Silakan perbaiki",
                    key="lang:1",
                )
            ]
        )
    row = Notification.objects.get(key="lang:1")
    assert row.title == "Alasan: Lampirkan KTP."
    assert row.body == "Silakan perbaiki"
    with translation.override("en"):
        assert (row.display_title, row.display_body) == ("Reason: Lampirkan KTP.", "Silakan perbaiki")


def test_a_correction_decision_reaches_an_english_reader_in_english(org, as_persona):
    nurse = org.employee_dinkes_sorong
    submit(as_persona("employee_dinkes_sorong"), nurse, name="Siti Aminah")
    hr = english(as_persona("hr_sorong"))
    html = hr.get(reverse("notifications:list")).content.decode()
    assert "Data correction request from Siti Perawat" in html
    assert "Usulan perubahan data dari" not in html
    assert "Fields requested to be changed: name." in html
    reject(as_persona("hr_sorong"), CorrectionProposal.objects.get(), "Lampirkan KTP.")
    employee = english(as_persona("employee_dinkes_sorong"))
    html = employee.get(reverse("notifications:list")).content.decode()
    assert "Reason: Lampirkan KTP." in html
    assert "Usulan perubahan data Anda ditolak" not in html
    # The same rows read in Indonesian by default.
    html = as_persona("hr_sorong").get(reverse("notifications:list")).content.decode()
    assert "Usulan perubahan data dari Siti Perawat" in html


def test_rows_written_before_message_ids_still_show_their_text(org, as_persona):
    user = org.users["hr_sorong"]
    Notification.objects.create(recipient=user, kind="lama", title="Teks lama tersimpan", key="old")
    html = english(as_persona("hr_sorong")).get(reverse("notifications:list")).content.decode()
    assert "Teks lama tersimpan" in html


def test_performance_period_names_in_notifications_match_the_period_label_in_each_language():
    from performance.models import Period
    from performance.services.notify import period_label

    periods = [
        Period(kind="periodic", number=1, start=date(2026, 1, 1), end=date(2026, 1, 31)),
        Period(kind="periodic", number=2, start=date(2026, 4, 1), end=date(2026, 6, 30)),
        Period(kind="periodic", number=2, start=date(2026, 7, 1), end=date(2026, 12, 31)),
        Period(kind="annual", number=1, start=date(2026, 1, 1), end=date(2026, 12, 31)),
    ]
    for language in ("id", "en"):
        with translation.override(language):
            # "%(p)s" is no catalogue entry: it renders its one parameter as it is.
            labels = [render(Message("%(p)s", {"p": period_label(p)}).encode()) for p in periods]
            assert labels == [p.label for p in periods]
    with translation.override("en"):
        assert [p.label for p in periods][1] == "Quarter II 2026"
