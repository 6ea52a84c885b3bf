"""Demo attendance data (presensi), part of `seed_demo`: for every demo agency the Perpres 21/2023
and Ramadan 1447 H schedules, a work location (geofence) at its seat's office, and the central
benchmark's TL/PSW band table as an example (every region sets its own in a Perkada). Idempotent: a
second run adds nothing. The coordinates are approximate (demo only)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from attendance import rules
from attendance.models import Band, BandTable, WorkLocation
from attendance.services.schedules import schedules_seed_defaults
from core.models import Instansi

OFFICES: dict[str, tuple[str, str, str]] = {
    "kota-sorong": ("Kantor Wali Kota Sorong", "-0.876200", "131.255800"),
    "kota-palembang": ("Kantor Wali Kota Palembang", "-2.991300", "104.756100"),
    "kota-sawahlunto": ("Balai Kota Sawahlunto", "-0.682600", "100.778700"),
    "prov-maluku-utara": ("Kantor Gubernur Maluku Utara, Sofifi", "0.737200", "127.558800"),
}
OFFICE_RADIUS_M = 150
EXAMPLE_TABLE = "Contoh tabel potongan TL/PSW (acuan pusat, demo)"
EXAMPLE_FROM = date(2026, 1, 1)


@transaction.atomic
def seed() -> int:
    """Seed every agency that has an office above; the number of work locations created."""
    created = 0
    for instansi in Instansi.objects.filter(code__in=OFFICES):
        schedules_seed_defaults(instansi=instansi)
        name, lat, lon = OFFICES[instansi.code]
        _location, made = WorkLocation.objects.get_or_create(
            instansi=instansi,
            name=name,
            defaults={"latitude": Decimal(lat), "longitude": Decimal(lon), "radius_m": OFFICE_RADIUS_M},
        )
        created += made
        table, made = BandTable.objects.get_or_create(
            instansi=instansi,
            valid_from=EXAMPLE_FROM,
            defaults={"name": EXAMPLE_TABLE, "absence_cut_percent": rules.EXAMPLE_ABSENCE_CUT},
        )
        if made:
            Band.objects.bulk_create(
                Band(
                    table=table,
                    kind=band.kind,
                    code=band.code,
                    min_minutes=band.min_minutes,
                    max_minutes=band.max_minutes,
                    cut_percent=band.cut_percent,
                )
                for band in rules.EXAMPLE_BANDS
            )
    return created
