"""HR's table of who decides on leave (PyB rules) and the acting officials (Plt)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import audit
from core.access import Actor
from core.bounds import date_in_bounds
from core.models import Instansi, UnitKerja
from employees.models import Employee

from .. import access, rules, selectors
from ..choices import DeciderKind
from ..models import ActingOfficial, PybRule


def _same_agency(instansi: Instansi, *people: Employee | None) -> None:
    for person in people:
        if person is not None and person.unit.instansi_id != instansi.pk:
            raise ValidationError(_("Pejabat harus pegawai instansi ini."))


@transaction.atomic
def pyb_rule_create(
    *,
    actor: Actor,
    instansi: Instansi,
    priority: int,
    decider: str,
    leave_kind: str = "",
    position_kind: str = "",
    golongan_from: str = "",
    golongan_to: str = "",
    unit: UnitKerja | None = None,
    official: Employee | None = None,
) -> PybRule:
    access.require_in_agency(actor, access.can_manage_leave(actor, instansi.pk), instansi.pk)
    if decider == DeciderKind.PEGAWAI and official is None:
        raise ValidationError({"official": [_("Pilih pejabat yang ditunjuk.")]})
    if decider != DeciderKind.PEGAWAI:
        official = None
    if unit is not None and unit.instansi_id != instansi.pk:
        raise ValidationError({"unit": [_("Unit kerja harus unit instansi ini.")]})
    _same_agency(instansi, official)
    order = {code: i for i, code in enumerate(selectors.RANKS)}
    if golongan_from and golongan_to and order[golongan_from] > order[golongan_to]:
        raise ValidationError(
            {"golongan_to": [_("Golongan sampai harus sama atau lebih tinggi dari golongan dari.")]}
        )
    rule = PybRule(
        instansi=instansi,
        priority=priority,
        decider=decider,
        leave_kind=leave_kind,
        position_kind=position_kind,
        golongan_from=golongan_from,
        golongan_to=golongan_to,
        unit=unit,
        official=official,
    )
    rule.full_clean()
    audit.stamp(rule, actor)
    rule.save()
    return rule


@transaction.atomic
def pyb_rule_delete(*, actor: Actor, rule: PybRule) -> None:
    access.require_in_agency(actor, access.can_manage_leave(actor, rule.instansi_id), rule.instansi_id)
    audit.stamp(rule, actor)
    rule.delete()


def acting_max_months() -> int:
    """The longest period of one Plt, in months (settings.LEAVE_ACTING_MAX_MONTHS; Unsure)."""
    return max(1, int(getattr(settings, "LEAVE_ACTING_MAX_MONTHS", 3)))


@transaction.atomic
def acting_create(
    *,
    actor: Actor,
    instansi: Instansi,
    absent: Employee,
    acting: Employee,
    start: date,
    end: date,
    reason: str,
) -> ActingOfficial:
    """Name a Plt who acts on leave requests for an absent atasan or PyB between two dates."""
    access.require_in_agency(actor, access.can_manage_leave(actor, instansi.pk), instansi.pk)
    _same_agency(instansi, absent, acting)
    if absent.pk == acting.pk:
        raise ValidationError({"acting": [_("Plt tidak boleh pejabat yang berhalangan itu sendiri.")]})
    if not (date_in_bounds(start) and date_in_bounds(end)) or end < start:
        raise ValidationError({"end": [_("Tanggal selesai harus sama dengan atau sesudah tanggal mulai.")]})
    earliest = access.today() - timedelta(
        days=max(0, int(getattr(settings, "LEAVE_ACTING_BACKDATE_DAYS", 365)))
    )
    if start < earliest:
        raise ValidationError(
            {
                "start": [
                    _("Tanggal mulai Plt paling awal %(first)s; periode yang lebih lama tidak dicatat lagi.")
                    % {"first": date_format(earliest, "j F Y")}
                ]
            }
        )
    months = acting_max_months()
    if end > rules.add_months(start, months) - timedelta(days=1):
        raise ValidationError(
            {
                "end": [
                    _(
                        "Satu penunjukan Plt paling lama %(n)s bulan (sampai %(last)s); "
                        "perpanjangan dicatat sebagai penunjukan baru sesudahnya."
                    )
                    % {
                        "n": months,
                        "last": date_format(rules.add_months(start, months) - timedelta(days=1), "j F Y"),
                    }
                ]
            }
        )
    if ActingOfficial.objects.filter(absent=absent, start__lte=end, end__gte=start).exists():
        raise ValidationError({"start": [_("Sudah ada Plt untuk pejabat ini pada tanggal tersebut.")]})
    # No chains or circles (found by the probe: two officials named Plt for each other each decided
    # in place of the other): the Plt is not away, and the absent official acts for nobody, then.
    if ActingOfficial.objects.filter(absent=acting, start__lte=end, end__gte=start).exists():
        raise ValidationError(
            {
                "acting": [
                    _(
                        "Pejabat yang dipilih sebagai Plt sendiri berhalangan (ada Plt untuknya) pada tanggal tersebut."
                    )
                ]
            }
        )
    if ActingOfficial.objects.filter(acting=absent, start__lte=end, end__gte=start).exists():
        raise ValidationError(
            {
                "absent": [
                    _(
                        "Pejabat yang berhalangan ini sedang menjadi Plt bagi pejabat lain pada tanggal tersebut."
                    )
                ]
            }
        )
    row = ActingOfficial(
        instansi=instansi, absent=absent, acting=acting, start=start, end=end, reason=reason.strip()
    )
    row.full_clean()
    audit.stamp(row, actor)
    row.save()
    return row


@transaction.atomic
def acting_delete(*, actor: Actor, row: ActingOfficial) -> None:
    access.require_in_agency(actor, access.can_manage_leave(actor, row.instansi_id), row.instansi_id)
    audit.stamp(row, actor)
    row.delete()
