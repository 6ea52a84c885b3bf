"""Pure rules of attendance (domain.md §10): which schedule applies on a day, the expected hours,
minutes late and early, the TL/PSW band of a number of minutes, the accepted presensi window, which
records count, the status of a day, the geofence distance, and the PP 94/2021 thresholds of
unexcused absence.

No ORM: the services read the stored schedules, band tables, leave and records and pass them in.
Everything here works on the agency's local wall-clock (naive `time`/`date` already converted from
the aware server timestamp by the caller).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from itertools import pairwise

from .choices import FLEXIBLE_HOURS, BandKind, DayStatus, PresenceKind, Sanction

# --- Schedules --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayHours:
    """The expected hours of one weekday: start and end, and the break (not counted as work)."""

    start: time
    end: time
    break_start: time | None = None
    break_end: time | None = None

    @property
    def work_minutes(self) -> int:
        minutes = _minutes(self.end) - _minutes(self.start)
        if self.break_start is not None and self.break_end is not None:
            minutes -= _minutes(self.break_end) - _minutes(self.break_start)
        return minutes


@dataclass(frozen=True)
class ScheduleSpec:
    """A stored schedule as the rules see it. `days` maps date.weekday() (Monday 0) to its hours; a
    weekday missing from it is not a working day under this schedule. `unit_depth` is the depth of
    the unit the schedule is set for (None: the whole agency)."""

    key: int
    kind: str  # ScheduleKind
    valid_from: date
    valid_to: date | None
    days: Mapping[int, DayHours]
    unit_depth: int | None = None

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def span_days(self) -> int:
        """How long the validity is (open-ended: longer than any closed range)."""
        return (self.valid_to - self.valid_from).days if self.valid_to is not None else 10**9


def resolve_schedule(candidates: Iterable[ScheduleSpec], on: date) -> ScheduleSpec | None:
    """The schedule that applies on `on`, among the agency's and the employee's units' schedules
    (the caller passes only the agency-wide ones and those of the employee's unit and its ancestors).

    The most specific wins: a unit's own schedule over its parent's over the agency's (deepest unit
    first); then the narrowest validity (a Ramadan range inside the year's normal pattern); then the
    latest start; then the highest key (the newest row), so the choice is always one schedule."""
    valid = [c for c in candidates if c.covers(on)]
    if not valid:
        return None
    return max(
        valid,
        key=lambda c: (
            -1 if c.unit_depth is None else c.unit_depth,
            -c.span_days(),
            c.valid_from,
            c.key,
        ),
    )


def expected_hours(schedule: ScheduleSpec | None, on: date) -> DayHours | None:
    """The hours expected on `on` under `schedule` (None: not a working day by the schedule)."""
    if schedule is None:
        return None
    return schedule.days.get(on.weekday())


# Perpres 21/2023 and domain.md §10: the typical pattern and its Ramadan variant (Monday 0).
NORMAL_WEEKDAY = DayHours(time(7, 30), time(16, 0), time(12, 0), time(13, 0))
NORMAL_FRIDAY = DayHours(time(7, 30), time(16, 30), time(11, 30), time(13, 0))
RAMADAN_WEEKDAY = DayHours(time(8, 0), time(15, 0), time(12, 0), time(12, 30))
RAMADAN_FRIDAY = DayHours(time(8, 0), time(15, 30), time(11, 30), time(12, 30))
DEFAULT_NORMAL_DAYS: Mapping[int, DayHours] = {0: NORMAL_WEEKDAY, 1: NORMAL_WEEKDAY, 2: NORMAL_WEEKDAY,
                                               3: NORMAL_WEEKDAY, 4: NORMAL_FRIDAY}  # fmt: skip
DEFAULT_RAMADAN_DAYS: Mapping[int, DayHours] = {0: RAMADAN_WEEKDAY, 1: RAMADAN_WEEKDAY, 2: RAMADAN_WEEKDAY,
                                                3: RAMADAN_WEEKDAY, 4: RAMADAN_FRIDAY}  # fmt: skip
NORMAL_WEEK_MINUTES = 37 * 60 + 30  # 37.5 hours (Perpres 21/2023 Pasal 4)
RAMADAN_WEEK_MINUTES = 32 * 60 + 30  # 32.5 hours


def week_minutes(days: Mapping[int, DayHours]) -> int:
    """The working minutes of a week pattern, breaks excluded."""
    return sum(hours.work_minutes for hours in days.values())


# --- Shifts (the roster) ----------------------------------------------------------------------------
@dataclass(frozen=True)
class RosterDay:
    """A roster entry of one employee and day: the shift's hours, or None for a day off on the roster."""

    hours: DayHours | None


def day_hours(scheduled: DayHours | None, roster: RosterDay | None) -> DayHours | None:
    """The hours an employee is expected to work on a day: the roster's shift when the roster names the
    day (a day off included), else the hours of the schedule in force."""
    return scheduled if roster is None else roster.hours


# How far before a shift starts and after it ends presensi is accepted (Unsure: domain.md §10 gives
# 06.00–18.00 for day work only; an afternoon shift ends after 18.00. docs/domain-notes.md).
SHIFT_WINDOW_MARGIN_MINUTES = 120


def _clock(minutes: int) -> time:
    minutes = max(0, min(minutes, 23 * 60 + 59))
    return time(minutes // 60, minutes % 60)


def window_of(roster: RosterDay | None) -> tuple[time, time]:
    """The accepted presensi window of a day: 06.00–18.00, or on a rostered shift from the margin
    before its start to the margin after its end (within the day)."""
    if roster is None or roster.hours is None:
        return WINDOW_OPENS, WINDOW_CLOSES
    start, end = _minutes(roster.hours.start), _minutes(roster.hours.end)
    return _clock(start - SHIFT_WINDOW_MARGIN_MINUTES), _clock(end + SHIFT_WINDOW_MARGIN_MINUTES)


# --- Minutes late and early ------------------------------------------------------------------------
def _minutes(t: time) -> int:
    """Minutes since midnight, the seconds dropped (the minute is truncated)."""
    return t.hour * 60 + t.minute


def minutes_late(check_in: time, start: time) -> int:
    """Minutes late: the check-in truncated to the minute minus the start (domain.md §10). With a
    07:30 start, 07:30:59 is on time (0) and 07:31:00 is 1 minute late; 08:00:59 is 30, 08:01:00 is 31."""
    return max(0, _minutes(check_in) - _minutes(start))


def minutes_early(check_out: time, end: time) -> int:
    """Minutes left early: the end minus the check-out truncated to the minute. With a 16:00 end,
    16:00:00 is on time and 15:59:59 is 1 minute early (docs/domain-notes.md: Policy, the mirror of
    the late rule)."""
    return max(0, _minutes(end) - _minutes(check_out))


# --- Bands ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BandSpec:
    """One row of an agency's TL/PSW band table: from `min_minutes` to `max_minutes` (both included;
    None: no upper limit), cutting `cut_percent` of the TPP per occurrence."""

    kind: str  # BandKind
    code: str  # TL1 … TL4, PSW1 … PSW4
    min_minutes: int
    max_minutes: int | None
    cut_percent: Decimal


def _of_kind(bands: Iterable[BandSpec], kind: str) -> list[BandSpec]:
    if isinstance(bands, tuple):  # a table as the nightly build passes it: sorted once, not per day
        return _sorted_of_kind(bands, kind)
    return sorted((b for b in bands if b.kind == kind), key=lambda b: b.min_minutes)


@cache
def _sorted_of_kind(bands: tuple[BandSpec, ...], kind: str) -> list[BandSpec]:
    return sorted((b for b in bands if b.kind == kind), key=lambda b: b.min_minutes)


def band_for(minutes: int | None, bands: Iterable[BandSpec], kind: str) -> BandSpec | None:
    """The band of `minutes` late (kind TL) or early (kind PSW). None minutes means no record: the
    last band, beyond every other (domain.md §10, central practice). Zero minutes: no band. Minutes
    beyond a table whose last band is closed fall into its last band."""
    ordered = _of_kind(bands, kind)
    if not ordered:
        return None
    if minutes is None:
        return ordered[-1]
    if minutes <= 0:
        return None
    for band in ordered:
        if band.min_minutes <= minutes and (band.max_minutes is None or minutes <= band.max_minutes):
            return band
    return ordered[-1] if minutes > ordered[-1].min_minutes else None


def band_table_problems(bands: Iterable[BandSpec]) -> list[str]:
    """What is wrong with a band table, per kind: it starts at minute 1, has no gap or overlap, and
    only its last band may be open-ended (empty when the table is sound)."""
    problems = []
    for kind in (BandKind.TL, BandKind.PSW):
        ordered = _of_kind(bands, kind)
        if not ordered:
            problems.append(f"{kind}: no band")
            continue
        if ordered[0].min_minutes != 1:
            problems.append(f"{kind}: the first band starts at {ordered[0].min_minutes}, not 1")
        for before, after in pairwise(ordered):
            if before.max_minutes is None or after.min_minutes != before.max_minutes + 1:
                problems.append(f"{kind}: {before.code} and {after.code} leave a gap or overlap")
        for band in ordered:
            if band.max_minutes is not None and band.max_minutes < band.min_minutes:
                problems.append(f"{kind}: {band.code} ends before it starts")
    return problems


# The central benchmark of domain.md §10 (the demo's example; every agency sets its own in a Perkada).
EXAMPLE_BANDS: tuple[BandSpec, ...] = (
    BandSpec(BandKind.TL, "TL1", 1, 30, Decimal("0.50")),
    BandSpec(BandKind.TL, "TL2", 31, 60, Decimal("1.00")),
    BandSpec(BandKind.TL, "TL3", 61, 90, Decimal("1.25")),
    BandSpec(BandKind.TL, "TL4", 91, None, Decimal("1.50")),
    BandSpec(BandKind.PSW, "PSW1", 1, 30, Decimal("0.50")),
    BandSpec(BandKind.PSW, "PSW2", 31, 60, Decimal("1.00")),
    BandSpec(BandKind.PSW, "PSW3", 61, 90, Decimal("1.25")),
    BandSpec(BandKind.PSW, "PSW4", 91, None, Decimal("1.50")),
)
EXAMPLE_ABSENCE_CUT = Decimal("3.00")


# --- The records of a day ---------------------------------------------------------------------------
WINDOW_OPENS = time(6, 0)
WINDOW_CLOSES = time(18, 0)


def in_window(at: time, opens: time = WINDOW_OPENS, closes: time = WINDOW_CLOSES) -> bool:
    """Presensi is accepted from 06.00 to 18.00 local time (domain.md §10), by the minute like the
    late rule: 05:59:59 is refused, 18:00:59 still accepted, 18:01:00 refused."""
    return _minutes(opens) <= _minutes(at) <= _minutes(closes)


def counted_records(
    records: Iterable[tuple[time, str]], window: tuple[time, time] = (WINDOW_OPENS, WINDOW_CLOSES)
) -> tuple[time | None, time | None]:
    """(check-in, check-out) that count among a day's records (local time, PresenceKind): the first
    check-in and the last check-out inside the window (a device that logs twice, domain.md §10); a
    rostered shift's window comes from `window_of`."""
    ins = [at for at, kind in records if kind == PresenceKind.IN and in_window(at, *window)]
    outs = [at for at, kind in records if kind == PresenceKind.OUT and in_window(at, *window)]
    return (min(ins) if ins else None, max(outs) if outs else None)


@dataclass(frozen=True)
class DayFacts:
    """What is known about one employee's day. `hours` None: the schedule has no work that weekday."""

    hours: DayHours | None
    holiday: bool = False  # national holiday, cuti bersama or a regional day off
    on_leave: bool = False  # approved leave covering the day
    sick: bool = False  # the approved leave is cuti sakit
    dinas_luar: bool = False  # official travel (SPT)
    training: bool = False
    # The mode of a flexible-work arrangement covering the day (FlexibleMode), "" without one.
    flexible: str = ""
    check_in: time | None = None
    check_out: time | None = None
    day_over: bool = True  # False for today before the window closes: a missing check-out is not yet one


# The status of today before anything is recorded and before the window closes: not yet known.
PENDING = ""


@dataclass(frozen=True)
class DayResult:
    status: str  # DayStatus, or PENDING
    minutes_late: int = 0
    minutes_early: int = 0
    tl_band: str = ""
    psw_band: str = ""

    @property
    def counts_as_unexcused(self) -> bool:
        return self.status == DayStatus.TANPA_KETERANGAN


def day_status(facts: DayFacts, bands: Sequence[BandSpec]) -> DayResult:
    """The status of a day (domain.md §10). Order: no work by the schedule or a holiday → libur;
    approved leave → cuti (sakit for cuti sakit); dinas luar; training; then the records: none →
    tanpa keterangan; late → terlambat (a missing check-in counts beyond the last TL band); else early
    → pulang cepat (a missing check-out beyond the last PSW band); else hadir. Late and early on the
    same day keep both bands; the status names the lateness.

    Under a flexible-work arrangement (`facts.flexible`) a day with presensi is WFA/fleksibel, with
    the same minutes and bands (flexible location: the schedule's hours hold; flexible hours: no
    lateness once checked in, and a day shorter than the schedule's span is leaving early by the
    shortfall, `flexible_shortfall`); without presensi it stays tanpa keterangan."""
    if facts.hours is None or facts.holiday:
        return DayResult(DayStatus.LIBUR)
    if facts.on_leave:
        return DayResult(DayStatus.SAKIT if facts.sick else DayStatus.CUTI)
    if facts.dinas_luar:
        return DayResult(DayStatus.DINAS_LUAR)
    if facts.training:
        return DayResult(DayStatus.PELATIHAN)
    if facts.check_in is None and facts.check_out is None:
        # Flexible work too: the employee still records presensi (domain.md §10).
        return DayResult(DayStatus.TANPA_KETERANGAN if facts.day_over else PENDING)
    late = None if facts.check_in is None else minutes_late(facts.check_in, facts.hours.start)
    if facts.check_out is None:
        early: int | None = None if facts.day_over else 0
    else:
        early = minutes_early(facts.check_out, facts.hours.end)
    if facts.flexible in FLEXIBLE_HOURS and facts.check_in is not None:
        # Flexible hours: no start is enforced; the day's span still counts (docs/domain-notes.md).
        late = 0
        if facts.check_out is not None:
            early = flexible_shortfall(facts.check_in, facts.check_out, facts.hours)
    tl = band_for(late, bands, BandKind.TL)
    psw = band_for(early, bands, BandKind.PSW)
    # The status follows the minutes, not the table: an agency without a band table in force still
    # sees who was late (with no band and no cut).
    if facts.flexible:
        # Worked under a flexible-work arrangement; the minutes and bands still carry any TL/PSW.
        status = DayStatus.WFA
    elif late is None or late > 0:
        status = DayStatus.TERLAMBAT
    elif early is None or early > 0:
        status = DayStatus.PULANG_CEPAT
    else:
        status = DayStatus.HADIR
    return DayResult(
        status,
        minutes_late=late or 0,
        minutes_early=early or 0,
        tl_band=tl.code if tl else "",
        psw_band=psw.code if psw else "",
    )


def flexible_shortfall(check_in: time, check_out: time, hours: DayHours) -> int:
    """Under flexible hours, the minutes by which the time from check-in to check-out (each truncated
    to the minute) falls short of the schedule's span from start to end, its break included (8.5
    hours Monday to Thursday, 9 on Friday under the Perpres pattern): counted as leaving early (PSW).
    Policy, ours (domain.md is silent: docs/domain-notes.md, Unsure)."""
    required = _minutes(hours.end) - _minutes(hours.start)
    return max(0, required - (_minutes(check_out) - _minutes(check_in)))


# --- The geofence -----------------------------------------------------------------------------------
EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle (haversine) distance in metres between two points in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Fence:
    key: int
    name: str
    latitude: float
    longitude: float
    radius_m: int


def nearest_fence(lat: float, lon: float, fences: Iterable[Fence]) -> tuple[Fence, float] | None:
    """The work location the point is inside (the nearest, when several hold it), or else the nearest
    one with its distance, so the refusal can say how far away the device is. None: no fence at all."""
    measured = [(fence, distance_m(lat, lon, fence.latitude, fence.longitude)) for fence in fences]
    if not measured:
        return None
    inside = [(f, d) for f, d in measured if d <= f.radius_m]
    return min(inside or measured, key=lambda pair: pair[1])


def is_inside(fence: Fence, distance: float) -> bool:
    return distance <= fence.radius_m


# --- Unexcused absence → discipline (PP 94/2021) ----------------------------------------------------
@dataclass(frozen=True)
class Threshold:
    days: int  # reached when the count of the calendar year gets to this many working days
    sanction: str  # Sanction


# Pasal 9–11 of PP 94/2021 (domain.md §10): the lower edge of each range.
ABSENCE_THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(3, Sanction.TEGURAN_LISAN),
    Threshold(4, Sanction.TEGURAN_TERTULIS),
    Threshold(7, Sanction.TIDAK_PUAS),
    Threshold(11, Sanction.POTONG_TUKIN_6),
    Threshold(14, Sanction.POTONG_TUKIN_9),
    Threshold(17, Sanction.POTONG_TUKIN_12),
    Threshold(21, Sanction.PENURUNAN_JABATAN),
    Threshold(25, Sanction.PEMBEBASAN_JABATAN),
    Threshold(28, Sanction.PEMBERHENTIAN),
)
CONSECUTIVE_DAYS_DISMISSAL = 10


def threshold_of(count: int, thresholds: Sequence[Threshold] = ABSENCE_THRESHOLDS) -> Threshold | None:
    """The range a yearly count of unexcused absent days falls in (None below the first)."""
    reached = [t for t in thresholds if count >= t.days]
    return reached[-1] if reached else None


def newly_reached(
    before: int, after: int, thresholds: Sequence[Threshold] = ABSENCE_THRESHOLDS
) -> list[Threshold]:
    """The thresholds crossed when the yearly count goes from `before` to `after` (each one once,
    even when a recomputation jumps several at a time)."""
    return [t for t in thresholds if before < t.days <= after]


def longest_run(absent: Collection[date], working_days: Sequence[date]) -> int:
    """The longest run of consecutive working days (in order; weekends and holidays are not working
    days, so they do not break a run) that are all in `absent`."""
    best = run = 0
    for day in working_days:
        run = run + 1 if day in absent else 0
        best = max(best, run)
    return best


def consecutive_newly_reached(
    run_before: int, run_after: int, limit: int = CONSECUTIVE_DAYS_DISMISSAL
) -> Threshold | None:
    """10 consecutive working days of unexcused absence (PP 94/2021 Pasal 11): the dismissal
    threshold, flagged when the longest run first gets to `limit`."""
    if run_before < limit <= run_after:
        return Threshold(limit, Sanction.PEMBERHENTIAN)
    return None


# --- The monthly recap's TPP cut (domain.md §10) ------------------------------------------------------
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# TPP is commonly split into a performance part and a discipline/attendance part, 60/40 (domain.md
# §10): the default share of a band table's attendance part (each table may set its own).
DEFAULT_ATTENDANCE_SHARE = Decimal(40)


@dataclass(frozen=True)
class TableVersion:
    """A stored band table as the recap sees it: its validity, its bands, the cut of a day without
    explanation and the attendance share of the TPP it sets."""

    key: int
    valid_from: date
    valid_to: date | None
    bands: tuple[BandSpec, ...]
    absence_cut_percent: Decimal
    attendance_share_percent: Decimal = DEFAULT_ATTENDANCE_SHARE

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class TableSpan:
    """A run of days of a month under one band table (None: no table in force: no cut)."""

    table: TableVersion | None
    start: date
    end: date


def table_on(tables: Iterable[TableVersion], on: date) -> TableVersion | None:
    """The table in force on a day: among those covering it the latest start, then the highest key
    (as selectors.schedules.bands_in_force)."""
    valid = [t for t in tables if t.covers(on)]
    return max(valid, key=lambda t: (t.valid_from, t.key)) if valid else None


def table_spans(tables: Sequence[TableVersion], start: date, end: date) -> list[TableSpan]:
    """The month cut into runs of days under the same table (a new version from the 16th: two runs)."""
    spans: list[TableSpan] = []
    day = start
    while day <= end:
        table = table_on(tables, day)
        if spans and spans[-1].table == table:
            spans[-1] = TableSpan(table, spans[-1].start, day)
        else:
            spans.append(TableSpan(table, day, day))
        day = date.fromordinal(day.toordinal() + 1)
    return spans


@dataclass(frozen=True)
class SpanCounts:
    """What one employee did under one table: days per TL/PSW band code and unexcused days."""

    table: TableVersion | None
    band_days: Mapping[str, int]
    absent_days: int


def span_cut(counts: SpanCounts) -> Decimal:
    """The cut of one run, uncapped: each band's cut per day in it plus the absence cut per
    unexcused day. A band code the table does not hold cuts nothing (the day was built under
    another table); no table, no cut."""
    table = counts.table
    if table is None:
        return Decimal(0)
    cut_of = {b.code: b.cut_percent for b in table.bands}
    total = sum((cut_of.get(code, Decimal(0)) * days for code, days in counts.band_days.items()), Decimal(0))
    return total + table.absence_cut_percent * counts.absent_days


def month_cut_percent(spans: Iterable[SpanCounts]) -> Decimal:
    """The month's cut of the attendance part of the TPP, in percent: the cuts of every run summed,
    capped at 100 (nobody loses more than the whole attendance part)."""
    total = sum((span_cut(s) for s in spans), Decimal(0))
    return min(total, HUNDRED).quantize(CENT)


def tpp_cut_percent(attendance_cut_percent: Decimal, attendance_share_percent: Decimal) -> Decimal:
    """The same cut as a percentage of the whole TPP: 10% of a 40% attendance part is 4% of the TPP
    (to the hundredth, half up)."""
    return (attendance_cut_percent * attendance_share_percent / HUNDRED).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


def tpp_cut_amount(
    tpp: Decimal, attendance_cut_percent: Decimal, attendance_share_percent: Decimal
) -> Decimal:
    """The rupiah cut of a monthly TPP of `tpp`: the attendance part times the cut (whole rupiah,
    half up)."""
    part = tpp * attendance_share_percent / HUNDRED
    return (part * attendance_cut_percent / HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def on_time_percent(on_time_days: int, worked_days: int) -> Decimal | None:
    """Punctuality: the share of days worked that started on time (None without a day worked)."""
    if worked_days <= 0:
        return None
    return (Decimal(on_time_days) * HUNDRED / worked_days).quantize(Decimal("0.1"))


def converted_days(late_minutes: int, minutes_per_day: int | None) -> int:
    """Whole days of unexcused absence that accumulated late minutes make when the agency converts
    them (None: it does not; domain.md §10, Unsure, off by default): 450 minutes (7.5 hours) a day."""
    if not minutes_per_day or late_minutes <= 0:
        return 0
    return late_minutes // minutes_per_day


def yearly_count(absent_days: int, late_minutes: int, minutes_per_day: int | None) -> int:
    """The count a year's thresholds are compared with: the unexcused absent days, plus the converted
    late minutes when the agency converts them."""
    return absent_days + converted_days(late_minutes, minutes_per_day)


@dataclass(frozen=True)
class CountedDay:
    """One day that adds to the yearly count: unexcused absence, or (converting) minutes late."""

    day: date
    absent: bool
    minutes_late: int = 0


def reached_on(
    days: Iterable[CountedDay], threshold_days: int, minutes_per_day: int | None
) -> tuple[date, list[CountedDay]] | None:
    """The day the yearly count first gets to `threshold_days` (days in date order), with the days
    that count up to it; None when it never does."""
    absent = minutes = 0
    counted: list[CountedDay] = []
    for item in days:
        if item.absent:
            absent += 1
        elif minutes_per_day:
            minutes += item.minutes_late
        else:
            continue
        counted.append(item)
        if yearly_count(absent, minutes, minutes_per_day) >= threshold_days:
            return item.day, counted
    return None
