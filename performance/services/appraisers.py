"""Who appraises an SKP, when the unit tree does not say it well enough: HR names the appraiser of one
SKP, or of a unit's staff (an acting appraiser, employees.services.superiors), and the open SKPs
follow at once. Each change of an SKP's appraiser is a REASSIGN transition (who, when, why) and a
notification to the new appraiser; the old one can no longer act (performance.access)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import Actor
from core.models import UnitKerja
from employees.models import ActingAppraiser, Employee
from employees.selectors.superiors import atasan_map, official_above
from employees.services import superiors
from notifications.texts import Message

from .. import access
from ..choices import SkpAction, SkpState
from ..models import Skp, SkpTransition
from .notify import notify_employees

# The SKPs whose appraiser still matters: all but the versions a revision replaced.
OPEN_STATES = (SkpState.DRAFT, SkpState.SUBMITTED, SkpState.RETURNED, SkpState.APPROVED)


def _name(employee: Employee | None) -> str:
    return employee.full_name if employee is not None else _("(belum ada)")


def _record(
    skps: Sequence[tuple[Skp, Employee | None, Employee | None]], *, actor: Actor, reason: str
) -> None:
    """Store the new appraisers, one REASSIGN transition each, and tell each new appraiser."""
    now = timezone.now()
    for skp, _old, _new in skps:
        skp.updated_at = now
    Skp.objects.bulk_update(
        [skp for skp, _old, _new in skps],
        ["appraiser", "appraiser_named", "kepala_daerah_appraises", "updated_at"],
    )
    transitions = SkpTransition.objects.bulk_create(
        [
            SkpTransition(
                skp=skp,
                action=SkpAction.REASSIGN,
                from_state=skp.state,
                to_state=skp.state,
                actor_id=actor.user_id,
                comment=_("Pejabat penilai: %(old)s → %(new)s; %(reason)s")
                % {"old": _name(old), "new": _name(new), "reason": reason},
            )
            for skp, old, new in skps
        ]
    )
    for (skp, _old, new), transition in zip(skps, transitions, strict=True):
        notify_employees(
            [new],
            kind="skp_appraiser",
            title=Message(
                gettext_lazy("Anda ditetapkan sebagai pejabat penilai SKP %(year)s %(name)s"),
                {"year": skp.year.year, "name": skp.employee.name},
            ),
            key=f"skp:{skp.pk}:appraiser:{transition.pk}",
            url=skp.get_absolute_url(),
        )


@transaction.atomic
def skp_appraiser_name(*, actor: Actor, skp: Skp, appraiser: Employee | None, reason: str) -> Skp:
    """HR names the appraiser of one SKP; None: the unit tree's atasan langsung again."""
    skp = (
        Skp.objects.select_for_update(of=("self",))
        .select_related("employee__unit", "appraiser", "year")
        .get(pk=skp.pk)
    )
    access.require(access.can_name_appraiser(actor, skp))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan penggantian pejabat penilai.")})
    if skp.state not in OPEN_STATES:
        raise ValidationError(_("SKP versi lama tidak dapat diubah penilainya."))
    new: Employee | None
    by_kepala_daerah = False
    if appraiser is not None:
        if appraiser.pk == skp.employee_id:
            raise ValidationError(_("Pegawai tidak dapat menilai SKP-nya sendiri."))
        if appraiser.pk == actor.employee_id:
            # HR names others; an officer who named themself would rate whomever they chose.
            raise ValidationError(_("Anda tidak dapat menunjuk diri sendiri sebagai pejabat penilai."))
        if not appraiser.is_active or appraiser.unit.instansi_id != skp.employee.unit.instansi_id:
            raise ValidationError(_("Pilih pegawai aktif dari instansi yang sama."))
        new, named = appraiser, True
    else:
        new, named = atasan_map([skp.employee])[skp.employee_id], False
        # Back to the tree: the Sekda's appraiser is the kepala daerah again (HR records it).
        by_kepala_daerah = new is None and official_above(skp.employee) is not None
    old = skp.appraiser
    skp.appraiser, skp.appraiser_named = new, named
    skp.kepala_daerah_appraises = by_kepala_daerah
    _record([(skp, old, new)], actor=actor, reason=reason)
    return skp


def repoint(actor: Actor, instansi_id: int, paths: Sequence[str] = ()) -> int:
    """The open SKPs of `paths`' subtrees (none: the whole agency) whose appraiser HR has not named
    get the atasan langsung the tree and the acting appraisers give now; returns how many changed.
    Set-based: a fixed number of queries however many SKPs."""
    where = Q(employee__unit__instansi_id=instansi_id)
    if paths:
        subtree = Q()
        for path in paths:
            subtree |= Q(employee__unit__path__startswith=path)
        where &= subtree
    skps = list(
        Skp.objects.select_for_update(of=("self",))
        .filter(where, state__in=OPEN_STATES, appraiser_named=False)
        .select_related("employee__unit", "appraiser", "year")
        .order_by("pk")
    )
    atasan = atasan_map(list({skp.employee_id: skp.employee for skp in skps}.values()))
    changed = []
    for skp in skps:
        new = atasan[skp.employee_id]
        if skp.appraiser_id != (new.pk if new else None):
            changed.append((skp, skp.appraiser, new))
            skp.appraiser = new
    _record(changed, actor=actor, reason=_("Mengikuti perubahan atasan langsung."))
    return len(changed)


@transaction.atomic
def acting_appraiser_save(
    *, actor: Actor, unit: UnitKerja, employee: Employee, reason: str
) -> ActingAppraiser:
    """HR names the appraiser of a unit's staff (employees.services.superiors); their SKPs follow."""
    return superiors.acting_appraiser_save(actor=actor, unit=unit, employee=employee, reason=reason)


@transaction.atomic
def acting_appraiser_delete(*, actor: Actor, acting: ActingAppraiser) -> None:
    superiors.acting_appraiser_delete(actor=actor, acting=acting)


@transaction.atomic
def unit_appraisers_refresh(*, actor: Actor, unit: UnitKerja) -> int:
    """HR re-points the open SKPs of a unit's subtree to the tree as it is now (e.g. after a head
    moved outside the app's forms); returns how many changed."""
    access.require(access.can_manage_appraisers(actor, unit.instansi_id))
    return repoint(actor, unit.instansi_id, [unit.path])
