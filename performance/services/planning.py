"""Writes of the SKP: drafting RHK/IKI, the superior's expectations, copying RHK down, and the
workflow draft → submitted → approved / returned, with revisions as new versions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import Actor
from employees.models import Employee
from employees.selectors.records import atasan_langsung
from employees.selectors.superiors import is_sekda, kepala_daerah
from notifications.texts import Message

from .. import access, rules
from ..choices import AppraisalState, BehaviourValue, SkpAction, SkpState
from ..models import (
    NUMBER_MAX,
    WEIGHT_MAX,
    BehaviourExpectation,
    Iki,
    PerformanceYear,
    Realisation,
    Rhk,
    Skp,
    SkpTransition,
)
from ..rules import InvalidTransition, next_state
from ..selectors.planning import direct_subordinates, submission_problems
from .notify import notify_employees, notify_hr_officers

IKI_FIELDS = ("indicator", "target", "target_text", "unit", "direction", "weight", "order")


def _lock(skp: Skp) -> Skp:
    """The SKP row, locked for the rest of the transaction (no two decisions at once)."""
    return (
        Skp.objects.select_for_update(of=("self",))
        .select_related("employee__unit", "appraiser", "year")
        .get(pk=skp.pk)
    )


def _move(skp: Skp, action: str, *, actor: Actor, comment: str = "") -> SkpTransition:
    try:
        to_state = next_state(skp.state, action)
    except InvalidTransition as exc:
        raise ValidationError(str(exc)) from exc
    if skp.kepala_daerah_appraises and action in (SkpAction.APPROVE, SkpAction.RETURN):
        # HR records the kepala daerah's decision: the history says on whose behalf.
        official = kepala_daerah(skp.employee.unit.instansi_id)
        on_behalf = _("Dicatat atas nama %(title)s") % {
            "title": official.title if official else _("kepala daerah")
        }
        comment = f"{on_behalf}: {comment}" if comment else f"{on_behalf}."
    transition = SkpTransition.objects.create(
        skp=skp,
        action=action,
        from_state=skp.state,
        to_state=to_state,
        actor_id=actor.user_id,
        comment=comment,
    )
    skp.state = to_state
    return transition


def _behaviour_rows(skp: Skp, expectations: dict[str, str] | None = None) -> list[BehaviourExpectation]:
    expectations = expectations or {}
    return [
        BehaviourExpectation(skp=skp, value=v, expectation=expectations.get(v, ""))
        for v in BehaviourValue.values
    ]


def count_ikis(skp_ids: Any) -> int:
    """Store each SKP's number of IKI (Skp.iki_count) in one UPDATE; returns the rows updated."""
    count = (
        Iki.objects.filter(rhk__skp=OuterRef("pk"))
        .order_by()
        .values("rhk__skp")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Skp.objects.filter(pk__in=skp_ids).update(
        iki_count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0))
    )


@transaction.atomic
def skp_create(*, actor: Actor, year: PerformanceYear) -> Skp:
    """Start the actor's own SKP for a year, with the seven BerAKHLAK values to fill."""
    access.require(access.can_draft_skp(actor))
    assert actor.employee_id is not None  # can_draft_skp: the actor has an employee record
    employee = Employee.objects.select_related("unit").get(pk=actor.employee_id)
    if year.instansi_id != employee.unit.instansi_id:
        raise ValidationError(_("Tahun kinerja ini bukan milik instansi Anda."))
    if Skp.objects.filter(employee=employee, year=year).exists():
        raise ValidationError(_("SKP tahun %(year)s sudah ada.") % {"year": year.year})
    skp = Skp.objects.create(employee=employee, year=year, appraiser=atasan_langsung(employee))
    BehaviourExpectation.objects.bulk_create(_behaviour_rows(skp))
    return skp


