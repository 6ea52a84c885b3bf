"""Questionnaires: an agency's own based on the standard, its extra questions, and versioning — a
version citizens have answered never changes; a change makes the next version."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.access import actor_for
from surveys.choices import PeriodState, QuestionKind
from surveys.models import ExtraAnswer, ExtraQuestion, Questionnaire, UnsurWording
from surveys.services import questionnaires as services

from .factories import (
    make_period,
    make_questionnaire,
    make_response,
    make_service_unit,
    standard_questionnaire,
)


@pytest.fixture
def hr(org):
    return actor_for(org.users["hr_sorong"])


@pytest.fixture
def own(org):
    """Sorong's questionnaire (v1, one required scale question)."""
    return make_questionnaire(org.sorong, "Kuesioner Kota Sorong")


def answered(org, questionnaire):
    """A period of a Sorong unit that uses the questionnaire, with one response answering its
    extra question."""
    unit = make_service_unit(org.pkm_sorong, "pkm-sorong-kota")
    period = make_period(unit, state=PeriodState.OPEN, questionnaire=questionnaire)
    response = make_response(period)
    for question in questionnaire.extra_questions.all():
        ExtraAnswer.objects.create(response=response, question=question, value=3)
    return period


def wording(questionnaire):
    return list(questionnaire.unsur.order_by("code").values_list("code", "question", "label_1", "label_4"))


def test_a_new_questionnaire_copies_the_nine_unsur_of_the_standard(org, hr):
    questionnaire = services.questionnaire_create(actor=hr, instansi=org.sorong, name=" Kuesioner SKM 2026 ")
    assert (questionnaire.name, questionnaire.version, questionnaire.previous) == (
        "Kuesioner SKM 2026",
        1,
        None,
    )
    assert wording(questionnaire) == wording(standard_questionnaire())
    assert [w[0] for w in wording(questionnaire)] == [f"U{i}" for i in range(1, 10)]
    assert not questionnaire.extra_questions.exists()


@pytest.mark.parametrize("persona", ["head_dinkes_sorong", "hr_palembang"])
def test_only_the_agencys_hr_makes_its_questionnaire(org, persona):
    with pytest.raises(PermissionDenied):
        services.questionnaire_create(actor=actor_for(org.users[persona]), instansi=org.sorong, name="X")


def test_the_national_standard_is_read_only(org, hr):
    with pytest.raises(PermissionDenied):
        services.question_add(actor=hr, questionnaire=standard_questionnaire(), kind="text", text="Saran?")
    with pytest.raises(PermissionDenied):
        services.questionnaire_rename(
            actor=actor_for(org.users["superuser"]), questionnaire=standard_questionnaire(), name="X"
        )


def test_without_answers_a_change_stays_in_the_same_version(org, hr, own):
    edit = services.question_add(
        actor=hr, questionnaire=own, kind=QuestionKind.CHOICE, text="Dari mana Anda tahu?",
        options=["Teman", " Media  sosial ", ""], required=True,
    )  # fmt: skip
    assert edit == services.Edit(own, False)
    added = own.extra_questions.get(kind=QuestionKind.CHOICE)
    assert (added.position, added.options, added.required) == (2, ["Teman", "Media sosial"], True)
    assert Questionnaire.objects.filter(instansi=org.sorong).count() == 1


def test_with_answers_a_change_makes_the_next_version_and_the_old_one_keeps_its_questions(org, hr, own):
    period = answered(org, own)
    draft = make_period(period.service_unit, start=period.end.replace(year=2027, month=1, day=1),
                        end=period.end.replace(year=2027), questionnaire=own)  # fmt: skip
    old_question = own.extra_questions.get()

    edit = services.question_add(actor=hr, questionnaire=own, kind=QuestionKind.TEXT, text="Saran lain?")

    new = edit.questionnaire
    assert edit.new_version and new.pk != own.pk
    assert (new.version, new.previous_id, new.instansi_id, new.name) == (2, own.pk, org.sorong.pk, own.name)
    assert wording(new) == wording(own)
    assert [(q.text, q.kind) for q in new.extra_questions.order_by("position")] == [
        (old_question.text, old_question.kind),
        ("Saran lain?", QuestionKind.TEXT),
    ]
    # The old version is untouched, and so are its period and answers.
    assert list(own.extra_questions.all()) == [old_question]
    period.refresh_from_db()
    assert period.questionnaire_id == own.pk
    assert ExtraAnswer.objects.get().question_id == old_question.pk
    # A period not opened yet has no answers: it follows the new version.
    draft.refresh_from_db()
    assert draft.questionnaire_id == new.pk


def test_changing_or_removing_an_answered_question_leaves_the_old_version_as_it_was(org, hr, own):
    answered(org, own)
    old_question = own.extra_questions.get()
    edit = services.question_update(
        actor=hr, question=old_question, kind=QuestionKind.SCALE, text="Bagaimana kebersihan toilet?",
        required=False,
    )  # fmt: skip
    v2 = edit.questionnaire
    assert edit.new_version and v2.version == 2
    assert v2.extra_questions.get().text == "Bagaimana kebersihan toilet?"
    old_question.refresh_from_db()
    assert (old_question.text, old_question.required) == ("Bagaimana kebersihan ruang tunggu?", True)

    # v2 has no answers: removing its question changes it in place.
    edit = services.question_remove(actor=hr, question=v2.extra_questions.get())
    assert edit == services.Edit(v2, False)
    assert not v2.extra_questions.exists()
    assert ExtraQuestion.objects.filter(pk=old_question.pk).exists()


