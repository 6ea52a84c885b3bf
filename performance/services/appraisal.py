"""Writes of the dialog kinerja, the appraisal (rating, predikat, finalising, reopening by HR) and
the coaching plan that a weak predikat opens."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import Actor
from core.audit import stamp
from notifications.texts import Message

from .. import access, rules
from ..choices import AppraisalState, BehaviourValue, CoachingState, Predikat, Rating, SkpState
from ..models import (
    Appraisal,
    AppraisalReopening,
    BehaviourRating,
    CoachingPlan,
    Feedback,
    Iki,
    Period,
    Skp,
)
from ..selectors.realisation import period_basis
from .notify import notify_employees, period_label

COACHING_PREDIKAT = frozenset({Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG})
FEEDBACK_MAX_LENGTH = 4000


def _lock_skp(skp: Skp) -> Skp:
    return (
        Skp.objects.select_for_update(of=("self",))
        .select_related("employee__unit", "appraiser", "year__instansi")
        .get(pk=skp.pk)
    )


def _check_period(skp: Skp, period: Period) -> None:
    if period.year_id != skp.year_id:
        raise ValidationError(_("Periode ini bukan periode evaluasi SKP tersebut."))


def _check_period_ended(skp: Skp, period: Period) -> None:
    """A period is rated once its last day has come in the agency's zone (the annual evaluation:
    once the year's last period has)."""
    today = timezone.localdate(timezone=ZoneInfo(skp.year.instansi.time_zone))
    if today < period.end:
        raise ValidationError(
            _("Periode %(period)s belum berakhir; penilaian dapat diberikan mulai %(day)s.")
            % {"period": period.label, "day": date_format(period.end, "j F Y")}
        )


