"""HR's band tables (TL/PSW cuts from the agency's Perkada): a new version, never a change to a past one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import audit
from core.access import Actor
from core.models import Instansi

from .. import access, rules
from ..models import Band, BandTable


@transaction.atomic
def band_table_create(
    *,
    actor: Actor,
    instansi: Instansi,
    name: str,
    valid_from: date,
    absence_cut_percent: Decimal,
    attendance_share_percent: Decimal,
    bands: Sequence[rules.BandSpec],
) -> BandTable:
    """A new version of the agency's band table from `valid_from` on. The version in force before it
    ends the day before (kept, read-only); a version may not start on or before the latest one's
    start. The bands must start at minute 1 and follow each other without gap or overlap
    (rules.band_table_problems). All or nothing."""
    access.require_in_agency(actor, access.can_manage_band_tables(actor, instansi.pk), instansi.pk)
    if not name.strip():
        raise ValidationError({"name": [_("Tuliskan nama (dasar hukum) tabel potongan.")]})
    problems = rules.band_table_problems(bands)
    if problems:
        kinds = sorted({p.split(":", 1)[0].upper() for p in problems})
        raise ValidationError(
            _(
                "Kategori %(kinds)s tidak bersambung: kategori pertama mulai dari menit 1, setiap kategori "
                "mulai tepat satu menit setelah kategori sebelumnya berakhir, dan hanya kategori terakhir "
                "yang boleh tanpa batas atas."
            )
            % {"kinds": ", ".join(kinds)}
        )
    latest = BandTable.objects.select_for_update().filter(instansi=instansi).order_by("-valid_from").first()
    if latest is not None and valid_from <= latest.valid_from:
        raise ValidationError(
            {
                "valid_from": [
                    _("Versi baru harus berlaku setelah %(date)s (mulai berlakunya versi terakhir).")
                    % {"date": date_format(latest.valid_from, "j F Y")}
                ]
            }
        )
    # The versions still open on the new start end the day before it (their past stays as it was).
    for open_table in BandTable.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from), instansi=instansi
    ):
        open_table.valid_to = valid_from - timedelta(days=1)
        audit.stamp(open_table, actor)
        open_table.save(update_fields=["valid_to"])
    table = BandTable(
        instansi=instansi,
        name=name.strip(),
        valid_from=valid_from,
        absence_cut_percent=absence_cut_percent,
        attendance_share_percent=attendance_share_percent,
        created_by_id=actor.user_id,
    )
    table.full_clean()
    audit.stamp(table, actor)
    table.save()
    rows = [
        Band(
            table=table,
            kind=b.kind,
            code=b.code,
            min_minutes=b.min_minutes,
            max_minutes=b.max_minutes,
            cut_percent=b.cut_percent,
        )
        for b in bands
    ]
    for row in rows:  # one by one: each band gets its history row
        row.full_clean()
        audit.stamp(row, actor)
        row.save()
    return table