def test_removing_an_answered_question_makes_a_version_without_it(org, hr, own):
    answered(org, own)
    question = own.extra_questions.get()
    edit = services.question_remove(actor=hr, question=question)
    assert edit.new_version
    assert not edit.questionnaire.extra_questions.exists()
    assert own.extra_questions.get() == question and question.answers.count() == 1


def test_only_the_latest_version_changes(org, hr, own):
    answered(org, own)
    services.questionnaire_rename(actor=hr, questionnaire=own, name="Kuesioner Sorong v2")
    with pytest.raises(ValidationError, match="bukan versi terbaru"):
        services.questionnaire_rename(actor=hr, questionnaire=own, name="Lagi")
    assert Questionnaire.objects.filter(instansi=org.sorong).count() == 2


def test_a_refused_change_of_an_answered_version_leaves_no_new_version(org, hr, own):
    """The new version and its copies are written in the same transaction as the change: a change
    that fails takes them back."""
    answered(org, own)
    before = (Questionnaire.objects.count(), UnsurWording.objects.count(), ExtraQuestion.objects.count())
    with pytest.raises(ValidationError, match="2 sampai 20 pilihan"):
        services.question_add(
            actor=hr, questionnaire=own, kind=QuestionKind.CHOICE, text="?", options=["Satu"]
        )
    assert (
        Questionnaire.objects.count(),
        UnsurWording.objects.count(),
        ExtraQuestion.objects.count(),
    ) == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["Ya"], "2 sampai 20 pilihan"),
        (["Ya", "ya "], "tertulis dua kali"),
        ([f"Pilihan {i}" for i in range(21)], "2 sampai 20 pilihan"),
        (["Ya", "x" * 101], "paling banyak 100 karakter"),
    ],
)
def test_the_options_of_a_choice_question_are_checked(org, hr, own, options, message):
    with pytest.raises(ValidationError, match=message):
        services.question_add(
            actor=hr, questionnaire=own, kind=QuestionKind.CHOICE, text="?", options=options
        )


def test_a_scale_or_text_question_keeps_no_options(org, hr, own):
    services.question_add(
        actor=hr, questionnaire=own, kind=QuestionKind.TEXT, text="Saran?", options=["a", "b"]
    )
    assert own.extra_questions.get(kind=QuestionKind.TEXT).options == []


# --- Pages ------------------------------------------------------------------------------------------------------
def test_an_edit_that_makes_a_version_says_so_and_opens_it(org, as_persona, own):
    answered(org, own)
    response = as_persona("hr_sorong").post(
        reverse("surveys:question_add", args=[own.pk]),
        {"kind": "scale", "text": "Bagaimana keamanan parkir?", "required": "on"},
        follow=True,
    )
    new = Questionnaire.objects.get(previous=own)
    assert response.redirect_chain[-1][0] == reverse("surveys:questionnaire", args=[new.pk])
    html = response.content.decode()
    assert "disimpan sebagai versi baru (v2)" in html
    assert "Bagaimana keamanan parkir?" in html
    # The old version's page points to the new one and offers no edit.
    old = as_persona("hr_sorong").get(reverse("surveys:questionnaire", args=[own.pk]))
    assert not old.context["can_edit"] and old.context["latest"].pk == new.pk
    assert [v.version for v in old.context["versions"]] == [2, 1]


def test_the_standard_page_offers_no_edit(org, as_persona):
    page = as_persona("hr_sorong").get(reverse("surveys:questionnaire", args=[standard_questionnaire().pk]))
    assert page.status_code == 200 and not page.context["can_edit"]
    assert len(page.context["wording"]) == 9


def test_the_list_shows_the_standard_first_and_latest_versions_only(org, as_persona, hr, own):
    answered(org, own)
    services.questionnaire_rename(actor=hr, questionnaire=own, name="Kuesioner Sorong (revisi)")
    make_questionnaire(org.palembang, "Kuesioner Palembang")
    rows = list(as_persona("hr_sorong").get(reverse("surveys:questionnaires")).context["page"])
    assert [(q.instansi_id, q.name, q.version) for q in rows] == [
        (None, standard_questionnaire().name, 1),
        (org.sorong.pk, "Kuesioner Sorong (revisi)", 2),
    ]


def test_the_list_keeps_a_constant_query_count(org, as_persona):
    client = as_persona("superuser")
    url = reverse("surveys:questionnaires") + "?size=100"
    make_questionnaire(org.sorong, "Q 000")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(1, 200):
        make_questionnaire(org.sorong if i % 2 else org.palembang, f"Q {i:03d}")
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.context["page"].paginator.count == 201  # and the standard
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize(("persona", "agency"), [("hr_sorong", "Kota Sorong"), ("hr_palembang", "Palembang")])
def test_the_create_page_gives_an_example_with_the_readers_own_agency_and_names_the_new_one_once(
    org, as_persona, persona, agency
):
    client = as_persona(persona)
    page = client.get(reverse("surveys:questionnaire_create")).content.decode()
    assert f"Mis. Kuesioner SKM {getattr(org, agency.split()[-1].lower()).name}" in page
    if persona == "hr_palembang":
        assert "Sorong" not in page
    response = client.post(
        reverse("surveys:questionnaire_create"), {"name": "Kuesioner SKM 2027"}, follow=True
    )
    text = response.content.decode()
    assert "“Kuesioner SKM 2027” dibuat dari kuesioner standar" in text
    assert "Kuesioner Kuesioner" not in text
