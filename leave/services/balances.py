"""Writes of the cuti tahunan ledger: HR's adjustments and the yearly opening.

The yearly opening (rules.year_opening) of an agency's year N grants every entitled employee 12
days and lets what exceeds the carry-over caps expire, as ledger rows keyed `open:N:<bucket>`
(unique per employee and key): a second run, or a run resumed after a crash, inserts nothing twice,
so the ledger after two runs is the ledger after one. Set-based: the employees are taken in id order
in batches; per batch one query reads their bucket sums and the years they took leave, one INSERT
writes their rows (ON CONFLICT DO NOTHING), and the run's cursor moves (core.runs: one run of an
opening at a time, resumed from its cursor, taken over when its worker died).
"""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Sum, When
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


def open_batch(*, year: int, employees: list[tuple[int, date | None, str]]) -> int:
    """The opening rows of one batch of (employee id, service start, working state): one read, one
    insert. Returns the rows offered (those already there are left alone)."""
    ids = [e[0] for e in employees]
    used = Q(kind__in=[EntryKind.PAKAI, EntryKind.KEMBALI], request__isnull=False)
    sums = (
        LedgerEntry.objects.filter(employee_id__in=ids)
        .exclude(key__startswith=f"open:{year}:")
        .values_list("employee_id", "bucket")
        .annotate(
            total=Sum("days"),
            used1=Sum(
                Case(When(used & Q(year=year - 1), then="days"), default=0, output_field=IntegerField())
            ),
            used2=Sum(
                Case(When(used & Q(year=year - 2), then="days"), default=0, output_field=IntegerField())
            ),
        )
    )
    remaining: dict[int, dict[int, int]] = {}
    used_by: dict[int, dict[int, int]] = {}
    for employee_id, bucket, total, used1, used2 in sums:
        remaining.setdefault(employee_id, {})[bucket] = total
        spent = used_by.setdefault(employee_id, {})
        spent[year - 1] = spent.get(year - 1, 0) + used1
        spent[year - 2] = spent.get(year - 2, 0) + used2
    rows = []
    reason_grant = _("Hak cuti tahunan %(year)s") % {"year": year}
    for employee_id, start, state in employees:
        years_used = {y for y, d in used_by.get(employee_id, {}).items() if d < 0}
        changes = rules.year_opening(
            remaining.get(employee_id, {}),
            year=year,
            used_in=years_used,
            entitled=entitled(start, state, year),
        )
        for bucket, days in changes.items():
            rows.append(
                LedgerEntry(
                    employee_id=employee_id,
                    kind=EntryKind.HAK if bucket == year else EntryKind.HANGUS,
                    bucket=bucket,
                    year=year,
                    days=days,
                    reason=reason_grant
                    if bucket == year
                    else _("Sisa hak %(bucket)s yang melebihi batas penangguhan hangus pada %(year)s")
                    % {"bucket": bucket, "year": year},
                    key=opening_key(year, bucket),
                )
            )
    LedgerEntry.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _batch(instansi_id: int, *, after: int, size: int) -> list[tuple[int, date | None, str]]:
    return [
        (pk, cpns or pppk, state)
        for pk, cpns, pppk, state in _in_scope(instansi_id)
        .filter(pk__gt=after)
        .order_by("pk")
        .values_list("pk", "tmt_cpns", "tmt_pppk", "working_state")[:size]
    ]


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
                batch = _batch(instansi_id, after=run.cursor, size=size)
                if not batch:
                    break
                open_batch(year=year, employees=batch)
                RUNS.advance(run, cursor=batch[-1][0], count=len(batch))
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
