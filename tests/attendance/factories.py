"""Factories of the attendance tests: a work location (geofence) and actors."""

from __future__ import annotations

from decimal import Decimal

from attendance.models import WorkLocation
from attendance.selectors import presence as presence_selectors
from core.access import actor_for

# The Kantor Wali Kota Sorong, near enough: the point the Sorong tests stand in or near.
SORONG_OFFICE = (Decimal("-0.876200"), Decimal("131.255800"))
PALEMBANG_OFFICE = (Decimal("-2.990900"), Decimal("104.756700"))
# About 89 m and 111 m north of the Sorong office (one degree of latitude is ~111.2 km).
INSIDE = (-0.8762 + 0.0008, 131.2558)
OUTSIDE = (-0.8762 + 0.0010, 131.2558)


def fence(
    instansi, point=SORONG_OFFICE, radius_m=100, name="Kantor Wali Kota Sorong", **overrides
) -> WorkLocation:
    location = WorkLocation.objects.create(
        instansi=instansi, name=name, latitude=point[0], longitude=point[1], radius_m=radius_m, **overrides
    )
    presence_selectors.forget_presence_config(instansi.pk)
    return location


def actor(user):
    return actor_for(user)
