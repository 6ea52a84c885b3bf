"""Dialog kinerja: threads per IKI, per BerAKHLAK value and in general, between the employee and the
atasan langsung, each message notifying the other; everyone else who sees the SKP reads."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import strip_tags

from core.access import actor_for
from notifications.models import Notification
from performance.choices import SkpState
from performance.models import Feedback
from performance.services.appraisal import feedback_post
from tests.factories import make_employee

from .factories import ikis_of, make_skp, make_year, period
from .matrix import nurse_skp


@pytest.fixture
def skp(org):
    return nurse_skp(org)


@pytest.fixture
def january(skp):
    return period(skp.year, 1)


def url(skp, p):
    return f"{reverse('performance:dialog', args=[skp.pk])}?period={p.pk}"


def text_of(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def test_the_employee_asks_about_an_indicator_and_the_appraiser_is_notified(org, as_persona, skp, january):
    patients = ikis_of(skp)[0]
    response = as_persona("employee_dinkes_sorong").post(
        url(skp, january), {"topic": f"iki-{patients.pk}", "text": "Apakah kunjungan rumah dihitung?"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?period={january.pk}#iki-{patients.pk}")
    message = Feedback.objects.get()
    assert (message.iki, message.behaviour, message.period) == (patients, "", january)
    assert message.author == org.users["employee_dinkes_sorong"]
    assert message.author_employee == org.employee_dinkes_sorong
    notification = Notification.objects.get()
    assert notification.recipient == org.users["head_dinkes_sorong"]
    assert notification.key == f"feedback:{message.pk}"
    assert "Jumlah pasien terlayani" in notification.title
    assert notification.url.endswith(f"#iki-{patients.pk}")


def test_the_appraiser_answers_on_a_behaviour_value_and_the_employee_is_notified(
    org, as_persona, skp, january
):
    response = as_persona("head_dinkes_sorong").post(
        url(skp, january), {"topic": "perilaku-kolaboratif", "text": "Kerja sama lintas program sudah baik."}
    )
    assert response.status_code == 302
    message = Feedback.objects.get()
    assert (message.iki, message.behaviour) == (None, "kolaboratif")
    assert Notification.objects.get().recipient == org.users["employee_dinkes_sorong"]


def test_threads_list_messages_in_time_order_with_author_and_agency_time(org, as_persona, skp, january):
    nurse, head = org.employee_dinkes_sorong, org.head_dinkes_sorong
    for at, author, text in [
        (datetime(2026, 1, 20, 1, 30, tzinfo=UTC), head, "Bagaimana capaian minggu ini?"),
        (datetime(2026, 1, 19, 23, 0, tzinfo=UTC), nurse, "Laporan minggu pertama sudah saya unggah."),
    ]:
        Feedback.objects.create(
            skp=skp, period=january, author=author.user, author_employee=author, text=text, created_at=at
        )
    page = as_persona("hr_sorong").get(url(skp, january))
    assert page.status_code == 200
    general = next(t for t in page.context["threads"] if t.key == "umum")
    assert [m.text for m in general.messages] == [
        "Laporan minggu pertama sudah saya unggah.",
        "Bagaimana capaian minggu ini?",
    ]
    content = text_of(page)
    # 19 January 23:00 UTC is 20 January 08.00 in Sorong (WIT, UTC+9).
    assert "Siti Perawat · pegawai · 20 Januari 2026 08.00 WIT" in content
    assert "Kepala Dinkes · atasan · 20 Januari 2026 10.30 WIT" in content


def test_every_iki_every_berakhlak_value_and_a_general_topic_has_a_thread(org, as_persona, skp, january):
    page = as_persona("employee_dinkes_sorong").get(url(skp, january))
    keys = [t.key for t in page.context["threads"]]
    assert keys == [
        *(f"iki-{iki.pk}" for iki in ikis_of(skp)),
        "perilaku-pelayanan",
        "perilaku-akuntabel",
        "perilaku-kompeten",
        "perilaku-harmonis",
        "perilaku-loyal",
        "perilaku-adaptif",
        "perilaku-kolaboratif",
        "umum",
    ]
    assert page.content.decode().count('name="topic"') == len(keys)


def test_messages_of_another_period_stay_in_their_period(org, as_persona, skp, january):
    feedback_post(actor=actor_for(org.users["head_dinkes_sorong"]), skp=skp, period=january, text="Januari")
    page = as_persona("employee_dinkes_sorong").get(url(skp, period(skp.year, 2)))
    threads = page.context["threads"]
    assert threads, "the February page lists its threads"
    assert all(not t.messages for t in threads)


def test_hr_reads_the_dialog_but_cannot_post(org, as_persona, skp, january):
    client = as_persona("hr_sorong")
    page = client.get(url(skp, january))
    assert page.status_code == 200
    assert not page.context["can_post"]
    assert "<textarea" not in page.content.decode()
    assert client.post(url(skp, january), {"topic": "umum", "text": "Halo"}).status_code == 403
    assert not Feedback.objects.exists()


def test_the_heads_superior_reads_but_does_not_take_part(org, as_persona):
    """A Puskesmas head appraises the nurse; the head of Dinkes above sees the SKP, read only."""
    pkm_head = make_employee(org.pkm_sorong, name="Kepala Puskesmas", is_unit_head=True)
    skp = make_skp(org.employee_dinkes_sorong, make_year(org.sorong), appraiser=pkm_head)
    january = period(skp.year, 1)
    client = as_persona("head_dinkes_sorong")
    assert client.get(url(skp, january)).status_code == 200
    assert client.post(url(skp, january), {"topic": "umum", "text": "Saya ikut"}).status_code == 403
    with pytest.raises(PermissionDenied):
        feedback_post(
            actor=actor_for(org.users["head_dinkes_sorong"]), skp=skp, period=january, text="Saya ikut"
        )
    assert not Feedback.objects.exists()


def test_an_empty_message_is_refused_with_its_reason(org, as_persona, skp, january):
    response = as_persona("employee_dinkes_sorong").post(url(skp, january), {"topic": "umum", "text": "   "})
    assert response.status_code == 200
    assert response.context["error_topic"] == "umum"
    assert "Tulis pesan terlebih dahulu." in response.content.decode()
    assert not Feedback.objects.exists()
    with pytest.raises(ValidationError, match="Tulis pesan"):
        feedback_post(actor=actor_for(org.users["employee_dinkes_sorong"]), skp=skp, period=january, text=" ")


def test_an_unknown_topic_is_refused(org, as_persona, skp, january):
    other = make_skp(org.employee_dishub_sorong, skp.year)
    response = as_persona("employee_dinkes_sorong").post(
        url(skp, january), {"topic": f"iki-{ikis_of(other)[0].pk}", "text": "Salah topik"}
    )
    assert response.status_code == 200
    assert "Topik pesan tidak dikenal." in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_service_refuses_a_foreign_indicator_two_topics_and_an_unknown_value(org, skp, january):
    nurse = actor_for(org.users["employee_dinkes_sorong"])
    foreign = ikis_of(make_skp(org.employee_dishub_sorong, skp.year))[0]
    with pytest.raises(ValidationError, match="bukan bagian"):
        feedback_post(actor=nurse, skp=skp, period=january, text="x", iki=foreign)
    with pytest.raises(ValidationError, match="satu topik"):
        feedback_post(actor=nurse, skp=skp, period=january, text="x", iki=ikis_of(skp)[0], behaviour="loyal")
    with pytest.raises(ValidationError, match="tidak dikenal"):
        feedback_post(actor=nurse, skp=skp, period=january, text="x", behaviour="jujur")
    assert not Feedback.objects.exists() and not Notification.objects.exists()


def test_a_superseded_skp_takes_no_new_messages(org, skp, january):
    skp.state = SkpState.SUPERSEDED
    skp.save()
    with pytest.raises(ValidationError, match="digantikan revisi"):
        feedback_post(actor=actor_for(org.users["employee_dinkes_sorong"]), skp=skp, period=january, text="x")


def test_without_a_period_the_dialog_opens_on_the_period_in_progress(org, as_persona, skp):
    page = as_persona("employee_dinkes_sorong").get(reverse("performance:dialog", args=[skp.pk]))
    assert page.status_code == 200
    chosen = page.context["period"]
    assert chosen.kind == "periodic"
    assert chosen.year_id == skp.year_id
