"""The JP recompute (issue 14 item 6): per agency and year, a JpSummary for every employee in scope and
a JpUnitSummary for every unit over its whole subtree; then, from the third quarter on, the monthly
reminders to those below target and to their heads.

Employees in scope: active (`is_active`) and in service (working state "aktif": those on CLTN or on
a study assignment are not measured; docs/domain-notes.md), in a unit of the agency.
JpSummary: jp = Σ hours × factor(category) over the riwayat diklat rows that END in the year
(rules.compliance.jp_earned; the factors of the rule set in force on the year's last day,
selectors.compliance.rules_for), rounded to 2 decimals; target by kind (PNS / PPPK); met = jp ≥ target.
JpUnitSummary: per unit and its subtree, employees and those who met the target, per kind, and the
sum of their JP.

Set-based, as performance.services.scoring: the employees are taken in id order, in batches; each
batch is ONE statement that aggregates the batch's riwayat diklat and upserts its rows
(INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE a value differs, on SQLite and PostgreSQL alike),
so a re-run with the same data rewrites nothing. The finish (rows of employees out of scope deleted,
the unit rows, JpYear.computed_at) is one more transaction. The run (ComplianceRun, core.runs) is the
lock and the progress: one RUNNING run per agency-year; a FAILED one resumes from its cursor; a
RUNNING one whose heartbeat is stale is taken over; the sweep requeues stalled runs (apps.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.access import Actor
from core.models import Instansi, UnitKerja
from core.runs import Remaining, Runs, enqueue_on_commit
from employees.choices import EmployeeKind, WorkingState
from employees.models import Employee, TrainingHistory
from employees.selectors.superiors import atasan_map
from notifications.services import NotificationItem, notify_many
from notifications.texts import Message

from .. import access
from ..models import ComplianceRun, JpSummary, JpUnitSummary, JpYear
from ..rules.compliance import (
    JpRules,
    jp_display,
    reminder_key,
    reminders_due,
    year_bounds,
    years_to_recompute,
)
from ..selectors.compliance import rules_for

RUNS = Runs(ComplianceRun, subject="jp_year")

# Employees per batch (one statement, one commit, one heartbeat each): 100,000 employees are four.
BATCH_SIZE = 25_000
# Below-target employees whose atasan are looked up at once (employees.selectors.superiors.atasan_map).
REMINDER_CHUNK = 2_000
# Memory for one batch's hash aggregate on PostgreSQL (SET LOCAL: this transaction only).
BATCH_WORK_MEM = "64MB"


@dataclass(frozen=True)
class Scope:
    """What the statements of one agency-year need."""

    jp_year_id: int
    instansi_id: int
    year: int
    rules: JpRules

    @classmethod
    def of(cls, jp_year: JpYear) -> Scope:
        return cls(
            jp_year.pk, jp_year.instansi_id, jp_year.year, rules_for(jp_year.instansi_id, jp_year.year)
        )


# --- SQL --------------------------------------------------------------------------------------------


def _tables() -> dict[str, str]:
    q = connection.ops.quote_name
    models = {
        "employee": Employee,
        "unit": UnitKerja,
        "history": TrainingHistory,
        "summary": JpSummary,
        "unit_summary": JpUnitSummary,
    }
    return {name: q(model._meta.db_table) for name, model in models.items()}


def _changed(table: str, columns: tuple[str, ...]) -> str:
    op = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"{table}.{c} {op} excluded.{c}" for c in columns)


SCOPE_SQL = """
    SELECT e.id AS employee_id, e.kind AS kind
    FROM {employee} e JOIN {unit} u ON u.id = e.unit_id
    WHERE u.instansi_id = %(instansi)s AND e.is_active AND e.working_state = %(in_service)s
"""

NEXT_BATCH_SQL = """
    SELECT MAX(b.employee_id), COUNT(*) FROM (
        {scope} AND e.id > %(after)s
        ORDER BY e.id
        LIMIT %(limit)s
    ) b
"""

SUMMARY_COLUMNS = ("kind", "jp", "target", "met")
TARGET_SQL = "CASE WHEN sc.kind = %(pppk)s THEN %(pppk_target)s ELSE %(pns_target)s END"

# One batch (employees with lo < id <= hi): the riwayat diklat ending in the year, converted and
# summed per employee, upserted; a row whose values did not change is left untouched.
BATCH_SQL = """
WITH scope AS (
    {scope} AND e.id > %(lo)s AND e.id <= %(hi)s
),
earned AS (
    SELECT th.employee_id AS employee_id, ROUND(SUM(th.hours * {factor}), 2) AS jp
    FROM {history} th
    WHERE th.employee_id > %(lo)s AND th.employee_id <= %(hi)s
      AND th.end_date >= %(first)s AND th.end_date <= %(last)s
    GROUP BY th.employee_id
)
INSERT INTO {summary} (jp_year_id, employee_id, {columns})
SELECT %(jp_year)s, sc.employee_id, sc.kind,
       COALESCE(ea.jp, 0),
       {target},
       CASE WHEN COALESCE(ea.jp, 0) >= {target} THEN TRUE ELSE FALSE END
