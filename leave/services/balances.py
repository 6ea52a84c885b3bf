"""Writes of the cuti tahunan ledger: HR's adjustments and the yearly opening.

The yearly opening (rules.year_opening) of an agency's year N grants every entitled employee 12
days and lets what exceeds the carry-over caps expire, as ledger rows keyed `open:N:<bucket>`
(unique per employee and key): a second run, or a run resumed after a crash, inserts nothing twice,
so the ledger after two runs is the ledger after one. Set-based: the employees are taken in id order
in batches; per batch one INSERT … SELECT (OPENING_SQL: rules.year_opening in SQL) reads their
bucket sums and the years they took leave and writes their rows (ON CONFLICT DO NOTHING), and the run's cursor moves (core.runs: one run of an
opening at a time, resumed from its cursor, taken over when its worker died).

The summary (models.Balance: N-2, N-1, N and their total per employee and year, what HR's balances
page reads and sorts on) is kept by ONE function, `refresh_balances`: every ledger write calls it in
its transaction (`record` for the rows the services write one request or adjustment at a time, the
opening for its batch), and `manage.py leave_rebuild_balances` runs it over everyone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.access import Actor
from core.functions import execute_counted
from core.models import Instansi
from core.runs import Remaining, Runs
from employees.choices import WorkingState
from employees.models import Employee

from .. import access, rules, selectors
from ..choices import DayOffKind, EntryKind
from ..models import Balance, LeaveYearOpening, LedgerEntry, YearOpeningRun

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
    worked_on: date | None = None,
) -> LedgerEntry:
    """HR's correction of a bucket (or a day added for working through a cuti bersama day), with
    its reason. The only row that may take a bucket below zero, and only when `allow_negative` says
    HR saw it would. `token` (the form's one-time token) keys the row: the same submission sent
    twice writes one row (the second call returns the first's).

    Working through a cuti bersama day (PP 11/2017 Pasal 333) names the day worked (`worked_on`): a
    cuti bersama day of the agency's calendar, not in the future; it adds exactly 1 day to that
    date's year bucket (`days` and `bucket` are not asked), at most once per employee and date
    (found by the trial: any number of days, any bucket, no date, the same day credited twice)."""
    access.require(access.can_adjust_balance(actor, employee))
    if kind not in (EntryKind.PENYESUAIAN, EntryKind.CUTI_BERSAMA):
        raise ValidationError({"kind": [_("Pilih jenis penyesuaian.")]})
    if kind == EntryKind.CUTI_BERSAMA:
        return _cuti_bersama_worked(
            actor=actor, employee=employee, worked_on=worked_on, reason=reason, token=token
        )
    if not days or abs(days) > ADJUST_LIMIT:
        raise ValidationError({"days": [_("Jumlah hari antara -24 dan 24, bukan 0.")]})
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
    record([entry])
    return entry


def _cuti_bersama_worked(
    *, actor: Actor, employee: Employee, worked_on: date | None, reason: str, token: str
) -> LedgerEntry:
    """balance_adjust for a cuti bersama day worked: +1 day in the bucket of the day's year."""
    if worked_on is None:
        raise ValidationError({"worked_on": [_("Isi tanggal hari cuti bersama yang dikerjakan pegawai.")]})
    today = access.today()
    if worked_on > today:
        raise ValidationError(
            {"worked_on": [_("Tanggal %(day)s belum lewat; tambahan diberikan setelah harinya dikerjakan.")
                           % {"day": _day(worked_on)}]}
        )  # fmt: skip
    joint = {
        row.day
        for row in selectors.calendar_of(employee.unit.instansi_id, worked_on.year)
        if row.kind == DayOffKind.CUTI_BERSAMA and row.is_off
    }
    if worked_on not in joint:
        raise ValidationError(
            {"worked_on": [_("Tanggal %(day)s bukan hari cuti bersama pada kalender instansi.")
                           % {"day": _day(worked_on)}]}
        )  # fmt: skip
    bucket = worked_on.year
    if bucket < today.year - 2:
        raise ValidationError(
            {"worked_on": [_("Hak cuti tahunan %(year)s sudah tidak berlaku; tambahan tidak dapat diberikan.")
                           % {"year": bucket}]}
        )  # fmt: skip
    if not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan penyesuaian.")]})
    if token and not TOKEN.fullmatch(token):
        raise ValidationError(_("Formulir tidak sah; muat ulang halaman lalu coba lagi."))
    Employee.objects.select_for_update(of=("self",)).filter(pk=employee.pk).first()
    prefix = f"bersama:{worked_on.isoformat()}"
    done = LedgerEntry.objects.filter(employee=employee, key__startswith=prefix).first()
    if done is not None:
        if token and done.key == f"{prefix}:{token}":  # the same form sent again: already saved
            return done
        raise ValidationError(
            {"worked_on": [_("Tambahan untuk hari cuti bersama %(day)s sudah diberikan kepada pegawai ini.")
                           % {"day": _day(worked_on)}]}
        )  # fmt: skip
    entry = LedgerEntry(
        employee=employee,
        kind=EntryKind.CUTI_BERSAMA,
        bucket=bucket,
        year=today.year,
        days=1,
        reason=reason.strip()[:300],
        key=f"{prefix}:{token}" if token else prefix,
        created_by_id=actor.user_id,
    )
    entry.full_clean()
    record([entry])
    return entry


def _day(day: date) -> str:
    return formats.date_format(day, "j F Y")


# --- The summary (models.Balance) ---------------------------------------------------------------------------
# Per employee of the scope, the rows of every year it has, of `year` and of this year: recomputed from the ledger
# rows in effect in that year (`year` of the row at most the summary's: an opening of the next year run
# ahead, as the demo does in December, counts from 1 January) of its buckets N-2, N-1 and N
# (INSERT … SELECT … ON CONFLICT DO UPDATE, one statement; a row whose figures did not change is not
# written again: a second opening writes nothing). `{scope}` is a SELECT of employee ids.
REFRESH_SQL = """
WITH scope AS ({scope}),
pairs AS (
    SELECT b.employee_id, b.year FROM {balance} b WHERE b.employee_id IN (SELECT employee_id FROM scope)
    UNION
    SELECT s.employee_id, CAST(%(year)s AS INTEGER) FROM scope s
    UNION
    SELECT s.employee_id, CAST(%(this_year)s AS INTEGER) FROM scope s
)
INSERT INTO {balance} (employee_id, year, n2_days, n1_days, n_days, total_days)
SELECT p.employee_id, p.year,
       COALESCE(SUM(CASE WHEN l.bucket = p.year - 2 THEN l.days ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN l.bucket = p.year - 1 THEN l.days ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN l.bucket = p.year THEN l.days ELSE 0 END), 0),
       COALESCE(SUM(l.days), 0)
FROM pairs p
LEFT JOIN {ledger} l ON l.employee_id = p.employee_id AND l.bucket >= p.year - 2 AND l.bucket <= p.year
    AND l.year <= p.year
WHERE 1 = 1
GROUP BY p.employee_id, p.year
ON CONFLICT (employee_id, year) DO UPDATE SET
    n2_days = EXCLUDED.n2_days, n1_days = EXCLUDED.n1_days, n_days = EXCLUDED.n_days,
    total_days = EXCLUDED.total_days
WHERE {balance}.n2_days <> EXCLUDED.n2_days OR {balance}.n1_days <> EXCLUDED.n1_days
   OR {balance}.n_days <> EXCLUDED.n_days OR {balance}.total_days <> EXCLUDED.total_days
"""
# The scopes: some employees; the opening's batch (as OPENING_SQL's); everyone (the rebuild).
SCOPE_IDS = "SELECT e.id AS employee_id FROM {employee} e WHERE e.id IN ({ids})"
SCOPE_BATCH = """
SELECT e.id AS employee_id FROM {employee} e JOIN {unit} u ON u.id = e.unit_id
WHERE u.instansi_id = %(instansi)s AND e.is_active = %(true)s AND e.id > %(lo)s AND e.id <= %(hi)s
"""
SCOPE_ALL = "SELECT e.id AS employee_id FROM {employee} e"
# The active employees without this year's row (the daily repair: a write behind the services' back).
SCOPE_MISSING = """
SELECT e.id AS employee_id FROM {employee} e
WHERE e.is_active = %(true)s
  AND NOT EXISTS (SELECT 1 FROM {balance} b WHERE b.employee_id = e.id AND b.year = %(this_year)s)
"""


def refresh_sql(scope: str, *, employee: str, unit: str, ledger: str, balance: str) -> str:
    """REFRESH_SQL with its scope and table names (the migration passes its own)."""
    tables = {"employee": employee, "unit": unit, "ledger": ledger, "balance": balance}
    return REFRESH_SQL.format(scope=scope.format(**tables), **tables)


def _tables() -> dict[str, str]:
    unit = Employee._meta.get_field("unit").related_model
    return {
        "employee": Employee._meta.db_table,
        "unit": unit._meta.db_table,  # type: ignore[union-attr]
        "ledger": LedgerEntry._meta.db_table,
        "balance": Balance._meta.db_table,
    }


def refresh_balances(
    *,
    employee_ids: Iterable[int] | None = None,
    batch: tuple[int, int, int] | None = None,
    year: int | None = None,
    missing: bool = False,
) -> int:
    """THE writer of the summary (models.Balance): recompute from the ledger, in one statement, the
    rows of the employees in `employee_ids`, or of the opening's `batch` (instansi id, after, upto:
    its active employees with after < id <= upto), or (`missing`) of the active employees without this
    year's row, or, with none of these, of every employee: each row
    they have, one for `year` (the opening's) and one for this year. Called in the transaction of every ledger
    write (through `record` or the opening), so the summary is the ledger's sums at every commit.
    Returns the rows written (inserted or changed)."""
    this_year = access.today().year
    params: dict[str, Any] = {"year": year or this_year, "this_year": this_year}
    if employee_ids is not None:
        ids = sorted(set(employee_ids))
        if not ids:
            return 0
        params.update({f"id{i}": pk for i, pk in enumerate(ids)})
        scope = SCOPE_IDS.replace("{ids}", ", ".join(f"%(id{i})s" for i in range(len(ids))))
    elif batch is not None:
        instansi_id, after, upto = batch
        params.update({"instansi": instansi_id, "true": True, "lo": after, "hi": upto})
        scope = SCOPE_BATCH
    elif missing:
        params["true"] = True
        scope = SCOPE_MISSING
    else:
        scope = SCOPE_ALL
    with connection.cursor() as cursor:
        return execute_counted(cursor, refresh_sql(scope, **_tables()), params)


def record(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    """Write ledger rows (one INSERT) and refresh their employees' summary, in one transaction:
    how the services write the ledger outside the yearly opening."""
    rows = list(entries)
    if not rows:
        return rows
    with transaction.atomic():
        created = LedgerEntry.objects.bulk_create(rows)
        refresh_balances(employee_ids={row.employee_id for row in rows})
    return created


JOINED_BATCH = 1000


def employees_joined(employee_ids: list[int]) -> None:
    """Employees who joined an agency's active staff (created, imported, moved, reactivated: the
    employees app calls this in its transaction) get this year's summary row now: after an agency's
    opening every active employee has one, which HR's balances page relies on to sort by N or the
    total along the summary's index (selectors.balance_page_rows)."""
    for start in range(0, len(employee_ids), JOINED_BATCH):
        refresh_balances(employee_ids=employee_ids[start : start + JOINED_BATCH])


def fill_missing_rows() -> int:
    """This year's summary row of every active employee who has none (a row written behind the
    services' back: a restore, a raw SQL load), from the ledger, in one statement: the daily job's
    repair. Returns the rows written."""
    with transaction.atomic():
        return refresh_balances(missing=True)


def rebuild_balances() -> int:
    """The whole summary from the ledger (`manage.py leave_rebuild_balances`, the migration): every
    employee's rows, and this year's for each."""
    with transaction.atomic():
        return refresh_balances()


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
    same rule (tested against it in tests/leave/test_opening_sql.py), then the batch's summary
    (refresh_balances: a row of `year` for each of them). Entitled (`entitled`): aktif
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
    with transaction.atomic(), connection.cursor() as cursor:
        written = execute_counted(cursor, _opening_sql(), params)
        # The batch's summary, in the same transaction: one more set-based statement.
        refresh_balances(batch=(instansi_id, after, upto), year=year)
    return written


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
