"""The PP 94/2021 thresholds of unexcused absence (domain.md §10): the nightly check that flags each
threshold an employee reaches in a calendar year, for HR and the head to review (never a sanction by
itself), and the agency's attendance settings (the switch converting late minutes into days).

Set-based: one aggregate over the year's daily statuses gives every employee's count (tanpa
keterangan days, plus converted late minutes where the agency converts them); one window query
finds the runs of consecutive unexcused working days (working days: the employee's days with a
status other than libur, so weekends and holidays between absences do not break a run) among the
employees with at least 10 such days; the days that count are read in one query for the employees
that reach something new. Idempotent: a flag is unique per (employee, year, kind, days) and each
notification is keyed by the flag and its round, so a rerun flags and notifies nothing twice.

A recomputation that brings a count back under a threshold (a correction approved) keeps the flag
but marks it reconsidered ("tidak berlaku lagi", with the time) and tells the same people; reaching it
again reinstates it (its round goes up) and tells them again."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import Actor
from core.models import HrAssignment, Instansi
from employees.models import Employee
from employees.selectors.superiors import atasan_map
from notifications.services import NotificationItem, notify_many
from notifications.texts import Message

from .. import access, rules
from ..choices import DayStatus, DisciplineKind, Sanction
from ..models import AttendanceSettings, DailyStatus, DisciplineFlag

TK = DayStatus.TANPA_KETERANGAN
RUN = rules.CONSECUTIVE_DAYS_DISMISSAL
# A run that reaches 10 days in early January may have started in December: the runs are read from
# this many days before 1 January, and a run belongs to the year of the day it reaches 10.
RUN_LOOKBACK_DAYS = 31


# --- Settings -------------------------------------------------------------------------------------------
def settings_of(instansi_id: int) -> AttendanceSettings:
    """The agency's settings (unsaved defaults when HR never saved any)."""
    found = AttendanceSettings.objects.filter(instansi_id=instansi_id).first()
    return found or AttendanceSettings(instansi_id=instansi_id)


def conversion_of(instansi_ids: list[int] | None) -> dict[int, int]:
    """instansi id -> minutes per day, for the agencies that convert late minutes (one query)."""
    rows = AttendanceSettings.objects.filter(convert_late_minutes=True)
    if instansi_ids is not None:
        rows = rows.filter(instansi_id__in=instansi_ids)
    return dict(rows.values_list("instansi_id", "minutes_per_day"))


@transaction.atomic
def settings_save(
    *, actor: Actor, instansi: Instansi, convert_late_minutes: bool, minutes_per_day: int
) -> AttendanceSettings:
    """HR of the agency changes its switches; they count from the next check (the nightly job)."""
    access.require_in_agency(actor, access.can_manage_attendance_settings(actor, instansi.pk), instansi.pk)
    row = AttendanceSettings.objects.select_for_update().filter(instansi=instansi).first()
    row = row or AttendanceSettings(instansi=instansi)
    row.convert_late_minutes = convert_late_minutes
    row.minutes_per_day = minutes_per_day
    row.updated_by_id = actor.user_id
    try:
        row.full_clean()
    except ValidationError as exc:
        raise ValidationError(_("Pengaturan presensi tidak valid.")) from exc
    row.save()
    return row


# --- The yearly counts ------------------------------------------------------------------------------------
@dataclass
class YearCount:
    employee_id: int
    instansi_id: int
    absent: int
    late_minutes: int
    minutes_per_day: int | None

    @property
    def total(self) -> int:
        return rules.yearly_count(self.absent, self.late_minutes, self.minutes_per_day)


def _year_rows(year: int, instansi_id: int | None) -> Any:
    rows = DailyStatus.objects.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))
    if instansi_id is not None:
        rows = rows.filter(employee__unit__instansi_id=instansi_id)
    return rows


def yearly_counts(year: int, instansi_id: int | None, converting: dict[int, int]) -> dict[int, YearCount]:
    """Every employee with an unexcused day (or late minutes, where converted) in the year: one
    aggregate query."""
    rows = _year_rows(year, instansi_id)
    wanted = Q(status=TK)
    if converting:
        wanted |= Q(minutes_late__gt=0, employee__unit__instansi_id__in=list(converting))
    found = {}
    for employee_id, agency_id, absent, late in (
        rows.filter(wanted)
        .values("employee_id", "employee__unit__instansi_id")
        .annotate(absent=Count("pk", filter=Q(status=TK)), late=Sum("minutes_late"))
        .values_list("employee_id", "employee__unit__instansi_id", "absent", "late")
    ):
        per_day = converting.get(agency_id)
        found[employee_id] = YearCount(employee_id, agency_id, absent, (late or 0) if per_day else 0, per_day)
    return found