FROM scope sc LEFT JOIN earned ea ON ea.employee_id = sc.employee_id
WHERE TRUE
ON CONFLICT (jp_year_id, employee_id) DO UPDATE SET {updates}
WHERE {changed}
"""

DELETE_OUT_OF_SCOPE_SQL = """
DELETE FROM {summary}
WHERE jp_year_id = %(jp_year)s AND employee_id NOT IN (SELECT s.employee_id FROM ({scope}) s)
"""

UNIT_COLUMNS = ("pns", "pns_met", "pppk", "pppk_met", "jp_total")

# Every unit of the agency over its subtree: per-unit sums first (one pass over the summaries), then
# summed over the descendants (path prefix) of each unit: units × units, not × employees.
UNITS_SQL = """
WITH per_unit AS (
    SELECT d.path AS path,
           SUM(CASE WHEN s.kind = %(pppk)s THEN 0 ELSE 1 END) AS pns,
           SUM(CASE WHEN s.kind <> %(pppk)s AND s.met THEN 1 ELSE 0 END) AS pns_met,
           SUM(CASE WHEN s.kind = %(pppk)s THEN 1 ELSE 0 END) AS pppk,
           SUM(CASE WHEN s.kind = %(pppk)s AND s.met THEN 1 ELSE 0 END) AS pppk_met,
           SUM(s.jp) AS jp_total
    FROM {summary} s
    JOIN {employee} e ON e.id = s.employee_id
    JOIN {unit} d ON d.id = e.unit_id
    WHERE s.jp_year_id = %(jp_year)s
    GROUP BY d.path
)
INSERT INTO {unit_summary} (jp_year_id, unit_id, {columns})
SELECT %(jp_year)s, anc.id,
       COALESCE(SUM(pu.pns), 0),
       COALESCE(SUM(pu.pns_met), 0),
       COALESCE(SUM(pu.pppk), 0),
       COALESCE(SUM(pu.pppk_met), 0),
       COALESCE(SUM(pu.jp_total), 0)
FROM {unit} anc
LEFT JOIN per_unit pu ON pu.path LIKE anc.path || '%%'
WHERE anc.instansi_id = %(instansi)s
GROUP BY anc.id
ON CONFLICT (jp_year_id, unit_id) DO UPDATE SET {updates}
WHERE {changed}
"""

DELETE_OTHER_UNITS_SQL = """
DELETE FROM {unit_summary}
WHERE jp_year_id = %(jp_year)s AND unit_id NOT IN (SELECT id FROM {unit} WHERE instansi_id = %(instansi)s)
"""


def _factor_sql(scope: Scope) -> tuple[str, dict[str, Any]]:
    """rules.compliance.factor_for in SQL: a CASE over the categories with a factor, else 1."""
    params: dict[str, Any] = {}
    whens = []
    for n, (category, factor) in enumerate(sorted(scope.rules.factors.items())):
        params[f"c{n}"], params[f"f{n}"] = category, Decimal(factor)
        whens.append(f"WHEN %(c{n})s THEN %(f{n})s")
    if not whens:
        return "1", params
    return f"(CASE th.category {' '.join(whens)} ELSE 1 END)", params


def _params(scope: Scope, **extra: Any) -> dict[str, Any]:
    first, last = year_bounds(scope.year)
    params: dict[str, Any] = {
        "jp_year": scope.jp_year_id,
        "instansi": scope.instansi_id,
        "in_service": WorkingState.AKTIF.value,
        "pppk": EmployeeKind.PPPK.value,
        "pns_target": scope.rules.pns_target,
        "pppk_target": scope.rules.pppk_target,
        "first": first,
        "last": last,
    }
    params.update(extra)
    return params


def count_in_scope(scope: Scope, *, after: int = 0) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM ({SCOPE_SQL.format(**_tables())} AND e.id > %(after)s) c",
            _params(scope, after=after),
        )
        return int(cursor.fetchone()[0])


def next_batch(scope: Scope, *, after: int, size: int) -> tuple[int, int]:
    """(last employee id, number of employees) of the batch after `after`; (after, 0) at the end."""
    t = _tables()
    with connection.cursor() as cursor:
        cursor.execute(
            NEXT_BATCH_SQL.format(scope=SCOPE_SQL.format(**t)), _params(scope, after=after, limit=size)
        )
        last, count = cursor.fetchone()
    return (int(last), int(count)) if count else (after, 0)


def write_batch(scope: Scope, *, lo: int, hi: int) -> None:
    """Write the JpSummary of every employee in scope with lo < id <= hi: one statement."""
    t = _tables()
    factor, factor_params = _factor_sql(scope)
    sql = BATCH_SQL.format(
        scope=SCOPE_SQL.format(**t),
        factor=factor,
        target=TARGET_SQL,
        columns=", ".join(SUMMARY_COLUMNS),
        updates=", ".join(f"{c} = excluded.{c}" for c in SUMMARY_COLUMNS),
        changed=_changed(t["summary"], SUMMARY_COLUMNS),
        **t,
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            cursor.execute(f"SET LOCAL work_mem = '{BATCH_WORK_MEM}'")
        cursor.execute(sql, _params(scope, lo=lo, hi=hi, **factor_params))


def write_units(scope: Scope) -> None:
    """Delete the summaries of employees out of scope, then write every unit's JpUnitSummary."""
    t = _tables()
    units = UNITS_SQL.format(
        columns=", ".join(UNIT_COLUMNS),
        updates=", ".join(f"{c} = excluded.{c}" for c in UNIT_COLUMNS),
        changed=_changed(t["unit_summary"], UNIT_COLUMNS),
        **t,
    )
    params = _params(scope)
    with connection.cursor() as cursor:
        cursor.execute(DELETE_OUT_OF_SCOPE_SQL.format(scope=SCOPE_SQL.format(**t), **t), params)
        cursor.execute(units, params)
        cursor.execute(DELETE_OTHER_UNITS_SQL.format(**t), params)


