"""Writes of who appraises whom: the posts at the top of an agency (Sekda, kepala daerah) and the acting
appraisers HR names for a unit's staff. Audited by their history rows (core.audit.stamp).

The SKPs whose appraiser follows from these live in the performance app, which employees does not
import: it listens (`on_superiors_changed`) and re-points the open SKPs in the same transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.access import Actor
from core.audit import stamp
from core.models import Instansi, UnitKerja

from .. import access
from ..choices import OfficialKind
from ..models import ActingAppraiser, Employee, InstansiOfficial

# Called with (actor, instansi_id, unit paths) after a change of who appraises whom, inside the
# transaction; no paths: the whole agency. Registered by the apps that record appraisers (performance).
Listener = Callable[[Actor, int, Sequence[str]], object]
_LISTENERS: list[Listener] = []


def on_superiors_changed(listener: Listener) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def superiors_changed(actor: Actor, instansi_id: int, paths: Sequence[str] = ()) -> None:
    for listener in _LISTENERS:
        listener(actor, instansi_id, paths)


def _check_holder(employee: Employee | None, instansi: Instansi) -> None:
    if employee is None:
        return
    if not employee.is_active:
        raise ValidationError({"employee": _("Pegawai ini tidak aktif.")})
    if employee.unit.instansi_id != instansi.pk:
        raise ValidationError({"employee": _("Pegawai ini bukan pegawai instansi tersebut.")})


@transaction.atomic
def official_save(
    *,
    actor: Actor,
    instansi: Instansi,
    kind: str,
    title: str,
    employee: Employee | None,
    holder_name: str = "",
    is_acting: bool = False,
) -> InstansiOfficial:
    """Record who holds the Sekda or kepala daerah post; the heads of the OPD (or the Sekda) get their
    new appraiser at once."""
    access.require(access.can_manage_superiors(actor, instansi.pk))
    if kind not in OfficialKind.values:
        raise ValidationError(_("Jabatan tidak dikenal."))
    _check_holder(employee, instansi)
    if employee is None and not holder_name.strip():
        raise ValidationError({"holder_name": _("Pilih pegawai atau tuliskan nama pemegang jabatan.")})
    if kind == OfficialKind.SEKDA and employee is None:
        raise ValidationError(
            {"employee": _("Sekretaris Daerah dinilai dan menilai di aplikasi: pilih data pegawainya.")}
        )
    official = InstansiOfficial.objects.select_for_update().filter(
        instansi=instansi, kind=kind
    ).first() or InstansiOfficial(instansi=instansi, kind=kind)
    official.title = title.strip()
    official.employee = employee
    official.holder_name = "" if employee is not None else holder_name.strip()
    official.is_acting = is_acting
    official.full_clean()
    stamp(official, actor)
    official.save()
    superiors_changed(actor, instansi.pk)
    return official


@transaction.atomic
def acting_appraiser_save(
    *, actor: Actor, unit: UnitKerja, employee: Employee, reason: str
) -> ActingAppraiser:
    """Name the appraiser of a unit's staff in place of its head (a Plt/Plh, a head who moved, a unit
    without a head); their open SKPs move to them at once."""
    access.require(access.can_manage_superiors(actor, unit.instansi_id))
    _check_holder(employee, unit.instansi)
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Tuliskan alasannya (mis. Plt berdasarkan surat perintah nomor …).")}
        )
    acting = ActingAppraiser.objects.select_for_update().filter(unit=unit).first() or ActingAppraiser(
        unit=unit
    )
    acting.employee = employee
    acting.reason = reason.strip()
    acting.full_clean()
    stamp(acting, actor)
    acting.save()
    superiors_changed(actor, unit.instansi_id, [unit.path])
    return acting


@transaction.atomic
def acting_appraiser_delete(*, actor: Actor, acting: ActingAppraiser) -> None:
    """End an acting appraiser: the unit's staff answer to the unit tree again, at once."""
    unit = acting.unit
    access.require(access.can_manage_superiors(actor, unit.instansi_id))
    stamp(acting, actor)
    acting.delete()
    superiors_changed(actor, unit.instansi_id, [unit.path])
