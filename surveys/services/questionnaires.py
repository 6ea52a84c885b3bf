"""Writes of questionnaires (HR of the agency): an agency's own questionnaire based on the national
standard, its name and its extra questions.

A version that citizens have answered never changes: `questionnaire_edit` then makes a new version
(version + 1, `previous` = the old one) with a copy of the 9 unsur wordings and the extra questions,
and applies the change to the copy. The periods and responses that used the old version keep it;
periods not opened yet follow the new version. The national standard is read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from core.access import Actor
from core.models import Instansi

from .. import access
from ..choices import PeriodState, QuestionKind
from ..models import ExtraQuestion, Questionnaire, SurveyPeriod, UnsurWording
from ..selectors import questionnaires as selectors

OPTIONS_MAX = 20
OPTION_LENGTH = 100
QUESTIONS_MAX = 30


@dataclass(frozen=True)
class Edit:
    """Where a change went: the version it is in, and whether that version was made for it."""

    questionnaire: Questionnaire
    new_version: bool


def _copy_wording(source: Questionnaire, target: Questionnaire) -> None:
    UnsurWording.objects.bulk_create(
        UnsurWording(
            questionnaire=target,
            code=w.code,
            question=w.question,
            label_1=w.label_1,
            label_2=w.label_2,
            label_3=w.label_3,
            label_4=w.label_4,
        )
        for w in source.unsur.order_by("code")
    )


@transaction.atomic
def questionnaire_create(*, actor: Actor, instansi: Instansi, name: str) -> Questionnaire:
    """The agency's own questionnaire, version 1: the 9 unsur of the national standard (its latest
    version) and no extra question yet."""
    access.require(access.can_create_questionnaire(actor, instansi.pk))
    questionnaire = Questionnaire(instansi=instansi, name=name.strip(), version=1)
    questionnaire.full_clean()
    questionnaire.save()
    _copy_wording(selectors.standard(), questionnaire)
    return questionnaire


def _new_version(old: Questionnaire) -> tuple[Questionnaire, dict[int, ExtraQuestion]]:
    """A copy of `old` as its next version: wording and extra questions (old question id → copy)."""
    new = Questionnaire(instansi_id=old.instansi_id, name=old.name, version=old.version + 1, previous=old)
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError as exc:  # another edit made the next version at the same moment
        raise ValidationError(_stale()) from exc
    _copy_wording(old, new)
    copies = {}
    for question in old.extra_questions.order_by("position", "pk"):
        old_pk = question.pk
        question.pk = None
        question.questionnaire = new
        question.save()
        copies[old_pk] = question
    # Periods not opened yet have no answers: they take the new version, the others keep theirs.
    SurveyPeriod.objects.filter(questionnaire=old, state=PeriodState.DRAFT).update(questionnaire=new)
    return new, copies


def _stale() -> str:
    return _(
        "Kuesioner ini baru saja diubah oleh pengguna lain. Buka versi terbarunya, lalu ulangi perubahan."
    )


@transaction.atomic
def questionnaire_edit(
    *,
    actor: Actor,
    questionnaire: Questionnaire,
    change: Callable[[Questionnaire, Mapping[int, ExtraQuestion]], object],
) -> Edit:
    """Apply `change` to the questionnaire: in place while no citizen has answered it, else to a new
    version made for it. `change` gets the version to change and its extra questions by the id they
    had in `questionnaire` (the copies, in a new version). Only the latest version is changed."""
    access.require(access.can_edit_questionnaire(actor, questionnaire))
    current = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if Questionnaire.objects.filter(previous=current).exists():
        raise ValidationError(
            _("Ini bukan versi terbaru kuesioner. Perubahan hanya dapat dibuat pada versi terbarunya.")
        )
    if selectors.has_responses(current):
        target, questions = _new_version(current)
        change(target, questions)
        return Edit(target, True)
    change(current, {q.pk: q for q in current.extra_questions.all()})
    return Edit(current, False)


def questionnaire_rename(*, actor: Actor, questionnaire: Questionnaire, name: str) -> Edit:
    def rename(target: Questionnaire, _questions: Mapping[int, ExtraQuestion]) -> None:
        target.name = name.strip()
        target.full_clean()
        target.save(update_fields=["name"])

    return questionnaire_edit(actor=actor, questionnaire=questionnaire, change=rename)


# --- Extra questions ---------------------------------------------------------------------------------------
def clean_options(kind: str, options: Sequence[str]) -> list[str]:
    """The options of a choice question: 2 to OPTIONS_MAX distinct, non-empty texts (whitespace
    tidied); other kinds have none."""
    if kind != QuestionKind.CHOICE:
        return []
    cleaned: list[str] = []
    for option in options:
        text = " ".join(str(option).split())
        if not text:
            continue
        if len(text) > OPTION_LENGTH:
            raise ValidationError(
                {
                    "options": _("Setiap pilihan paling banyak %(n)s karakter: %(text)s")
                    % {"n": OPTION_LENGTH, "text": text[:40] + "…"}
                }
            )
        if text.casefold() in {c.casefold() for c in cleaned}:
            raise ValidationError({"options": _("Pilihan %(text)s tertulis dua kali.") % {"text": text}})
        cleaned.append(text)
    if not 2 <= len(cleaned) <= OPTIONS_MAX:
        raise ValidationError(
            {
                "options": _("Pertanyaan pilihan memerlukan 2 sampai %(n)s pilihan, satu per baris.")
                % {"n": OPTIONS_MAX}
            }
        )
    return cleaned


def _fill(question: ExtraQuestion, *, kind: str, text: str, options: Sequence[str], required: bool) -> None:
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Jenis pertanyaan tidak dikenal.")})
    question.kind = kind
    question.text = " ".join(text.split())
    question.options = clean_options(kind, options)
    question.required = required


@transaction.atomic
def question_add(
    *,
    actor: Actor,
    questionnaire: Questionnaire,
    kind: str,
    text: str,
    options: Sequence[str] = (),
    required: bool = False,
    position: int | None = None,
) -> Edit:
    """Add an extra question (by default after the others); it never enters the IKM."""

    def add(target: Questionnaire, _questions: Mapping[int, ExtraQuestion]) -> None:
        if target.extra_questions.count() >= QUESTIONS_MAX:
            raise ValidationError(
                _("Satu kuesioner paling banyak memiliki %(n)s pertanyaan tambahan.") % {"n": QUESTIONS_MAX}
            )
        last = target.extra_questions.aggregate(last=Max("position"))["last"] or 0
        question = ExtraQuestion(questionnaire=target, position=position or last + 1)
        _fill(question, kind=kind, text=text, options=options, required=required)
        question.full_clean()
        question.save()

    return questionnaire_edit(actor=actor, questionnaire=questionnaire, change=add)


@transaction.atomic
def question_update(
    *,
    actor: Actor,
    question: ExtraQuestion,
    kind: str,
    text: str,
    options: Sequence[str] = (),
    required: bool = False,
    position: int | None = None,
) -> Edit:
    """Change an extra question (in a new version of the questionnaire once it has answers)."""
    old_pk = question.pk

    def update(target: Questionnaire, questions: Mapping[int, ExtraQuestion]) -> None:
        found = questions.get(old_pk)
        if found is None:
            raise ValidationError(_stale())
        _fill(found, kind=kind, text=text, options=options, required=required)
        if position is not None:
            found.position = position
        found.full_clean()
        found.save()

    return questionnaire_edit(actor=actor, questionnaire=question.questionnaire, change=update)


@transaction.atomic
def question_remove(*, actor: Actor, question: ExtraQuestion) -> Edit:
    """Remove an extra question; in a questionnaire with answers it is left out of a new version
    and the old version keeps it with its answers."""
    old_pk = question.pk

    def remove(target: Questionnaire, questions: Mapping[int, ExtraQuestion]) -> None:
        found = questions.get(old_pk)
        if found is None:
            raise ValidationError(_stale())
        try:
            with transaction.atomic():
                found.delete()
        except ProtectedError as exc:  # answered between the check and the delete
            raise ValidationError(_stale()) from exc

    return questionnaire_edit(actor=actor, questionnaire=question.questionnaire, change=remove)