# --- The run: claim, batches, finish -----------------------------------------------------------------


def jp_year_of(instansi_id: int, year: int) -> JpYear:
    """The agency-year a run works on (created on first use)."""
    found, _created = JpYear.objects.get_or_create(instansi_id=instansi_id, year=year)
    return found


def _remaining(scope: Scope) -> Remaining:
    return lambda after: count_in_scope(scope, after=after)


def start_run(
    *, jp_year_id: int, requested_by_id: int | None = None, now: datetime | None = None
) -> tuple[ComplianceRun, bool]:
    """Claim the agency-year: (the run, True) when this caller now owns it; (the active run, False)
    when another is RUNNING with a fresh heartbeat."""
    scope = Scope.of(JpYear.objects.get(pk=jp_year_id))
    return RUNS.claim(jp_year_id, remaining=_remaining(scope), requested_by_id=requested_by_id, now=now)


def process(run: ComplianceRun, *, batch_size: int | None = None) -> ComplianceRun:
    """Recompute the run's agency-year from its cursor to the end, batch by batch, then the units."""
    batch_size = batch_size or BATCH_SIZE
    scope = Scope.of(JpYear.objects.get(pk=run.jp_year_id))
    with RUNS.guard(run):
        while True:
            with transaction.atomic():
                last, count = next_batch(scope, after=run.cursor, size=batch_size)
                if not count:
                    break
                write_batch(scope, lo=run.cursor, hi=last)
                RUNS.advance(run, cursor=last, count=count)
        with transaction.atomic():
            write_units(scope)
            now = timezone.now()
            JpYear.objects.filter(pk=scope.jp_year_id).update(computed_at=now)
            RUNS.finish(run, now=now)
    run.refresh_from_db()
    return run


def recompute(*, jp_year_id: int, run_id: int | None = None, batch_size: int | None = None) -> ComplianceRun:
    """Recompute an agency-year: claim it (or continue the claimed run `run_id`) and process it.
    Returns the run: DONE when this call finished it; the other run when one is active."""
    if run_id is None:
        run, owned = start_run(jp_year_id=jp_year_id)
    else:
        run, owned = RUNS.claimed(jp_year_id, run_id)
    if not owned:
        return run
    return process(run, batch_size=batch_size)


def agency_today(instansi: Instansi, now: datetime | None = None) -> date:
    """Today's date in the agency's own zone (WIB/WITA/WIT)."""
    return (now or timezone.now()).astimezone(ZoneInfo(instansi.time_zone)).date()


def due_years(*, now: datetime | None = None) -> list[int]:
    """The agency-years the nightly job recomputes (rules.compliance.years_to_recompute on each
    agency's own date), created when missing: their JpYear ids."""
    ids = []
    for instansi in Instansi.objects.order_by("pk"):
        for year in years_to_recompute(agency_today(instansi, now)):
            ids.append(jp_year_of(instansi.pk, year).pk)
    return ids