# --- Dialog kinerja --------------------------------------------------------------------------------
@transaction.atomic
def feedback_post(
    *, actor: Actor, skp: Skp, period: Period, text: str, iki: Iki | None = None, behaviour: str = ""
) -> Feedback:
    """A message of the employee or the atasan langsung on one topic (an IKI, a BerAKHLAK value, or
    in general) of a period; the other party is notified."""
    skp = _lock_skp(skp)
    access.require(access.can_discuss_skp(actor, skp))
    _check_period(skp, period)
    if skp.state == SkpState.SUPERSEDED:
        raise ValidationError(_("SKP ini sudah digantikan revisi; lanjutkan dialog pada versi terbarunya."))
    if iki is not None and behaviour:
        raise ValidationError(_("Pilih satu topik: indikator atau perilaku kerja."))
    if iki is not None and not Iki.objects.filter(pk=iki.pk, rhk__skp=skp).exists():
        raise ValidationError(_("Indikator ini bukan bagian dari SKP tersebut."))
    if behaviour and behaviour not in BehaviourValue.values:
        raise ValidationError(_("Nilai perilaku kerja tidak dikenal."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Tulis pesan terlebih dahulu.")})
    if len(text) > FEEDBACK_MAX_LENGTH:
        raise ValidationError(
            {"text": _("Pesan terlalu panjang (paling banyak %(n)s karakter).") % {"n": FEEDBACK_MAX_LENGTH}}
        )
    message = Feedback(
        skp=skp,
        period=period,
        iki=iki,
        behaviour=behaviour,
        author_id=actor.user_id,
        author_employee_id=actor.employee_id,
        text=text,
    )
    message.full_clean(exclude=["skp", "period", "iki", "author", "author_employee"])
    message.save()
    other = skp.appraiser if access.is_skp_owner(actor, skp) else skp.employee
    about: Any
    if iki is not None:
        about = iki.indicator
    elif behaviour:
        about = BehaviourValue(behaviour).label
    else:
        about = gettext_lazy("umum")
    notify_employees(
        [other],
        kind="skp_feedback",
        title=Message(
            gettext_lazy("Pesan baru dalam dialog kinerja %(period)s: %(about)s"),
            {"period": period_label(period), "about": about},
        ),
        body=text[:300],
        key=f"feedback:{message.pk}",
        url=message.get_absolute_url(),
    )
    return message


# --- Appraisal -------------------------------------------------------------------------------------
def _final_refusal() -> ValidationError:
    return ValidationError(
        _("Penilaian ini sudah final. Minta petugas kepegawaian membukanya kembali bila perlu diubah.")
    )


@transaction.atomic
def appraisal_save(
    *,
    actor: Actor,
    skp: Skp,
    period: Period,
    rating_hasil: str = "",
    override_reason: str = "",
    rating_perilaku: str = "",
    behaviour_ratings: Mapping[str, str] | None = None,
    behaviour_notes: Mapping[str, str] | None = None,
    note: str = "",
    finalise: bool = False,
) -> Appraisal:
    """The atasan langsung rates a period (draft) or finalises the rating: the predikat follows the
    matrix, the employee is notified, and a weak predikat opens a coaching plan for the head."""
    skp = _lock_skp(skp)
    access.require(access.can_appraise(actor, skp))
    access.require_current_atasan(actor, skp)
    _check_period(skp, period)
    _check_period_ended(skp, period)
    if skp.state != SkpState.APPROVED:
        raise ValidationError(_("Hanya SKP yang sudah disetujui yang dapat dinilai."))
    behaviour_ratings = {k: v for k, v in (behaviour_ratings or {}).items() if v}
    behaviour_notes = behaviour_notes or {}
    unknown = (set(behaviour_ratings) | set(behaviour_notes)) - set(BehaviourValue.values)
    if unknown:
        raise ValidationError(_("Nilai perilaku kerja tidak dikenal."))
    for name, value in (("rating_hasil", rating_hasil), ("rating_perilaku", rating_perilaku)):
        if value and value not in Rating.values:
            raise ValidationError({name: _("Pilih salah satu rating.")})
    if any(v not in Rating.values for v in behaviour_ratings.values()):
        raise ValidationError(_("Pilih salah satu rating untuk setiap perilaku kerja."))

    appraisal = (
        Appraisal.objects.select_for_update().filter(employee_id=skp.employee_id, period=period).first()
    )
    if appraisal is not None and appraisal.state == AppraisalState.FINAL:
        raise _final_refusal()
    basis = period_basis(skp, period)
    errors: dict[str, list[str]] = {}
    override_reason = override_reason.strip()
    differs = bool(rating_hasil) and basis.suggested is not None and rating_hasil != basis.suggested
    if differs and not override_reason:
        errors["override_reason"] = [
            _("Rating hasil kerja berbeda dari saran sistem (%(suggested)s): tuliskan alasannya.")
            % {"suggested": basis.suggested_label}
        ]
    if finalise:
        if not rating_hasil:
            errors.setdefault("rating_hasil", []).append(_("Pilih rating hasil kerja."))
        if not rating_perilaku:
            errors.setdefault("rating_perilaku", []).append(_("Pilih rating perilaku kerja."))
        missing = [str(label) for value, label in BehaviourValue.choices if value not in behaviour_ratings]
        if missing:
            errors.setdefault("__all__", []).append(
                _("Beri rating setiap perilaku kerja sebelum memfinalkan: %(values)s.")
                % {"values": ", ".join(missing)}
            )
    if errors:
        raise ValidationError(errors)

    if appraisal is None:
        appraisal = Appraisal(employee_id=skp.employee_id, period=period)
    appraisal.skp = skp
    # The kepala daerah rates the Sekda (no employee record): HR's entry names no appraiser, and the
    # history row (stamp) keeps who recorded it.
    appraisal.appraiser_id = None if skp.kepala_daerah_appraises else actor.employee_id
    appraisal.indeks = basis.indeks
    appraisal.suggested_hasil = basis.suggested or ""
    appraisal.rating_hasil = rating_hasil
    appraisal.override_reason = override_reason if differs else ""
    appraisal.rating_perilaku = rating_perilaku
    appraisal.note = note.strip()
    reopened = appraisal.state == AppraisalState.REOPENED
    if finalise:
        appraisal.state = AppraisalState.FINAL
        appraisal.predikat = rules.predikat(rating_hasil, rating_perilaku)
        appraisal.finalised_at = timezone.now()
    # The indeks is stored as computed (the column keeps 12 decimals); it is not user input.
    appraisal.full_clean(exclude=["employee", "period", "skp", "appraiser", "indeks"], validate_unique=False)
    stamp(appraisal, actor)
    appraisal.save()
    _save_behaviour_ratings(appraisal, behaviour_ratings, behaviour_notes)
    if finalise:
        _after_finalise(appraisal, skp, period, reopened=reopened)
    return appraisal


def _save_behaviour_ratings(
    appraisal: Appraisal, ratings: Mapping[str, str], notes: Mapping[str, str]
) -> None:
    existing = {r.value: r for r in appraisal.behaviour_ratings.all()}
    fresh, changed = [], []
    for value in BehaviourValue.values:
        rating = ratings.get(value, "")
        row = existing.get(value)
        if not rating:
            if row is not None:
                row.delete()
            continue
        if row is None:
            fresh.append(
                BehaviourRating(
                    appraisal=appraisal, value=value, rating=rating, note=notes.get(value, "").strip()
                )
            )
        else:
            row.rating, row.note = rating, notes.get(value, "").strip()
            changed.append(row)
    BehaviourRating.objects.bulk_create(fresh)
    BehaviourRating.objects.bulk_update(changed, ["rating", "note"])


def _after_finalise(appraisal: Appraisal, skp: Skp, period: Period, *, reopened: bool) -> None:
    rounds = appraisal.reopenings.count()
    notify_employees(
        [skp.employee],
        kind="appraisal_final",
        title=_("Penilaian kinerja %(period)s Anda sudah final: %(predikat)s")
        % {"period": period.label, "predikat": appraisal.get_predikat_display()},
        key=f"appraisal:{appraisal.pk}:final:{rounds}",
        url=appraisal.get_absolute_url(),
    )
    if appraisal.predikat not in COACHING_PREDIKAT or appraisal.appraiser_id is None:
        # (No appraiser: the kepala daerah rated the Sekda; their coaching happens outside the app.)
        # Re-rated after a reopening: a plan nobody has started filling no longer applies; one the
        # head has filled stays as the record of the coaching given.
        CoachingPlan.objects.filter(
            appraisal=appraisal, state=CoachingState.OPEN, problem="", actions=""
        ).delete()
        return
    plan, created = CoachingPlan.objects.get_or_create(
        appraisal=appraisal,
        defaults={"employee_id": appraisal.employee_id, "head_id": appraisal.appraiser_id},
    )
    if not created and plan.state == CoachingState.DONE:
        plan.state = CoachingState.FILLED  # weak again after a reopening: the coaching goes on
        plan.save(update_fields=["state", "updated_at"])
    if created or rounds:
        notify_employees(
            [skp.appraiser],
            kind="coaching_open",
            title=_("Isi rencana pembinaan untuk %(name)s (%(predikat)s, %(period)s)")
            % {
                "name": skp.employee.name,
                "predikat": appraisal.get_predikat_display(),
                "period": period.label,
            },
            key=f"coaching:{plan.pk}:open" + (f":{rounds}" if rounds else ""),
            url=plan.get_absolute_url(),
        )


@transaction.atomic
def appraisal_reopen(*, actor: Actor, appraisal: Appraisal, reason: str) -> AppraisalReopening:
    """HR reopens a final appraisal with a reason (audited); the appraiser may rate it again."""
    appraisal = (
        Appraisal.objects.select_for_update(of=("self",))
        .select_related("employee__unit", "appraiser", "period", "skp")
        .get(pk=appraisal.pk)
    )
    access.require(access.can_reopen_appraisal(actor, appraisal))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan membuka kembali penilaian ini.")})
    if appraisal.state != AppraisalState.FINAL:
        raise ValidationError(_("Hanya penilaian yang sudah final yang dapat dibuka kembali."))
    reopening = AppraisalReopening.objects.create(
        appraisal=appraisal, reason=reason, previous_predikat=appraisal.predikat, by_id=actor.user_id
    )
    appraisal.state = AppraisalState.REOPENED
    appraisal.predikat = ""
    appraisal.finalised_at = None
    stamp(appraisal, actor)
    appraisal.save(update_fields=["state", "predikat", "finalised_at"])
    notify_employees(
        [appraisal.appraiser, appraisal.employee],
        kind="appraisal_reopened",
        title=_("Penilaian kinerja %(name)s periode %(period)s dibuka kembali oleh petugas kepegawaian")
        % {"name": appraisal.employee.name, "period": appraisal.period.label},
        body=reason[:300],
        key=f"appraisal:{appraisal.pk}:reopened:{reopening.pk}",
        url=appraisal.get_absolute_url(),
    )
    return reopening


# --- Coaching plan ---------------------------------------------------------------------------------
@transaction.atomic
def coaching_save(
    *,
    actor: Actor,
    plan: CoachingPlan,
    problem: str,
    actions: str,
    training_need: str = "",
    due_date: date | None = None,
) -> CoachingPlan:
    """The head writes the plan (problem, actions, a training need, the target date): open -> filled."""
    plan = (
        CoachingPlan.objects.select_for_update(of=("self",))
        .select_related("employee", "appraisal__period")
        .get(pk=plan.pk)
    )
    access.require(access.can_fill_coaching(actor, plan))
    if plan.state == CoachingState.DONE:
        raise ValidationError(_("Rencana pembinaan ini sudah selesai dan tidak dapat diubah."))
    errors = {}
    if not problem.strip():
        errors["problem"] = [_("Uraikan permasalahan kinerjanya.")]
    if not actions.strip():
        errors["actions"] = [_("Tuliskan langkah pembinaan yang akan dilakukan.")]
    if due_date is None:
        errors["due_date"] = [_("Tentukan target selesai.")]
    if errors:
        raise ValidationError(errors)
    first_fill = plan.state == CoachingState.OPEN
    plan.problem, plan.actions = problem.strip(), actions.strip()
    plan.training_need, plan.due_date = training_need.strip(), due_date
    plan.state = CoachingState.FILLED
    plan.full_clean(exclude=["appraisal", "employee", "head"])
    stamp(plan, actor)
    plan.save()
    if first_fill:
        notify_employees(
            [plan.employee],
            kind="coaching_filled",
            title=_("Rencana pembinaan kinerja Anda (%(period)s) sudah disusun atasan")
            % {"period": plan.appraisal.period.label},
            key=f"coaching:{plan.pk}:filled",
            url=plan.get_absolute_url(),
        )
    return plan


@transaction.atomic
def coaching_done(*, actor: Actor, plan: CoachingPlan) -> CoachingPlan:
    """The head marks a filled plan as carried out."""
    plan = CoachingPlan.objects.select_for_update().get(pk=plan.pk)
    access.require(access.can_fill_coaching(actor, plan))
    if plan.state != CoachingState.FILLED:
        raise ValidationError(_("Isi rencana pembinaan terlebih dahulu sebelum menandainya selesai."))
    plan.state = CoachingState.DONE
    stamp(plan, actor)
    plan.save(update_fields=["state", "updated_at"])
    return plan