def _check_parent(skp: Skp, parent: Rhk | None) -> None:
    if parent is None:
        return
    owner = parent.skp
    if (
        owner.employee_id != skp.appraiser_id
        or owner.year_id != skp.year_id
        or owner.state == SkpState.SUPERSEDED
    ):
        raise ValidationError(
            {"parent": _("RHK atasan harus berasal dari SKP atasan langsung pada tahun yang sama.")}
        )


@transaction.atomic
def rhk_save(
    *,
    actor: Actor,
    skp: Skp,
    text: str,
    parent: Rhk | None = None,
    order: int | None = None,
    rhk: Rhk | None = None,
) -> Rhk:
    """Add or change an RHK: the employee, while the SKP is a draft or was returned. The superior
    shapes the plan through the expectations, a return with comments and copying RHK down; they
    never change what the employee submitted."""
    skp = _lock(skp)
    access.require(access.can_edit_skp(actor, skp))
    _check_parent(skp, parent)
    if rhk is None:
        rhk = Rhk(skp=skp)
        if order is None:
            order = (skp.rhks.aggregate(m=Max("order"))["m"] or 0) + 1
    elif rhk.skp_id != skp.pk:
        raise ValidationError(_("RHK ini bukan bagian dari SKP tersebut."))
    rhk.text = text
    rhk.parent = parent
    if order is not None:
        rhk.order = order
    rhk.full_clean()
    rhk.save()
    return rhk


@transaction.atomic
def rhk_delete(*, actor: Actor, rhk: Rhk) -> None:
    skp = _lock(rhk.skp)
    access.require(access.can_edit_skp(actor, skp))
    rhk.delete()


@transaction.atomic
def iki_save(*, actor: Actor, rhk: Rhk, data: dict[str, Any], iki: Iki | None = None) -> Iki:
    """Add or change an IKI (indicator, target, unit, direction, weight)."""
    skp = _lock(rhk.skp)
    access.require(access.can_edit_skp(actor, skp))
    if iki is None:
        iki = Iki(rhk=rhk, order=(rhk.ikis.aggregate(m=Max("order"))["m"] or 0) + 1)
    elif iki.rhk_id != rhk.pk:
        raise ValidationError(_("IKI ini bukan bagian dari RHK tersebut."))
    for name in IKI_FIELDS:
        if name in data and data[name] is not None:
            setattr(iki, name, data[name])
    if "target" in data:
        iki.target = data["target"]
    if iki.target is not None and Decimal(iki.target) <= 0:
        raise ValidationError(
            {"target": _("Target angka harus lebih dari nol; kosongkan untuk target kualitatif.")}
        )
    if iki.target is not None and Decimal(iki.target) > NUMBER_MAX:
        raise ValidationError(
            {
                "target": _("Angka terlalu besar: paling banyak {limit}.").format(
                    limit=rules.grouped_display(NUMBER_MAX)
                )
            }
        )
    if iki.target is None and not iki.target_text:
        raise ValidationError({"target_text": _("Isi target angka atau uraian target kualitatif.")})
    if iki.weight is not None and Decimal(iki.weight) <= 0:
        raise ValidationError({"weight": _("Bobot harus lebih dari nol.")})
    if iki.weight is not None and Decimal(iki.weight) > WEIGHT_MAX:
        raise ValidationError(
            {"weight": _("Bobot paling besar {limit}.").format(limit=rules.grouped_display(WEIGHT_MAX))}
        )
    iki.full_clean()
    iki.save()
    return iki


@transaction.atomic
def iki_delete(*, actor: Actor, iki: Iki) -> None:
    skp = _lock(iki.rhk.skp)
    access.require(access.can_edit_skp(actor, skp))
    iki.delete()


