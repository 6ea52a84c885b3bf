"""The citizens' survey form (/s/<code>/): a valid submission, every bad input (an Indonesian message,
nothing saved, what was typed kept), the abuse guards (honeypot, rate limit in the real cache, duplicate
submissions, one-time tokens), one transaction per submission, the friendly pages of a code that leads
nowhere, the ticket status and the transparency page, the page's weight and its constant query count."""

from __future__ import annotations

import re
import uuid
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import IntegrityError
from django.test import Client, override_settings
from django.urls import reverse

from core import ratelimit
from surveys.choices import FollowUpState, PeriodState, QuestionKind
from surveys.models import AccessToken, ExtraAnswer, FollowUp, Response
from surveys.selectors.public import forget_open_survey, open_survey
from surveys.services import public as public_services

from .public_factories import (
    make_follow_up,
    make_ikm_result,
    make_period,
    make_questionnaire_with_extras,
    make_response,
    make_service,
    make_service_unit,
    make_token,
)

pytestmark = pytest.mark.django_db


def form_url(unit) -> str:
    return reverse("surveys:public_form", args=[unit.code])


def fresh_key(client: Client, unit, query: str = "") -> tuple[str, str]:
    """GET the form as a citizen does: its submission key, and the page."""
    page = client.get(form_url(unit) + query)
    assert page.status_code == 200
    html = page.content.decode()
    return re.search(r'name="submission_key" value="([^"]+)"', html)[1], html