def recompute_and_remind(
    *, jp_year_id: int, run_id: int | None = None, now: datetime | None = None
) -> tuple[ComplianceRun, int]:
    """What the task does: recompute, then (a finished run of the agency's current year, from the
    third quarter on) remind. Returns the run and the notifications created."""
    run = recompute(jp_year_id=jp_year_id, run_id=run_id)
    created = 0
    if run.state == "done":
        created = reminders_send(jp_year_id=jp_year_id, now=now)
    return run, created


# --- Reminders -------------------------------------------------------------------------------------------

OWN_TITLE = gettext_lazy("JP pengembangan kompetensi Anda tahun %(year)s: %(jp)s dari target %(target)s JP.")
OWN_BODY = gettext_lazy(
    "Setiap ASN berhak dan wajib mengikuti pengembangan kompetensi paling sedikit 20 JP setahun. "
    "Lihat pelatihan yang terbuka untuk Anda atau bicarakan dengan atasan Anda."
)
STAFF_TITLE = gettext_lazy("%(count)d pegawai yang Anda bina belum mencapai target JP tahun %(year)s.")


def reminders_send(*, jp_year_id: int, now: datetime | None = None) -> int:
    """Remind employees below target of their JP and their atasan of how many of their people are
    below, once per month (key rules.compliance.reminder_key), from 1 July of the agency's current
    year. A person who is both gets one notification (their own JP, their people's count below).
    Set-based: the atasan of REMINDER_CHUNK employees at a time (atasan_map: three queries), the
    notifications inserted in bulk. Returns the notifications created."""
    jp_year = JpYear.objects.select_related("instansi").get(pk=jp_year_id)
    today = agency_today(jp_year.instansi, now)
    if jp_year.year != today.year or not reminders_due(today):
        return 0
    key = reminder_key(today)
    own: dict[int, tuple[Decimal, int]] = {}
    staff: Counter[int] = Counter()
    below = JpSummary.objects.filter(jp_year=jp_year, met=False).order_by("employee_id")
    after = 0
    while True:
        chunk = list(
            below.filter(employee_id__gt=after).values_list("employee_id", "jp", "target")[:REMINDER_CHUNK]
        )
        if not chunk:
            break
        after = chunk[-1][0]
        found = {row[0]: row for row in chunk}
        employees = list(Employee.objects.filter(pk__in=found, is_active=True).select_related("unit"))
        superiors = atasan_map(employees)
        for e in employees:
            _id, jp, target = found[e.pk]
            if e.user_id is not None:
                own[e.user_id] = (jp, target)
            head = superiors.get(e.pk)
            if head is not None and head.user_id is not None:
                staff[head.user_id] += 1
    mine = reverse("training:jp_mine")
    dashboard = f"{reverse('training:compliance')}?instansi={jp_year.instansi_id}&year={jp_year.year}"
    items = []
    for user_id in sorted(own.keys() | staff.keys()):
        staff_message = (
            Message(STAFF_TITLE, {"count": staff[user_id], "year": jp_year.year}) if staff[user_id] else None
        )
        if user_id in own:
            jp, target = own[user_id]
            title = Message(OWN_TITLE, {"year": jp_year.year, "jp": jp_display(jp), "target": target})
            items.append(
                NotificationItem(
                    recipient_id=user_id,
                    kind="training.jp_reminder",
                    title=title,
                    body=staff_message or Message(OWN_BODY),
                    key=key,
                    url=mine,
                )
            )
        else:
            assert staff_message is not None
            items.append(
                NotificationItem(
                    recipient_id=user_id,
                    kind="training.jp_reminder",
                    title=staff_message,
                    key=key,
                    url=dashboard,
                )
            )
    with transaction.atomic():
        return len(notify_many(items))


# --- HR starts a recompute on demand (the dashboard) ---------------------------------------------------


@transaction.atomic
def compliance_recompute_request(
    *, actor: Actor, instansi: Instansi, year: int
) -> tuple[ComplianceRun, bool]:
    """Claim the agency-year's recompute and queue the task after commit: (run, True); when another
    run is active, nothing starts: (that run, False)."""
    from ..tasks import recompute_jp  # tasks import this module: looked up at call time

    access.require(access.can_recompute_compliance(actor, instansi.pk))
    jp_year = jp_year_of(instansi.pk, year)
    run, started = start_run(jp_year_id=jp_year.pk, requested_by_id=actor.user_id)
    if started:
        enqueue_on_commit(
            lambda: recompute_jp.delay(jp_year_id=jp_year.pk, run_id=run.pk),
            on_failure=lambda exc: RUNS.stall(run, ComplianceRun.QUEUE_UNAVAILABLE),
        )
    return run, started


def requeue(jp_year_id: int) -> None:
    """Queue the recompute of an agency-year whose run stalled (core.runs.sweep)."""
    from ..tasks import recompute_jp

    recompute_jp.delay(jp_year_id=jp_year_id)