@transaction.atomic
def expectations_save(*, actor: Actor, skp: Skp, expectations: dict[str, str]) -> None:
    """The superior's expectations for each BerAKHLAK value."""
    skp = _lock(skp)
    access.require(access.can_set_expectations(actor, skp))
    unknown = set(expectations) - set(BehaviourValue.values)
    if unknown:
        raise ValidationError(
            _("Nilai perilaku tidak dikenal: %(values)s") % {"values": ", ".join(sorted(unknown))}
        )
    rows = {b.value: b for b in skp.behaviours.all()}
    missing = [BehaviourExpectation(skp=skp, value=v) for v in BehaviourValue.values if v not in rows]
    BehaviourExpectation.objects.bulk_create(missing)
    rows.update({b.value: b for b in missing})
    for value, text in expectations.items():
        rows[value].expectation = text.strip()
    BehaviourExpectation.objects.bulk_update(list(rows.values()), ["expectation"])


@transaction.atomic
def skp_submit(*, actor: Actor, skp: Skp) -> Skp:
    """The employee submits (or resubmits) the draft to the atasan langsung."""
    skp = _lock(skp)
    access.require(access.is_skp_owner(actor, skp))
    # An appraiser HR named stays; otherwise the tree's atasan langsung as it is now.
    appraiser = skp.appraiser if skp.appraiser_named else atasan_langsung(skp.employee)
    # The Sekda answers to the kepala daerah (no account): HR records the decisions for them.
    by_kepala_daerah = (
        appraiser is None
        and is_sekda(skp.employee)
        and kepala_daerah(skp.employee.unit.instansi_id) is not None
    )
    if appraiser is None and not by_kepala_daerah:
        raise ValidationError(
            _(
                "Atasan langsung Anda tidak ditemukan di unit kerja mana pun. Hubungi BKPSDM untuk menetapkannya."
            )
        )
    skp.appraiser, skp.kepala_daerah_appraises = appraiser, by_kepala_daerah
    problems = submission_problems(skp)
    if problems:
        raise ValidationError(problems)
    transition = _move(skp, SkpAction.SUBMIT, actor=actor)
    skp.submitted_at = timezone.now()
    skp.save(update_fields=["state", "appraiser", "kepala_daerah_appraises", "submitted_at", "updated_at"])
    if by_kepala_daerah:
        notify_hr_officers(
            skp.employee.unit.instansi_id,
            kind="skp_submitted",
            title=Message(
                gettext_lazy("SKP %(year)s %(name)s menunggu persetujuan kepala daerah untuk dicatat"),
                {"year": skp.year.year, "name": skp.employee.name},
            ),
            key=f"skp:{skp.pk}:{transition.pk}",
            url=skp.get_absolute_url(),
            exclude_user_id=actor.user_id,
        )
        return skp
    notify_employees(
        [appraiser],
        kind="skp_submitted",
        title=Message(
            gettext_lazy("SKP %(year)s %(name)s menunggu persetujuan Anda"),
            {"year": skp.year.year, "name": skp.employee.name},
        ),
        key=f"skp:{skp.pk}:{transition.pk}",
        url=skp.get_absolute_url(),
    )
    return skp


@transaction.atomic
def skp_return(*, actor: Actor, skp: Skp, comment: str) -> Skp:
    """The atasan langsung sends the SKP back with what to fix."""
    skp = _lock(skp)
    access.require(access.can_review_skp(actor, skp))
    access.require_current_atasan(actor, skp)
    if not comment.strip():
        raise ValidationError({"comment": _("Tuliskan apa yang perlu diperbaiki.")})
    transition = _move(skp, SkpAction.RETURN, actor=actor, comment=comment.strip())
    skp.save(update_fields=["state", "updated_at"])
    notify_employees(
        [skp.employee],
        kind="skp_returned",
        title=Message(
            gettext_lazy("SKP %(year)s Anda dikembalikan untuk diperbaiki"), {"year": skp.year.year}
        ),
        body=comment.strip(),
        key=f"skp:{skp.pk}:{transition.pk}",
        url=skp.get_absolute_url(),
    )
    return skp


