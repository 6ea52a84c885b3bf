"""HR's work locations (geofences): where presensi from the browser is accepted."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.access import Actor
from core.models import Instansi

from .. import access
from ..models import WorkLocation
from ..selectors import presence as selectors


def _forget(instansi_id: int) -> None:
    transaction.on_commit(lambda: selectors.forget_presence_config(instansi_id))


@transaction.atomic
def location_save(
    *,
    actor: Actor,
    instansi: Instansi,
    name: str,
    latitude: Decimal,
    longitude: Decimal,
    radius_m: int,
    is_active: bool = True,
    location: WorkLocation | None = None,
) -> WorkLocation:
    """Add a work location to the agency, or change one (the check-in sees it within a second)."""
    access.require_in_agency(actor, access.can_manage_locations(actor, instansi.pk), instansi.pk)
    if location is not None and location.instansi_id != instansi.pk:
        raise ValidationError(_("Lokasi kerja ini milik instansi lain."))
    if not name.strip():
        raise ValidationError({"name": [_("Tuliskan nama lokasi kerja.")]})
    same = WorkLocation.objects.filter(instansi=instansi, name__iexact=name.strip())
    if location is not None:
        same = same.exclude(pk=location.pk)
    taken = same.values_list("name", flat=True).first()
    if taken is not None:  # found by the probe: one name four times, which HR cannot tell apart
        raise ValidationError(
            {"name": [_("Lokasi kerja bernama %(name)s sudah ada di instansi ini.") % {"name": taken}]}
        )
    row = location or WorkLocation(instansi=instansi)
    row.name, row.latitude, row.longitude = name.strip(), latitude, longitude
    row.radius_m, row.is_active = radius_m, is_active
    row.full_clean()
    audit.stamp(row, actor)
    row.save()
    _forget(instansi.pk)
    return row


@transaction.atomic
def location_delete(*, actor: Actor, location: WorkLocation) -> None:
    """Remove a work location; the records made there keep their distance, without the place."""
    access.require_in_agency(
        actor, access.can_manage_locations(actor, location.instansi_id), location.instansi_id
    )
    audit.stamp(location, actor)
    instansi_id = location.instansi_id
    location.delete()
    _forget(instansi_id)