def valid_data(unit, key: str, **changes) -> dict[str, str]:
    general = getattr(unit, "general", None)
    data = {
        "submission_key": key,
        "age": "35",
        "sex": "P",
        "education": "sma",
        "occupation": "swasta",
        "service": str(general.pk) if general else "",
        "suggestion": "",
        **{f"u{i}": str(v) for i, v in enumerate([3, 4, 3, 3, 2, 4, 4, 3, 3], 1)},
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def nothing_saved() -> bool:
    return not (Response.objects.exists() or FollowUp.objects.exists() or ExtraAnswer.objects.exists())


# --- A valid submission ------------------------------------------------------------------------------


def test_a_citizen_submits_the_form_and_gets_a_ticket_for_the_suggestion(counter, client):
    key, html = fresh_key(client, counter)
    assert "Loket Puskesmas Sorong Kota" in html and "Pemeriksaan gigi" in html
    assert "Layanan lama" not in html, "a retired service is not offered"
    response = client.post(
        form_url(counter), valid_data(counter, key, suggestion="  Antrean terlalu lama.  ")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:public_thanks", args=[counter.code, key])

    saved = Response.objects.get()
    assert (saved.period, saved.service, str(saved.submission_key)) == (counter.period, counter.general, key)
    assert (saved.age, saved.sex, saved.education, saved.occupation) == (35, "P", "sma", "swasta")
    assert [getattr(saved, f"u{i}") for i in range(1, 10)] == [3, 4, 3, 3, 2, 4, 4, 3, 3]
    assert saved.suggestion == "Antrean terlalu lama."
    follow_up = FollowUp.objects.get()
    assert (follow_up.response, follow_up.service_unit, follow_up.state) == (
        saved,
        counter,
        FollowUpState.NEW,
    )
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", follow_up.ticket)

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Terima kasih" in thanks.content.decode()
    assert follow_up.ticket in thanks.content.decode()
    assert reverse("surveys:ticket_status", args=[follow_up.ticket]) in thanks.content.decode()


def test_without_a_suggestion_there_is_no_ticket(counter, client):
    key, _html = fresh_key(client, counter)
    response = client.post(form_url(counter), valid_data(counter, key))
    assert response.status_code == 302
    assert Response.objects.count() == 1 and not FollowUp.objects.exists()
    thanks = client.get(response["Location"]).content.decode()
    assert "Terima kasih" in thanks and "Kode tiket" not in thanks


def test_a_unit_without_services_asks_for_none(org, client):
    unit = make_service_unit(org.dishub_sorong, "terminal")
    make_period(unit)
    key, html = fresh_key(client, unit)
    assert 'name="service"' not in html
    data = {k: v for k, v in valid_data(unit, key, service="").items() if k != "service"}
    assert client.post(form_url(unit), data).status_code == 302
    assert Response.objects.get().service is None


def test_the_form_follows_the_questionnaire_version_of_the_period(org, counter, client):
    """The 9 unsur with their wording (legend) and a label per answer 1–4, in fieldsets."""
    _key, html = fresh_key(client, counter)
    assert html.count("<fieldset") == 10  # sex + 9 unsur
    assert "kesesuaian persyaratan pelayanan" in html  # U1's question
    for label in ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai", "Gratis", "Sangat mahal"):
        assert f"<span>{label}</span>" in html
    for i in range(1, 10):
        for value in range(1, 5):
            assert f'name="u{i}" value="{value}"' in html
    assert '<option value="sma">SMA/SMK atau sederajat</option>' in html
    assert '<option value="petani-nelayan">Petani/nelayan</option>' in html


# --- Every bad input: an Indonesian message, nothing saved, what was typed kept -------------------------

BAD_INPUTS = [
    ("u1", "0", "Jawaban harus salah satu dari 1, 2, 3 atau 4."),
    ("u1", "5", "Jawaban harus salah satu dari 1, 2, 3 atau 4."),
    ("u4", "abc", "Jawaban harus salah satu dari 1, 2, 3 atau 4."),
    ("u9", "3\x00", "Jawaban harus salah satu dari 1, 2, 3 atau 4."),
    ("u3", None, "Pilih salah satu jawaban."),
    ("u7", "", "Pilih salah satu jawaban."),
    ("age", "abc", "Tulis usia dengan angka, mis. 35."),
    ("age", "", "Wajib diisi."),
    ("age", "5", "Usia paling rendah 10 tahun."),
    ("age", "121", "Usia paling tinggi 120 tahun."),
    ("age", "3\x005", "Tulis usia dengan angka, mis. 35."),
    ("age", "9" * 5000, "Tulis usia dengan angka, mis. 35."),
    ("sex", "X", "Pilih salah satu dari daftar."),
    ("sex", None, "Pilih salah satu jawaban."),
    ("education", "profesor", "Pilih salah satu dari daftar."),
    ("occupation", "", "Wajib diisi."),
    ("service", "999999", "Pilih salah satu dari daftar."),
    ("service", "abc", "Pilih salah satu dari daftar."),
    ("suggestion", "x" * 2001, "Teks terlalu panjang: paling banyak 2.000 karakter (sekarang 2.001)."),
    ("suggestion", "x" * 100_000, "Teks terlalu panjang: paling banyak 2.000 karakter"),
    ("suggestion", "Antrean\x00 lama", "Teks ini berisi karakter tak terlihat yang tidak diperbolehkan."),
    ("token", "x" * 40, "Teks terlalu panjang"),
    ("token", "ZZZZ-9999", "Kode kunjungan tidak dikenal untuk unit layanan ini."),
    ("submission_key", "bukan-kunci", "Formulir ini tidak lengkap. Muat ulang halaman, lalu isi kembali."),
    ("submission_key", None, "Formulir ini tidak lengkap. Muat ulang halaman, lalu isi kembali."),
]


@pytest.mark.parametrize(
    ("field", "value", "message"), BAD_INPUTS, ids=[f"{f}={v!r:.12}" for f, v, _m in BAD_INPUTS]
)
def test_a_bad_input_is_refused_with_an_indonesian_message_and_nothing_is_saved(
    counter, client, field, value, message
):
    key, _html = fresh_key(client, counter)
    typed = "Loketnya nyaman, tetapi antrean lama."
    data = valid_data(counter, key, **{"suggestion": typed, "age": "47", field: value})
    response = client.post(form_url(counter), data)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert message in html, html[:2000]
    assert 'data-testid="error-summary"' in response.content.decode()
    assert "\x00" not in html, "a NUL character is not sent back"
    assert nothing_saved()
    assert not AccessToken.objects.filter(used_at__isnull=False).exists()
    # What the citizen typed is still there.
    if field != "suggestion":
        assert typed in html, "the suggestion is kept"
    if field != "age":
        assert 'name="age" value="47"' in html, "the age is kept"
    if field not in ("u1", "u2"):
        assert 'name="u2" value="4" id="id_u2_3" required checked' in response.content.decode()


def test_another_units_service_is_refused(org, counter, client):
    other = make_service_unit(org.dishub_sorong, "terminal")
    foreign = make_service(other, "Izin trayek")
    key, _html = fresh_key(client, counter)
    response = client.post(form_url(counter), valid_data(counter, key, service=str(foreign.pk)))
    assert response.status_code == 200
    assert "Pilih salah satu dari daftar." in response.content.decode()
    assert nothing_saved()


def test_a_retired_service_is_refused(counter, client):
    retired = counter.services.get(is_active=False)
    key, _html = fresh_key(client, counter)
    response = client.post(form_url(counter), valid_data(counter, key, service=str(retired.pk)))
    assert response.status_code == 200 and nothing_saved()


def test_errors_are_tied_to_their_fields_for_assistive_technology(counter, client):
    key, _html = fresh_key(client, counter)
    html = client.post(form_url(counter), valid_data(counter, key, age="abc", u5=None)).content.decode()
    assert 'aria-invalid="true" aria-describedby="id_age-error"' in html
    assert '<p class="error" id="id_age-error">' in html
    assert 'id="id_u5"' in html and 'aria-describedby="id_u5-error"' in html
    assert '<a href="#id_age">' in html and '<a href="#id_u5">' in html, "the summary links each field"


# --- Extra questions of the instansi -----------------------------------------------------------------


@pytest.fixture
def extra_counter(org, counter):
    own = make_questionnaire_with_extras(
        org.sorong, QuestionKind.SCALE, QuestionKind.CHOICE, QuestionKind.TEXT
    )
    counter.period.questionnaire = own
    counter.period.save()
    counter.extras = list(own.extra_questions.order_by("position"))
    return counter


def test_extra_questions_are_saved_as_extra_answers_and_not_in_the_ikm_columns(extra_counter, client):
    scale, choice, text = extra_counter.extras
    key, html = fresh_key(client, extra_counter)
    assert scale.text in html and "Media sosial" in html and text.text in html
    data = valid_data(
        extra_counter,
        key,
        **{f"extra_{scale.pk}": "2", f"extra_{choice.pk}": "Teman", f"extra_{text.pk}": "Parkir sempit"},
    )
    assert client.post(form_url(extra_counter), data).status_code == 302
    answers = {a.question_id: (a.value, a.text) for a in ExtraAnswer.objects.all()}
    assert answers == {scale.pk: (2, ""), choice.pk: (None, "Teman"), text.pk: (None, "Parkir sempit")}
    assert Response.objects.get().u1 == 3


@pytest.mark.parametrize(
    ("which", "value", "message"),
    [
        (0, "5", "Jawaban harus salah satu dari 1, 2, 3 atau 4."),
        (0, None, "Pilih salah satu jawaban."),
        (1, "Radio", "Pilih salah satu dari daftar."),
        (2, "y" * 501, "Teks terlalu panjang: paling banyak 500 karakter"),
        (2, "a\x00b", "Teks ini berisi karakter tak terlihat yang tidak diperbolehkan."),
    ],
)
def test_a_bad_extra_answer_is_refused_and_nothing_is_saved(extra_counter, client, which, value, message):
    scale, choice, text = extra_counter.extras
    key, _html = fresh_key(client, extra_counter)
    answers = {f"extra_{scale.pk}": "2", f"extra_{choice.pk}": "Teman", f"extra_{text.pk}": "Parkir"}
    answers[f"extra_{extra_counter.extras[which].pk}"] = value
    response = client.post(form_url(extra_counter), valid_data(extra_counter, key, **answers))
    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert nothing_saved()


# --- Abuse guards ----------------------------------------------------------------------------------------


def test_a_filled_honeypot_is_thanked_and_nothing_is_saved(counter, client):
    key, html = fresh_key(client, counter)
    assert 'class="hp" aria-hidden="true"' in html and 'tabindex="-1"' in html
    response = client.post(form_url(counter), valid_data(counter, key, website="http://spam.example"))
    assert response.status_code == 200
    assert "Terima kasih" in response.content.decode()
    assert nothing_saved()


def test_the_rate_limit_counts_every_post_from_one_address_in_the_cache(counter, settings, address):
    settings.SURVEY_SUBMIT_LIMIT = 3
    citizen = Client(REMOTE_ADDR=address())
    key, _html = fresh_key(citizen, counter)
    assert (
        citizen.post(form_url(counter), valid_data(counter, key, u1="9")).status_code == 200
    )  # 1: a mistake
    assert citizen.post(form_url(counter), valid_data(counter, key)).status_code == 302  # 2: saved
    key2, _html = fresh_key(citizen, counter)
    assert citizen.post(form_url(counter), valid_data(counter, key2)).status_code == 302  # 3: saved
    key3, _html = fresh_key(citizen, counter)
    refused = citizen.post(form_url(counter), valid_data(counter, key3, suggestion="Tolong perbaiki AC."))
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Terlalu banyak pengiriman dari jaringan Anda" in html
    assert "Tolong perbaiki AC." in html, "what was typed is kept"
    assert Response.objects.count() == 2
    # The form itself still opens, and another address is not affected.
    assert citizen.get(form_url(counter)).status_code == 200
    neighbour = Client(REMOTE_ADDR=address())
    key4, _html = fresh_key(neighbour, counter)
    assert neighbour.post(form_url(counter), valid_data(counter, key4)).status_code == 302
    assert Response.objects.count() == 3


def test_the_rate_limit_does_not_trust_a_forwarded_header(counter, settings, address):
    """X-Forwarded-For is whatever the sender writes: without configured proxies it is ignored."""
    settings.SURVEY_SUBMIT_LIMIT = 1
    citizen = Client(REMOTE_ADDR=address())
    key, _html = fresh_key(citizen, counter)
    assert (
        citizen.post(form_url(counter), valid_data(counter, key), HTTP_X_FORWARDED_FOR="10.0.0.1").status_code
        == 302
    )
    key2, _html = fresh_key(citizen, counter)
    response = citizen.post(form_url(counter), valid_data(counter, key2), HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert response.status_code == 429


def test_when_the_cache_is_down_a_citizen_is_let_through(counter, client, caplog):
    """Redis refusing connections (nothing listens on port 1): the limit cannot count, the submission
    is saved all the same and the failure is logged."""
    dead = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    key, _html = fresh_key(client, counter)
    ratelimit.redis_client.cache_clear()
    try:
        with override_settings(CACHES=dead):
            assert client.post(form_url(counter), valid_data(counter, key)).status_code == 302
    finally:
        ratelimit.redis_client.cache_clear()
    assert Response.objects.count() == 1
    assert "cache unavailable, request let through" in caplog.text


def test_a_double_click_or_back_and_resubmit_saves_once_and_shows_the_same_thank_you(counter, client):
    key, _html = fresh_key(client, counter)
    data = valid_data(counter, key, suggestion="Ruang tunggu panas.")
    first = client.post(form_url(counter), data)
    second = client.post(form_url(counter), data)  # double click
    third = client.post(form_url(counter), dict(data, u1="1"))  # back, change an answer, send again
    assert first.status_code == second.status_code == third.status_code == 302
    assert first["Location"] == second["Location"] == third["Location"]
    assert Response.objects.count() == 1 and FollowUp.objects.count() == 1
    assert Response.objects.get().u1 == 3, "the first submission stands"
    ticket = FollowUp.objects.get().ticket
    assert ticket in client.get(third["Location"]).content.decode()


def test_two_simultaneous_posts_of_one_form_save_once(counter):
    """The second insert of the same key fails on the unique key: its transaction is rolled back whole
    and it returns the first submission (what a race of two workers does, and a double click)."""
    survey = open_survey(counter.code)
    key = uuid.uuid4()
    data = {
        "submission_key": key, "age": 30, "sex": "L", "education": "sma", "occupation": "asn",
        "service": counter.general, "suggestion": "Saran", "token": "",
        **{f"u{i}": "3" for i in range(1, 10)},
    }  # fmt: skip
    first = public_services._write(survey=survey, data=data)  # the first worker got there first
    second = public_services.survey_submit(survey=survey, data=data)
    assert second.duplicate and second.ticket == first.ticket
    assert Response.objects.count() == 1 and FollowUp.objects.count() == 1


# --- One-time tokens --------------------------------------------------------------------------------------


def test_a_token_from_the_counter_ties_the_response_to_it_and_cannot_be_used_again(counter, client):
    token = make_token(counter, "ABCD2345")
    key, html = fresh_key(client, counter, "?t=ABCD2345")
    assert 'name="token" value="ABCD2345"' in html
    assert client.post(form_url(counter), valid_data(counter, key, token="abcd-2345")).status_code == 302
    token.refresh_from_db()
    assert token.used_at is not None and Response.objects.get().token == token

    key2, _html = fresh_key(client, counter, "?t=ABCD2345")
    again = client.post(form_url(counter), valid_data(counter, key2, token="ABCD2345", suggestion="Bagus"))
    assert again.status_code == 200
    html = again.content.decode()
    assert "Kode kunjungan ini sudah dipakai." in html
    assert "Bagus" in html and 'name="token" value="ABCD2345"' in html
    assert Response.objects.count() == 1 and not FollowUp.objects.exists()


def test_a_form_with_a_token_sent_twice_shows_the_same_thank_you(counter, client):
    make_token(counter, "ABCD2345")
    key, _html = fresh_key(client, counter, "?t=ABCD2345")
    data = valid_data(counter, key, token="ABCD2345", suggestion="Saran")
    first = client.post(form_url(counter), data)
    again = client.post(form_url(counter), data)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert Response.objects.count() == 1


def test_another_units_token_is_unknown_here(org, counter, client):
    other = make_service_unit(org.dishub_sorong, "terminal")
    make_token(other, "WXYZ6789")
    key, _html = fresh_key(client, counter)
    response = client.post(form_url(counter), valid_data(counter, key, token="WXYZ6789"))
    assert "Kode kunjungan tidak dikenal untuk unit layanan ini." in response.content.decode()
    assert nothing_saved()
    assert AccessToken.objects.get().used_at is None


# --- One transaction per submission -------------------------------------------------------------------------


def test_a_failure_after_the_response_insert_saves_nothing(extra_counter, monkeypatch):
    """The follow-up's insert fails (its ticket is taken) after the response and its extra answers are
    written and the token is marked used: all of it is rolled back."""
    taken = make_follow_up(make_response(make_period(make_service_unit(extra_counter.unit), state="closed")))
    token = make_token(extra_counter, "QRST2345")
    monkeypatch.setattr(public_services, "new_ticket", lambda: taken.ticket)
    scale, choice, text = extra_counter.extras
    survey = open_survey(extra_counter.code)
    data = {
        "submission_key": uuid.uuid4(), "age": 30, "sex": "L", "education": "sma", "occupation": "asn",
        "service": extra_counter.general, "suggestion": "Saran", "token": "QRST2345",
        f"extra_{scale.pk}": "2", f"extra_{choice.pk}": "Teman", f"extra_{text.pk}": "Parkir",
        **{f"u{i}": "3" for i in range(1, 10)},
    }  # fmt: skip
    with pytest.raises(IntegrityError):
        public_services.survey_submit(survey=survey, data=data)
    assert Response.objects.count() == 1, "only the other unit's response"
    assert FollowUp.objects.count() == 1 and not ExtraAnswer.objects.exists()
    token.refresh_from_db()
    assert token.used_at is None


# --- Friendly pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setup", "status", "message"),
    [
        ("unknown", 404, "Alamat survei ini tidak dikenal."),
        ("inactive", 404, "Alamat survei ini tidak dikenal."),
        ("closed", 410, "tidak sedang mengadakan survei"),
        ("draft", 410, "tidak sedang mengadakan survei"),
        ("none", 410, "tidak sedang mengadakan survei"),
        ("ended", 410, "Periode survei untuk Loket Puskesmas Sorong Kota sudah berakhir."),
        ("not_started", 410, "belum dimulai"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_form_that_cannot_be_filled_gives_a_friendly_page(counter, client, setup, status, message, method):
    code = counter.code
    period = counter.period
    if setup == "unknown":
        code = "tidak-ada"
    elif setup == "inactive":
        counter.is_active = False
        counter.save()
    elif setup in ("closed", "draft"):
        period.state = PeriodState.CLOSED if setup == "closed" else PeriodState.DRAFT
        period.save()
    elif setup == "none":
        period.delete()
    elif setup == "ended":
        period.start, period.end = date(2026, 1, 1), date(2026, 6, 30)
        period.save()
    elif setup == "not_started":
        period.start, period.end = date(2026, 8, 1), date(2026, 12, 31)
        period.save()
    url = reverse("surveys:public_form", args=[code])
    response = getattr(client, method)(
        url, valid_data(counter, str(uuid.uuid4())) if method == "post" else {}
    )
    assert response.status_code == status
    html = response.content.decode()
    assert message in html and 'data-testid="survey-unavailable"' in html
    assert "Traceback" not in html
    assert nothing_saved()


def test_the_last_day_of_a_period_counts_in_the_agencys_time_zone(counter, client, time_machine):
    """Sorong is WIT (UTC+9): 30 June 23:30 WIT is 14:30 UTC, still the period's last day."""
    counter.period.end = date(2026, 6, 30)
    counter.period.save()
    time_machine.move_to("2026-06-30T14:30:00Z", tick=False)
    assert client.get(form_url(counter)).status_code == 200
    time_machine.move_to("2026-06-30T15:30:00Z", tick=False)  # 1 July 00:30 WIT
    assert client.get(form_url(counter)).status_code == 410


def test_an_unknown_thank_you_page_is_a_friendly_404(counter, client):
    response = client.get(reverse("surveys:public_thanks", args=[counter.code, uuid.uuid4()]))
    assert response.status_code == 404 and 'data-testid="survey-unavailable"' in response.content.decode()


# --- Language ---------------------------------------------------------------------------------------------------


def test_the_form_is_indonesian_with_an_english_switch(counter, client):
    _key, html = fresh_key(client, counter)
    assert '<html lang="id">' in html and "Kirim jawaban" in html
    assert 'data-testid="language-switch"' in html and 'value="en"' in html
    switched = client.post(reverse("set_language"), {"language": "en", "next": form_url(counter)})
    assert switched.status_code == 302 and switched["Location"] == form_url(counter)
    english = client.get(form_url(counter)).content.decode()
    assert '<html lang="en">' in english and "Send answers" in english and "Age (years)" in english
    key = re.search(r'name="submission_key" value="([^"]+)"', english)[1]
    errors = client.post(form_url(counter), valid_data(counter, key, u1="5")).content.decode()
    assert "The answer must be one of 1, 2, 3 or 4." in errors


# --- Ticket status -----------------------------------------------------------------------------------------------


@pytest.fixture
def answered(counter):
    response = make_response(
        counter.period, suggestion="Nama saya Budi, HP 0812-3456-7890. AC rusak.", age=61
    )
    return make_follow_up(
        response,
        "K7M3-Q9X2",
        state=FollowUpState.ANSWERED,
        answer="AC diperbaiki 20 Juli 2026.",
    )


def test_the_ticket_status_shows_the_state_and_the_answer_and_nothing_personal(answered, client):
    response = client.get(reverse("surveys:ticket_status", args=["K7M3-Q9X2"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Dijawab" in html and "AC diperbaiki 20 Juli 2026." in html and "Loket Puskesmas Sorong Kota" in html
    )
    assert "Budi" not in html and "0812" not in html and "61" not in html.split("<main")[1]


def test_a_ticket_typed_loosely_is_found_and_an_unknown_one_is_a_friendly_404(answered, client):
    loose = client.get(reverse("surveys:ticket_status", args=["k7m3q9x2"]))
    assert loose.status_code == 302 and loose["Location"] == reverse(
        "surveys:ticket_status", args=["K7M3-Q9X2"]
    )
    lookup = client.get(reverse("surveys:ticket_lookup"), {"kode": " k7m3 q9x2 "})
    assert lookup.status_code == 302 and lookup["Location"] == reverse(
        "surveys:ticket_status", args=["K7M3-Q9X2"]
    )
    unknown = client.get(reverse("surveys:ticket_status", args=["AAAA-BBBB"]))
    assert unknown.status_code == 404 and "Tiket dengan kode ini tidak ditemukan." in unknown.content.decode()
    bad = client.get(reverse("surveys:ticket_lookup"), {"kode": "abc\x00"})
    assert bad.status_code == 200
    assert "Kode tiket terdiri dari delapan huruf dan angka" in bad.content.decode()


def test_ticket_look_ups_are_rate_limited(answered, settings, address):
    settings.SURVEY_LOOKUP_LIMIT = 2
    guesser = Client(REMOTE_ADDR=address())
    for ticket in ("AAAA-BBBB", "AAAA-CCCC"):
        assert guesser.get(reverse("surveys:ticket_status", args=[ticket])).status_code == 404
    refused = guesser.get(reverse("surveys:ticket_status", args=["K7M3-Q9X2"]))
    assert refused.status_code == 429 and "Terlalu banyak pencarian tiket" in refused.content.decode()


# --- Transparency ---------------------------------------------------------------------------------------------------


def test_the_transparency_page_shows_the_latest_closed_ikm_of_every_active_unit_and_nothing_personal(
    org, counter, client
):
    # The counter: an older closed period with its final result, and the open one (latest) with an
    # interim one: the closed period's is published.
    counter.population = 450  # minimum sample 207
    counter.save()
    old = make_period(counter, state=PeriodState.CLOSED, start=date(2025, 1, 1), end=date(2025, 12, 31))
    make_ikm_result(old, konversi="70.10", mutu="C", respondents=150)
    make_ikm_result(counter.period, konversi="80.56", mutu="B", respondents=384)
    make_ikm_result(counter.period, konversi="99.99", mutu="A", respondents=9, service=counter.general)
    make_response(counter.period, suggestion="Nama saya Budi, HP 0812-3456-7890.", age=77)
    # A unit with only a draft period, an inactive unit, a unit of another instansi.
    waiting = make_service_unit(org.dishub_sorong, "terminal", name="Terminal Remu")
    make_period(waiting, state=PeriodState.DRAFT)
    make_service_unit(org.dinkes_sorong, "lama", name="Loket Lama", is_active=False)
    make_ikm_result(make_period(make_service_unit(org.dishub_palembang, "plg", name="Loket Palembang")))

    response = client.get(reverse("surveys:transparency", args=[org.sorong.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Loket Puskesmas Sorong Kota" in html and "70,10" in html and "Kurang Baik" in html
    assert "80,56" not in html and "99,99" not in html, "the latest closed period, for the whole unit"
    assert "di bawah sampel minimum (207)" in html and "Sementara" not in html
    assert "Terminal Remu" in html and "Belum ada hasil." in html
    assert "Loket Lama" not in html and "Loket Palembang" not in html
    assert "Budi" not in html and "0812" not in html
    assert form_url(counter) in html, "an open survey is linked"


def test_a_unit_that_never_closed_a_period_shows_its_interim_ikm_as_such(org, counter, client):
    make_ikm_result(counter.period, konversi="80.56", mutu="B", respondents=384)
    html = client.get(reverse("surveys:transparency", args=[org.sorong.code])).content.decode()
    assert "80,56" in html and "Sementara: periode masih berjalan." in html
    assert "sampel minimum" not in html, "no warning without a known population"


def test_an_open_period_not_yet_computed_has_no_result_yet(org, counter, client):
    html = client.get(reverse("surveys:transparency", args=[org.sorong.code])).content.decode()
    assert "Belum ada hasil." in html


def test_an_unknown_instansi_is_a_friendly_404(client, db):
    response = client.get(reverse("surveys:transparency", args=["tidak-ada"]))
    assert (
        response.status_code == 404 and "Instansi dengan kode ini tidak dikenal." in response.content.decode()
    )


# --- Weight and queries ---------------------------------------------------------------------------------------------

PAGE_BUDGET = 50 * 1024


def page_weight(html: str) -> int:
    """The bytes a phone downloads for the page: the HTML and every stylesheet, script and image it links."""
    total = len(html.encode())
    for asset in re.findall(r'(?:href|src)="/static/([^"]+)"', html):
        path = finders.find(asset)
        assert path, asset
        total += Path(path).stat().st_size
    return total


def test_the_form_page_is_small_and_loads_no_script(extra_counter, client):
    _key, html = fresh_key(client, extra_counter)
    assert "<script" not in html
    assert "bootstrap" not in html, "the staff bundle is not loaded"
    weight = page_weight(html)
    assert weight < PAGE_BUDGET, weight
    # And with every field in error (the largest form a citizen sees).
    errors = client.post(form_url(extra_counter), {"submission_key": str(uuid.uuid4())}).content.decode()
    assert page_weight(errors) < PAGE_BUDGET


def test_the_form_pages_query_count_does_not_grow_with_questions_or_services(
    org, client, django_assert_num_queries
):
    def unit_with(n: int, code: str):
        unit = make_service_unit(org.pkm_sorong, code)
        own = make_questionnaire_with_extras(
            org.sorong, *([QuestionKind.SCALE, QuestionKind.CHOICE, QuestionKind.TEXT] * n)
        )
        make_period(unit, questionnaire=own)
        for i in range(3 * n):
            make_service(unit, f"Layanan {i}")
        return unit

    small, large = unit_with(1, "kecil"), unit_with(20, "besar")
    client.get(form_url(small))  # warm
    with django_assert_num_queries(4):
        assert client.get(form_url(small)).status_code == 200
    with django_assert_num_queries(4):
        assert client.get(form_url(large)).status_code == 200


def test_a_submission_is_a_short_transaction(counter, client, django_assert_max_num_queries):
    key, _html = fresh_key(client, counter)
    with django_assert_max_num_queries(10):
        assert client.post(form_url(counter), valid_data(counter, key, suggestion="Saran")).status_code == 302


def test_a_worker_keeps_the_survey_and_a_closed_period_still_refuses_at_once(
    counter, client, settings, django_assert_num_queries
):
    settings.SURVEY_FORM_CACHE_SECONDS = 60
    key, _html = fresh_key(client, counter)  # read and kept, its blank questions too
    with django_assert_num_queries(0):
        again = client.get(form_url(counter)).content.decode()
    assert "Pemeriksaan gigi" in again and 'name="u9" value="4"' in again, "the kept questions are shown"
    assert key not in again, "with a key of its own"
    # A new service shows once the worker reads the survey again (a new fingerprint, new questions).
    make_service(counter, "Imunisasi")
    forget_open_survey(counter.code)
    assert "Imunisasi" in client.get(form_url(counter)).content.decode()
    counter.period.state = PeriodState.CLOSED
    counter.period.save()
    refused = client.post(form_url(counter), valid_data(counter, key, suggestion="Saran <panjang>"))
    html = refused.content.decode()
    assert refused.status_code == 410 and "tidak sedang mengadakan survei" in html
    # What the citizen wrote is not lost from sight: the suggestion is shown back to copy.
    assert "belum tersimpan" in html and ">Saran &lt;panjang&gt;</textarea>" in html
    assert nothing_saved()
    closed = client.get(form_url(counter))
    assert closed.status_code == 410, "the kept copy was dropped"
    assert "belum tersimpan" not in closed.content.decode(), "a visit that sent nothing is not told so"


def test_the_transparency_page_query_count_does_not_grow_with_units(org, client, django_assert_num_queries):
    def add_units(n: int, prefix: str):
        for i in range(n):
            unit = make_service_unit(org.dinkes_sorong, f"{prefix}-{i}")
            make_ikm_result(make_period(unit))

    add_units(1, "a")
    url = reverse("surveys:transparency", args=[org.sorong.code])
    # the instansi, its units with their periods, the results, the sample table
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200
    add_units(30, "b")
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200


def test_the_option_lists_are_configuration(counter, client, settings):
    settings.SURVEY_OCCUPATION_OPTIONS = [("nelayan", "Nelayan"), ("guru", "Guru honorer")]
    key, html = fresh_key(client, counter)
    assert '<option value="guru">Guru honorer</option>' in html and "Pegawai swasta" not in html
    assert client.post(form_url(counter), valid_data(counter, key, occupation="guru")).status_code == 302
    assert Response.objects.get().occupation == "guru"
    assert settings.SURVEY_SUBMIT_LIMIT >= 1


def test_the_forms_of_one_survey_share_its_fields_and_an_invalid_one_marks_only_its_own(counter, client):
    """surveys/forms/public.py keeps a survey's fields once per process and language: a form with errors
    takes its own copy before marking its fields invalid, so the next citizen's form is clean; a change
    to the questionnaire (a new fingerprint) builds new fields."""
    from surveys.forms import public as public_forms

    key, _html = fresh_key(client, counter)
    bad = client.post(form_url(counter), valid_data(counter, key, age="abc")).content.decode()
    assert 'aria-invalid="true"' in bad
    kept = [fields for (fingerprint, _lang), (fields, _codes) in public_forms._built_fields.items()]
    assert len(kept) == 1 and "aria-invalid" not in kept[0]["age"].widget.attrs
    _key, fresh = fresh_key(client, counter)
    assert "aria-invalid" not in fresh and 'aria-describedby="id_age-error"' not in fresh

    wording = counter.period.questionnaire.unsur.get(code="U1")
    wording.question = "Bagaimana pendapat Saudara tentang persyaratan pelayanan di loket ini?"
    wording.save()
    forget_open_survey(counter.code)  # what the worker keeps of the survey expires (its cache time)
    _key, changed = fresh_key(client, counter)
    assert "persyaratan pelayanan di loket ini" in changed
    assert len(public_forms._built_fields) == 2
    key, _html = fresh_key(client, counter)
    assert client.post(form_url(counter), valid_data(counter, key)).status_code == 302