@transaction.atomic
def skp_approve(*, actor: Actor, skp: Skp, comment: str = "") -> Skp:
    """The atasan langsung approves: the SKP is locked; an approved revision replaces its previous
    version, whose realisations of periods not yet appraised move to the copied IKI."""
    skp = _lock(skp)
    access.require(access.can_review_skp(actor, skp))
    access.require_current_atasan(actor, skp)
    transition = _move(skp, SkpAction.APPROVE, actor=actor, comment=comment.strip())
    if skp.previous_id is not None:
        previous = _lock(skp.previous)  # type: ignore[arg-type]
        _move(
            previous,
            SkpAction.SUPERSEDE,
            actor=actor,
            comment=_("Digantikan oleh versi %(v)s.") % {"v": skp.version},
        )
        previous.save(update_fields=["state", "updated_at"])
        _carry_realisations(previous, skp)
    skp.approved_at = timezone.now()
    skp.save(update_fields=["state", "approved_at", "updated_at"])
    count_ikis([skp.pk])
    notify_employees(
        [skp.employee],
        kind="skp_approved",
        title=Message(gettext_lazy("SKP %(year)s Anda disetujui"), {"year": skp.year.year}),
        key=f"skp:{skp.pk}:{transition.pk}",
        url=skp.get_absolute_url(),
    )
    return skp


def _carry_realisations(previous: Skp, current: Skp) -> int:
    """Re-point realisations of periods without a final appraisal at the IKI copied from theirs."""
    copies = dict(
        Iki.objects.filter(rhk__skp=current, origin__rhk__skp=previous).values_list("origin_id", "pk")
    )
    if not copies:
        return 0
    final_periods = previous.employee.appraisals.filter(state=AppraisalState.FINAL).values_list(
        "period_id", flat=True
    )
    rows = list(
        Realisation.objects.filter(iki_id__in=list(copies)).exclude(period_id__in=list(final_periods))
    )
    for row in rows:
        row.iki_id = copies[row.iki_id]
    moved = len(rows)
    Realisation.objects.bulk_update(rows, ["iki"], batch_size=500)
    return moved


@transaction.atomic
def skp_revise(*, actor: Actor, skp: Skp, reason: str) -> Skp:
    """Start a mid-year revision: a new draft version copied from the approved one (which stays in
    force, and keeps its history, until the revision is approved)."""
    skp = _lock(skp)
    access.require(access.can_revise_skp(actor, skp))
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan revisi SKP.")})
    if (
        Skp.objects.filter(employee_id=skp.employee_id, year_id=skp.year_id, previous=skp)
        .exclude(state=SkpState.SUPERSEDED)
        .exists()
    ):
        raise ValidationError(_("Revisi SKP ini sudah dibuat; lanjutkan draf revisinya."))
    revision = Skp.objects.create(
        employee_id=skp.employee_id,
        year_id=skp.year_id,
        version=skp.version + 1,
        appraiser=skp.appraiser if skp.appraiser_named else atasan_langsung(skp.employee),
        appraiser_named=skp.appraiser_named,
        kepala_daerah_appraises=skp.kepala_daerah_appraises,
        previous=skp,
        revision_reason=reason.strip(),
    )
    expectations = dict(skp.behaviours.values_list("value", "expectation"))
    BehaviourExpectation.objects.bulk_create(_behaviour_rows(revision, expectations))
    _copy_rhks(list(skp.rhks.prefetch_related("ikis")), [revision], keep_parent=True)
    return revision


def _copy_rhks(
    sources: Sequence[Rhk], targets: Sequence[Skp], *, keep_parent: bool, with_ikis: bool = True
) -> list[Rhk]:
    """Copy RHK with their IKI into each target SKP in bulk; the copy remembers its origin.
    keep_parent: a revision keeps the cascade link; a copy down cascades from the source itself."""
    new_rhks: list[Rhk] = []
    last_order = dict(
        Rhk.objects.filter(skp__in=[t for t in targets if t.pk])
        .values("skp")
        .annotate(m=Max("order"))
        .values_list("skp", "m")
    )
    for target in targets:
        start = last_order.get(target.pk) or 0
        for i, src in enumerate(sources, start=1):
            new_rhks.append(
                Rhk(
                    skp=target,
                    order=start + i,
                    text=src.text,
                    parent_id=src.parent_id if keep_parent else src.pk,
                    origin=src,
                )
            )
    Rhk.objects.bulk_create(new_rhks)
    new_ikis = [
        Iki(
            rhk=rhk,
            order=iki.order,
            indicator=iki.indicator,
            target=iki.target,
            target_text=iki.target_text,
            unit=iki.unit,
            direction=iki.direction,
            weight=iki.weight,
            origin=iki,
        )
        for rhk in new_rhks
        for iki in rhk.origin.ikis.all()  # type: ignore[union-attr]
    ]
    if with_ikis:
        Iki.objects.bulk_create(new_ikis)
    return new_rhks


