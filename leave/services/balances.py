"""Writes of the cuti tahunan ledger: HR's adjustments and the yearly opening.

The yearly opening (rules.year_opening) of an agency's year N grants every entitled employee 12
days and lets what exceeds the carry-over caps expire, as ledger rows keyed `open:N:<bucket>`
(unique per employee and key): a second run, or a run resumed after a crash, inserts nothing twice,
so the ledger after two runs is the ledger after one. Set-based: the employees are taken in id order
in batches; per batch one INSERT … SELECT (OPENING_SQL: rules.year_opening in SQL) reads their
bucket sums and the years they took leave and writes their rows (ON CONFLICT DO NOTHING), and the run's cursor moves (core.runs: one run of an
opening at a time, resumed from its cursor, taken over when its worker died).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import Actor
from core.models import Instansi
from core.runs import Remaining, Runs
from employees.choices import WorkingState
from employees.models import Employee

from .. import access, rules
from ..choices import EntryKind
from ..models import LeaveYearOpening, LedgerEntry, YearOpeningRun

RUNS = Runs(YearOpeningRun, subject="opening")
TOKEN = re.compile(r"[0-9a-f]{32}")
ADJUST_LIMIT = 24


@transaction.atomic
def balance_adjust(
    *,
    actor: Actor,
    employee: Employee,
    bucket: int,
    days: int,
    reason: str,
    kind: str = EntryKind.PENYESUAIAN,
    token: str = "",
    allow_negative: bool = False,
) -> LedgerEntry:
    """HR's correction of a bucket (or a day added for working through a cuti bersama day), with
    its reason. The only row that may take a bucket below zero, and only when `allow_negative` says
    HR saw it would. `token` (the form's one-time token) keys the row: the same submission sent
    twice writes one row (the second call returns the first's)."""
    access.require(access.can_adjust_balance(actor, employee))
    if kind not in (EntryKind.PENYESUAIAN, EntryKind.CUTI_BERSAMA):
        raise ValidationError({"kind": [_("Pilih jenis penyesuaian.")]})
    if not days or abs(days) > ADJUST_LIMIT:
        raise ValidationError({"days": [_("Jumlah hari antara -24 dan 24, bukan 0.")]})
    if kind == EntryKind.CUTI_BERSAMA and days < 0:
        raise ValidationError({"days": [_("Tambahan karena bekerja pada hari cuti bersama selalu positif.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan penyesuaian.")]})
    year = access.today().year
    if not year - 2 <= bucket <= year:
        raise ValidationError({"bucket": [_("Pilih hak tahun N, N-1 atau N-2.")]})
    if token and not TOKEN.fullmatch(token):
        raise ValidationError(_("Formulir tidak sah; muat ulang halaman lalu coba lagi."))
    Employee.objects.select_for_update(of=("self",)).filter(pk=employee.pk).first()
    key = f"adjust:{token}" if token else ""
    if key:
        done = LedgerEntry.objects.filter(employee=employee, key=key).first()
        if done is not None:  # the same form sent again: already saved
            return done
    now = (
        LedgerEntry.objects.filter(employee=employee, bucket=bucket).aggregate(total=Sum("days"))["total"]
        or 0
    )
    if now + days < 0 and not allow_negative:
        raise ValidationError(
            {
                "allow_negative": [
                    _(
                        "Penyesuaian ini membuat saldo hak tahun %(bucket)s menjadi %(after)s hari (sekarang %(now)s hari). "
                        "Centang pernyataan di bawah bila memang disengaja."
                    )
                    % {"bucket": bucket, "after": now + days, "now": now}
                ]
            }
        )
    entry = LedgerEntry(
        employee=employee,
        kind=kind,
        bucket=bucket,
        year=year,
        days=days,
        reason=reason.strip()[:300],
        key=key,
        created_by_id=actor.user_id,
    )
    entry.full_clean()
    entry.save()
    return entry


# --- The yearly opening ------------------------------------------------------------------------------------
def opening_key(year: int, bucket: int) -> str:
    return f"open:{year}:{bucket}"


def _in_scope(instansi_id: int):
    return Employee.objects.filter(unit__instansi_id=instansi_id, is_active=True)


def _remaining(instansi_id: int) -> Remaining:
    return lambda after: _in_scope(instansi_id).filter(pk__gt=after).count()


def entitled(employee_kind_start: date | None, working_state: str, year: int) -> bool:
    """12 new days for year N: in service (aktif) and 1 year of service reached within the year
    (unknown start: entitled; HR corrects with an adjustment)."""
    if working_state != WorkingState.AKTIF:
        return False
    if employee_kind_start is None:
        return True
    return rules.full_years(employee_kind_start, date(year, 12, 31)) >= rules.TAHUNAN_SERVICE_YEARS


OPENING_SQL = """
WITH scope AS (
    SELECT e.id AS employee_id,
           CASE WHEN e.working_state = %(aktif)s
                 AND (COALESCE(e.tmt_cpns, e.tmt_pppk) IS NULL OR COALESCE(e.tmt_cpns, e.tmt_pppk) < %(jan1)s)
                THEN 1 ELSE 0 END AS entitled
    FROM {employee} e
    JOIN {unit} u ON u.id = e.unit_id
    WHERE u.instansi_id = %(instansi)s AND e.is_active = %(true)s
      AND e.id > %(lo)s AND e.id <= %(hi)s
),
sums AS (
    SELECT l.employee_id, l.bucket, SUM(l.days) AS total
    FROM {ledger} l JOIN scope sc ON sc.employee_id = l.employee_id
    WHERE l.key NOT LIKE %(own_keys)s
    GROUP BY l.employee_id, l.bucket
),
used AS (
    SELECT l.employee_id,
           SUM(CASE WHEN l.year = %(n1)s THEN l.days ELSE 0 END) AS used1,
           SUM(CASE WHEN l.year = %(n2)s THEN l.days ELSE 0 END) AS used2
    FROM {ledger} l JOIN scope sc ON sc.employee_id = l.employee_id
    WHERE l.key NOT LIKE %(own_keys)s AND l.request_id IS NOT NULL AND l.kind IN (%(pakai)s, %(kembali)s)
    GROUP BY l.employee_id
),
expiring AS (
    SELECT s.employee_id, s.bucket, s.total,
           CASE WHEN s.bucket = %(n1)s
                  OR (s.bucket = %(n2)s AND COALESCE(u.used1, 0) >= 0 AND COALESCE(u.used2, 0) >= 0)
                THEN (CASE WHEN s.total < %(cap)s THEN s.total ELSE %(cap)s END)
                ELSE 0 END AS keep
    FROM sums s LEFT JOIN used u ON u.employee_id = s.employee_id
    WHERE s.bucket < %(year)s AND s.total > 0
)
INSERT INTO {ledger} (employee_id, kind, bucket, year, days, reason, key, created_at)
SELECT sc.employee_id, %(hak)s, %(year)s, %(year)s, %(grant)s, %(grant_reason)s,
       %(grant_key)s, %(now)s
FROM scope sc WHERE sc.entitled = 1
UNION ALL
SELECT x.employee_id, %(hangus)s, x.bucket, %(year)s, x.keep - x.total,
       %(expiry_before)s || CAST(x.bucket AS TEXT) || %(expiry_after)s,
       %(key_prefix)s || CAST(x.bucket AS TEXT), %(now)s
FROM expiring x WHERE x.keep <> x.total
ON CONFLICT DO NOTHING
"""


def _opening_sql() -> str:
    unit = Employee._meta.get_field("unit").related_model
    return OPENING_SQL.format(
        employee=Employee._meta.db_table,
        unit=unit._meta.db_table,  # type: ignore[union-attr]
        ledger=LedgerEntry._meta.db_table,
    )


def open_batch(*, year: int, instansi_id: int, after: int, upto: int) -> int:
    """The opening rows of the agency's active employees with `after` < id <= `upto`, in one
    set-based statement (INSERT … SELECT … ON CONFLICT DO NOTHING): rules.year_opening in SQL, the
    same rule (tested against it in tests/leave/test_opening_sql.py). Entitled (`entitled`): aktif
    and a service start before 1 January of `year` (full_years to 31 December ≥ 1), or none known.
    Returns the rows inserted (those already there are left alone)."""
    marker = "\x00"
    expiry = _("Sisa hak %(bucket)s yang melebihi batas penangguhan hangus pada %(year)s") % {
        "bucket": marker,
        "year": year,
    }
    before, _sep, after_text = expiry.partition(marker)
    params: dict[str, Any] = {
        "aktif": WorkingState.AKTIF,
        "jan1": date(year, 1, 1),
        "instansi": instansi_id,
        "true": True,
        "lo": after,
        "hi": upto,
        "own_keys": f"open:{year}:%",
        "n1": year - 1,
        "n2": year - 2,
        "pakai": EntryKind.PAKAI,
        "kembali": EntryKind.KEMBALI,
        "cap": rules.CARRY_OVER_CAP,
        "year": year,
        "hak": EntryKind.HAK,
        "hangus": EntryKind.HANGUS,
        "grant": rules.TAHUNAN_DAYS,
        "grant_reason": _("Hak cuti tahunan %(year)s") % {"year": year},
        "grant_key": opening_key(year, year),
        "key_prefix": f"open:{year}:",
        "expiry_before": before,
        "expiry_after": after_text,
        "now": timezone.now(),
    }
    with connection.cursor() as cursor:
        cursor.execute(_opening_sql(), params)
        return max(cursor.rowcount, 0)


def _batch_end(instansi_id: int, *, after: int, size: int) -> tuple[int | None, int]:
    """The id of the last employee of the next batch (None when none is left) and its size."""
    ids = list(_in_scope(instansi_id).filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:size])
    return ids[-1] if ids else None, len(ids)


def year_opening_run(
    *, instansi_id: int, year: int, batch_size: int | None = None, requested_by_id: int | None = None
) -> YearOpeningRun:
    """Open `year` for an agency: claim its run (one at a time), then batch by batch from the
    cursor. Returns the run: DONE when this call finished it, or the other, active one."""
    opening, _created = LeaveYearOpening.objects.get_or_create(instansi_id=instansi_id, year=year)
    run, owned = RUNS.claim(opening.pk, remaining=_remaining(instansi_id), requested_by_id=requested_by_id)
    if not owned:
        return run
    size: int = batch_size or int(getattr(settings, "LEAVE_OPENING_BATCH_SIZE", 5000))
    with RUNS.guard(run):
        while True:
            with transaction.atomic():
                upto, count = _batch_end(instansi_id, after=run.cursor, size=size)
                if upto is None:
                    break
                open_batch(year=year, instansi_id=instansi_id, after=run.cursor, upto=upto)
                RUNS.advance(run, cursor=upto, count=count)
        with transaction.atomic():
            RUNS.finish(run)
    run.refresh_from_db()
    return run


def requeue(opening_id: int) -> None:
    """Queue an opening whose run stalled again (core.runs.sweep); the claim takes it over."""
    from ..tasks import open_year

    opening = LeaveYearOpening.objects.get(pk=opening_id)
    open_year.delay(instansi_id=opening.instansi_id, year=opening.year)


def due_openings(today: date | None = None) -> list[tuple[int, int]]:
    """(instansi id, year) of every agency whose current year has no finished opening."""
    year = (today or access.today()).year
    done = set(
        YearOpeningRun.objects.filter(opening__year=year, state="done").values_list(
            "opening__instansi_id", flat=True
        )
    )
    return [
        (pk, year) for pk in Instansi.objects.order_by("pk").values_list("pk", flat=True) if pk not in done
    ]