@dataclass(frozen=True)
class Run:
    employee_id: int
    first: date
    last: date
    length: int


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def consecutive_runs(year: int, instansi_id: int | None) -> list[Run]:
    """The runs of at least 10 consecutive unexcused working days that touch the year (from
    RUN_LOOKBACK_DAYS before it), of the employees with 10 such days at least: gaps and islands over
    each employee's working days (days with a status other than libur), in one query."""
    start = date(year, 1, 1) - timedelta(days=RUN_LOOKBACK_DAYS)
    window = DailyStatus.objects.filter(date__gte=start, date__lte=date(year, 12, 31))
    if instansi_id is not None:
        window = window.filter(employee__unit__instansi_id=instansi_id)
    candidates = (
        window.filter(status=TK).values("employee_id").annotate(n=Count("pk")).filter(n__gte=RUN)
    ).values("employee_id")
    working = (
        window.filter(employee_id__in=candidates)
        .exclude(status=DayStatus.LIBUR)
        .annotate(
            rn_all=Window(RowNumber(), partition_by=[F("employee_id")], order_by=F("date").asc()),
            rn_status=Window(
                RowNumber(), partition_by=[F("employee_id"), F("status")], order_by=F("date").asc()
            ),
        )
        .values("employee_id", "date", "status", "rn_all", "rn_status")
    )
    inner, params = working.query.sql_with_params()
    sql = (
        "SELECT employee_id, MIN(date), MAX(date), COUNT(*) FROM (" + inner + ") AS working_days "
        "WHERE status = %s GROUP BY employee_id, rn_all - rn_status HAVING COUNT(*) >= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, TK, RUN])
        return [Run(e, _as_date(a), _as_date(b), n) for e, a, b, n in cursor.fetchall()]


def _days_of(
    employee_ids: set[int], start: date, end: date, converting: bool
) -> dict[int, list[rules.CountedDay]]:
    """The days that may count, per employee in date order: unexcused days, and late days when some
    agency converts (one query)."""
    wanted = Q(status=TK) | Q(minutes_late__gt=0) if converting else Q(status=TK)
    found: dict[int, list[rules.CountedDay]] = defaultdict(list)
    if not employee_ids:
        return found
    for employee_id, day, status, late in (
        DailyStatus.objects.filter(wanted, employee_id__in=employee_ids, date__gte=start, date__lte=end)
        .order_by("employee_id", "date")
        .values_list("employee_id", "date", "status", "minutes_late")
    ):
        found[employee_id].append(rules.CountedDay(day, status == TK, late))
    return found


def _encode(days: list[rules.CountedDay], per_day: int | None) -> list[dict[str, Any]]:
    return [
        {"date": d.day.isoformat(), "status": TK}
        if d.absent
        else {"date": d.day.isoformat(), "status": DayStatus.TERLAMBAT, "minutes": d.minutes_late}
        for d in days
        if d.absent or per_day
    ]


# --- The check ----------------------------------------------------------------------------------------------
@dataclass
class Reached:
    """A threshold to flag (or to reinstate) for one employee, with its days."""

    employee_id: int
    instansi_id: int
    kind: str
    threshold: rules.Threshold
    on: date
    count: int
    late_minutes: int
    dates: list[dict[str, Any]]


def check_thresholds(*, year: int, instansi_id: int | None = None, now: datetime | None = None) -> int:
    """Flag every PP 94/2021 threshold newly reached in `year` (of one agency, or of all), notify HR
    of the agency and the employee's atasan with the days that count, and mark reconsidered the flags
    whose count fell back under their threshold. Returns the flags created or reinstated."""
    now = now or timezone.now()
    converting = conversion_of([instansi_id] if instansi_id is not None else None)
    counts = yearly_counts(year, instansi_id, converting)
    runs = consecutive_runs(year, instansi_id)
    with transaction.atomic():
        flags = DisciplineFlag.objects.select_for_update(of=("self",)).filter(year=year)
        if instansi_id is not None:
            flags = flags.filter(employee__unit__instansi_id=instansi_id)
        existing = {(f.employee_id, f.kind, f.days): f for f in flags}

        # Cumulative: every threshold at or under the count is to hold.
        wanted: dict[tuple[int, str, int], rules.Threshold] = {}
        for c in counts.values():
            for t in rules.newly_reached(0, c.total):
                wanted[(c.employee_id, DisciplineKind.CUMULATIVE, t.days)] = t
        threshold = rules.consecutive_newly_reached(0, RUN)
        assert threshold is not None
        fresh = {key for key in wanted if key not in existing or not existing[key].in_force}
        run_people = {r.employee_id for r in runs if r.last.year >= year}
        people = {e for e, _k, _d in fresh} | run_people
        start = date(year, 1, 1) - timedelta(days=RUN_LOOKBACK_DAYS)
        days = _days_of(people, start, date(year, 12, 31), bool(converting))
        # Consecutive: the first run whose 10th day falls inside the year (a run that got there in
        # December belongs to the year before).
        run_days: dict[int, list[rules.CountedDay]] = {}
        for run in sorted(runs, key=lambda r: (r.employee_id, r.first)):
            if run.employee_id in run_days:
                continue
            in_run = [d for d in days[run.employee_id] if d.absent and run.first <= d.day <= run.last]
            if len(in_run) >= RUN and in_run[RUN - 1].day.year == year:
                run_days[run.employee_id] = in_run[:RUN]
        agency_of = dict(Employee.objects.filter(pk__in=people).values_list("pk", "unit__instansi_id"))
        reached: list[Reached] = []
        for employee_id, kind, days_needed in sorted(fresh):
            c = counts[employee_id]
            in_year = [d for d in days[employee_id] if d.day.year == year]
            found = rules.reached_on(in_year, days_needed, c.minutes_per_day)
            if found is None:  # cannot happen: the count says it is reached
                continue
            on, counted = found
            late = sum(d.minutes_late for d in counted if not d.absent)
            reached.append(
                Reached(
                    employee_id,
                    c.instansi_id,
                    kind,
                    wanted[(employee_id, kind, days_needed)],
                    on,
                    c.total,
                    late,
                    _encode(counted, c.minutes_per_day),
                )
            )
        for employee_id, in_run in sorted(run_days.items()):
            flag = existing.get((employee_id, DisciplineKind.CONSECUTIVE, RUN))
            if flag is not None and flag.in_force:
                continue
            run_length = next(
                r.length for r in runs if r.employee_id == employee_id and r.first <= in_run[0].day <= r.last
            )
            reached.append(
                Reached(
                    employee_id,
                    agency_of.get(employee_id, 0),
                    DisciplineKind.CONSECUTIVE,
                    threshold,
                    in_run[-1].day,
                    run_length,
                    0,
                    _encode(in_run, None),
                )
            )

        created: list[DisciplineFlag] = []
        reinstated: list[DisciplineFlag] = []
        for r in reached:
            flag = existing.get((r.employee_id, r.kind, r.threshold.days))
            if flag is None:
                flag = DisciplineFlag(
                    employee_id=r.employee_id, year=year, kind=r.kind, days=r.threshold.days
                )
                created.append(flag)
            else:
                flag.round += 1
                flag.reconsidered_at = None
                reinstated.append(flag)
            flag.instansi_id = r.instansi_id
            flag.sanction = r.threshold.sanction
            flag.reached_on = r.on
            flag.count = min(r.count, 32767)
            flag.late_minutes = r.late_minutes
            flag.dates = r.dates
        DisciplineFlag.objects.bulk_create(created, batch_size=500)
        DisciplineFlag.objects.bulk_update(
            reinstated,
            [
                "round",
                "reconsidered_at",
                "instansi",
                "sanction",
                "reached_on",
                "count",
                "late_minutes",
                "dates",
            ],
            batch_size=500,
        )
        changed = created + reinstated

        # Flags in force whose count fell under their threshold: kept, marked reconsidered.
        dropped = [
            f
            for (e, kind, days_needed), f in existing.items()
            if f.in_force
            and (
                (kind == DisciplineKind.CUMULATIVE and (e, kind, days_needed) not in wanted)
                or (kind == DisciplineKind.CONSECUTIVE and e not in run_days)
            )
        ]
        for f in dropped:
            f.reconsidered_at = now
        DisciplineFlag.objects.bulk_update(dropped, ["reconsidered_at"], batch_size=500)
        _notify(changed, dropped)
    return len(changed)


# --- Notifications ----------------------------------------------------------------------------------------
REACHED_TITLE = gettext_lazy(
    "Ambang disiplin: %(name)s mencapai %(days)s hari tidak masuk kerja tanpa keterangan (%(kind)s) tahun %(year)s"
)
REACHED_BODY = gettext_lazy(
    "Ambang PP 94/2021: %(sanction)s. Hari yang dihitung: %(dates)s. Ini bukan penjatuhan hukuman: "
    "periksa datanya dan tindak lanjuti sesuai ketentuan."
)
REACHED_BODY_LATE = gettext_lazy(
    "Ambang PP 94/2021: %(sanction)s. Hari yang dihitung: %(dates)s, ditambah %(minutes)s menit terlambat "
    "yang dikonversi menjadi hari (%(per_day)s menit = 1 hari). Ini bukan penjatuhan hukuman: periksa "
    "datanya dan tindak lanjuti sesuai ketentuan."
)
RECONSIDERED_TITLE = gettext_lazy(
    "Ambang disiplin %(name)s (%(days)s hari, %(kind)s, tahun %(year)s) tidak berlaku lagi"
)
RECONSIDERED_BODY = gettext_lazy(
    "Setelah perhitungan ulang (mis. koreksi presensi disetujui), jumlahnya kini di bawah ambang."
)


def _recipients(flags: list[DisciplineFlag]) -> dict[int, set[int]]:
    """employee id -> the user ids told: HR of the employee's agency and their atasan (never the
    employee themself). Four queries whatever the number of flags."""
    ids = {f.employee_id for f in flags}
    employees = list(Employee.objects.filter(pk__in=ids).select_related("unit"))
    superiors = atasan_map(employees)
    hr: dict[int, set[int]] = defaultdict(set)
    for user_id, agency_id in HrAssignment.objects.filter(
        instansi_id__in={e.unit.instansi_id for e in employees}
    ).values_list("user_id", "instansi_id"):
        hr[agency_id].add(user_id)
    told = {}
    for e in employees:
        users = set(hr[e.unit.instansi_id])
        head = superiors.get(e.pk)
        if head is not None and head.user_id is not None:
            users.add(head.user_id)
        users.discard(e.user_id)
        told[e.pk] = users
    return told


def _notify(changed: list[DisciplineFlag], dropped: list[DisciplineFlag]) -> None:
    if not changed and not dropped:
        return
    told = _recipients(changed + dropped)
    per_day = conversion_of(None)
    names = dict(Employee.objects.filter(pk__in=told).values_list("pk", "name"))
    items = []
    for flag in changed:
        params = {
            "name": names.get(flag.employee_id, ""),
            "days": flag.days,
            "kind": DisciplineKind(flag.kind).label,
            "year": flag.year,
        }
        absent = [date.fromisoformat(d["date"]) for d in flag.dates if d["status"] == TK]
        if flag.late_minutes:
            body = Message(
                REACHED_BODY_LATE,
                {
                    "sanction": Sanction(flag.sanction).label,
                    "dates": absent,
                    "minutes": flag.late_minutes,
                    "per_day": per_day.get(flag.instansi_id, 0),
                },
            )
        else:
            body = Message(REACHED_BODY, {"sanction": Sanction(flag.sanction).label, "dates": absent})
        for user_id in sorted(told.get(flag.employee_id, ())):
            items.append(
                NotificationItem(
                    recipient_id=user_id,
                    kind="attendance_discipline",
                    title=Message(REACHED_TITLE, params),
                    body=body,
                    key=f"attendance:discipline:{flag.pk}:{flag.round}",
                    url=flag_url(flag),
                )
            )
    for flag in dropped:
        params = {
            "name": names.get(flag.employee_id, ""),
            "days": flag.days,
            "kind": DisciplineKind(flag.kind).label,
            "year": flag.year,
        }
        for user_id in sorted(told.get(flag.employee_id, ())):
            items.append(
                NotificationItem(
                    recipient_id=user_id,
                    kind="attendance_discipline",
                    title=Message(RECONSIDERED_TITLE, params),
                    body=Message(RECONSIDERED_BODY),
                    key=f"attendance:discipline:{flag.pk}:{flag.round}:reconsidered",
                    url=flag_url(flag),
                )
            )
    notify_many(items)


def flag_url(flag: DisciplineFlag) -> str:
    return reverse("attendance:discipline_detail", args=[flag.employee_id, flag.year])


# --- The nightly job ----------------------------------------------------------------------------------------
def due_checks(now: datetime | None = None) -> list[tuple[int, int]]:
    """(instansi id, year) to check tonight: the year of yesterday in each agency's zone, and in
    January the year before too (a correction of December approved late)."""
    now = now or timezone.now()
    due = []
    for pk, zone in Instansi.objects.order_by("pk").values_list("pk", "time_zone"):
        yesterday = now.astimezone(ZoneInfo(zone)).date() - timedelta(days=1)
        years = {yesterday.year}
        if yesterday.month == 1:
            years.add(yesterday.year - 1)
        due += [(pk, y) for y in sorted(years)]
    return due