@dataclass(frozen=True)
class CopyDown:
    """What a copy down did: how many SKPs received the RHK, and who was skipped (and why)."""

    copied: int
    skipped: list[str]


@transaction.atomic
def rhk_copy_down(
    *, actor: Actor, rhk: Rhk, employees: Sequence[Employee], with_ikis: bool = True
) -> CopyDown:
    """A head copies one of their RHK into the SKP drafts of several subordinates at once.

    Only subordinates the head appraises (atasan langsung); a subordinate without an SKP for the
    year gets a draft; one whose SKP is submitted or approved is skipped (it is not editable).
    Set-based: a fixed number of queries however many subordinates are ticked."""
    access.require(access.can_copy_rhk_down(actor))
    source_skp = rhk.skp
    access.require(source_skp.employee_id == actor.employee_id)
    if source_skp.state == SkpState.SUPERSEDED:
        raise ValidationError(
            _("RHK dari SKP versi lama tidak dapat diturunkan; gunakan versi yang berlaku.")
        )
    employees = [e for e in employees if e.pk != actor.employee_id]
    if not employees:
        raise ValidationError({"employees": _("Pilih sedikitnya satu bawahan.")})
    subordinate_ids = set(
        direct_subordinates(source_skp.employee)
        .filter(pk__in=[e.pk for e in employees])
        .values_list("pk", flat=True)
    )
    strangers = [e.name for e in employees if e.pk not in subordinate_ids]
    if strangers:
        raise ValidationError(
            {"employees": _("%(name)s bukan bawahan langsung Anda.") % {"name": ", ".join(strangers)}}
        )
    existing = {
        s.employee_id: s
        for s in Skp.objects.select_for_update()
        .filter(employee__in=employees, year_id=source_skp.year_id)
        .exclude(state__in=[SkpState.SUPERSEDED, SkpState.APPROVED])
    }
    approved_only = set(
        Skp.objects.filter(
            employee__in=employees, year_id=source_skp.year_id, state=SkpState.APPROVED
        ).values_list("employee_id", flat=True)
    ) - set(existing)
    targets: list[Skp] = []
    skipped: list[str] = []
    new_skps = []
    for employee in employees:
        skp = existing.get(employee.pk)
        if skp is None and employee.pk in approved_only:
            skipped.append(_("%(name)s (SKP sudah disetujui)") % {"name": employee.name})
        elif skp is None:
            new_skps.append(
                Skp(employee=employee, year_id=source_skp.year_id, appraiser_id=actor.employee_id)
            )
        elif skp.is_editable:
            targets.append(skp)
        else:
            skipped.append(_("%(name)s (SKP sedang diajukan)") % {"name": employee.name})
    if not targets and not new_skps:
        raise ValidationError(
            {"employees": _("Tidak ada SKP yang dapat diubah: %(names)s.") % {"names": ", ".join(skipped)}}
        )
    Skp.objects.bulk_create(new_skps)
    BehaviourExpectation.objects.bulk_create([row for s in new_skps for row in _behaviour_rows(s)])
    targets += new_skps
    source = Rhk.objects.prefetch_related("ikis").get(pk=rhk.pk)
    _copy_rhks([source], targets, keep_parent=False, with_ikis=with_ikis)
    return CopyDown(copied=len(targets), skipped=skipped)
